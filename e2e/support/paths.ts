/** Where things are, relative to the repository root. */
import { fileURLToPath } from 'node:url';

const at = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export const ROOT = at('');
export const RENDERER_DIR = at('out/renderer');
export const MAIN_BUNDLE = at('out/main/index.cjs');
/** The JSONPath filter's worker thread, built beside the main bundle. */
export const FILTER_WORKER = at('out/main/filter-worker.cjs');
/** The import's worker thread, built beside it. */
export const IMPORT_WORKER = at('out/main/import-worker.cjs');
/** Test-only bundles (gitignored). */
export const CACHE_DIR = at('e2e/.cache');
/** What the module name `electron` means in the test process: never the real package. */
export const FAKE_ELECTRON = at('test/support/fake-electron.ts');
