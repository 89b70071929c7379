/** The in-memory tree of a collection (index nodes with their paths) and its public view. */
import type { TreeNode } from '../../../shared/collections';
import type { IndexFolder, IndexNode, IndexRequest } from './format';

/** Joins `/`-separated relative paths, skipping empty parts (the collection folder itself is ''). */
export const rel = (...parts: string[]) => parts.filter((p) => p !== '').join('/');
export const dirOf = (relPath: string) => (relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/')) : '');
export const baseOf = (relPath: string) => relPath.slice(relPath.lastIndexOf('/') + 1);

export function walkRequests(
  node: IndexNode,
  visit: (request: IndexRequest, parent: IndexFolder | null) => void,
  parent: IndexFolder | null = null,
): void {
  if (node.kind === 'request') visit(node, parent);
  else for (const child of node.children) walkRequests(child, visit, node);
}

export function walkFolders(nodes: IndexNode[], visit: (folder: IndexFolder) => void): void {
  for (const node of nodes) {
    if (node.kind === 'folder') {
      visit(node);
      walkFolders(node.children, visit);
    }
  }
}

/** Points every path under `from` (a folder path) to `to`. */
export function remapPrefix(nodes: IndexNode[], from: string, to: string): void {
  const moved = (path: string) =>
    path === from ? to : path.startsWith(`${from}/`) ? to + path.slice(from.length) : path;
  for (const node of nodes) {
    if (node.kind === 'request') node.file = moved(node.file);
    else {
      node.path = moved(node.path);
      remapPrefix(node.children, from, to);
    }
  }
}

export const toTree = (node: IndexNode): TreeNode =>
  node.kind === 'request'
    ? { kind: 'request', id: node.id, name: node.name, method: node.method }
    : {
        kind: 'folder',
        id: node.id,
        name: node.name,
        ...(node.auth ? { auth: { ...node.auth } } : {}),
        children: node.children.map(toTree),
      };
