/**
 * Reading a collection folder into an open collection. The folder is listed, not read: collection.json
 * gives the tree; a listed request whose file is missing is dropped with a problem sentence; a request
 * file no entry lists (added in git, or left by a crash mid-rename) is added at the end of the folder it
 * sits in (a fresh id if its id is taken). Only version 0 files are read now, to migrate them.
 * A collection that cannot be opened is a LoadError: its sentence is shown, and `keep` says whether
 * the workspace should remember the folder (it may open with a newer app or once it can be read).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTempFiles } from '../storage/durable-file';
import { setAside } from '../storage/set-aside';
import {
  directlyIn,
  errno,
  isLinked,
  linkedSentence,
  listRequestFiles,
  outsideSentence,
  pathIn,
  staysInside,
} from './files';
import {
  COLLECTION_FILE,
  CURRENT_VERSION,
  FormatError,
  NewerVersionError,
  parseCollection,
  parseRequest,
  serializeRequest,
  type IndexFolder,
  type IndexRequest,
} from './format';
import { dropNode, readAll, reindex, settle, type OpenCollection, type WriteFile } from './open-collection';
import { dirOf, rel } from './tree';

/** A collection folder that was not opened, with the sentence that says why. */
export class LoadError extends Error {
  constructor(
    message: string,
    /** Keep the folder in the workspace list: it may open later. */
    readonly keep: boolean,
  ) {
    super(message);
  }
}

/** Opens the collection in `dir`; throws a LoadError when it cannot. */
export function loadCollection(dir: string, collectionsRoot: string, write: WriteFile): OpenCollection {
  const file = join(dir, COLLECTION_FILE);
  if (!staysInside(dir, file))
    throw new LoadError(`The collection in ${dir} was not opened: ${outsideSentence(COLLECTION_FILE)}`, true);
  removeStaleTempFiles(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT')
      throw new LoadError(`The folder ${dir} holds no collection.json, so it was not opened.`, false);
    throw new LoadError(
      `The collection in ${dir} could not be read (${(error as Error).message}), so it was not opened.`,
      true,
    );
  }
  let parsed;
  try {
    parsed = parseCollection(text);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    if (error instanceof NewerVersionError)
      throw new LoadError(`The collection in ${dir} was not opened: ${error.message}.`, true);
    const aside = setAside(file);
    throw new LoadError(
      `The collection in ${dir} could not be read because ${error.message}; its collection.json was set aside as ${aside} and the collection was not opened.`,
      false,
    );
  }
  const col: OpenCollection = {
    index: parsed.index,
    dir,
    managed: directlyIn(collectionsRoot, dir),
    problems: [...parsed.problems],
    indexText: text,
    dirty: parsed.version < CURRENT_VERSION || parsed.problems.length > 0,
    nodes: new Map(),
    cache: new Map(),
    write,
  };
  reindex(col);
  matchFiles(col);
  // Version 0 (or entries without name and method): read the request files, migrating them.
  const stale: IndexRequest[] = [];
  for (const { node } of col.nodes.values()) {
    if (node.kind === 'request' && (parsed.version < CURRENT_VERSION || parsed.incomplete.has(node.id)))
      stale.push(node);
  }
  readAll(col, stale);
  col.dirty = true; // the id map, at least, is rebuilt
  settle(col);
  return col;
}

/** Compares the tree with the request files present: drops entries without a file, adds files without an entry. */
function matchFiles(col: OpenCollection): void {
  const present = listRequestFiles(col.dir);
  const presentSet = new Set(present);
  const listed = new Set<string>();
  for (const { node } of [...col.nodes.values()]) {
    if (node.kind !== 'request') continue;
    if (presentSet.has(node.file)) listed.add(node.file);
    else {
      const why = isLinked(col.dir, node.file) ? linkedSentence(node.file) : `its file ${node.file} is missing.`;
      dropNode(col, node, `“${node.name || node.file}” was left out: ${why}`);
    }
  }
  reindex(col);
  for (const file of present) {
    if (!listed.has(file)) adopt(col, file);
  }
}

/** Adds a request file that no entry lists at the end of the folder it sits in (or its nearest listed ancestor). */
function adopt(col: OpenCollection, file: string): void {
  const path = pathIn(col.dir, file);
  let parsed;
  try {
    parsed = parseRequest(readFileSync(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    if (error instanceof NewerVersionError) {
      col.problems.push(`${file} was not added: ${error.message}.`);
      return;
    }
    col.problems.push(`${file} was set aside as ${rel(dirOf(file), setAside(path))} because ${error.message}.`);
    return;
  }
  const doc = parsed.doc;
  if (col.nodes.has(doc.id) || parsed.version < CURRENT_VERSION) {
    if (col.nodes.has(doc.id)) doc.id = randomUUID(); // a copy of another request's file
    col.write(path, serializeRequest(doc));
  }
  const parent = nearestFolder(col, file);
  const node: IndexRequest = { kind: 'request', id: doc.id, name: doc.name, method: doc.method, file };
  (parent ? parent.children : col.index.items).push(node);
  col.nodes.set(node.id, { node, parent });
  col.dirty = true;
}

/** The deepest listed folder that holds `file`, or null for the top level. */
function nearestFolder(col: OpenCollection, file: string): IndexFolder | null {
  let parent: IndexFolder | null = null;
  let best = -1;
  for (const { node } of col.nodes.values()) {
    if (node.kind === 'folder' && file.startsWith(`${node.path}/`) && node.path.length > best) {
      parent = node;
      best = node.path.length;
    }
  }
  return parent;
}
