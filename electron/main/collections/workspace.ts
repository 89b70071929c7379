/**
 * Which collections are open, in which order, and workspace.json that remembers them across
 * restarts: folder names for collections under <dataDir>/collections, full paths for folders opened
 * elsewhere. An entry that could not be opened but may open later (saved by a newer app, unreadable
 * for now) is kept in the file, so that a passing problem does not make the user open it again.
 */
import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DurableFs } from '../storage/durable-file';
import { openJsonStore, type JsonStore } from '../storage/json-store';
import { directlyIn, namesIn } from './files';
import { COLLECTION_FILE } from './format';
import { LoadError, loadCollection } from './loading';
import { FILE_MODE, type OpenCollection, type WriteFile } from './open-collection';

const NOT_OPEN = 'That collection is no longer open.';

export interface WorkspaceOptions {
  dataDir: string;
  collectionsRoot: string;
  write: WriteFile;
  fs?: DurableFs;
  /** Where sentences about collections that could not be opened go. */
  problems: string[];
}

export class Workspace {
  private readonly cols = new Map<string, OpenCollection>();
  private order: string[] = [];
  /** Workspace entries kept although not open (saved by a newer version of the app). */
  private retained: string[] = [];
  private readonly file: JsonStore<{ collections: string[] }>;

  constructor(private readonly options: WorkspaceOptions) {
    this.file = openJsonStore<{ collections: string[] }>({
      file: join(options.dataDir, 'workspace.json'),
      holds: 'the list of open collections',
      whatToDo: 'Collections in the app’s data folder are open again; open any others again with Open folder.',
      defaults: { collections: [] },
      mode: FILE_MODE,
      fs: options.fs,
    });
  }

  get collectionsRoot(): string {
    return this.options.collectionsRoot;
  }

  /** The open collections, in order. */
  list(): OpenCollection[] {
    return this.order.map((id) => this.get(id));
  }

  /** Throws 'That collection is no longer open.' */
  get(collectionId: string): OpenCollection {
    const found = this.cols.get(collectionId);
    if (!found) throw new Error(NOT_OPEN);
    return found;
  }

  find(collectionId: string): OpenCollection | undefined {
    return this.cols.get(collectionId);
  }

  has(collectionId: string): boolean {
    return this.cols.has(collectionId);
  }

  /** The open collection whose folder is `dir`, if any. */
  openAt(dir: string): OpenCollection | undefined {
    return [...this.cols.values()].find((c) => resolve(c.dir) === dir);
  }

  positionOf(collectionId: string): number {
    return this.order.indexOf(collectionId);
  }

  /** Loads the collection in `dir` and opens it at `position`; throws a LoadError when it cannot. Saves nothing. */
  open(dir: string, position = this.order.length): OpenCollection {
    const col = loadCollection(dir, this.options.collectionsRoot, this.options.write);
    const same = this.cols.get(col.index.id);
    if (same)
      throw new LoadError(
        `The collection in ${col.dir} is the same collection (same id) as “${same.index.name}” in ${same.dir}, so it was not opened.`,
        false,
      );
    this.cols.set(col.index.id, col);
    this.order.splice(Math.min(position, this.order.length), 0, col.index.id);
    return col;
  }

  /** Drops the entry kept for `dir` (a resolved path) since it could not be opened: it is open now. */
  unretain(dir: string): void {
    this.retained = this.retained.filter((e) => resolve(this.options.collectionsRoot, e) !== dir);
  }

  close(collectionId: string): void {
    this.cols.delete(collectionId);
    this.order = this.order.filter((id) => id !== collectionId);
  }

  /** Writes workspace.json when the list changed. */
  save(): void {
    const entries = [...this.order.map((id) => this.entryFor(this.get(id).dir)), ...this.retained];
    const before = this.file.data().collections;
    if (JSON.stringify(before) !== JSON.stringify(entries))
      this.file.save({ ...this.file.data(), collections: entries });
  }

  /** At start: the workspace's collections in order, then any folder under collections/ it does not list. */
  openAll(): void {
    const root = this.options.collectionsRoot;
    for (const name of namesIn(root)) {
      if (/^\..*\.importing-[0-9a-f]+$/.test(name)) rmSync(join(root, name), { recursive: true, force: true });
    }
    const seen = new Set<string>();
    for (const entry of this.file.data().collections) {
      if (typeof entry !== 'string') continue;
      const dir = resolve(root, entry);
      if (seen.has(dir)) continue;
      seen.add(dir);
      if (!existsSync(dir)) {
        this.options.problems.push(`The collection folder ${dir} is no longer there, so it was closed.`);
        continue;
      }
      this.openOrRetain(dir);
    }
    for (const name of namesIn(root).sort()) {
      const dir = resolve(root, name);
      if (!name.startsWith('.') && !seen.has(dir) && existsSync(join(dir, COLLECTION_FILE))) this.openOrRetain(dir);
    }
    const notice = this.file.notice();
    if (notice) this.options.problems.push(notice);
    try {
      this.save();
    } catch (error) {
      // The app still starts (the list is in memory); the next change saves it again.
      this.options.problems.push((error as Error).message);
    }
  }

  private openOrRetain(dir: string): void {
    try {
      this.open(dir);
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      this.options.problems.push(error.message);
      if (error.keep) this.retained.push(this.entryFor(dir));
    }
  }

  private entryFor(dir: string): string {
    return directlyIn(this.options.collectionsRoot, dir) ? basename(dir) : resolve(dir);
  }
}
