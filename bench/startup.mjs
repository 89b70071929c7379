#!/usr/bin/env node
// Start-up bench: "the renderer build loaded in Chromium reaches data-app-state="ready" within
// 400 ms; the script also prints the gzipped size of the renderer's JavaScript."
//
//   npm run build && node bench/startup.mjs [--runs 10]
//
// out/renderer is served by the e2e's own static server (same CSP header, same path guard) and
// window.api is the e2e bridge (the preload's createApi over page.exposeBinding, calling the real
// main-process handlers in this Node process). Each run is a fresh browser context (cold: nothing
// cached, a new renderer process) with fresh main services over an empty data folder (first
// launch). A MutationObserver installed before any page script notes performance.now() — ms since
// navigation start — when #root gets data-app-state="ready". One warm-up run is shown apart.
//
// Not measured here: Electron's own start (binary, main process, BrowserWindow creation), and the
// bridge's transport differs from Electron's IPC (Playwright binding over CDP vs. Mojo); the ready
// state waits on three IPC calls (settings, credentials, collections).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, loadMain, openAppPage, preloadBridgeScript, RENDERER_DIR, requireRendererBuild, stats } from './support/app-bridge.mjs';

requireRendererBuild();
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
const BUDGET_MS = 400;
const RUN_TIMEOUT_MS = 15_000;

// Runs before the app's scripts: when does #root say "ready", and the page's other milestones.
const READY_PROBE = `(() => {
  const marks = (window.__benchStartup = { ready: null, fcp: null, firstIpc: null, lastIpcAnswer: null, ipcCalls: 0, preloadStart: window.__benchPreloadStart ?? null, preloadEnd: performance.now() });
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
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-app-state'] });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') marks.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
})();`;

const BEFORE_PRELOAD = 'window.__benchPreloadStart = performance.now();';

const ms = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(0)} ms`);

// Sizes first: they need no browser.
const assetsDir = join(RENDERER_DIR, 'assets');
const jsFiles = readdirSync(assetsDir).filter((name) => name.endsWith('.js')).sort();
const sizes = jsFiles.map((name) => {
  const bytes = readFileSync(join(assetsDir, name));
  return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});

const main = loadMain();
const preload = preloadBridgeScript();
const server = await main.serveStatic(RENDERER_DIR);
const browser = await launchChromium();
const samples = [];
let warmup = null;
let failures = 0;
try {
  for (let run = 0; run <= RUNS; run++) {
    const app = await openAppPage(browser, main, server.origin, preload, { beforePreload: [BEFORE_PRELOAD], initScripts: [READY_PROBE] });
    const problems = [];
    app.page.on('pageerror', (error) => problems.push(error.message));
    try {
      await app.page.goto(`${server.origin}/index.html`);
      await app.page.waitForFunction(() => window.__benchStartup.ready !== null, null, { timeout: RUN_TIMEOUT_MS, polling: 50 });
      const marks = await app.page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const script = performance.getEntriesByType('resource').find((r) => r.initiatorType === 'script' && r.name.endsWith('.js'));
        return { ...window.__benchStartup, responseEnd: nav.responseEnd, scriptStart: script ? script.requestStart : null, scriptEnd: script ? script.responseEnd : null, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
      });
      if (run === 0) warmup = marks;
      else samples.push(marks);
    } catch (error) {
      failures++;
      console.log(`run ${run}: did not become ready within ${RUN_TIMEOUT_MS / 1000} s (${error.message.split('\n')[0]})${problems.length ? `; page errors: ${problems.join(' | ')}` : ''}`);
    } finally {
      await app.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`Start-up: navigation start → data-app-state="ready", ${samples.length} fresh pages (new context each) in Chromium ${browser.version()}`);
if (samples.length) {
  const rows = [
    ['preload (bridge) starts', 'preloadStart'],
    ['preload (bridge) done', 'preloadEnd'],
    ['index.html received (responseEnd)', 'responseEnd'],
    ['app script requested', 'scriptStart'],
    ['app script received', 'scriptEnd'],
    ['DOMContentLoaded end', 'dcl'],
    ['first window.api call', 'firstIpc'],
    ['first contentful paint', 'fcp'],
    ['last window.api answer before ready', 'lastIpcAnswer'],
    ['data-app-state="ready"', 'ready'],
  ];
  const table = rows.map(([label, key]) => {
    const s = stats(samples.map((m) => m[key]).filter((v) => v !== null && v !== undefined));
    return [label, ms(s.min), ms(s.median), ms(s.max), ms(warmup?.[key])];
  });
  const head = ['', 'min', 'median', 'max', 'warm-up run'];
  const widths = head.map((_, i) => Math.max(...[head, ...table].map((r) => r[i].length)));
  const line = (r) => `${r[0].padEnd(widths[0])}  ${r.slice(1).map((c, i) => c.padStart(widths[i + 1])).join('  ')}`;
  console.log(line(head));
  for (const r of table) console.log(line(r));
  const ready = stats(samples.map((m) => m.ready));
  console.log(`all ready times: ${samples.map((m) => m.ready.toFixed(0)).join(', ')} ms`);
  console.log(`median ${ms(ready.median)} ${ready.median <= BUDGET_MS ? 'is within' : 'is OVER'} the ${BUDGET_MS} ms budget (max ${ms(ready.max)}).`);
}
if (failures) console.log(`${failures} run(s) did not become ready.`);

console.log('');
console.log('Renderer JavaScript (out/renderer/assets/*.js; gzip level 9):');
const nameWidth = Math.max(5, ...sizes.map((s) => s.name.length));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${'file'.padEnd(nameWidth)}  ${'raw'.padStart(10)}  ${'gzipped'.padStart(10)}`);
for (const s of sizes) console.log(`${s.name.padEnd(nameWidth)}  ${kb(s.raw).padStart(10)}  ${kb(s.gzip).padStart(10)}`);
const total = sizes.reduce((acc, s) => ({ raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip }), { raw: 0, gzip: 0 });
console.log(`${'total'.padEnd(nameWidth)}  ${kb(total.raw).padStart(10)}  ${kb(total.gzip).padStart(10)}   (${total.raw} / ${total.gzip} bytes)`);
