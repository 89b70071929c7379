// Shared by bench/startup.mjs and bench/large-response.mjs: the renderer build in Debian's Chromium,
// with window.api wired to the real main-process handlers the way the e2e bridge does it
// (e2e/fixtures.ts): the preload's createApi over page.exposeBinding, the handlers running in this
// Node process, `electron` resolved to test/support/fake-electron.ts. Only Electron's IPC pipe is replaced.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { chromium } from 'playwright-core';
import { electronSwitches } from '../../scripts/main-process-tuning.mjs';

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
      alias: { electron: join(ROOT, 'test/support/fake-electron.ts') },
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

/** Chromium for the renderer benches, with the V8 flags Electron passes on from the app's command line to its renderers. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...electronSwitches()],
  });
}

/**
 * A fresh app window: a temp data folder, fresh main services, a new browser context and page with
 * the bridge installed, `beforePreload` scripts added before it and `initScripts` after it. Navigation is left to the caller.
 * `onInvoke(channel, ms, result)` is told how long each handler took in the main process.
 */
// Chromium's DevTools pipe closes the connection on a message over 100 MiB ("Connection closed,
// not enough capacity"), so the bridge cannot hand the page a bigger answer in one piece. With
// `chunkAnswersAbove` set, an answer whose JSON is longer than that is kept here and the page pulls
// it in pieces through a second binding, then parses it (CHUNK_JOINER, between the preload and the
// caller's init scripts). Electron's IPC has no such step; the bench reports when it was used.
const CHUNK_CHARS = 16 * 1024 * 1024;
const CHUNK_JOINER = `(() => {
  const invoke = window.__workbenchInvoke;
  window.__workbenchInvoke = async (channel, payload) => {
    const answer = await invoke(channel, payload);
    if (!answer || !answer.__benchChunked) return answer;
    const { id, length } = answer.__benchChunked;
    const parts = [];
    for (let from = 0; from < length; from += ${CHUNK_CHARS}) parts.push(await window.__benchChunk(id, from));
    return JSON.parse(parts.join(''));
  };
})();`;

export async function openAppPage(browser, main, origin, preloadScript, { sandbox, initScripts = [], beforePreload = [], onInvoke, chunkAnswersAbove, onChunked } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'workbench-bench-data-'));
  main.setUserDataPath(dataDir);
  const services = main.createMainServices({
    dataDir,
    ...(sandbox ? { sandbox } : {}),
    cipher: main.cipherFromSafeStorage(main.safeStorage, 'linux'),
    filterWorkerFile: join(ROOT, 'out/main/filter-worker.cjs'),
    importWorkerFile: join(ROOT, 'out/main/import-worker.cjs'),
  });
  const dispatch = main.createDispatch(services.handlers, (url) => main.isTrustedSender(url, origin));
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const held = new Map();
  let nextId = 0;
  await page.exposeBinding('__workbenchInvoke', async ({ frame }, channel, payload) => {
    const started = performance.now();
    const result = await dispatch(channel, frame.url(), payload);
    onInvoke?.(channel, performance.now() - started, result);
    if (chunkAnswersAbove !== undefined) {
      const text = JSON.stringify(result);
      if (text.length > chunkAnswersAbove) {
        const id = nextId++;
        held.set(id, text);
        onChunked?.(channel, text.length, Math.ceil(text.length / CHUNK_CHARS));
        return { __benchChunked: { id, length: text.length } };
      }
    }
    return result;
  });
  if (chunkAnswersAbove !== undefined) {
    await page.exposeBinding('__benchChunk', (_source, id, from) => {
      const text = held.get(id);
      const part = text.slice(from, from + CHUNK_CHARS);
      if (from + CHUNK_CHARS >= text.length) held.delete(id);
      return part;
    });
  }
  for (const content of beforePreload) await page.addInitScript({ content });
  await page.addInitScript({ content: preloadScript });
  if (chunkAnswersAbove !== undefined) await page.addInitScript({ content: CHUNK_JOINER });
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
