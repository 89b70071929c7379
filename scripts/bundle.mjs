/**
 * How the app's TypeScript is bundled with esbuild, written once: scripts/build.mjs builds the app
 * with NODE_BUNDLE, and the e2e bridge, the benches and the main-entry test bundle main-process code
 * the same way. Code run outside Electron (requireWithFakeElectron) gets `electron` resolved to
 * test/support/fake-electron.ts: the real package downloads its binary when it is required.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FAKE_ELECTRON = join(ROOT, 'test/support/fake-electron.ts');

/** A CommonJS bundle for Node (package.json says "type": "module", hence .cjs), `electron` left to require(). */
export const NODE_BUNDLE = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron'],
  legalComments: 'none',
};

const require = createRequire(import.meta.url);

/**
 * Bundles `entry` (a path from the repository root) for this Node process, with `electron` → the fake,
 * and loads it. The bundle is written to a folder of its own under `dir` (default: the system's
 * temporary folder) and removed once loaded.
 */
export function requireWithFakeElectron(entry, { dir = tmpdir() } = {}) {
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, 'bundle-'));
  try {
    const outfile = join(work, 'bundle.cjs');
    buildSync({
      ...NODE_BUNDLE,
      entryPoints: [entry],
      outfile,
      external: [],
      alias: { electron: FAKE_ELECTRON },
      sourcemap: 'inline',
    });
    return require(outfile);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Bundles `entry` (a path from the repository root) into one script for a page (page.addInitScript). */
export function browserScript(entry) {
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}
