/** File-system steps of the collections store: moving across drives, listing request files. */
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Request files (relative paths) in a collection folder; hidden folders (.git) are skipped. Cleans temp files of killed writers. */
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
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) visit(join(folder, entry.name), rel(prefix, entry.name));
      else if (entry.name.endsWith(REQUEST_SUFFIX)) found.push(rel(prefix, entry.name));
      else if (/\.request\.json\.\d+\.[0-9a-f]+\.tmp$/.test(entry.name)) removeStaleTempFiles(join(folder, entry.name.replace(/\.\d+\.[0-9a-f]+\.tmp$/, '')));
    }
  };
  visit(dir, '');
  return found.sort();
}
