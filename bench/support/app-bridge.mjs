// Shared by bench/startup.mjs and bench/large-response.mjs: the renderer build in Debian's Chromium,
// with window.api wired to the real main-process handlers the way the e2e bridge does it
// (e2e/fixtures.ts): the preload's createApi over page.exposeBinding, the handlers running in this
// Node process, `electron` resolved to test/fake-electron.ts. Only Electron's IPC pipe is replaced.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const VIEWPORT = { width: 1280, height: 820 };

/** Exits with the agreed message when the renderer build is missing. */
export function requireRendererBuild() {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.error('out/renderer/index.html is missing: run npm run build first.');
    process.exit(1);
  }
}

/**
 * The main-process side, bundled once into a temp folder: everything e2e/bridge/main.ts exports
 * (createMainServices, createDispatch, isTrustedSender, startSandbox, cipherFromSafeStorage, the
 * fake's safeStorage, setUserDataPath, …) plus the e2e's static server (serveStatic).
 */
export function loadMain() {
  const work = mkdtempSync(join(tmpdir(), 'workbench-bench-'));
  try {
    const outfile = join(work, 'main.cjs');
    buildSync({
      stdin: {
        contents: "export * from './e2e/bridge/main.ts';\nexport { serveStatic } from './e2e/support/static-server.ts';\n",
        resolveDir: ROOT,
        sourcefile: 'bench-main-entry.ts',
        loader: 'ts',
      },
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      alias: { electron: join(ROOT, 'test/fake-electron.ts') },
      logLevel: 'warning',
    });
    return createRequire(import.meta.url)(outfile);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The bridge's preload (e2e/bridge/preload-bridge.ts) as a script for page.addInitScript. */
export function preloadBridgeScript() {
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'e2e/bridge/preload-bridge.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh app window: a temp data folder, fresh main services, a new browser context and page with
 * the bridge installed and `initScripts` added after it. Navigation is left to the caller.
 * `onInvoke(channel, ms, result)` is told how long each handler took in the main process.
 */
export async function openAppPage(browser, main, origin, preloadScript, { sandbox, initScripts = [], onInvoke } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'workbench-bench-data-'));
  main.setUserDataPath(dataDir);
  const services = main.createMainServices({
    dataDir,
    ...(sandbox ? { sandbox } : {}),
    cipher: main.cipherFromSafeStorage(main.safeStorage, 'linux'),
  });
  const dispatch = main.createDispatch(services.handlers, (url) => main.isTrustedSender(url, origin));
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.exposeBinding('__workbenchInvoke', async ({ frame }, channel, payload) => {
    const started = performance.now();
    const result = await dispatch(channel, frame.url(), payload);
    onInvoke?.(channel, performance.now() - started, result);
    return result;
  });
  await page.addInitScript({ content: preloadScript });
  for (const content of initScripts) await page.addInitScript({ content });
  return {
    page,
    context,
    dataDir,
    async close() {
      await context.close().catch(() => undefined);
      await services.dispose().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const stats = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2, max: sorted[sorted.length - 1] };
};
