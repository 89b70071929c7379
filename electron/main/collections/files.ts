/**
 * File-system steps of the collections store: moving across drives, listing request files, and
 * keeping every path inside its collection's folder. A collection opened from elsewhere (a git
 * checkout) may hold symbolic links; followed, they would let a save land, or a read come, from
 * anywhere on the computer, so links are never listed and real paths are checked.
 */
import { cpSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute, sep } from 'node:path';
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
      else if (/\.request\.json\.\d+\.[0-9a-f]+\.tmp$/.test(entry.name)) removeStaleTempFiles(join(folder, entry.name.replace(/\.\d+\.[0-9a-f]+\.tmp$/, '')));
    }
  };
  visit(dir, '');
  return found.sort();
}
