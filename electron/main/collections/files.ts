/**
 * File-system steps of the collections store: moving across drives, listing request files, and
 * keeping every path inside its collection's folder. A collection opened from elsewhere (a git
 * checkout) may hold symbolic links; followed, they would let a save land, or a read come, from
 * anywhere on the computer, so links are never listed and real paths are checked.
 */
import { cpSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute, resolve, sep } from 'node:path';
import { removeStaleTempFiles } from '../storage/durable-file';
import { REQUEST_SUFFIX } from './format';
import { rel } from './tree';

export const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** A rename that also works across drives (a collection opened from another disk, moved to the trash). */
export function moveSync(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    renameSync(from, to);
  } catch (error) {
    if (errno(error) !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** The real path of `path` (links resolved), or of its nearest existing folder with the rest appended. */
export function realPathOf(path: string): string {
  const rest: string[] = [];
  let at = path;
  for (;;) {
    try {
      return join(realpathSync(at), ...rest);
    } catch (error) {
      const parent = dirname(at);
      if (errno(error) !== 'ENOENT' || parent === at) throw error;
      rest.unshift(basename(at));
      at = parent;
    }
  }
}

/** True when `path`, links resolved, is `root` or inside it (`root` resolved too). */
export function staysInside(root: string, path: string): boolean {
  const inside = relative(realPathOf(root), realPathOf(path));
  return inside === '' || (!isAbsolute(inside) && inside !== '..' && !inside.startsWith(`..${sep}`));
}

const REPLACE_LINK = 'Replace the link with a real file or folder.';

export function outsideSentence(relPath: string): string {
  return `${relPath} leads outside the collection’s folder through a symbolic link, so the app neither reads nor writes it. ${REPLACE_LINK}`;
}

export function linkedSentence(relPath: string): string {
  return `its file ${relPath} is reached through a symbolic link, which the app does not follow. ${REPLACE_LINK}`;
}

/** Where a file or folder of the collection at `dir` is on disk; refused when a symbolic link would take it outside that folder. */
export function pathIn(dir: string, relPath: string): string {
  const path = join(dir, ...relPath.split('/'));
  if (!staysInside(dir, path)) throw new Error(outsideSentence(relPath));
  return path;
}

/** True when the file, or a folder on its way, is a symbolic link (listing skips those). */
export function isLinked(dir: string, relPath: string): boolean {
  const parts = relPath.split('/');
  return parts.some((_, i) => {
    try {
      return lstatSync(join(dir, ...parts.slice(0, i + 1))).isSymbolicLink();
    } catch {
      return false;
    }
  });
}

/** True when `dir` sits right inside `root` (a collection under <dataDir>/collections, rather than a folder opened elsewhere). */
export const directlyIn = (root: string, dir: string): boolean => resolve(dirname(dir)) === resolve(root);

/** The names in a folder; none when it cannot be listed (its absence is reported where it is made). */
export function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** Request files (relative paths) in a collection folder; hidden folders (.git) and symbolic links are skipped. Cleans temp files of killed writers. */
export function listRequestFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (folder: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) visit(join(folder, entry.name), rel(prefix, entry.name));
      else if (entry.name.endsWith(REQUEST_SUFFIX)) found.push(rel(prefix, entry.name));
      else if (/\.request\.json\.\d+\.[0-9a-f]+\.tmp$/.test(entry.name))
        removeStaleTempFiles(join(folder, entry.name.replace(/\.\d+\.[0-9a-f]+\.tmp$/, '')));
    }
  };
  visit(dir, '');
  return found.sort();
}
