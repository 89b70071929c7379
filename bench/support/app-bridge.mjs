// Shared by bench/startup.mjs, bench/large-response.mjs and bench/import.mjs: the renderer build in
// Debian's Chromium, with window.api wired to the real main-process handlers by the e2e's own bridge
// (e2e/support/bridge: the preload's createApi over page.exposeBinding, the handlers running in this
// Node process, `electron` resolved to test/support/fake-electron.ts). Only Electron's IPC pipe is replaced.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../../scripts/bundle.mjs';
import { electronSwitches } from '../../scripts/main-process-tuning.mjs';

export { ROOT };
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const VIEWPORT = { width: 1280, height: 820 };

/** Exits with the agreed message when the renderer build is missing. */
export function requireRendererBuild() {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.error('out/renderer/index.html is missing: run npm run build first.');
    process.exit(1);
  }
}

/** Chromium for the renderer benches, with the V8 flags Electron passes on from the app's command line to its renderers. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...electronSwitches(),
    ],
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

export async function openAppPage(
  browser,
  main,
  origin,
  preloadScript,
  { sandbox, initScripts = [], beforePreload = [], onInvoke, chunkAnswersAbove, onChunked } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'workbench-bench-data-'));
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const held = new Map();
  let nextId = 0;
  const answer = (channel, result, ms) => {
    onInvoke?.(channel, ms, result);
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
  };
  const services = await main.bridgePage(page, {
    origin,
    preloadScript,
    services: {
      dataDir,
      ...(sandbox ? { sandbox } : {}),
      filterWorkerFile: join(ROOT, 'out/main/filter-worker.cjs'),
      importWorkerFile: join(ROOT, 'out/main/import-worker.cjs'),
    },
    beforePreload,
    answer,
  });
  if (chunkAnswersAbove !== undefined) {
    await page.exposeBinding('__benchChunk', (_source, id, from) => {
      const text = held.get(id);
      const part = text.slice(from, from + CHUNK_CHARS);
      if (from + CHUNK_CHARS >= text.length) held.delete(id);
      return part;
    });
    await page.addInitScript({ content: CHUNK_JOINER });
  }
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
  return {
    min: sorted[0],
    median:
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2,
    max: sorted[sorted.length - 1],
  };
};
