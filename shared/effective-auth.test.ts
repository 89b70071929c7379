import { describe, expect, it } from 'vitest';
import type { TreeNode } from './collections';
import { authSourceText, effectiveAuth, foldersTo, inheritedAuth } from './effective-auth';

const COLLECTION = { mode: 'api-key' } as const;

/** Adverts (Bearer) › Listings (no auth of its own) › Drafts (None), each with a request; Open at the top. */
const TREE: TreeNode[] = [
  {
    kind: 'folder',
    id: 'adverts',
    name: 'Adverts',
    auth: { mode: 'bearer', token: '{{advertsToken}}' },
    children: [
      { kind: 'request', id: 'publish', name: 'Publish', method: 'POST' },
      {
        kind: 'folder',
        id: 'listings',
        name: 'Listings',
        children: [
          { kind: 'request', id: 'list', name: 'List', method: 'GET' },
          {
            kind: 'folder',
            id: 'drafts',
            name: 'Drafts',
            auth: { mode: 'none' },
            children: [{ kind: 'request', id: 'draft', name: 'Draft', method: 'GET' }],
          },
        ],
      },
    ],
  },
  { kind: 'request', id: 'open', name: 'Open', method: 'GET' },
];

const inheritOf = (requestId: string) => effectiveAuth({ mode: 'inherit' }, foldersTo(TREE, requestId)!, COLLECTION);

describe('effectiveAuth', () => {
  it('takes the nearest folder that sets auth, through a folder that sets none, else the collection’s', () => {
    expect(inheritOf('publish')).toEqual({
      auth: { mode: 'bearer', token: '{{advertsToken}}' },
      source: { kind: 'folder', name: 'Adverts' },
    });
    // Listings sets none: its requests get its parent folder's.
    expect(inheritOf('list')).toEqual(inheritOf('publish'));
    expect(inheritOf('open')).toEqual({ auth: COLLECTION, source: { kind: 'collection' } });
  });

  it('lets a folder set None, which its requests send rather than the folders’ or the collection’s', () => {
    expect(inheritOf('draft')).toEqual({ auth: { mode: 'none' }, source: { kind: 'folder', name: 'Drafts' } });
  });

  it('sends a request’s own auth whatever its folders set', () => {
    expect(effectiveAuth({ mode: 'basic' }, foldersTo(TREE, 'draft')!, COLLECTION)).toEqual({
      auth: { mode: 'basic' },
      source: { kind: 'request' },
    });
  });

  it('acts for the user given only for an inherited API key + Bearer that names none', () => {
    const folders = [{ name: 'Ads', auth: { mode: 'api-key-bearer' as const } }];
    expect(inheritedAuth(folders, COLLECTION, 'u1').auth).toEqual({ mode: 'api-key-bearer', bearer: 'u1' });
    const named = [{ name: 'Ads', auth: { mode: 'api-key-bearer' as const, bearer: 'u2' } }];
    expect(inheritedAuth(named, COLLECTION, 'u1').auth).toEqual({ mode: 'api-key-bearer', bearer: 'u2' });
    expect(effectiveAuth({ mode: 'api-key-bearer' }, folders, COLLECTION, 'u1').auth).toEqual({
      mode: 'api-key-bearer',
    });
  });
});

describe('foldersTo', () => {
  it('lists the folders above a node outermost first, none at the top, null when it is not there', () => {
    expect(foldersTo(TREE, 'draft')!.map((f) => f.name)).toEqual(['Adverts', 'Listings', 'Drafts']);
    expect(foldersTo(TREE, 'drafts')!.map((f) => f.name)).toEqual(['Adverts', 'Listings']);
    expect(foldersTo(TREE, 'open')).toEqual([]);
    expect(foldersTo(TREE, 'gone')).toBeNull();
  });
});

describe('authSourceText', () => {
  it('names the folder or the collection', () => {
    expect(authSourceText({ kind: 'folder', name: 'Listings' })).toBe('folder “Listings”');
    expect(authSourceText({ kind: 'collection' })).toBe('the collection');
  });
});
