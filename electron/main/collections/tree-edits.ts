/**
 * Changes to an open collection's tree that move files with their nodes: saving a request, adding,
 * renaming, duplicating and moving nodes, and a folder's auth. The files follow the names (a renamed request's file is
 * renamed when its slug changes), and each change writes collection.json once, through change().
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import type { FolderNode, TreeNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { allocFile, allocFolder, takenIn } from './file-names';
import { errno, moveSync, pathIn } from './files';
import {
  MAX_FOLDER_DEPTH,
  REQUEST_SUFFIX,
  slugFits,
  type IndexFolder,
  type IndexNode,
  type IndexRequest,
} from './format';
import { cleanRequest, requireName, validAuth } from './input';
import { change, childrenOf, folderIn, nodeIn, readDoc, writeRequest, type OpenCollection } from './open-collection';
import { baseOf, dirOf, remapPrefix, toTree, walkRequests } from './tree';

const clone = <T>(value: T): T => structuredClone(value);

export function getRequest(c: OpenCollection, requestId: string): RequestDoc {
  const { node } = nodeIn(c, requestId);
  if (node.kind !== 'request') throw new Error('That item is a folder, not a request.');
  return change(c, () => clone(readDoc(c, node)));
}

/** Updates the request in place, or adds it at the end of `parentId` (a folder, or null: the top level) when its id is new. */
export function saveRequest(c: OpenCollection, doc: RequestDoc, parentId?: string | null): void {
  const clean = cleanRequest(doc);
  const entry = c.nodes.get(clean.id);
  if (entry && entry.node.kind !== 'request') throw new Error('That id belongs to a folder.');
  if (entry) {
    const node = entry.node as IndexRequest;
    change(c, () => saveExisting(c, node, clean));
    return;
  }
  const folder = folderIn(c, parentId);
  change(c, () => {
    const node: IndexRequest = {
      kind: 'request',
      id: clean.id,
      name: clean.name,
      method: clean.method,
      file: allocFile(c, takenIn(c), folder ? folder.path : '', clean.name),
    };
    writeRequest(c, node, clean);
    childrenOf(c, folder).push(node);
    c.dirty = true;
  });
}

export function addFolder(c: OpenCollection, parentId: string | null, name: string): FolderNode {
  const clean = requireName(name, 'folder');
  const folder = folderIn(c, parentId);
  requireRoom(c, folder, 1);
  return change(c, () => {
    const node: IndexFolder = {
      kind: 'folder',
      id: randomUUID(),
      name: clean,
      path: allocFolder(c, takenIn(c), folder ? folder.path : '', clean),
      children: [],
    };
    mkdirSync(pathIn(c.dir, node.path), { recursive: true });
    childrenOf(c, folder).push(node);
    c.dirty = true;
    return { kind: 'folder', id: node.id, name: node.name, children: [] };
  });
}

export function renameNode(c: OpenCollection, nodeId: string, name: string): void {
  const { node } = nodeIn(c, nodeId);
  const clean = requireName(name, node.kind);
  if (clean === node.name) return;
  if (node.kind === 'request') {
    change(c, () => saveExisting(c, node, { ...clone(readDoc(c, node)), name: clean }));
    return;
  }
  change(c, () => {
    if (!slugFits(baseOf(node.path), clean, 'folder')) {
      const path = allocFolder(c, takenIn(c), dirOf(node.path), clean);
      if (existsSync(pathIn(c.dir, node.path))) renameSync(pathIn(c.dir, node.path), pathIn(c.dir, path));
      remapPrefix(c.index.items, node.path, path);
    }
    node.name = clean;
    c.dirty = true;
  });
}

/** "Copy of …", placed right after the original; a folder is copied with everything in it. */
export function duplicateNode(c: OpenCollection, nodeId: string): TreeNode {
  const { node, parent } = nodeIn(c, nodeId);
  // Read everything first: a file that cannot be read stops the copy before anything is written.
  const docs = new Map<string, RequestDoc>();
  change(c, () => walkRequests(node, (r) => docs.set(r.id, readDoc(c, r))));
  return change(c, () => {
    const taken = takenIn(c);
    const copy = (source: IndexNode, folder: string, name: string): IndexNode => {
      if (source.kind === 'request') {
        const doc = { ...clone(docs.get(source.id)!), id: randomUUID(), name };
        const copied: IndexRequest = {
          kind: 'request',
          id: doc.id,
          name,
          method: doc.method,
          file: allocFile(c, taken, folder, name),
        };
        writeRequest(c, copied, doc);
        return copied;
      }
      const path = allocFolder(c, taken, folder, name);
      mkdirSync(pathIn(c.dir, path), { recursive: true });
      return {
        kind: 'folder',
        id: randomUUID(),
        name,
        path,
        ...(source.auth ? { auth: clone(source.auth) } : {}),
        children: source.children.map((child) => copy(child, path, child.name)),
      };
    };
    const where = node.kind === 'request' ? dirOf(node.file) : dirOf(node.path);
    const copied = copy(node, where, `Copy of ${node.name}`);
    const siblings = childrenOf(c, parent);
    siblings.splice(siblings.indexOf(node) + 1, 0, copied);
    c.dirty = true;
    return toTree(copied);
  });
}

/** Sets the auth a folder's requests inherit; null: the folder inherits its parent's again. */
export function setFolderAuth(c: OpenCollection, folderId: string, auth: AuthSelection | null): void {
  const folder = folderIn(c, folderId)!;
  const clean = auth === null ? undefined : validAuth(auth, 'That auth choice is not valid.');
  change(c, () => {
    if (clean) folder.auth = clean;
    else delete folder.auth;
    c.dirty = true;
  });
}

/** `index` is the position among the target's children once the node is taken out of its place. */
export function moveNode(c: OpenCollection, nodeId: string, parentId: string | null, index: number): void {
  const { node, parent } = nodeIn(c, nodeId);
  const target = folderIn(c, parentId);
  if (node.kind === 'folder' && target) {
    for (let at: IndexFolder | null = target; at; at = c.nodes.get(at.id)?.parent ?? null) {
      if (at === node) throw new Error('A folder cannot be moved into itself.');
    }
  }
  requireRoom(c, target, heightOf(node));
  const from = childrenOf(c, parent);
  const oldIndex = from.indexOf(node);
  const to = childrenOf(c, target);
  const newIndex = Math.min(Math.max(0, Math.trunc(index) || 0), to === from ? from.length - 1 : to.length);
  if (to === from && newIndex === oldIndex) return;
  change(c, () => {
    const targetDir = target ? target.path : '';
    if (target !== parent) {
      if (node.kind === 'request' && dirOf(node.file) !== targetDir) {
        const file = allocFile(c, takenIn(c), targetDir, node.name);
        if (existsSync(pathIn(c.dir, node.file))) moveSync(pathIn(c.dir, node.file), pathIn(c.dir, file));
        node.file = file;
      } else if (node.kind === 'folder' && dirOf(node.path) !== targetDir) {
        const path = allocFolder(c, takenIn(c), targetDir, node.name);
        if (existsSync(pathIn(c.dir, node.path))) moveSync(pathIn(c.dir, node.path), pathIn(c.dir, path));
        remapPrefix(c.index.items, node.path, path);
      }
    }
    from.splice(oldIndex, 1);
    to.splice(newIndex, 0, node);
    c.dirty = true;
  });
}

/** Saves a request whose node exists: renames its file when the name's slug changed, rewrites it when its bytes changed. */
function saveExisting(c: OpenCollection, node: IndexRequest, doc: RequestDoc): void {
  if (node.name !== doc.name) {
    if (!slugFits(baseOf(node.file).slice(0, -REQUEST_SUFFIX.length), doc.name, 'request')) {
      const file = allocFile(c, takenIn(c), dirOf(node.file), doc.name);
      try {
        renameSync(pathIn(c.dir, node.file), pathIn(c.dir, file));
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw error;
      }
      node.file = file;
    }
    node.name = doc.name;
    c.dirty = true;
  }
  if (node.method !== doc.method) {
    node.method = doc.method;
    c.dirty = true;
  }
  writeRequest(c, node, doc);
}

/** Folders from the top down to `folder` (0 for the top level). */
function depthOf(c: OpenCollection, folder: IndexFolder | null): number {
  let depth = 0;
  for (let at = folder; at; at = c.nodes.get(at.id)?.parent ?? null) depth++;
  return depth;
}

/** Levels of folders in a node: 0 for a request, 1 for a folder without folders in it. */
function heightOf(node: IndexNode): number {
  let height = 0;
  const pending: Array<[IndexNode, number]> = [[node, 1]];
  while (pending.length > 0) {
    const [at, level] = pending.pop()!;
    if (at.kind !== 'folder') continue;
    height = Math.max(height, level);
    for (const child of at.children) pending.push([child, level + 1]);
  }
  return height;
}

/** Deeper folders would make collection.json a file the app refuses to read back. */
function requireRoom(c: OpenCollection, target: IndexFolder | null, height: number): void {
  if (depthOf(c, target) + height > MAX_FOLDER_DEPTH)
    throw new Error(`Folders can be nested at most ${MAX_FOLDER_DEPTH} deep; put this one higher up.`);
}
