/** esbuild bundles the bridge needs, built once per worker process. */
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CACHE_DIR, FAKE_ELECTRON, ROOT } from './paths';

export type MainModule = typeof import('../bridge/main');

const entry = (name: string) => fileURLToPath(new URL(`../bridge/${name}`, import.meta.url));

let preloadScript: Promise<string> | undefined;
let mainModule: Promise<MainModule> | undefined;

/** The preload's createApi over the test transport, as a script for page.addInitScript. */
export function preloadBridgeScript(): Promise<string> {
  preloadScript ??= build({
    absWorkingDir: ROOT,
    entryPoints: [entry('preload-bridge.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return preloadScript;
}

/** The real main-process modules, with `electron` → the fake. */
export function loadMainModule(): Promise<MainModule> {
  mainModule ??= (async () => {
    mkdirSync(CACHE_DIR, { recursive: true });
    const outfile = join(CACHE_DIR, `main-${process.pid}.cjs`);
    await build({
      absWorkingDir: ROOT,
      entryPoints: [entry('main.ts')],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outfile,
      alias: { electron: FAKE_ELECTRON },
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    try {
      return createRequire(import.meta.url)(outfile) as MainModule;
    } finally {
      rmSync(outfile, { force: true });
    }
  })();
  return mainModule;
}
