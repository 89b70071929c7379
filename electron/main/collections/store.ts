/**
 * Collections as folders of readable files, so that a team can keep them in git. The file format is
 * described in format.ts; this module owns the folders, the tree operations, the trash and the list
 * of open collections.
 *
 * <dataDir>/
 *   workspace.json                      the open collections, in order (folder names for
 *                                       collections under collections/, full paths for folders opened elsewhere)
 *   collections/<collection-slug>/
 *     collection.json                   id, name, auth, variables (secret values ""), the tree with each
 *                                       request's file, name and method — opening a collection reads this file only
 *     <request-slug>.request.json       one file per request
 *     <folder-slug>/…/<request-slug>.request.json
 *   trash/<undoId>/manifest.json        what was deleted and where it was; the last 20 are kept
 *   trash/<undoId>/files/…              a deleted node's request files, at their paths in the collection
 *   trash/<undoId>/collection/          a removed collection's folder
 *
 * File and folder names are slugs of the names, unique within their folder (-2, -3…); ids live in the
 * files. Every write goes through writeFileDurably. On opening, the collection folder is listed (not
 * read): a listed request whose file is missing is dropped with a problem sentence; a request file no
 * entry lists (added in git, or left by a crash mid-rename) is added at the end of the folder it sits
 * in (a fresh id if its id is taken). A request file that cannot be parsed is found when it is first
 * read (getRequest, or verify() for all at once): it is set aside as `<file>.broken-<time>`, dropped
 * from the tree and named in the collection's problems.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { clipName, importedCollectionName, MAX_NAME } from '../../../shared/names';
import { storedVariable, type FolderNode, type ImportedCollection, type ImportedNode, type TreeNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { removeStaleTempFiles, writeFileDurably, type DurableFs } from '../storage/durable-file';
import { describeFsError, withFsSentence } from '../storage/fs-errors';
import { openJsonStore } from '../storage/json-store';
import { setAside } from '../storage/set-aside';
import { errno, listRequestFiles, moveSync, staysInside } from './files';
import {
  COLLECTION_FILE,
  CURRENT_VERSION,
  DEFAULT_COLLECTION_AUTH,
  FormatError,
  MAX_FOLDER_DEPTH,
  NewerVersionError,
  parseAuthSelection,
  parseCollection,
  parseIndexItems,
  parseRequest,
  REQUEST_SUFFIX,
  serializeCollection,
  serializeIndexNode,
  serializeRequest,
  slugFits,
  slugify,
  uniqueSlug,
  type CollectionIndex,
  type IndexFolder,
  type IndexNode,
  type IndexRequest,
} from './format';
import { baseOf, dirOf, rel, remapPrefix, toTree, walkFolders, walkRequests } from './tree';

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

export interface CollectionsStore {
  list(): StoredCollection[];
  /** Throws 'That collection is no longer open.' */
  get(collectionId: string): StoredCollection;
  create(name: string): StoredCollection;
  /** Writes the whole collection at once (secret variable values excluded). */
  importCollection(imported: ImportedCollection): StoredCollection;
  /** Opens a collection folder kept elsewhere (e.g. in a git repository); it must hold a collection.json. */
  openFolder(path: string): StoredCollection;
  rename(collectionId: string, name: string): void;
  /** A collection under <dataDir>/collections moves to the trash; a folder opened elsewhere is only closed. */
  remove(collectionId: string): { undoId: string };
  getRequest(collectionId: string, requestId: string): RequestDoc;
  /** Updates the request in place, or adds it at the end of `parentId` (a folder, or null: the top level) when its id is new. */
  saveRequest(collectionId: string, doc: RequestDoc, parentId?: string | null): void;
  addFolder(collectionId: string, parentId: string | null, name: string): FolderNode;
  renameNode(collectionId: string, nodeId: string, name: string): void;
  /** "Copy of …", placed right after the original; a folder is copied with everything in it. */
  duplicateNode(collectionId: string, nodeId: string): TreeNode;
  /** `index` is the position among the target's children once the node is taken out of its place. */
  moveNode(collectionId: string, nodeId: string, parentId: string | null, index: number): void;
  deleteNode(collectionId: string, nodeId: string): { undoId: string };
  /** Restores a deleted node or removed collection as it was; throws a sentence when it can no longer be undone. */
  undo(undoId: string): void;
  /** Secret values are blanked before writing. */
  setVariables(collectionId: string, variables: VariableDef[]): void;
  setAuth(collectionId: string, auth: AuthSelection): void;
  /** Reads every request file of the collection, setting aside those that cannot be read; returns the new problems. */
  verify(collectionId: string): string[];
  /** Collections that could not be opened, each in a sentence. */
  problems(): string[];
  /** Every call has written its files before returning: nothing is pending. */
  flush(): void;
}

export interface CollectionsStoreOptions {
  dataDir: string;
  /** Called after each file written (tests and the bench count writes). */
  onWrite?: (file: string) => void;
  /**
   * Called when a removed collection leaves the trash for good (only the last 20 removals can be
   * undone): what is kept for it elsewhere (its secret variables in the vault) can be forgotten.
   */
  onCollectionPurged?: (collectionId: string) => void;
  /** The file system the writes go through (tests inject one that fails). */
  fs?: DurableFs;
}

const TRASH_FORMAT = 'partner-api-workbench.trash';
const TRASH_KEEP = 20;
const UNDO_ID = /^\d{13}-[0-9a-f]{8}$/;
const CACHE_SIZE = 64;
const FILE_MODE = 0o644;
const NOT_OPEN = 'That collection is no longer open.';
const NO_NODE = 'That item is no longer in the collection.';
const NO_FOLDER = 'That folder is no longer in the collection.';
const CANNOT_UNDO = 'That can no longer be undone.';

interface CacheEntry {
  doc: RequestDoc;
  mtimeMs: number;
  size: number;
}

interface Open {
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
}

class LoadError extends Error {
  constructor(
    message: string,
    readonly keep: boolean,
  ) {
    super(message);
  }
}

type TrashManifest =
  | { format: string; version: 1; undoId: string; at: number; kind: 'collection'; collectionId: string; name: string; location: string; managed: boolean; position: number }
  | { format: string; version: 1; undoId: string; at: number; kind: 'node'; collectionId: string; parentId: string | null; index: number; node: unknown };

/** The manifest of a trash entry, or null when it cannot be read or is not one of ours. */
function readManifest(entryDir: string): TrashManifest | null {
  try {
    const manifest = JSON.parse(readFileSync(join(entryDir, 'manifest.json'), 'utf8')) as TrashManifest;
    return manifest.format === TRASH_FORMAT ? manifest : null;
  } catch {
    return null;
  }
}

const clone = <T>(value: T): T => structuredClone(value);

function requireName(name: string, what: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') throw new Error(`Give the ${what} a name.`);
  if (trimmed.length > MAX_NAME) throw new Error(`A ${what} name has at most ${MAX_NAME} characters.`);
  return trimmed;
}

/** A clean copy of a request as it will be stored (the file's own parser checks its shape). */
function cleanRequest(doc: RequestDoc): RequestDoc {
  let text: string;
  try {
    text = serializeRequest({ ...doc, name: requireName(doc.name, 'request') });
    return parseRequest(text).doc;
  } catch (error) {
    if (error instanceof FormatError) throw new Error(`The request cannot be saved: its ${error.message}.`);
    if (error instanceof Error && error.message.startsWith('Give the')) throw error;
    throw new Error('The request cannot be saved: it is not a valid request.');
  }
}

const REPLACE_LINK = 'Replace the link with a real file or folder.';

function outsideSentence(relPath: string): string {
  return `${relPath} leads outside the collection’s folder through a symbolic link, so the app neither reads nor writes it. ${REPLACE_LINK}`;
}

function linkedSentence(relPath: string): string {
  return `its file ${relPath} is reached through a symbolic link, which the app does not follow. ${REPLACE_LINK}`;
}

/** True when the file, or a folder on its way, is a symbolic link (listing skips those). */
function isLinked(dir: string, relPath: string): boolean {
  const parts = relPath.split('/');
  return parts.some((_, i) => {
    try {
      return lstatSync(join(dir, ...parts.slice(0, i + 1))).isSymbolicLink();
    } catch {
      return false;
    }
  });
}

function importedAuth(auth: unknown): AuthSelection {
  try {
    return parseAuthSelection(auth);
  } catch {
    throw new Error('The collection cannot be imported: its auth choice is not valid.');
  }
}

/** The names in a folder; none when it cannot be listed (its absence is reported where it is made). */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

export function openCollectionsStore(options: CollectionsStoreOptions): CollectionsStore {
  const storeProblems: string[] = [];
  const collectionsRoot = join(options.dataDir, 'collections');
  const trashRoot = join(options.dataDir, 'trash');
  try {
    mkdirSync(collectionsRoot, { recursive: true });
  } catch (error) {
    // A read-only or full data folder: the app starts and says so; saving a collection will say it again.
    storeProblems.push(describeFsError(error, 'open the collections folder', 'collections'));
  }
  const workspace = openJsonStore<{ collections: string[] }>({
    file: join(options.dataDir, 'workspace.json'),
    holds: 'the list of open collections',
    whatToDo: 'Collections in the app’s data folder are open again; open any others again with Open folder.',
    defaults: { collections: [] },
    mode: FILE_MODE,
    fs: options.fs,
  });

  const cols = new Map<string, Open>();
  let order: string[] = [];
  /** Workspace entries kept although not open (saved by a newer version of the app). */
  let retained: string[] = [];
  let lastUndoTime = 0;

  // -------------------------------------------------------------------------------------------
  // Files

  const write = (file: string, text: string) => {
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

  /** Where a file or folder of the collection is on disk; refused when a symbolic link would take it outside the collection's folder. */
  const abs = (col: Open, relPath: string) => {
    const path = join(col.dir, ...relPath.split('/'));
    if (!staysInside(col.dir, path)) throw new Error(outsideSentence(relPath));
    return path;
  };

  const reindex = (col: Open) => {
    col.nodes.clear();
    const visit = (nodes: IndexNode[], parent: IndexFolder | null) => {
      for (const node of nodes) {
        col.nodes.set(node.id, { node, parent });
        if (node.kind === 'folder') visit(node.children, node);
      }
    };
    visit(col.index.items, null);
  };

  /** Writes collection.json when the tree changed (and only if its bytes would differ). */
  const commit = (col: Open) => {
    if (!col.dirty) return;
    const text = serializeCollection(col.index);
    if (text !== col.indexText) write(join(col.dir, COLLECTION_FILE), text);
    col.indexText = text;
    col.dirty = false;
  };

  /** After a change to the tree: rebuilds the id map and writes collection.json, if anything changed. */
  const settle = (col: Open) => {
    if (!col.dirty) return;
    reindex(col);
    commit(col);
  };

  /** Runs a change to the tree, then writes collection.json once, even when the change failed half-way. */
  const change = <T>(col: Open, run: () => T): T => {
    try {
      return run();
    } finally {
      settle(col);
    }
  };

  /** Names in use in a collection (lower-case relative paths), for picking unique slugs. */
  interface Taken {
    files: Set<string>;
    folders: Set<string>;
  }
  const takenIn = (col: Open): Taken => {
    const taken: Taken = { files: new Set(), folders: new Set() };
    for (const { node } of col.nodes.values()) {
      if (node.kind === 'request') taken.files.add(node.file.toLowerCase());
      else taken.folders.add(node.path.toLowerCase());
    }
    return taken;
  };
  const allocFile = (col: Open, taken: Taken, folder: string, name: string): string => {
    const slug = uniqueSlug(slugify(name, 'request'), (c) => {
      const path = rel(folder, c + REQUEST_SUFFIX);
      return taken.files.has(path.toLowerCase()) || existsSync(abs(col, path));
    });
    const path = rel(folder, slug + REQUEST_SUFFIX);
    taken.files.add(path.toLowerCase());
    return path;
  };
  const allocFolder = (col: Open, taken: Taken, parent: string, name: string): string => {
    const slug = uniqueSlug(slugify(name, 'folder'), (c) => {
      const path = rel(parent, c);
      return taken.folders.has(path.toLowerCase()) || existsSync(abs(col, path));
    });
    const path = rel(parent, slug);
    taken.folders.add(path.toLowerCase());
    return path;
  };

  const dropNode = (col: Open, node: IndexNode, problem: string) => {
    const entry = col.nodes.get(node.id);
    const siblings = entry?.parent ? entry.parent.children : col.index.items;
    const at = siblings.indexOf(node);
    if (at >= 0) siblings.splice(at, 1);
    col.nodes.delete(node.id);
    col.cache.delete(node.id);
    col.problems.push(problem);
    col.dirty = true;
  };

  /**
   * Reads a request file (through the cache), migrating it if it is older; a missing or unreadable
   * file drops the node with a problem and throws a sentence. Keeps the tree's name/method in step
   * with the file (someone may have edited it in git), marking the tree dirty when they differ.
   */
  const readDoc = (col: Open, node: IndexRequest): RequestDoc => {
    const path = abs(col, node.file);
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      if (errno(error) !== 'ENOENT') throw error;
      dropNode(col, node, `“${node.name || node.file}” was left out: its file ${node.file} is missing.`);
      throw new Error(`“${node.name || node.file}” cannot be opened: its file ${node.file} is missing, so it was removed from the collection.`);
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
      throw new Error(`“${label}” could not be read because ${error.message}; its file was set aside as ${aside} and it was removed from the collection.`);
    }
    const doc = parsed.doc;
    let mtimeMs = stat.mtimeMs;
    let size = stat.size;
    if (parsed.version < CURRENT_VERSION || doc.id !== node.id) {
      doc.id = node.id; // the tree's id is the request's identity
      write(path, serializeRequest(doc));
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
  };

  const remember = (col: Open, id: string, entry: CacheEntry) => {
    col.cache.delete(id);
    col.cache.set(id, entry);
    while (col.cache.size > CACHE_SIZE) col.cache.delete(col.cache.keys().next().value!);
  };

  const writeRequest = (col: Open, node: IndexRequest, doc: RequestDoc) => {
    const path = abs(col, node.file);
    const text = serializeRequest(doc);
    let current: string | null = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch (error) {
      if (errno(error) !== 'ENOENT') throw error;
    }
    if (current !== text) write(path, text);
    const stat = statSync(path);
    remember(col, node.id, { doc, mtimeMs: stat.mtimeMs, size: stat.size });
  };

  // -------------------------------------------------------------------------------------------
  // Opening

  const load = (dir: string): Open => {
    const file = join(dir, COLLECTION_FILE);
    if (!staysInside(dir, file)) throw new LoadError(`The collection in ${dir} was not opened: ${outsideSentence(COLLECTION_FILE)}`, true);
    removeStaleTempFiles(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if (errno(error) === 'ENOENT') throw new LoadError(`The folder ${dir} holds no collection.json, so it was not opened.`, false);
      throw new LoadError(`The collection in ${dir} could not be read (${(error as Error).message}), so it was not opened.`, true);
    }
    let parsed;
    try {
      parsed = parseCollection(text);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      if (error instanceof NewerVersionError) throw new LoadError(`The collection in ${dir} was not opened: ${error.message}.`, true);
      const aside = setAside(file);
      throw new LoadError(`The collection in ${dir} could not be read because ${error.message}; its collection.json was set aside as ${aside} and the collection was not opened.`, false);
    }
    const col: Open = {
      index: parsed.index,
      dir,
      managed: resolve(dirname(dir)) === resolve(collectionsRoot),
      problems: [...parsed.problems],
      indexText: text,
      dirty: parsed.version < CURRENT_VERSION || parsed.problems.length > 0,
      nodes: new Map(),
      cache: new Map(),
    };
    reindex(col);

    // Compare the tree with the files present.
    const present = listRequestFiles(dir);
    const presentSet = new Set(present);
    const listed = new Set<string>();
    for (const { node } of [...col.nodes.values()]) {
      if (node.kind !== 'request') continue;
      if (presentSet.has(node.file)) listed.add(node.file);
      else {
        const why = isLinked(dir, node.file) ? linkedSentence(node.file) : `its file ${node.file} is missing.`;
        dropNode(col, node, `“${node.name || node.file}” was left out: ${why}`);
      }
    }
    reindex(col);
    for (const file of present) {
      if (!listed.has(file)) adopt(col, file);
    }
    // Version 0 (or entries without name and method): read the request files, migrating them.
    for (const { node } of [...col.nodes.values()]) {
      if (node.kind === 'request' && (parsed.version < CURRENT_VERSION || parsed.incomplete.has(node.id))) {
        try {
          readDoc(col, node);
        } catch {
          // dropped, with its problem
        }
      }
    }
    col.dirty = true; // the id map, at least, is rebuilt
    settle(col);
    return col;
  };

  /** Adds a request file that no entry lists at the end of the folder it sits in (or its nearest listed ancestor). */
  const adopt = (col: Open, file: string) => {
    const path = abs(col, file);
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
      write(path, serializeRequest(doc));
    }
    let parent: IndexFolder | null = null;
    let best = -1;
    for (const { node } of col.nodes.values()) {
      if (node.kind === 'folder' && file.startsWith(`${node.path}/`) && node.path.length > best) {
        parent = node;
        best = node.path.length;
      }
    }
    const node: IndexRequest = { kind: 'request', id: doc.id, name: doc.name, method: doc.method, file };
    (parent ? parent.children : col.index.items).push(node);
    col.nodes.set(node.id, { node, parent });
    col.dirty = true;
  };

  const viewOf = (col: Open): StoredCollection => {
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
  };

  const entryFor = (dir: string) => (resolve(dirname(dir)) === resolve(collectionsRoot) ? basename(dir) : resolve(dir));
  const saveWorkspace = () => {
    const entries = [...order.map((id) => entryFor(cols.get(id)!.dir)), ...retained];
    const before = workspace.data().collections;
    if (JSON.stringify(before) !== JSON.stringify(entries)) workspace.save({ ...workspace.data(), collections: entries });
  };

  const addOpen = (col: Open, position = order.length) => {
    const same = cols.get(col.index.id);
    if (same) throw new LoadError(`The collection in ${col.dir} is the same collection (same id) as “${same.index.name}” in ${same.dir}, so it was not opened.`, false);
    cols.set(col.index.id, col);
    order.splice(Math.min(position, order.length), 0, col.index.id);
  };

  const openDirAt = (dir: string): string | null => {
    try {
      addOpen(load(dir));
      return null;
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      storeProblems.push(error.message);
      if (error.keep) retained.push(entryFor(dir));
      return error.message;
    }
  };

  // Start: the workspace's collections in order, then any folder under collections/ it does not list.
  for (const name of namesIn(collectionsRoot)) {
    if (/^\..*\.importing-[0-9a-f]+$/.test(name)) rmSync(join(collectionsRoot, name), { recursive: true, force: true });
  }
  const seen = new Set<string>();
  for (const entry of workspace.data().collections) {
    if (typeof entry !== 'string') continue;
    const dir = resolve(collectionsRoot, entry);
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (!existsSync(dir)) {
      storeProblems.push(`The collection folder ${dir} is no longer there, so it was closed.`);
      continue;
    }
    openDirAt(dir);
  }
  for (const name of namesIn(collectionsRoot).sort()) {
    const dir = resolve(collectionsRoot, name);
    if (!name.startsWith('.') && !seen.has(dir) && existsSync(join(dir, COLLECTION_FILE))) openDirAt(dir);
  }
  const notice = workspace.notice();
  if (notice) storeProblems.push(notice);
  try {
    saveWorkspace();
  } catch (error) {
    // The app still starts (the list is in memory); the next change saves it again.
    storeProblems.push((error as Error).message);
  }

  // -------------------------------------------------------------------------------------------
  // Trash

  const newUndoId = () => {
    lastUndoTime = Math.max(Date.now(), lastUndoTime + 1);
    return `${String(lastUndoTime).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
  };

  const pruneTrash = () => {
    let names: string[];
    try {
      names = readdirSync(trashRoot).filter((n) => UNDO_ID.test(n)).sort();
    } catch {
      return;
    }
    for (const name of names.slice(0, Math.max(0, names.length - TRASH_KEEP))) {
      const manifest = readManifest(join(trashRoot, name));
      rmSync(join(trashRoot, name), { recursive: true, force: true });
      if (manifest?.kind === 'collection' && !cols.has(manifest.collectionId)) options.onCollectionPurged?.(manifest.collectionId);
    }
  };

  const writeManifest = (manifest: TrashManifest) => {
    write(join(trashRoot, manifest.undoId, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  };

  // -------------------------------------------------------------------------------------------
  // The API

  const col = (collectionId: string): Open => {
    const found = cols.get(collectionId);
    if (!found) throw new Error(NOT_OPEN);
    return found;
  };
  const nodeIn = (c: Open, nodeId: string) => {
    const entry = c.nodes.get(nodeId);
    if (!entry) throw new Error(NO_NODE);
    return entry;
  };
  const folderIn = (c: Open, parentId: string | null | undefined): IndexFolder | null => {
    if (parentId === null || parentId === undefined) return null;
    const entry = c.nodes.get(parentId);
    if (!entry || entry.node.kind !== 'folder') throw new Error(NO_FOLDER);
    return entry.node;
  };
  const childrenOf = (c: Open, folder: IndexFolder | null) => (folder ? folder.children : c.index.items);
  /** Folders from the top down to `folder` (0 for the top level). */
  const depthOf = (c: Open, folder: IndexFolder | null): number => {
    let depth = 0;
    for (let at = folder; at; at = c.nodes.get(at.id)?.parent ?? null) depth++;
    return depth;
  };
  /** Levels of folders in a node: 0 for a request, 1 for a folder without folders in it. */
  const heightOf = (node: IndexNode): number => {
    let height = 0;
    const pending: Array<[IndexNode, number]> = [[node, 1]];
    while (pending.length > 0) {
      const [at, level] = pending.pop()!;
      if (at.kind !== 'folder') continue;
      height = Math.max(height, level);
      for (const child of at.children) pending.push([child, level + 1]);
    }
    return height;
  };
  /** Deeper folders would make collection.json a file the app refuses to read back. */
  const requireRoom = (c: Open, target: IndexFolder | null, height: number) => {
    if (depthOf(c, target) + height > MAX_FOLDER_DEPTH) throw new Error(`Folders can be nested at most ${MAX_FOLDER_DEPTH} deep; put this one higher up.`);
  };

  /** Saves a request whose node exists: renames its file when the name's slug changed, rewrites it when its bytes changed. */
  const saveExisting = (c: Open, node: IndexRequest, doc: RequestDoc) => {
    if (node.name !== doc.name) {
      if (!slugFits(baseOf(node.file).slice(0, -REQUEST_SUFFIX.length), doc.name, 'request')) {
        const file = allocFile(c, takenIn(c), dirOf(node.file), doc.name);
        try {
          renameSync(abs(c, node.file), abs(c, file));
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
  };

  /** Builds index nodes (and writes their files) for imported items under `folder` of the collection at `dir`. */
  const writeImported = (dir: string, items: ImportedNode[], folder: string, taken: Taken): IndexNode[] => {
    const exists = (path: string) => existsSync(join(dir, ...path.split('/')));
    return items.map((item): IndexNode => {
      if (item.kind === 'folder') {
        const name = clipName(item.name, 'Untitled folder');
        const slug = uniqueSlug(slugify(name, 'folder'), (c) => taken.folders.has(rel(folder, c)) || exists(rel(folder, c)));
        const path = rel(folder, slug);
        taken.folders.add(path);
        mkdirSync(join(dir, ...path.split('/')), { recursive: true });
        return { kind: 'folder', id: randomUUID(), name, path, children: writeImported(dir, item.children, path, taken) };
      }
      const doc = cleanRequest({ ...item.request, id: randomUUID(), name: clipName(item.request.name, 'Untitled request') });
      const slug = uniqueSlug(slugify(doc.name, 'request'), (c) => taken.files.has(rel(folder, c + REQUEST_SUFFIX)) || exists(rel(folder, c + REQUEST_SUFFIX)));
      const file = rel(folder, slug + REQUEST_SUFFIX);
      taken.files.add(file);
      write(join(dir, ...file.split('/')), serializeRequest(doc));
      return { kind: 'request', id: doc.id, name: doc.name, method: doc.method, file };
    });
  };

  const newCollectionDir = (name: string) => join(collectionsRoot, uniqueSlug(slugify(name, 'collection'), (c) => existsSync(join(collectionsRoot, c))));

  const createFrom = (name: string, build: (dir: string) => Omit<CollectionIndex, 'id' | 'name'>): StoredCollection => {
    const staging = join(collectionsRoot, `.${slugify(name, 'collection')}.importing-${randomBytes(4).toString('hex')}`);
    mkdirSync(staging, { recursive: true });
    let dir: string;
    try {
      const index: CollectionIndex = { id: randomUUID(), name, ...build(staging) };
      if (index.description === undefined) delete index.description;
      index.variables = index.variables.map(storedVariable);
      write(join(staging, COLLECTION_FILE), serializeCollection(index));
      dir = newCollectionDir(name);
      renameSync(staging, dir);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    const opened = load(dir);
    addOpen(opened);
    saveWorkspace();
    return viewOf(opened);
  };

  const deleteEmptyFolders = (c: Open, node: IndexNode) => {
    const paths: string[] = [];
    walkFolders([node], (f) => paths.push(f.path));
    for (const path of paths.reverse()) {
      try {
        rmdirSync(abs(c, path));
      } catch {
        // not empty (files nobody lists) or not there: leave it
      }
    }
  };

  const undoCollection = (manifest: Extract<TrashManifest, { kind: 'collection' }>, entryDir: string) => {
    if (cols.has(manifest.collectionId)) throw new Error('That collection is already open.');
    let dir = manifest.location;
    if (manifest.managed) {
      const saved = join(entryDir, 'collection');
      if (!existsSync(saved)) throw new Error(CANNOT_UNDO);
      if (existsSync(dir)) dir = newCollectionDir(manifest.name);
      moveSync(saved, dir);
    } else if (!existsSync(join(dir, COLLECTION_FILE))) {
      throw new Error(`The folder ${dir} no longer holds the collection, so it cannot be opened again.`);
    }
    try {
      addOpen(load(dir), manifest.position);
    } catch (error) {
      throw new Error(error instanceof LoadError ? error.message : CANNOT_UNDO);
    }
    saveWorkspace();
  };

  const undoNode = (manifest: Extract<TrashManifest, { kind: 'node' }>, entryDir: string) => {
    const c = cols.get(manifest.collectionId);
    if (!c) throw new Error(`${CANNOT_UNDO} Its collection is no longer open.`);
    const parsed = parseIndexItems([manifest.node], 'the trash');
    const node = parsed.items[0];
    if (!node || parsed.problems.length > 0) throw new Error(CANNOT_UNDO);
    const ids: string[] = [];
    const originals = new Map<string, string>();
    walkFolders([node], (f) => ids.push(f.id));
    walkRequests(node, (r) => {
      ids.push(r.id);
      originals.set(r.id, r.file);
    });
    if (ids.some((id) => c.nodes.has(id))) throw new Error('That has already been restored.');
    change(c, () => {
      const parent = c.nodes.get(manifest.parentId ?? '')?.node;
      const folder = parent?.kind === 'folder' ? parent : null;
      const taken = takenIn(c);
      if (node.kind === 'folder' && taken.folders.has(node.path.toLowerCase())) {
        remapPrefix([node], node.path, allocFolder(c, taken, dirOf(node.path), node.name));
      }
      walkFolders([node], (f) => {
        taken.folders.add(f.path.toLowerCase());
        mkdirSync(abs(c, f.path), { recursive: true });
      });
      walkRequests(node, (r) => {
        const saved = join(entryDir, 'files', ...originals.get(r.id)!.split('/'));
        if (taken.files.has(r.file.toLowerCase()) || existsSync(abs(c, r.file))) r.file = allocFile(c, taken, dirOf(r.file), r.name);
        else taken.files.add(r.file.toLowerCase());
        if (existsSync(saved)) moveSync(saved, abs(c, r.file));
      });
      const siblings = childrenOf(c, folder);
      siblings.splice(Math.min(Math.max(0, manifest.index), siblings.length), 0, node);
      c.dirty = true;
    });
  };

  const store: CollectionsStore = {
    list: () => order.map((id) => viewOf(cols.get(id)!)),
    get: (collectionId) => viewOf(col(collectionId)),

    create(name) {
      const clean = requireName(name, 'collection');
      return createFrom(clean, () => ({ auth: { ...DEFAULT_COLLECTION_AUTH }, variables: [], items: [] }));
    },

    importCollection(imported) {
      const name = importedCollectionName(imported.name);
      return createFrom(name, (staging) => ({
        ...(imported.description !== undefined ? { description: imported.description } : {}),
        auth: importedAuth(imported.auth),
        variables: imported.variables,
        items: writeImported(staging, imported.items, '', { files: new Set(), folders: new Set() }),
      }));
    },

    openFolder(path) {
      if (typeof path !== 'string' || !isAbsolute(path)) throw new Error('Choose the collection folder by its full path.');
      const dir = resolve(path);
      const already = [...cols.values()].find((c) => resolve(c.dir) === dir);
      if (already) return viewOf(already);
      if (!existsSync(join(dir, COLLECTION_FILE))) throw new Error(`${dir} holds no collection.json; choose the folder of a collection.`);
      try {
        const opened = load(dir);
        addOpen(opened);
        retained = retained.filter((e) => resolve(collectionsRoot, e) !== dir);
        saveWorkspace();
        return viewOf(opened);
      } catch (error) {
        throw new Error(error instanceof LoadError ? error.message : `The collection in ${dir} could not be opened.`);
      }
    },

    rename(collectionId, name) {
      const c = col(collectionId);
      const clean = requireName(name, 'collection');
      if (clean === c.index.name) return;
      if (c.managed && !slugFits(basename(c.dir), clean, 'collection')) {
        const dir = newCollectionDir(clean);
        renameSync(c.dir, dir);
        c.dir = dir;
        saveWorkspace();
      }
      c.index.name = clean;
      c.dirty = true;
      commit(c);
    },

    remove(collectionId) {
      const c = col(collectionId);
      const undoId = newUndoId();
      const entryDir = join(trashRoot, undoId);
      writeManifest({
        format: TRASH_FORMAT,
        version: 1,
        undoId,
        at: Date.now(),
        kind: 'collection',
        collectionId,
        name: c.index.name,
        location: c.dir,
        managed: c.managed,
        position: order.indexOf(collectionId),
      });
      if (c.managed) {
        try {
          moveSync(c.dir, join(entryDir, 'collection'));
        } catch (error) {
          rmSync(entryDir, { recursive: true, force: true });
          throw new Error(`The collection could not be moved to the trash (${(error as Error).message}).`);
        }
      }
      cols.delete(collectionId);
      order = order.filter((id) => id !== collectionId);
      saveWorkspace();
      pruneTrash();
      return { undoId };
    },

    getRequest(collectionId, requestId) {
      const c = col(collectionId);
      const { node } = nodeIn(c, requestId);
      if (node.kind !== 'request') throw new Error('That item is a folder, not a request.');
      return change(c, () => clone(readDoc(c, node)));
    },

    saveRequest(collectionId, doc, parentId) {
      const c = col(collectionId);
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
        const node: IndexRequest = { kind: 'request', id: clean.id, name: clean.name, method: clean.method, file: allocFile(c, takenIn(c), folder ? folder.path : '', clean.name) };
        writeRequest(c, node, clean);
        childrenOf(c, folder).push(node);
        c.dirty = true;
      });
    },

    addFolder(collectionId, parentId, name) {
      const c = col(collectionId);
      const clean = requireName(name, 'folder');
      const folder = folderIn(c, parentId);
      requireRoom(c, folder, 1);
      return change(c, () => {
        const node: IndexFolder = { kind: 'folder', id: randomUUID(), name: clean, path: allocFolder(c, takenIn(c), folder ? folder.path : '', clean), children: [] };
        mkdirSync(abs(c, node.path), { recursive: true });
        childrenOf(c, folder).push(node);
        c.dirty = true;
        return { kind: 'folder', id: node.id, name: node.name, children: [] };
      });
    },

    renameNode(collectionId, nodeId, name) {
      const c = col(collectionId);
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
          if (existsSync(abs(c, node.path))) renameSync(abs(c, node.path), abs(c, path));
          remapPrefix(c.index.items, node.path, path);
        }
        node.name = clean;
        c.dirty = true;
      });
    },

    duplicateNode(collectionId, nodeId) {
      const c = col(collectionId);
      const { node, parent } = nodeIn(c, nodeId);
      // Read everything first: a file that cannot be read stops the copy before anything is written.
      const docs = new Map<string, RequestDoc>();
      change(c, () => walkRequests(node, (r) => docs.set(r.id, readDoc(c, r))));
      return change(c, () => {
        const taken = takenIn(c);
        const copy = (source: IndexNode, folder: string, name: string): IndexNode => {
          if (source.kind === 'request') {
            const doc = { ...clone(docs.get(source.id)!), id: randomUUID(), name };
            const copied: IndexRequest = { kind: 'request', id: doc.id, name, method: doc.method, file: allocFile(c, taken, folder, name) };
            writeRequest(c, copied, doc);
            return copied;
          }
          const path = allocFolder(c, taken, folder, name);
          mkdirSync(abs(c, path), { recursive: true });
          return { kind: 'folder', id: randomUUID(), name, path, children: source.children.map((child) => copy(child, path, child.name)) };
        };
        const where = node.kind === 'request' ? dirOf(node.file) : dirOf(node.path);
        const copied = copy(node, where, `Copy of ${node.name}`);
        const siblings = childrenOf(c, parent);
        siblings.splice(siblings.indexOf(node) + 1, 0, copied);
        c.dirty = true;
        return toTree(copied);
      });
    },

    moveNode(collectionId, nodeId, parentId, index) {
      const c = col(collectionId);
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
            if (existsSync(abs(c, node.file))) moveSync(abs(c, node.file), abs(c, file));
            node.file = file;
          } else if (node.kind === 'folder' && dirOf(node.path) !== targetDir) {
            const path = allocFolder(c, takenIn(c), targetDir, node.name);
            if (existsSync(abs(c, node.path))) moveSync(abs(c, node.path), abs(c, path));
            remapPrefix(c.index.items, node.path, path);
          }
        }
        from.splice(oldIndex, 1);
        to.splice(newIndex, 0, node);
        c.dirty = true;
      });
    },

    deleteNode(collectionId, nodeId) {
      const c = col(collectionId);
      const { node, parent } = nodeIn(c, nodeId);
      const siblings = childrenOf(c, parent);
      const undoId = newUndoId();
      const entryDir = join(trashRoot, undoId);
      // Every file's place first: one a link takes outside the collection stops the delete before anything changed.
      const moves: Array<{ id: string; from: string; to: string }> = [];
      walkRequests(node, (r) => moves.push({ id: r.id, from: abs(c, r.file), to: join(entryDir, 'files', ...r.file.split('/')) }));
      writeManifest({
        format: TRASH_FORMAT,
        version: 1,
        undoId,
        at: Date.now(),
        kind: 'node',
        collectionId,
        parentId: parent ? parent.id : null,
        index: siblings.indexOf(node),
        node: serializeIndexNode(node),
      });
      // collection.json first: a crash before the files move leaves them listed by nobody, and the next start adds them back.
      change(c, () => {
        siblings.splice(siblings.indexOf(node), 1);
        c.dirty = true;
      });
      for (const { id, from, to } of moves) {
        c.cache.delete(id);
        try {
          moveSync(from, to);
        } catch (error) {
          if (errno(error) !== 'ENOENT') throw error;
        }
      }
      deleteEmptyFolders(c, node);
      pruneTrash();
      return { undoId };
    },

    undo(undoId) {
      if (typeof undoId !== 'string' || !UNDO_ID.test(undoId)) throw new Error(CANNOT_UNDO);
      const entryDir = join(trashRoot, undoId);
      const manifest = readManifest(entryDir);
      if (!manifest || manifest.undoId !== undoId) throw new Error(CANNOT_UNDO);
      if (manifest.kind === 'collection') undoCollection(manifest, entryDir);
      else if (manifest.kind === 'node') undoNode(manifest, entryDir);
      else throw new Error(CANNOT_UNDO);
      rmSync(entryDir, { recursive: true, force: true });
    },

    setVariables(collectionId, variables) {
      const c = col(collectionId);
      c.index.variables = variables.map(storedVariable);
      c.dirty = true;
      commit(c);
    },

    setAuth(collectionId, auth) {
      const c = col(collectionId);
      try {
        c.index.auth = parseAuthSelection(auth);
      } catch {
        throw new Error('That auth choice is not valid.');
      }
      c.dirty = true;
      commit(c);
    },

    verify(collectionId) {
      const c = col(collectionId);
      const before = c.problems.length;
      const requests: IndexRequest[] = [];
      for (const node of c.index.items) walkRequests(node, (r) => requests.push(r));
      change(c, () => {
        for (const request of requests) {
          try {
            readDoc(c, request);
          } catch {
            // dropped, with its problem (or from a newer version: left as it is)
          }
        }
      });
      return c.problems.slice(before);
    },

    problems: () => [...storeProblems],
    flush() {},
  };
  return store;
}

