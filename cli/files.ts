/** Files the command line names, read whole; one that cannot be read is a UsageError naming it (its base name, never the path). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from './args';

export function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `The ${what} ${basename(path)} cannot be read${code === 'ENOENT' ? ': it does not exist' : ` (${code ?? 'unreadable'})`}.`,
    );
  }
}

export function readText(path: string, what: string): string {
  return readBytes(path, what).toString('utf8');
}
