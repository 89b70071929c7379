#!/usr/bin/env node
// Large JSON responses through the UI.
//
//   npm run build && node bench/large-response.mjs [--sizes 2,10,25,50,100] [--budget 170]
//
// The issue's target for a 100 MB JSON body: first formatted screen within 1.5 s of the last byte;
// no renderer main-thread task over 200 ms while it renders, scrolls to the end and searches; the
// renderer's JS heap under 3× the body size. A body over 1 MiB is streamed to a file by the main
// process and pretty-printed as it arrives; the renderer gets the first lines with the answer and
// reads the rest in pages (the paged viewer), and searches run in the main process. Bodies up to
// 1 MiB still come whole and go to CodeMirror.
//
// How: the local HTTPS sandbox (startSandbox, its CA trusted by the main services) serves
// GET /sandbox/v1/large?bytes=N. For each size, a fresh app window (new browser context, fresh main
// services, empty data folder) runs the real renderer build in Debian's Chromium with window.api
// bridged to the real main-process handlers in this Node process (the e2e bridge). Through the UI:
// type the URL, click Send, wait for the status "200" and the first formatted body lines; click
// the response body, Control+End, wait for the last line; Ctrl+F, type a term from the middle of
// the document, Enter, wait for the selected match. Long tasks (PerformanceObserver 'longtask',
// installed before the app's scripts) are split by phase; the JS heap is CDP Runtime.getHeapUsage.
//
// Caveat, read it with the figures: the bridge carries window.api over Playwright's exposeBinding
// (the answer is JSON-serialised in Node, sent over the CDP pipe and parsed in the page), not
// Electron's IPC (structured clone over Mojo). The "bridge" column is that transport and is not
// what Electron would spend; everything else (main-process work, renderer work) is the app's own.
// The main-process handlers, the sandbox and Playwright's client share this one Node process, so
// "main-process event-loop block" is the longest stall of that process during the send.
import { performance as nodePerformance } from 'node:perf_hooks';
import { bridgePreloadScript, loadBridgeMain } from '../e2e/support/bridge/load.mjs';
import { launchChromium, openAppPage, RENDERER_DIR, requireRendererBuild } from './support/app-bridge.mjs';
import { numberArg, stringArg } from './lib/args.mjs';

requireRendererBuild();

const MB = 1024 * 1024;
const SIZES_MB = stringArg('--sizes', '2,10,25,50,100').split(',').map(Number);
// The whole run stays under about 3 minutes: each size gets its own cap, and never more than what
// is left of the overall budget.
const BUDGET_S = numberArg('--budget', 170);
const CAP_S = (mb) => (mb <= 2 ? 30 : mb <= 10 ? 45 : mb <= 25 ? 60 : mb <= 50 ? 75 : 90);
const QUIET_MS = 1000;
// Answers whose JSON is longer than this go to the page in pieces (see bench/support/app-bridge.mjs:
// Chromium's DevTools pipe drops the connection on a message over 100 MiB).
const CHUNK_ABOVE_CHARS = 80 * MB; // idle time after each phase, so its trailing tasks count for it

// Runs before the app's scripts (after the bridge's preload).
const PROBE = `(() => {
  const bench = (window.__bench = { longTasks: [], marks: {} });
  const mark = (name) => { bench.marks[name] = performance.now(); };
  // What the bench waits for (polled every frame); the first time each holds is marked.
  // The body is either CodeMirror (small bodies) or the paged viewer (large ones); both are labelled "Response body".
  const body = () => document.querySelector('[aria-label="Response body"]');
  const rows = () => body()?.querySelectorAll('.cm-line, [data-line]').length ?? 0;
  const checks = {
    statusVisible: () => /^[0-9]/.test((document.querySelector('[role="status"][aria-label="Response status"]')?.textContent ?? '').trim()),
    bodyVisible: () => !!body() && rows() > 5 && body().textContent.includes('"items"'),
    endVisible: () => !!body() && body().textContent.includes('"last": true'),
    searchOpen: () => !!document.activeElement?.matches('.cm-search input[name="search"], input[aria-label="Search response body"]'),
    matchVisible: (term) => (document.querySelector('.cm-searchMatch-selected, .current-match')?.closest('.cm-line, [data-line]')?.textContent ?? '').includes(term),
  };
  bench.until = (name, arg) => {
    const ok = checks[name](arg);
    if (ok && bench.marks[name] === undefined) mark(name);
    return ok;
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) { bench.longTaskError = String(error); }
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Send') mark('click');
  }, true);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'End' && event.ctrlKey) mark('ctrlEnd');
    if (event.key === 'f' && event.ctrlKey) mark('ctrlF');
    if (event.key === 'Enter' && !event.ctrlKey) mark('enter');
  }, true);
  // The bridge's binding: when the send's answer has arrived in the page (parsed, ready for React).
  const invoke = window.__workbenchInvoke;
  window.__workbenchInvoke = async (channel, payload) => {
    if (channel !== 'request:send') return invoke(channel, payload);
    mark('sendCalled');
    const answer = await invoke(channel, payload);
    mark('sendAnswered');
    return answer;
  };
})();`;

/** Items of the sandbox's large document, as electron/main/sandbox/server.ts writes them: the count fitting in `bytes`. */
function largeItemCount(bytes) {
  const item = (id) => {
    const rooms = (id % 5) + 1;
    const area = 28 + ((id * 37) % 140);
    const price = 150_000 + ((id * 7919) % 1_850_000);
    return `{"id":${id},"title":"Apartment ${id}: ${rooms} rooms, ${area} m2, balcony, near the metro","price":${price},"currency":"PLN"}`;
  };
  let used = '{"items":['.length + '],"last":true}'.length;
  let count = 0;
  for (;;) {
    const next = (count === 0 ? 0 : 1) + item(count).length;
    if (used + next > bytes) return count;
    used += next;
    count++;
  }
}

class TimedOut extends Error {}

/** The longest stall of this process's event loop between start() and stop() (a 10 ms ticker's longest gap). */
function stallMeter() {
  let last = 0;
  let timer = null;
  const meter = {
    max: 0,
    start() {
      last = nodePerformance.now();
      timer = setInterval(() => {
        const now = nodePerformance.now();
        meter.max = Math.max(meter.max, now - last);
        last = now;
      }, 10);
    },
    stop() {
      if (timer === null) return;
      meter.max = Math.max(meter.max, nodePerformance.now() - last); // a stall that ends right here counts
      clearInterval(timer);
      timer = null;
    },
  };
  return meter;
}

async function measure(browser, main, server, preload, sandbox, mb, capMs) {
  const bytes = Math.round(mb * MB);
  const term = `Apartment ${Math.floor(largeItemCount(bytes) / 2)}:`;
  const out = { mb, bytes, phase: 'opening the app', term };
  let send = null;
  const loop = stallMeter();
  const app = await openAppPage(browser, main, server.origin, preload, {
    sandbox,
    initScripts: [PROBE],
    chunkAnswersAbove: CHUNK_ABOVE_CHARS,
    onInvoke: (channel, ms, envelope) => {
      if (channel !== 'request:send') return;
      loop.stop(); // the handler's own stalls only, not the bridge's serialisation that follows
      send = { endWall: nodePerformance.timeOrigin + nodePerformance.now(), ms, envelope };
    },
    onChunked: (channel, chars, pieces) => {
      if (channel === 'request:send') out.chunked = { chars, pieces };
    },
  });
  const { page } = app;
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), capMs);
  });
  const run = (async () => {
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
    // Waits (polling every animation frame) until the probe's check `name` holds; the probe notes when it first did.
    const until = (name, arg) =>
      page.waitForFunction(
        ({ name, arg }) => window.__bench.until(name, arg),
        { name, arg },
        { polling: 'raf', timeout: 0 },
      );

    await page.goto(`${server.origin}/index.html`);
    await page.locator('#root[data-app-state="ready"]').waitFor({ timeout: 0 });
    out.heapBefore = await heap();

    out.phase = 'render';
    await page
      .getByRole('textbox', { name: 'URL', exact: true })
      .fill(`${sandbox.origin}/sandbox/v1/large?bytes=${bytes}`);
    loop.start();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await until('statusVisible');
    out.status = (await page.getByRole('status', { name: 'Response status', exact: true }).textContent()).trim();
    if (!out.status.startsWith('200')) throw new Error(`the status reads "${out.status}", not 200`);
    await until('bodyVisible');
    await page.waitForTimeout(QUIET_MS);
    out.heapRender = await heap();

    out.phase = 'scroll to end';
    await page
      .getByRole('textbox', { name: 'Response body', exact: true })
      .click({ position: { x: 260, y: 12 }, timeout: 0 }); // on the text of the first line, clear of the gutter's fold toggles;
    await page.keyboard.press('Control+End');
    await until('endVisible');
    await page.waitForTimeout(QUIET_MS);
    out.heapScroll = await heap();

    out.phase = 'search';
    await page.keyboard.press('Control+f');
    await until('searchOpen');
    await page.keyboard.type(term);
    await page.keyboard.press('Enter');
    await until('matchVisible', term);
    await page.waitForTimeout(QUIET_MS);
    out.heapSearch = await heap();
    await cdp.send('HeapProfiler.collectGarbage');
    out.heapAfterGc = await heap();
    out.phase = 'done';
  })();
  try {
    await Promise.race([run, deadline]);
  } catch (error) {
    out.failure =
      error instanceof TimedOut
        ? `did not finish in ${Math.round(capMs / 1000)} s (was at: ${out.phase})`
        : `failed at ${out.phase}: ${error.message.split('\n')[0]}`;
    run.catch(() => undefined);
  } finally {
    clearTimeout(timer);
    loop.stop();
    if (send) out.loopMaxMs = loop.max;
  }
  // Whatever was reached: the page's marks and long tasks (the page may be busy; do not wait long).
  const collected = await Promise.race([
    page.evaluate(() => ({
      marks: window.__bench.marks,
      longTasks: window.__bench.longTasks,
      longTaskError: window.__bench.longTaskError,
      origin: performance.timeOrigin,
    })),
    new Promise((resolve) => setTimeout(() => resolve(null), 5000)),
  ]).catch(() => null);
  out.marks = collected?.marks ?? {};
  out.longTasks = collected?.longTasks ?? null;
  out.longTaskError = collected?.longTaskError;
  out.timeOrigin = collected?.origin;
  if (send?.envelope?.ok && send.envelope.value.kind === 'response') {
    const value = send.envelope.value;
    out.handlerMs = send.ms;
    out.networkMs = value.timings.totalMs;
    out.bodyBytes = value.bodyBytes;
    out.prettyChars = value.bodyView ? 0 : value.body.length;
    out.pagedBytes = value.bodyView?.textBytes;
    out.firstLines = value.bodyView?.firstLines.length;
    out.handlerEndWall = send.endWall;
  } else if (send) {
    out.sendAnswer = send.envelope?.ok
      ? `${send.envelope.value.kind}${send.envelope.value.message ? `: ${send.envelope.value.message}` : ''}`
      : send.envelope?.error;
  }
  await app.close();
  return out;
}

function report(r) {
  const m = r.marks;
  const ms = (x) =>
    x === undefined || x === null || Number.isNaN(x)
      ? '—'
      : x >= 10_000
        ? `${(x / 1000).toFixed(1)} s`
        : `${Math.round(x)} ms`;
  const mbs = (x) => (x === undefined ? '—' : `${(x / MB).toFixed(0)} MB`);
  const since = (a, b) => (m[a] !== undefined && m[b] !== undefined ? m[b] - m[a] : undefined);
  // Long tasks that started in [from, to); with `inclusive`, also the task running at `to` (the
  // bridge's answer is delivered in a task that ends just after the page marks its arrival).
  const phaseTasks = (from, to, inclusive = false) => {
    if (!r.longTasks || m[from] === undefined) return '—';
    const end = to && m[to] !== undefined ? m[to] : Infinity;
    const tasks = r.longTasks.filter(
      (t) =>
        t.start >= m[from] - 1 &&
        (t.start < end || (inclusive && t.start <= end && t.start + t.duration >= end)) &&
        !(!inclusive && from === 'sendAnswered' && t.start <= m[from] && t.start + t.duration >= m[from]),
    );
    const longest = tasks.reduce((a, t) => Math.max(a, t.duration), 0);
    const over200 = tasks.filter((t) => t.duration > 200).length;
    return tasks.length
      ? `${tasks.length} long (${over200} > 200 ms), longest ${ms(longest)}, total ${ms(tasks.reduce((a, t) => a + t.duration, 0))}`
      : 'none';
  };
  // Wall clock (both processes share the machine's clock) for the main-process side.
  const pageWall = (name) => (m[name] !== undefined && r.timeOrigin !== undefined ? r.timeOrigin + m[name] : undefined);
  const handlerStartWall = r.handlerEndWall !== undefined ? r.handlerEndWall - r.handlerMs : undefined;
  const lastByteWall = handlerStartWall !== undefined ? handlerStartWall + r.networkMs : undefined;
  const rows = [
    ['status', r.status ?? r.sendAnswer ?? '—'],
    [
      'body: served / pretty-printed text sent whole over IPC',
      `${mbs(r.bodyBytes ?? r.bytes)} / ${r.prettyChars !== undefined ? `${mbs(r.prettyChars)} (${(r.prettyChars / r.bytes).toFixed(2)}×)` : '—'}`,
    ],
    [
      '  kept in the main process, read in pages (formatted text; lines sent with the answer)',
      r.pagedBytes !== undefined ? `${mbs(r.pagedBytes)}; ${r.firstLines} lines` : '—',
    ],
    ['click → status visible', ms(since('click', 'statusVisible'))],
    ['click → first formatted body lines visible', ms(since('click', 'bodyVisible'))],
    ['  request start → last byte (main, network)', ms(r.networkMs)],
    [
      '  last byte → handler done (main: decode, pretty-print, history)',
      ms(r.handlerMs !== undefined ? r.handlerMs - r.networkMs : undefined),
    ],
    [
      `  handler done → answer in page (bridge transport, not Electron IPC${r.chunked ? `; ${(r.chunked.chars / MB).toFixed(0)} MB of JSON in ${r.chunked.pieces} pieces` : ''})`,
      ms(
        pageWall('sendAnswered') !== undefined && r.handlerEndWall !== undefined
          ? pageWall('sendAnswered') - r.handlerEndWall
          : undefined,
      ),
    ],
    ['  answer in page → body visible (renderer: React + CodeMirror)', ms(since('sendAnswered', 'bodyVisible'))],
    [
      'last byte → first formatted screen (target ≤ 1.5 s; includes bridge)',
      ms(
        pageWall('bodyVisible') !== undefined && lastByteWall !== undefined
          ? pageWall('bodyVisible') - lastByteWall
          : undefined,
      ),
    ],
    ['main-process event-loop block, longest (click → handler done)', ms(r.loopMaxMs)],
    ['long tasks: send + render (target: none > 200 ms)', phaseTasks('click', 'ctrlEnd')],
    ['  of which up to the answer arriving in the page (bridge delivery)', phaseTasks('click', 'sendAnswered', true)],
    ['  of which after it (renderer: React + CodeMirror)', phaseTasks('sendAnswered', 'ctrlEnd')],
    ['Control+End → last line visible', ms(since('ctrlEnd', 'endVisible'))],
    ['long tasks: scroll to end', phaseTasks('ctrlEnd', 'ctrlF')],
    ['Enter → match in the middle selected and shown', ms(since('enter', 'matchVisible'))],
    ['long tasks: search (Ctrl+F, type, Enter)', phaseTasks('ctrlF', null)],
    ['JS heap: before send', mbs(r.heapBefore)],
    ['JS heap: after render / scroll / search', [r.heapRender, r.heapScroll, r.heapSearch].map(mbs).join(' / ')],
    [
      'JS heap after GC minus before send, ÷ body size',
      r.heapAfterGc !== undefined
        ? `${mbs(r.heapAfterGc - r.heapBefore)}  (${((r.heapAfterGc - r.heapBefore) / r.bytes).toFixed(2)}×)`
        : '—',
    ],
    [
      'JS heap after GC, and ÷ body size (target < 3×)',
      r.heapAfterGc !== undefined
        ? `${mbs(r.heapAfterGc)}  (${(r.heapAfterGc / r.bytes).toFixed(2)}×; highest sample ${(Math.max(r.heapRender ?? 0, r.heapScroll ?? 0, r.heapSearch ?? 0) / r.bytes).toFixed(2)}×)`
        : '—',
    ],
  ];
  console.log(`\n=== ${r.mb} MB JSON (${r.bytes} bytes; search term "${r.term}") ${r.failure ? `— ${r.failure}` : ''}`);
  if (r.longTaskError) console.log(`  (longtask observer failed: ${r.longTaskError})`);
  const width = Math.max(...rows.map((row) => row[0].length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

const started = Date.now();
const main = loadBridgeMain();
const preload = bridgePreloadScript();
const server = await main.serveStatic(RENDERER_DIR);
const sandbox = await main.startSandbox();
let browser = await launchChromium();
const version = browser.version();
console.log(
  `Large JSON responses through the UI, Chromium ${version}, sizes ${SIZES_MB.join(', ')} MB, overall budget ${BUDGET_S} s`,
);
try {
  for (const mb of SIZES_MB) {
    const left = BUDGET_S * 1000 - (Date.now() - started);
    const cap = Math.min(CAP_S(mb) * 1000, left);
    if (cap < 10_000) {
      console.log(`\n=== ${mb} MB JSON — skipped: the ${BUDGET_S} s budget is spent (raise it with --budget).`);
      continue;
    }
    report(await measure(browser, main, server, preload, sandbox, mb, cap));
    if (!browser.isConnected()) {
      console.log('  (the browser connection was lost; starting a new browser for the next size)');
      browser = await launchChromium();
    }
  }
} finally {
  await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]).catch(() => undefined);
  await sandbox.close();
  await server.close();
}
console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s.`);
// A handler still running for a size that timed out must not keep the process alive; Playwright
// kills the browser it launched on exit.
process.exit(process.exitCode ?? 0);
