/**
 * One collection folder while it is open: its index (collection.json in memory), the map from ids
 * to nodes, and a small cache of request files. Every job that reads or writes a collection's files
 * goes through here, so that collection.json is written once per change (even a change that failed
 * half-way), only when its bytes differ, and a request file that cannot be read leaves the tree with
 * a problem sentence instead of breaking the collection.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TreeNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { writeFileDurably, type DurableFs } from '../storage/durable-file';
import { withFsSentence } from '../storage/fs-errors';
import { setAside } from '../storage/set-aside';
import { errno, pathIn } from './files';
import {
  COLLECTION_FILE,
  CURRENT_VERSION,
  FormatError,
  NewerVersionError,
  parseRequest,
  serializeCollection,
  serializeRequest,
  type CollectionIndex,
  type IndexFolder,
  type IndexNode,
  type IndexRequest,
} from './format';
import { dirOf, rel, toTree } from './tree';

export interface StoredCollection {
  id: string;
  name: string;
  description?: string;
  /** The collection's folder. */
  location: string;
  tree: TreeNode[];
  /** Secret variables have value '' here and on disk: the caller keeps their values elsewhere. */
  variables: VariableDef[];
  auth: AuthSelection;
  /** Files that could not be read and were set aside or left out, each in a sentence. */
  problems: string[];
}

/** Writes one file of the store durably (a missing folder is made), then reports it. */
export type WriteFile = (file: string, text: string) => void;

export const FILE_MODE = 0o644;
const CACHE_SIZE = 64;
const NO_NODE = 'That item is no longer in the collection.';
const NO_FOLDER = 'That folder is no longer in the collection.';

interface CacheEntry {
  doc: RequestDoc;
  mtimeMs: number;
  size: number;
}

export interface OpenCollection {
  index: CollectionIndex;
  dir: string;
  /** Under <dataDir>/collections (ours to move and rename), rather than a folder the user opened. */
  managed: boolean;
  problems: string[];
  /** collection.json as last read or written. */
  indexText: string;
  /** The tree changed since collection.json was last written. */
  dirty: boolean;
  nodes: Map<string, { node: IndexNode; parent: IndexFolder | null }>;
  cache: Map<string, CacheEntry>;
  /** How this collection's files are written. */
  write: WriteFile;
}

export function fileWriter(options: { fs?: DurableFs; onWrite?: (file: string) => void }): WriteFile {
  return (file, text) => {
    withFsSentence('save the collection', basename(file), () => {
      try {
        writeFileDurably(file, text, { mode: FILE_MODE, fs: options.fs });
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw error;
        mkdirSync(dirname(file), { recursive: true });
        writeFileDurably(file, text, { mode: FILE_MODE, fs: options.fs });
      }
    });
    options.onWrite?.(file);
  };
}

export function reindex(col: OpenCollection): void {
  col.nodes.clear();
  const visit = (nodes: IndexNode[], parent: IndexFolder | null) => {
    for (const node of nodes) {
      col.nodes.set(node.id, { node, parent });
      if (node.kind === 'folder') visit(node.children, node);
    }
  };
  visit(col.index.items, null);
}

/** Writes collection.json when the tree changed (and only if its bytes would differ). */
export function commit(col: OpenCollection): void {
  if (!col.dirty) return;
  const text = serializeCollection(col.index);
  if (text !== col.indexText) col.write(join(col.dir, COLLECTION_FILE), text);
  col.indexText = text;
  col.dirty = false;
}

/** After a change to the tree: rebuilds the id map and writes collection.json, if anything changed. */
export function settle(col: OpenCollection): void {
  if (!col.dirty) return;
  reindex(col);
  commit(col);
}

/** Runs a change to the tree, then writes collection.json once, even when the change failed half-way. */
export function change<T>(col: OpenCollection, run: () => T): T {
  try {
    return run();
  } finally {
    settle(col);
  }
}

export function nodeIn(col: OpenCollection, nodeId: string): { node: IndexNode; parent: IndexFolder | null } {
  const entry = col.nodes.get(nodeId);
  if (!entry) throw new Error(NO_NODE);
  return entry;
}

export function folderIn(col: OpenCollection, parentId: string | null | undefined): IndexFolder | null {
  if (parentId === null || parentId === undefined) return null;
  const entry = col.nodes.get(parentId);
  if (!entry || entry.node.kind !== 'folder') throw new Error(NO_FOLDER);
  return entry.node;
}

export const childrenOf = (col: OpenCollection, folder: IndexFolder | null): IndexNode[] =>
  folder ? folder.children : col.index.items;

export function dropNode(col: OpenCollection, node: IndexNode, problem: string): void {
  const entry = col.nodes.get(node.id);
  const siblings = entry?.parent ? entry.parent.children : col.index.items;
  const at = siblings.indexOf(node);
  if (at >= 0) siblings.splice(at, 1);
  col.nodes.delete(node.id);
  col.cache.delete(node.id);
  col.problems.push(problem);
  col.dirty = true;
}

/**
 * Reads a request file (through the cache), migrating it if it is older; a missing or unreadable
 * file drops the node with a problem and throws a sentence. Keeps the tree's name/method in step
 * with the file (someone may have edited it in git), marking the tree dirty when they differ.
 */
export function readDoc(col: OpenCollection, node: IndexRequest): RequestDoc {
  const path = pathIn(col.dir, node.file);
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
    dropNode(col, node, `“${node.name || node.file}” was left out: its file ${node.file} is missing.`);
    throw new Error(
      `“${node.name || node.file}” cannot be opened: its file ${node.file} is missing, so it was removed from the collection.`,
    );
  }
  const cached = col.cache.get(node.id);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    col.cache.delete(node.id); // most recently used goes last
    col.cache.set(node.id, cached);
    return cached.doc;
  }
  const text = readFileSync(path, 'utf8');
  let parsed;
  try {
    parsed = parseRequest(text);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    const label = node.name || node.file;
    if (error instanceof NewerVersionError) {
      const problem = `“${label}” (${node.file}) cannot be opened: ${error.message}.`;
      if (!col.problems.includes(problem)) col.problems.push(problem);
      throw new Error(problem);
    }
    const aside = setAside(path);
    dropNode(col, node, `“${label}” was set aside as ${rel(dirOf(node.file), aside)} because ${error.message}.`);
    throw new Error(
      `“${label}” could not be read because ${error.message}; its file was set aside as ${aside} and it was removed from the collection.`,
    );
  }
  const doc = parsed.doc;
  let mtimeMs = stat.mtimeMs;
  let size = stat.size;
  if (parsed.version < CURRENT_VERSION || doc.id !== node.id) {
    doc.id = node.id; // the tree's id is the request's identity
    col.write(path, serializeRequest(doc));
    const after = statSync(path);
    mtimeMs = after.mtimeMs;
    size = after.size;
  }
  if (node.name !== doc.name || node.method !== doc.method) {
    node.name = doc.name;
    node.method = doc.method;
    col.dirty = true;
  }
  remember(col, node.id, { doc, mtimeMs, size });
  return doc;
}

/** Reads every request file given, leaving out (with its problem) each that cannot be read. */
export function readAll(col: OpenCollection, requests: IndexRequest[]): void {
  for (const request of requests) {
    try {
      readDoc(col, request);
    } catch {
      // dropped, with its problem (or from a newer version: left as it is)
    }
  }
}

function remember(col: OpenCollection, id: string, entry: CacheEntry): void {
  col.cache.delete(id);
  col.cache.set(id, entry);
  while (col.cache.size > CACHE_SIZE) col.cache.delete(col.cache.keys().next().value!);
}

export function writeRequest(col: OpenCollection, node: IndexRequest, doc: RequestDoc): void {
  const path = pathIn(col.dir, node.file);
  const text = serializeRequest(doc);
  let current: string | null = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
  }
  if (current !== text) col.write(path, text);
  const stat = statSync(path);
  remember(col, node.id, { doc, mtimeMs: stat.mtimeMs, size: stat.size });
}

export function viewOf(col: OpenCollection): StoredCollection {
  const view: StoredCollection = {
    id: col.index.id,
    name: col.index.name,
    location: col.dir,
    tree: col.index.items.map(toTree),
    variables: col.index.variables.map((v) => ({ ...v })),
    auth: { ...col.index.auth },
    problems: [...col.problems],
  };
  if (col.index.description !== undefined) view.description = col.index.description;
  return view;
}
