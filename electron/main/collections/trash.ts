/**
 * Deleting with undo. A deleted node's request files, or a removed collection's folder, move to
 * <dataDir>/trash/<undoId>/ with a manifest saying where they were, so that Undo works after a
 * restart and puts back the same bytes at the same place (or the nearest free name). Only the last
 * 20 entries are kept; a removed collection that leaves the trash for good is reported, so that what
 * is kept for it elsewhere (its secret variables in the vault) can be forgotten.
 *
 *   trash/<undoId>/manifest.json   what was deleted and where it was
 *   trash/<undoId>/files/…         a deleted node's request files, at their paths in the collection
 *   trash/<undoId>/collection/     a removed collection's folder
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { allocFile, allocFolder, newCollectionDir, takenIn } from './file-names';
import { errno, moveSync, pathIn } from './files';
import { COLLECTION_FILE, parseIndexItems, serializeIndexNode, type IndexNode } from './format';
import { LoadError } from './loading';
import { change, childrenOf, nodeIn, type OpenCollection, type WriteFile } from './open-collection';
import { dirOf, remapPrefix, walkFolders, walkRequests } from './tree';
import type { Workspace } from './workspace';

const TRASH_FORMAT = 'partner-api-workbench.trash';
const TRASH_KEEP = 20;
const UNDO_ID = /^\d{13}-[0-9a-f]{8}$/;
const CANNOT_UNDO = 'That can no longer be undone.';

type CollectionManifest = {
  format: string;
  version: 1;
  undoId: string;
  at: number;
  kind: 'collection';
  collectionId: string;
  name: string;
  location: string;
  managed: boolean;
  position: number;
};
type NodeManifest = {
  format: string;
  version: 1;
  undoId: string;
  at: number;
  kind: 'node';
  collectionId: string;
  parentId: string | null;
  index: number;
  node: unknown;
};
type TrashManifest = CollectionManifest | NodeManifest;

/** The manifest of a trash entry, or null when it cannot be read or is not one of ours. */
function readManifest(entryDir: string): TrashManifest | null {
  try {
    const manifest = JSON.parse(readFileSync(join(entryDir, 'manifest.json'), 'utf8')) as TrashManifest;
    return manifest.format === TRASH_FORMAT ? manifest : null;
  } catch {
    return null;
  }
}

export interface TrashOptions {
  root: string;
  write: WriteFile;
  /** The open collections: a removed one leaves it, an undone one comes back to it. */
  workspace: Workspace;
  onCollectionPurged?: (collectionId: string) => void;
}

export class Trash {
  private lastUndoTime = 0;

  constructor(private readonly options: TrashOptions) {}

  /** A collection under <dataDir>/collections moves to the trash; a folder opened elsewhere is only closed. */
  removeCollection(collectionId: string): { undoId: string } {
    const { workspace } = this.options;
    const c = workspace.get(collectionId);
    const undoId = this.newUndoId();
    const entryDir = this.entryDir(undoId);
    this.writeManifest({
      format: TRASH_FORMAT,
      version: 1,
      undoId,
      at: Date.now(),
      kind: 'collection',
      collectionId,
      name: c.index.name,
      location: c.dir,
      managed: c.managed,
      position: workspace.positionOf(collectionId),
    });
    if (c.managed) {
      try {
        moveSync(c.dir, join(entryDir, 'collection'));
      } catch (error) {
        rmSync(entryDir, { recursive: true, force: true });
        throw new Error(`The collection could not be moved to the trash (${(error as Error).message}).`);
      }
    }
    workspace.close(collectionId);
    workspace.save();
    this.prune();
    return { undoId };
  }

  deleteNode(collectionId: string, nodeId: string): { undoId: string } {
    const c = this.options.workspace.get(collectionId);
    const { node, parent } = nodeIn(c, nodeId);
    const siblings = childrenOf(c, parent);
    const undoId = this.newUndoId();
    const entryDir = this.entryDir(undoId);
    // Every file's place first: one a link takes outside the collection stops the delete before anything changed.
    const moves: Array<{ id: string; from: string; to: string }> = [];
    walkRequests(node, (r) =>
      moves.push({ id: r.id, from: pathIn(c.dir, r.file), to: join(entryDir, 'files', ...r.file.split('/')) }),
    );
    this.writeManifest({
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
    this.prune();
    return { undoId };
  }

  /** Restores a deleted node or removed collection as it was; throws a sentence when it can no longer be undone. */
  undo(undoId: string): void {
    if (typeof undoId !== 'string' || !UNDO_ID.test(undoId)) throw new Error(CANNOT_UNDO);
    const entryDir = this.entryDir(undoId);
    const manifest = readManifest(entryDir);
    if (!manifest || manifest.undoId !== undoId) throw new Error(CANNOT_UNDO);
    if (manifest.kind === 'collection') this.undoCollection(manifest, entryDir);
    else if (manifest.kind === 'node') this.undoNode(manifest, entryDir);
    else throw new Error(CANNOT_UNDO);
    rmSync(entryDir, { recursive: true, force: true });
  }

  private entryDir(undoId: string): string {
    return join(this.options.root, undoId);
  }

  private newUndoId(): string {
    this.lastUndoTime = Math.max(Date.now(), this.lastUndoTime + 1);
    return `${String(this.lastUndoTime).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
  }

  private writeManifest(manifest: TrashManifest): void {
    this.options.write(join(this.entryDir(manifest.undoId), 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /** Keeps the last TRASH_KEEP entries. */
  private prune(): void {
    const { root, workspace, onCollectionPurged } = this.options;
    let names: string[];
    try {
      names = readdirSync(root)
        .filter((n) => UNDO_ID.test(n))
        .sort();
    } catch {
      return;
    }
    for (const name of names.slice(0, Math.max(0, names.length - TRASH_KEEP))) {
      const manifest = readManifest(join(root, name));
      rmSync(join(root, name), { recursive: true, force: true });
      if (manifest?.kind === 'collection' && !workspace.has(manifest.collectionId))
        onCollectionPurged?.(manifest.collectionId);
    }
  }

  private undoCollection(manifest: CollectionManifest, entryDir: string): void {
    const { workspace } = this.options;
    if (workspace.has(manifest.collectionId)) throw new Error('That collection is already open.');
    let dir = manifest.location;
    if (manifest.managed) {
      const saved = join(entryDir, 'collection');
      if (!existsSync(saved)) throw new Error(CANNOT_UNDO);
      if (existsSync(dir)) dir = newCollectionDir(workspace.collectionsRoot, manifest.name);
      moveSync(saved, dir);
    } else if (!existsSync(join(dir, COLLECTION_FILE))) {
      throw new Error(`The folder ${dir} no longer holds the collection, so it cannot be opened again.`);
    }
    try {
      workspace.open(dir, manifest.position);
    } catch (error) {
      throw new Error(error instanceof LoadError ? error.message : CANNOT_UNDO);
    }
    workspace.save();
  }

  private undoNode(manifest: NodeManifest, entryDir: string): void {
    const c = this.options.workspace.find(manifest.collectionId);
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
        mkdirSync(pathIn(c.dir, f.path), { recursive: true });
      });
      walkRequests(node, (r) => {
        const saved = join(entryDir, 'files', ...originals.get(r.id)!.split('/'));
        if (taken.files.has(r.file.toLowerCase()) || existsSync(pathIn(c.dir, r.file)))
          r.file = allocFile(c, taken, dirOf(r.file), r.name);
        else taken.files.add(r.file.toLowerCase());
        if (existsSync(saved)) moveSync(saved, pathIn(c.dir, r.file));
      });
      const siblings = childrenOf(c, folder);
      siblings.splice(Math.min(Math.max(0, manifest.index), siblings.length), 0, node);
      c.dirty = true;
    });
  }
}

/** Removes a deleted node's folders from disk, deepest first, when nothing is left in them. */
function deleteEmptyFolders(c: OpenCollection, node: IndexNode): void {
  const paths: string[] = [];
  walkFolders([node], (f) => paths.push(f.path));
  for (const path of paths.reverse()) {
    try {
      rmdirSync(pathIn(c.dir, path));
    } catch {
      // not empty (files nobody lists) or not there: leave it
    }
  }
}
