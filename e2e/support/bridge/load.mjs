/**
 * The bridge's two bundles (scripts/bundle.mjs), made once per process: main.ts for this Node
 * process and preload.ts for the page. Plain JavaScript, so that the benches import it too. The
 * main bundle is written under e2e/.cache, which playwright.config.ts tells Playwright not to
 * transpile again.
 */
import { join } from 'node:path';
import { browserScript, requireWithFakeElectron, ROOT } from '../../../scripts/bundle.mjs';

let main;
let preload;

export function loadBridgeMain() {
  main ??= requireWithFakeElectron('e2e/support/bridge/main.ts', { dir: join(ROOT, 'e2e/.cache') });
  return main;
}

export function bridgePreloadScript() {
  preload ??= browserScript('e2e/support/bridge/preload.ts');
  return preload;
}
