/** Where things are, relative to the repository root. */
import { fileURLToPath } from 'node:url';

const at = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export const ROOT = at('');
export const RENDERER_DIR = at('out/renderer');
export const MAIN_BUNDLE = at('out/main/index.cjs');
/** The JSONPath filter's worker thread, built beside the main bundle. */
export const FILTER_WORKER = at('out/main/filter-worker.cjs');
/** The worker thread that formats a large body as it arrives, built beside it. */
export const FORMAT_WORKER = at('out/main/format-worker.cjs');
/** The import's worker thread, built beside it. */
export const IMPORT_WORKER = at('out/main/import-worker.cjs');
