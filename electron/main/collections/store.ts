/**
 * Collections as folders of readable files, so that a team can keep them in git. This module is the
 * store's public API; each job is a module of its own beside it:
 *
 *   format.ts          the file format (parsing, migrations, writing)
 *   open-collection.ts one open collection folder: its tree in memory, reading and writing its files
 *   loading.ts         reading a folder into an open collection, reconciling the tree with the files
 *   tree-edits.ts      saving requests; adding, renaming, duplicating and moving nodes with their files; a folder's auth
 *   file-names.ts      slugs, unique within their folder; files.ts: paths kept inside the folder (links)
 *   new-collection.ts  creating and importing through a staging folder
 *   trash.ts           deleting to the trash, and undo
 *   workspace.ts       which collections are open, in workspace.json
 *   input.ts           names, requests and auth choices checked before anything is written
 *
 * <dataDir>/
 *   workspace.json                      the open collections, in order (folder names for
 *                                       collections under collections/, full paths for folders opened elsewhere)
 *   collections/<collection-slug>/
 *     collection.json                   id, name, auth, variables (secret values ""), the tree with each
 *                                       request's file, name and method and each folder's auth, if it sets
 *                                       one — opening a collection reads this file only
 *     <request-slug>.request.json       one file per request
 *     <folder-slug>/…/<request-slug>.request.json
 *   trash/<undoId>/…                    what was deleted (see trash.ts); the last 20 are kept
 *
 * Every write goes through writeFileDurably. A request file that cannot be parsed is found when it is
 * first read (getRequest, or verify() for all at once): it is set aside as `<file>.broken-<time>`,
 * dropped from the tree and named in the collection's problems.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { storedVariable, type FolderNode, type ImportedCollection, type TreeNode } from '../../../shared/collections';
import { type RequestDoc } from '../../../shared/schemas/request';
import { type VariableDef } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import type { DurableFs } from '../storage/durable-file';
import { describeFsError } from '../storage/fs-errors';
import { newCollectionDir } from './file-names';
import { COLLECTION_FILE, slugFits, type IndexRequest } from './format';
import { requireName, validAuth } from './input';
import { LoadError } from './loading';
import { createCollection, importCollection } from './new-collection';
import {
  change,
  commit,
  fileWriter,
  readAll,
  viewOf,
  type OpenCollection,
  type StoredCollection,
} from './open-collection';
import { Trash } from './trash';
import { addFolder, duplicateNode, getRequest, moveNode, renameNode, saveRequest, setFolderAuth } from './tree-edits';
import { walkRequests } from './tree';
import { Workspace } from './workspace';

export type { StoredCollection } from './open-collection';

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
  /** The auth a folder's requests inherit; null: the folder inherits its parent's (nothing is written for it). */
  setFolderAuth(collectionId: string, folderId: string, auth: AuthSelection | null): void;
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

export function openCollectionsStore(options: CollectionsStoreOptions): CollectionsStore {
  const storeProblems: string[] = [];
  const collectionsRoot = join(options.dataDir, 'collections');
  try {
    mkdirSync(collectionsRoot, { recursive: true });
  } catch (error) {
    // A read-only or full data folder: the app starts and says so; saving a collection will say it again.
    storeProblems.push(describeFsError(error, 'open the collections folder', 'collections'));
  }
  const write = fileWriter(options);
  const workspace = new Workspace({
    dataDir: options.dataDir,
    collectionsRoot,
    write,
    fs: options.fs,
    problems: storeProblems,
  });
  workspace.openAll();
  const trash = new Trash({
    root: join(options.dataDir, 'trash'),
    write,
    workspace,
    onCollectionPurged: options.onCollectionPurged,
  });
  const col = (collectionId: string) => workspace.get(collectionId);

  return {
    list: () => workspace.list().map(viewOf),
    get: (collectionId) => viewOf(col(collectionId)),
    create: (name) => viewOf(createCollection(workspace, write, name)),
    importCollection: (imported) => viewOf(importCollection(workspace, write, imported)),
    openFolder: (path) => viewOf(openFolder(workspace, path)),

    rename(collectionId, name) {
      const c = col(collectionId);
      const clean = requireName(name, 'collection');
      if (clean === c.index.name) return;
      if (c.managed && !slugFits(basename(c.dir), clean, 'collection')) {
        const dir = newCollectionDir(collectionsRoot, clean);
        renameSync(c.dir, dir);
        c.dir = dir;
        workspace.save();
      }
      c.index.name = clean;
      c.dirty = true;
      commit(c);
    },

    remove: (collectionId) => trash.removeCollection(collectionId),
    getRequest: (collectionId, requestId) => getRequest(col(collectionId), requestId),
    saveRequest: (collectionId, doc, parentId) => saveRequest(col(collectionId), doc, parentId),
    addFolder: (collectionId, parentId, name) => addFolder(col(collectionId), parentId, name),
    renameNode: (collectionId, nodeId, name) => renameNode(col(collectionId), nodeId, name),
    duplicateNode: (collectionId, nodeId) => duplicateNode(col(collectionId), nodeId),
    moveNode: (collectionId, nodeId, parentId, index) => moveNode(col(collectionId), nodeId, parentId, index),
    deleteNode: (collectionId, nodeId) => trash.deleteNode(collectionId, nodeId),
    undo: (undoId) => trash.undo(undoId),

    setVariables(collectionId, variables) {
      const c = col(collectionId);
      c.index.variables = variables.map(storedVariable);
      c.dirty = true;
      commit(c);
    },

    setAuth(collectionId, auth) {
      const c = col(collectionId);
      c.index.auth = validAuth(auth, 'That auth choice is not valid.');
      c.dirty = true;
      commit(c);
    },

    setFolderAuth: (collectionId, folderId, auth) => setFolderAuth(col(collectionId), folderId, auth),

    verify(collectionId) {
      const c = col(collectionId);
      const before = c.problems.length;
      const requests: IndexRequest[] = [];
      for (const node of c.index.items) walkRequests(node, (r) => requests.push(r));
      change(c, () => readAll(c, requests));
      return c.problems.slice(before);
    },

    problems: () => [...storeProblems],
    flush() {},
  };
}

/** Opens a collection folder kept elsewhere; one already open is returned as it is. */
function openFolder(workspace: Workspace, path: string): OpenCollection {
  if (typeof path !== 'string' || !isAbsolute(path)) throw new Error('Choose the collection folder by its full path.');
  const dir = resolve(path);
  const already = workspace.openAt(dir);
  if (already) return already;
  if (!existsSync(join(dir, COLLECTION_FILE)))
    throw new Error(`${dir} holds no collection.json; choose the folder of a collection.`);
  try {
    const opened = workspace.open(dir);
    workspace.unretain(dir);
    workspace.save();
    return opened;
  } catch (error) {
    throw new Error(error instanceof LoadError ? error.message : `The collection in ${dir} could not be opened.`);
  }
}
