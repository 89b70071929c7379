#!/usr/bin/env node
// The renderer's JS heap with a large response open (issue 15's target: under 100 MB with a 1 GB body).
//
//   npm run build && node bench/renderer-heap.mjs [--bytes 1073741824]
//
// The real renderer build runs in Debian's Chromium with window.api bridged to the real main-process
// handlers in this Node process (the e2e bridge, as bench/large-response.mjs), and the local sandbox
// serves GET /sandbox/v1/large?bytes=N. Through the UI: the maximum response size is raised to hold
// the body, the request is sent, and once the first formatted lines show, the body is scrolled
// (the mouse wheel down and up, Page Down), taken to its end (Control+End, once every line is
// formatted) and searched for an item in the middle (Ctrl+F, Enter). The JS heap (CDP
// Runtime.getHeapUsage) is printed before the send and after each step, each after a forced
// collection (HeapProfiler.collectGarbage), with the highest sample taken every 100 ms meanwhile,
// without forcing one: what the renderer keeps, and what it needs at most. Nothing is asserted.
import { performance } from 'node:perf_hooks';
import { bridgePreloadScript, loadBridgeMain } from '../e2e/support/bridge/load.mjs';
import { numberArg } from './lib/args.mjs';
import { launchChromium, openAppPage, RENDERER_DIR, requireRendererBuild } from './support/app-bridge.mjs';

requireRendererBuild();

const MB = 1024 * 1024;
const BYTES = numberArg('--bytes', 1024 * MB);
const WHEEL_STEPS = 300;

/** The id of the item in the middle of the sandbox's large document (ids count up; ~107 bytes each). */
const middleTerm = (bytes) => `Apartment ${Math.floor(bytes / 107 / 2)}:`;

/** Samples the page's JS heap every 100 ms; `peak()` is the highest so far, `reset()` starts again. */
function heapSampler(cdp) {
  let highest = 0;
  const sample = async () => {
    const { usedSize } = await cdp.send('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }));
    highest = Math.max(highest, usedSize);
  };
  const timer = setInterval(sample, 100);
  return {
    peak: () => highest,
    reset: () => (highest = 0),
    stop: () => clearInterval(timer),
  };
}

async function run(browser, main, server, preload, sandbox) {
  const app = await openAppPage(browser, main, server.origin, preload, { sandbox });
  const { page } = app;
  const cdp = await page.context().newCDPSession(page);
  const collected = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const rows = [];
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const body = page.getByRole('textbox', { name: 'Response body', exact: true });
  const text = (pattern) => body.getByText(pattern).first().waitFor({ timeout: 0 });
  try {
    await page.goto(`${server.origin}/index.html`);
    await page.locator('#root[data-app-state="ready"]').waitFor({ timeout: 0 });
    await page.evaluate(
      (mb) => window.api.settings.update({ maxResponseMb: mb, timeoutMs: 10 * 60 * 1000 }),
      Math.max(200, Math.ceil(BYTES / MB) + 1),
    );
    rows.push(['before the send', await collected(), null]);
    const sampler = heapSampler(cdp);

    await page
      .getByRole('textbox', { name: 'URL', exact: true })
      .fill(`${sandbox.origin}/sandbox/v1/large?bytes=${BYTES}`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await text('"items"');
    rows.push([`first formatted screen (at ${seconds()})`, await collected(), sampler.peak()]);

    sampler.reset();
    const box = await body.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < WHEEL_STEPS; i++) await page.mouse.wheel(0, 4000);
    for (let i = 0; i < WHEEL_STEPS / 2; i++) await page.mouse.wheel(0, -4000);
    await body.click({ position: { x: 260, y: 12 } });
    for (let i = 0; i < 100; i++) await page.keyboard.press('PageDown');
    await page.locator('.pb-loading').first().waitFor({ state: 'detached', timeout: 0 });
    rows.push([`scrolled (${WHEEL_STEPS * 1.5} wheel turns, 100 Page Downs)`, await collected(), sampler.peak()]);

    sampler.reset();
    await page.getByRole('status', { name: 'Formatting', exact: true }).waitFor({ state: 'hidden', timeout: 0 });
    await page.keyboard.press('Control+End');
    await text('"last": true');
    rows.push([`every line formatted, Control+End (at ${seconds()})`, await collected(), sampler.peak()]);

    sampler.reset();
    const term = middleTerm(BYTES);
    await page.keyboard.press('Control+f');
    await page.keyboard.type(term);
    await page.keyboard.press('Enter');
    await body.locator('.current-match').filter({ hasText: term }).first().waitFor({ timeout: 0 });
    for (let i = 0; i < 20; i++) await page.keyboard.press('Enter');
    rows.push([`searched "${term}" (at ${seconds()})`, await collected(), sampler.peak()]);
    sampler.stop();
    const lineCount = await body.getAttribute('data-line-count').catch(() => null);
    return { rows, lineCount };
  } finally {
    await app.close();
  }
}

const main = loadBridgeMain();
const preload = bridgePreloadScript();
const server = await main.serveStatic(RENDERER_DIR);
const sandbox = await main.startSandbox();
const browser = await launchChromium();
console.log(
  `The renderer's JS heap with a ${(BYTES / MB).toFixed(0)} MB JSON response open, Chromium ${browser.version()}`,
);
try {
  const { rows, lineCount } = await run(browser, main, server, preload, sandbox);
  const mb = (x) => `${(x / MB).toFixed(1)} MB`;
  const labels = rows.map(([label]) => label);
  const width = Math.max(...labels.map((label) => label.length));
  console.log(`  ${'step'.padEnd(width)}  after a forced GC / highest meanwhile (target < 100 MB)`);
  for (const [label, after, peak] of rows)
    console.log(`  ${label.padEnd(width)}  ${mb(after)} / ${peak === null ? '—' : mb(peak)}`);
  if (lineCount) console.log(`  (${Number(lineCount).toLocaleString('en')} lines)`);
} finally {
  await browser.close().catch(() => undefined);
  await sandbox.close();
  await server.close();
}
