/** Pure helpers over the collections tree: finding nodes, and where a drop moves a node. */
import type { CollectionSummary, FolderNode, TreeNode } from '../../../../shared/collections';

/** A row of the tree: a collection, or a node inside one. */
export type RowRef =
  { kind: 'collection'; collectionId: string } | { kind: 'node'; collectionId: string; nodeId: string };

export const rowKey = (row: RowRef): string =>
  row.kind === 'collection' ? `c:${row.collectionId}` : `n:${row.collectionId}:${row.nodeId}`;

export interface Located {
  node: TreeNode;
  /** The folder holding it; null at the collection's top level. */
  parent: FolderNode | null;
  /** Its siblings, itself included. */
  siblings: TreeNode[];
}

export function locate(nodes: TreeNode[], nodeId: string, parent: FolderNode | null = null): Located | null {
  for (const node of nodes) {
    if (node.id === nodeId) return { node, parent, siblings: nodes };
    if (node.kind === 'folder') {
      const found = locate(node.children, nodeId, node);
      if (found) return found;
    }
  }
  return null;
}

/** True when `nodeId` is `ancestor` itself or lies anywhere inside it. */
export function isWithin(ancestor: TreeNode, nodeId: string): boolean {
  if (ancestor.id === nodeId) return true;
  return ancestor.kind === 'folder' && ancestor.children.some((child) => isWithin(child, nodeId));
}

/** The ids of the folders on the way to a node (outermost first), or null when it is not there. */
export function pathTo(nodes: TreeNode[], nodeId: string): string[] | null {
  for (const node of nodes) {
    if (node.id === nodeId) return [];
    if (node.kind === 'folder') {
      const inner = pathTo(node.children, nodeId);
      if (inner) return [node.id, ...inner];
    }
  }
  return null;
}

export interface Move {
  collectionId: string;
  nodeId: string;
  parentId: string | null;
  /** The position among the new parent's children once the node is taken out of its place. */
  index: number;
}

/**
 * Where dropping `dragged` on `target` moves it: into a collection or folder (at the end), or just
 * before a request, in that request's parent. Null when the drop is refused: another collection,
 * the node itself, a folder into itself or its descendants, or a drop that changes nothing.
 */
export function dropMove(collection: CollectionSummary, nodeId: string, target: RowRef): Move | null {
  if (target.collectionId !== collection.id) return null;
  const dragged = locate(collection.tree, nodeId);
  if (!dragged) return null;
  const without = (nodes: TreeNode[]) => nodes.filter((n) => n.id !== nodeId);
  const currentParent = dragged.parent?.id ?? null;
  const currentIndex = dragged.siblings.indexOf(dragged.node);

  let parentId: string | null;
  let index: number;
  if (target.kind === 'collection') {
    parentId = null;
    index = without(collection.tree).length;
  } else {
    const found = locate(collection.tree, target.nodeId);
    if (!found || isWithin(dragged.node, target.nodeId)) return null;
    if (found.node.kind === 'folder') {
      parentId = found.node.id;
      index = without(found.node.children).length;
    } else {
      parentId = found.parent?.id ?? null;
      index = without(found.siblings).indexOf(found.node);
    }
  }
  if (parentId === currentParent && index === currentIndex) return null;
  return { collectionId: collection.id, nodeId, parentId, index };
}

/** "just now", "40 s ago", "2 min ago", "3 h ago", "5 days ago". */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** The colour class of a method badge (same colours as the method picker). */
export function methodClass(method: string): string {
  return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? `method-${method.toLowerCase()}` : 'method-other';
}
