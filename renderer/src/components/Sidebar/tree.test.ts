import { describe, expect, it } from 'vitest';
import type { CollectionSummary, TreeNode } from '../../../../shared/collections';
import { dropMove, locate, pathTo, relativeTime } from './tree';

const req = (id: string): TreeNode => ({ kind: 'request', id, name: id, method: 'GET' });
const tree: TreeNode[] = [
  {
    kind: 'folder',
    id: 'adverts',
    name: 'Adverts',
    children: [req('publish'), req('meta'), { kind: 'folder', id: 'drafts', name: 'Drafts', children: [req('d1')] }],
  },
  req('token'),
  { kind: 'folder', id: 'taxonomy', name: 'Taxonomy', children: [] },
];
const collection: CollectionSummary = {
  id: 'c1',
  name: 'Partner API',
  location: '/x',
  tree,
  variables: [],
  auth: { mode: 'none' },
  problems: [],
};

describe('dropMove', () => {
  it('moves into a folder at the end', () => {
    expect(dropMove(collection, 'token', { kind: 'node', collectionId: 'c1', nodeId: 'taxonomy' })).toEqual({
      collectionId: 'c1',
      nodeId: 'token',
      parentId: 'taxonomy',
      index: 0,
    });
    expect(dropMove(collection, 'token', { kind: 'node', collectionId: 'c1', nodeId: 'adverts' })).toEqual({
      collectionId: 'c1',
      nodeId: 'token',
      parentId: 'adverts',
      index: 3,
    });
  });

  it('moves to the end of the collection, counting without the node itself', () => {
    expect(dropMove(collection, 'publish', { kind: 'collection', collectionId: 'c1' })).toEqual({
      collectionId: 'c1',
      nodeId: 'publish',
      parentId: null,
      index: 3,
    });
    expect(dropMove(collection, 'adverts', { kind: 'collection', collectionId: 'c1' })).toEqual({
      collectionId: 'c1',
      nodeId: 'adverts',
      parentId: null,
      index: 2,
    });
    expect(dropMove(collection, 'taxonomy', { kind: 'collection', collectionId: 'c1' })).toBeNull();
  });

  it('moves before a request in its parent', () => {
    expect(dropMove(collection, 'd1', { kind: 'node', collectionId: 'c1', nodeId: 'meta' })).toEqual({
      collectionId: 'c1',
      nodeId: 'd1',
      parentId: 'adverts',
      index: 1,
    });
    expect(dropMove(collection, 'publish', { kind: 'node', collectionId: 'c1', nodeId: 'token' })).toEqual({
      collectionId: 'c1',
      nodeId: 'publish',
      parentId: null,
      index: 1,
    });
    // Already just before it: nothing to do.
    expect(dropMove(collection, 'publish', { kind: 'node', collectionId: 'c1', nodeId: 'meta' })).toBeNull();
  });

  it('refuses a folder into itself or its descendants, and other collections', () => {
    expect(dropMove(collection, 'adverts', { kind: 'node', collectionId: 'c1', nodeId: 'adverts' })).toBeNull();
    expect(dropMove(collection, 'adverts', { kind: 'node', collectionId: 'c1', nodeId: 'drafts' })).toBeNull();
    expect(dropMove(collection, 'adverts', { kind: 'node', collectionId: 'c1', nodeId: 'd1' })).toBeNull();
    expect(dropMove(collection, 'token', { kind: 'collection', collectionId: 'c2' })).toBeNull();
  });
});

describe('tree helpers', () => {
  it('locates nodes and their folders', () => {
    expect(locate(tree, 'd1')?.parent?.id).toBe('drafts');
    expect(pathTo(tree, 'd1')).toEqual(['adverts', 'drafts']);
    expect(pathTo(tree, 'nope')).toBeNull();
  });

  it('says how long ago', () => {
    const now = 1_000_000_000;
    expect(relativeTime(now - 2_000, now)).toBe('just now');
    expect(relativeTime(now - 125_000, now)).toBe('2 min ago');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
  });
});
