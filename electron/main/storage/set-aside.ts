/**
 * A file the app cannot read is never deleted or overwritten: it is renamed beside itself as
 * `<name>.broken-<time>`, so the user (or support) can still recover what it held.
 */
import { existsSync, renameSync } from 'node:fs';
import { basename } from 'node:path';

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Renames `file` to `<file>.broken-<time>` and returns the new base name. */
export function setAside(file: string): string {
  let target = `${file}.broken-${stamp()}`;
  for (let n = 2; existsSync(target); n++) target = `${file}.broken-${stamp()}-${n}`;
  renameSync(file, target);
  return basename(target);
}
