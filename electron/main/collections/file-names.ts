/**
 * The names of a collection's files and folders on disk: slugs of what the user called them, unique
 * within their folder (-2, -3…) compared case-insensitively, because Windows and macOS treat
 * "Adverts" and "adverts" as one name and a teammate's checkout must not lose a file to another.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathIn } from './files';
import { REQUEST_SUFFIX, slugify, uniqueSlug } from './format';
import type { OpenCollection } from './open-collection';
import { rel } from './tree';

/** Names in use in a collection (lower-case relative paths), for picking unique slugs. */
export interface Taken {
  files: Set<string>;
  folders: Set<string>;
}

export const nothingTaken = (): Taken => ({ files: new Set(), folders: new Set() });

export function takenIn(col: OpenCollection): Taken {
  const taken = nothingTaken();
  for (const { node } of col.nodes.values()) {
    if (node.kind === 'request') taken.files.add(node.file.toLowerCase());
    else taken.folders.add(node.path.toLowerCase());
  }
  return taken;
}

/** Whether a relative path of a collection is already on disk. */
export type Exists = (relPath: string) => boolean;

/** On disk in an open collection, never through a link that leads outside it. */
export const existsIn =
  (col: OpenCollection): Exists =>
  (relPath) =>
    existsSync(pathIn(col.dir, relPath));

/** The first free `<slug><suffix>` in `folder`, neither in `inUse` nor on disk; it is added to `inUse`. */
function claim(inUse: Set<string>, folder: string, slug: string, suffix: string, exists: Exists): string {
  const free = uniqueSlug(slug, (candidate) => {
    const path = rel(folder, candidate + suffix);
    return inUse.has(path.toLowerCase()) || exists(path);
  });
  const path = rel(folder, free + suffix);
  inUse.add(path.toLowerCase());
  return path;
}

/** A request file for `name` in `folder`. */
export const fileFor = (taken: Taken, folder: string, name: string, exists: Exists): string =>
  claim(taken.files, folder, slugify(name, 'request'), REQUEST_SUFFIX, exists);

/** A folder for `name` in `parent`. */
export const folderFor = (taken: Taken, parent: string, name: string, exists: Exists): string =>
  claim(taken.folders, parent, slugify(name, 'folder'), '', exists);

export const allocFile = (col: OpenCollection, taken: Taken, folder: string, name: string): string =>
  fileFor(taken, folder, name, existsIn(col));
export const allocFolder = (col: OpenCollection, taken: Taken, parent: string, name: string): string =>
  folderFor(taken, parent, name, existsIn(col));

/** A new folder under `collectionsRoot` for a collection called `name`. */
export const newCollectionDir = (collectionsRoot: string, name: string): string =>
  join(
    collectionsRoot,
    uniqueSlug(slugify(name, 'collection'), (c) => existsSync(join(collectionsRoot, c))),
  );
