import { describe, expect, it } from 'vitest';
import { checkedIds, runTarget, runTitle, selectableRequests, selectionCount } from './run-selection';

const tree = [
  { kind: 'request' as const, id: 'r1', name: 'Ping', method: 'GET' },
  {
    kind: 'folder' as const,
    id: 'f1',
    name: 'Adverts',
    children: [
      { kind: 'request' as const, id: 'r2', name: 'Publish', method: 'POST' },
      {
        kind: 'folder' as const,
        id: 'f2',
        name: 'Drafts',
        children: [{ kind: 'request' as const, id: 'r3', name: 'Read', method: 'GET' }],
      },
      { kind: 'request' as const, id: 'r4', name: 'Delete', method: 'DELETE' },
    ],
  },
  { kind: 'folder' as const, id: 'f3', name: 'Empty', children: [] },
];

describe('selectableRequests', () => {
  it('lists every request of the collection in tree order with its folder path', () => {
    expect(selectableRequests(tree, '')).toEqual([
      { id: 'r1', method: 'GET', name: 'Ping', path: '' },
      { id: 'r2', method: 'POST', name: 'Publish', path: 'Adverts' },
      { id: 'r3', method: 'GET', name: 'Read', path: 'Adverts / Drafts' },
      { id: 'r4', method: 'DELETE', name: 'Delete', path: 'Adverts' },
    ]);
  });

  it('lists a folder’s requests with paths from that folder down', () => {
    expect(selectableRequests(tree, 'f1').map((r) => [r.id, r.path])).toEqual([
      ['r2', ''],
      ['r3', 'Drafts'],
      ['r4', ''],
    ]);
    expect(selectableRequests(tree, 'f2').map((r) => r.id)).toEqual(['r3']);
    expect(selectableRequests(tree, 'f3')).toEqual([]);
    expect(selectableRequests(tree, 'gone')).toEqual([]);
  });
});

describe('a selection', () => {
  const all = selectableRequests(tree, '');

  it('keeps the checked ids in tree order and counts them', () => {
    expect(checkedIds(all, new Set(['r2']))).toEqual(['r1', 'r3', 'r4']);
    expect(selectionCount(3, 4)).toBe('3 of 4 requests');
    expect(selectionCount(0, 1)).toBe('0 of 1 request');
    expect(selectionCount(12_000, 15_000)).toBe('12,000 of 15,000 requests');
  });

  it('runs the folder or the collection when every request is checked', () => {
    expect(runTarget('', all, new Set())).toEqual({});
    expect(runTarget('f1', selectableRequests(tree, 'f1'), new Set())).toEqual({ folderIds: ['f1'] });
    // An id left unticked from another folder changes nothing here.
    expect(runTarget('f2', selectableRequests(tree, 'f2'), new Set(['r1']))).toEqual({ folderIds: ['f2'] });
  });

  it('runs the checked requests only when some are unticked', () => {
    expect(runTarget('', all, new Set(['r1', 'r4']))).toEqual({ requestIds: ['r2', 'r3'] });
    expect(runTarget('f1', selectableRequests(tree, 'f1'), new Set(['r3']))).toEqual({ requestIds: ['r2', 'r4'] });
  });

  it('has nothing to run when nothing is checked', () => {
    expect(runTarget('', all, new Set(['r1', 'r2', 'r3', 'r4']))).toBeNull();
    expect(runTarget('f3', [], new Set())).toBeNull();
  });
});

describe('runTitle', () => {
  it('names the collection or folder, and how many of its requests a selection runs', () => {
    expect(runTitle('Partner API', null, {}, 4)).toBe('Partner API');
    expect(runTitle('Partner API', 'Adverts', { folderIds: ['f1'] }, 3)).toBe('Partner API / Adverts');
    expect(runTitle('Partner API', 'Adverts', { requestIds: ['r2', 'r4'] }, 3)).toBe(
      'Partner API / Adverts (2 of 3 requests)',
    );
  });
});
