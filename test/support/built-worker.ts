/**
 * A worker thread's entry bundled the way scripts/build.mjs bundles it (a CommonJS bundle for Node),
 * into a folder the caller owns: for tests that run the real worker thread rather than the same
 * work in the test's own thread.
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/** Bundles `entry` (a path from the repository root) into `dir`; returns the bundle's path. */
export function buildWorker(entry: string, dir: string): string {
  const outfile = join(dir, entry.replace(/^.*\//, '').replace(/\.ts$/, '.cjs'));
  buildSync({
    entryPoints: [join(import.meta.dirname, '../..', entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
