#!/usr/bin/env node
// Start-up bench: "the renderer build loaded in Chromium reaches data-app-state="ready" within
// 400 ms; the script also prints the gzipped size of the renderer's JavaScript."
//
//   npm run build && node bench/startup.mjs [--runs 10] [--poll]
//
// out/renderer is served by the e2e's own static server (same CSP header, same path guard) and
// window.api is the e2e bridge (the preload's createApi over page.exposeBinding, calling the real
// main-process handlers in this Node process). Each run is a fresh browser context (cold: nothing
// cached, a new renderer process) with fresh main services over an empty data folder (first
// launch). A MutationObserver installed before any page script notes performance.now() — ms since
// navigation start — when #root gets data-app-state="ready", and says so on the console, which this
// script waits for: nothing of Playwright's is evaluated in the page before then (waitForFunction
// would evaluate Playwright's injected script in the page while the app starts; --poll does that,
// as the first version of this script did). One warm-up run is shown apart.
// Also noted, not part of the figure: when the request body's editor (CodeMirror, a chunk of its
// own that the app loads once it is ready) is there. Sizes are split into the JavaScript
// index.html loads (initial) and the chunks loaded later (lazy).
//
// Not measured here: Electron's own start (binary, main process, BrowserWindow creation), and the
// bridge's transport differs from Electron's IPC (Playwright binding over CDP vs. Mojo); the ready
// state waits on three IPC calls (settings, credentials, collections).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bridgePreloadScript, loadBridgeMain } from '../e2e/support/bridge/load.mjs';
import { launchChromium, openAppPage, RENDERER_DIR, requireRendererBuild, stats } from './support/app-bridge.mjs';
import { numberArg } from './lib/args.mjs';

requireRendererBuild();
const RUNS = numberArg('--runs', 10);
const BUDGET_MS = 400;
const RUN_TIMEOUT_MS = 15_000;
// --poll: wait the way the first version did (page.waitForFunction), for comparison with its figures.
const POLL = process.argv.includes('--poll');

// Runs before the app's scripts: when does #root say "ready", and the page's other milestones.
const READY_PROBE = `(() => {
  const marks = (window.__benchStartup = { ready: null, editor: null, fcp: null, firstIpc: null, lastIpcAnswer: null, ipcCalls: 0, preloadStart: window.__benchPreloadStart ?? null, preloadEnd: performance.now() });
  // The bridge's binding (installed before init scripts): when the app first asks the main process
  // for something, and when the last answer before "ready" came back.
  const invoke = window.__workbenchInvoke;
  window.__workbenchInvoke = async (...args) => {
    if (marks.firstIpc === null) marks.firstIpc = performance.now();
    marks.ipcCalls++;
    try {
      return await invoke(...args);
    } finally {
      if (marks.ready === null) marks.lastIpcAnswer = performance.now();
    }
  };
  const check = () => {
    const root = document.getElementById('root');
    if (marks.ready === null && root && root.getAttribute('data-app-state') === 'ready') {
      marks.ready = performance.now();
      console.debug('bench:ready');
    }
    if (marks.editor === null && document.querySelector('[role="textbox"][aria-label="Request body"]')) {
      marks.editor = performance.now();
      console.debug('bench:editor');
    }
    if (marks.ready !== null && marks.editor !== null) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-app-state', 'role', 'aria-label'] });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') marks.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
})();`;

const BEFORE_PRELOAD = 'window.__benchPreloadStart = performance.now();';

const ms = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(0)} ms`);

// Sizes first: they need no browser.
const assetsDir = join(RENDERER_DIR, 'assets');
const jsFiles = readdirSync(assetsDir)
  .filter((name) => name.endsWith('.js'))
  .sort();
// Initial: what index.html names (its module script and modulepreload links); lazy: the rest.
const indexHtml = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
const initialNames = new Set([...indexHtml.matchAll(/(?:src|href)="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]));
const sizes = jsFiles.map((name) => {
  const bytes = readFileSync(join(assetsDir, name));
  return { name, initial: initialNames.has(name), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});

const main = loadBridgeMain();
const preload = bridgePreloadScript();
const server = await main.serveStatic(RENDERER_DIR);
const browser = await launchChromium();
const samples = [];
let warmup = null;
let failures = 0;
try {
  for (let run = 0; run <= RUNS; run++) {
    const handlerMs = {};
    const onInvoke = (channel, took) => {
      handlerMs[channel] ??= took; // the first call of each channel: the start-up ones
    };
    const app = await openAppPage(browser, main, server.origin, preload, {
      beforePreload: [BEFORE_PRELOAD],
      initScripts: [READY_PROBE],
      onInvoke,
    });
    const problems = [];
    app.page.on('pageerror', (error) => problems.push(error.message));
    try {
      if (POLL) {
        // The first version of this bench: Playwright's waitForFunction, which evaluates Playwright's
        // injected script in the page's main world while the app is still starting (it slows it).
        await app.page.goto(`${server.origin}/index.html`);
        await app.page.waitForFunction(() => window.__benchStartup.ready !== null, null, {
          timeout: RUN_TIMEOUT_MS,
          polling: 50,
        });
        await app.page
          .waitForFunction(() => window.__benchStartup.editor !== null, null, { timeout: 5_000, polling: 50 })
          .catch(() => undefined);
      } else {
        // The probe says "ready" (and "editor") on the console: nothing is evaluated in the page until then.
        const said = (text, timeout) =>
          app.page.waitForEvent('console', { predicate: (message) => message.text() === text, timeout });
        const ready = said('bench:ready', RUN_TIMEOUT_MS);
        const editor = said('bench:editor', RUN_TIMEOUT_MS + 5_000).catch(() => undefined);
        await app.page.goto(`${server.origin}/index.html`);
        await ready;
        // Not part of the figure: how long after "ready" the body editor is there (null if it never came).
        await editor;
      }
      const marks = await app.page.evaluate(
        (initial) => {
          const nav = performance.getEntriesByType('navigation')[0];
          const resources = performance.getEntriesByType('resource');
          const script = resources.find((r) => r.initiatorType === 'script' && r.name.endsWith('.js'));
          const initialJs = resources.filter((r) => initial.some((name) => r.name.endsWith(`/assets/${name}`)));
          const initialJsEnd = initialJs.length ? Math.max(...initialJs.map((r) => r.responseEnd)) : null;
          return {
            ...window.__benchStartup,
            responseEnd: nav.responseEnd,
            scriptStart: script ? script.requestStart : null,
            scriptEnd: script ? script.responseEnd : null,
            initialJsEnd,
            dcl: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
          };
        },
        [...initialNames],
      );
      marks.handlerMs = handlerMs;
      if (run === 0) warmup = marks;
      else samples.push(marks);
    } catch (error) {
      failures++;
      console.log(
        `run ${run}: did not become ready within ${RUN_TIMEOUT_MS / 1000} s (${error.message.split('\n')[0]})${problems.length ? `; page errors: ${problems.join(' | ')}` : ''}`,
      );
    } finally {
      await app.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(
  `Start-up: navigation start → data-app-state="ready", ${samples.length} fresh pages (new context each) in Chromium ${browser.version()}`,
);
if (samples.length) {
  const rows = [
    ['preload (bridge) starts', 'preloadStart'],
    ['preload (bridge) done', 'preloadEnd'],
    ['index.html received (responseEnd)', 'responseEnd'],
    ['app script requested', 'scriptStart'],
    ['app script received', 'scriptEnd'],
    ["all of index.html's JS received", 'initialJsEnd'],
    ['DOMContentLoaded end', 'dcl'],
    ['first window.api call', 'firstIpc'],
    ['first contentful paint', 'fcp'],
    ['last window.api answer before ready', 'lastIpcAnswer'],
    ['data-app-state="ready"', 'ready'],
    ['(not in the figure) request body editor there', 'editor'],
  ];
  const table = rows.map(([label, key]) => {
    const s = stats(samples.map((m) => m[key]).filter((v) => v !== null && v !== undefined));
    return [label, ms(s.min), ms(s.median), ms(s.max), ms(warmup?.[key])];
  });
  const head = ['', 'min', 'median', 'max', 'warm-up run'];
  const widths = head.map((_, i) => Math.max(...[head, ...table].map((r) => r[i].length)));
  const line = (r) =>
    `${r[0].padEnd(widths[0])}  ${r
      .slice(1)
      .map((c, i) => c.padStart(widths[i + 1]))
      .join('  ')}`;
  console.log(line(head));
  for (const r of table) console.log(line(r));
  const ready = stats(samples.map((m) => m.ready));
  console.log(`all ready times: ${samples.map((m) => m.ready.toFixed(0)).join(', ')} ms`);
  console.log(
    `median ${ms(ready.median)} ${ready.median <= BUDGET_MS ? 'is within' : 'is OVER'} the ${BUDGET_MS} ms budget (min ${ms(ready.min)}, max ${ms(ready.max)}).`,
  );
  const channels = [...new Set(samples.flatMap((m) => Object.keys(m.handlerMs)))];
  const handlerRows = channels
    .map((channel) => {
      const s = stats(samples.map((m) => m.handlerMs[channel]).filter((v) => v !== undefined));
      return `${channel} ${ms(s.min)} / ${ms(s.median)} / ${ms(s.max)}`;
    })
    .join('; ');
  if (channels.length)
    console.log(
      `main-process handler time of the first call of each channel (min / median / max; in this Node process, not the page): ${handlerRows}`,
    );
  const editorGap = samples.filter((m) => m.editor !== null).map((m) => Math.max(0, m.editor - m.ready));
  if (editorGap.length) {
    const gap = stats(editorGap);
    console.log(
      `the request body editor was there ${ms(gap.min)} / ${ms(gap.median)} / ${ms(gap.max)} (min / median / max) after "ready"${editorGap.length < samples.length ? `; in ${samples.length - editorGap.length} run(s) it never came` : ''}.`,
    );
  } else console.log('the request body editor never came (5 s after "ready").');
}
if (failures) console.log(`${failures} run(s) did not become ready.`);

console.log('');
console.log('Renderer JavaScript (out/renderer/assets/*.js; gzip level 9):');
const nameWidth = Math.max(5, ...sizes.map((s) => s.name.length));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${'file'.padEnd(nameWidth)}  ${'raw'.padStart(10)}  ${'gzipped'.padStart(10)}  loaded`);
for (const s of sizes)
  console.log(
    `${s.name.padEnd(nameWidth)}  ${kb(s.raw).padStart(10)}  ${kb(s.gzip).padStart(10)}  ${s.initial ? 'by index.html' : 'later (import())'}`,
  );
const sum = (list) => list.reduce((acc, s) => ({ raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip }), { raw: 0, gzip: 0 });
const total = sum(sizes);
const initial = sum(sizes.filter((s) => s.initial));
const lazy = sum(sizes.filter((s) => !s.initial));
console.log(
  `${'initial'.padEnd(nameWidth)}  ${kb(initial.raw).padStart(10)}  ${kb(initial.gzip).padStart(10)}   (${initial.raw} / ${initial.gzip} bytes)`,
);
console.log(
  `${'lazy'.padEnd(nameWidth)}  ${kb(lazy.raw).padStart(10)}  ${kb(lazy.gzip).padStart(10)}   (${lazy.raw} / ${lazy.gzip} bytes)`,
);
console.log(
  `${'total'.padEnd(nameWidth)}  ${kb(total.raw).padStart(10)}  ${kb(total.gzip).padStart(10)}   (${total.raw} / ${total.gzip} bytes)`,
);
