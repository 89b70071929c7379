#!/usr/bin/env node
// Memory over many sends: 5,000 requests in a row through the app's request:send handler (set up as
// in bench/send-overhead.mjs: the Local sandbox environment pointed at a loopback HTTPS server, auth
// api-key, keep-alive). Issue figure: main-process RSS after a GC, after 5,000 sends, within 10% of
// the RSS after the first 500. Heap is reported too: history keeps at most 1,000 entries (their
// summaries in memory, bodies on disk), so the heap should level off once it is full.
//
//   node bench/memory.mjs [--sends 5000] [--baseline 500] [--every 500] [--runs 3] [--start app|defaults]
//
// Each run measures a fresh process. Every run measures it started two ways, side by side (see
// bench/lib/main-process.mjs): as the app starts its main process (the V8 flag and environment of
// scripts/main-process-tuning.mjs: that is the figure) and with V8's and glibc's defaults (to show
// what the settings change). --start picks one. The first run of each prints its table; then
// min – median – max over the runs. Node flags given to node reach the measured processes too.
// The server runs in a child process, so its memory is not counted.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { argsWithout, numberArg as arg } from './lib/args.mjs';
import { STARTS, currentStart, startFromArgs } from './lib/main-process.mjs';
import { appSender, bundleApp, minMedianMax, runFresh, startServer } from './lib/send-setup.mjs';

const LIMIT_PCT = 10;

if (!currentStart()) {
  const RUNS = arg('--runs', 3);
  const starts = process.argv.includes('--start') ? [startFromArgs()] : [STARTS.app, STARTS.defaults];
  const argv = argsWithout(['--runs', '--start']);
  const results = runFresh(
    fileURLToPath(import.meta.url),
    argv,
    RUNS,
    (r, run, start, output) => {
      if (run === 1) console.log(`\n--- started ${start.label}, run 1:\n${output.trim()}\n`);
      console.log(
        `run ${run}, ${start.name}: RSS ${(r.baseRss / 1048576).toFixed(1)} -> ${(r.lastRss / 1048576).toFixed(1)} MB (${(r.rssGrowth * 100).toFixed(1)}%), heap used ${(r.heapGrowth * 100).toFixed(1)}%, young generation ${(r.baseNew / 1048576).toFixed(1)} -> ${(r.lastNew / 1048576).toFixed(1)} MB resident`,
      );
    },
    { starts, extraExecArgv: ['--expose-gc'] },
  );
  console.log('');
  console.log(
    `over ${RUNS} run(s), min – median – max, RSS growth from ${arg('--baseline', 500)} to ${arg('--sends', 5000)} sends (target within ${LIMIT_PCT}%):`,
  );
  for (const start of starts) {
    const mmm = (key) => minMedianMax(results[start.name], key, (x) => `${(x * 100).toFixed(1)}%`);
    console.log(`  started ${start.label}: RSS ${mmm('rssGrowth')}; heap used ${mmm('heapGrowth')}`);
  }
  process.exit(0);
}
if (typeof global.gc !== 'function')
  throw new Error('the measured process needs --expose-gc (run this script without BENCH_MAIN_PROCESS_START set)');

const SENDS = arg('--sends', 5000);
const BASELINE = arg('--baseline', 500);
const EVERY = arg('--every', 500);
const JSON_RESULT = process.argv.includes('--json');

const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

const settle = () => new Promise((resolve) => setImmediate(resolve));
async function measure() {
  // Two full collections with a turn of the event loop between (finalizers, closed handles).
  global.gc();
  await settle();
  global.gc();
  await settle();
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [
      s.space_name,
      { size: s.space_size, physical: s.physical_space_size, used: s.space_used_size },
    ]),
  );
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    spaces,
  };
}

const work = mkdtempSync(join(tmpdir(), 'memory-bench-'));
let server = null;
let sender = null;
try {
  const started = performance.now();
  const load0 = loadavg();
  const app = bundleApp(work);
  const ca = app.createCertificateAuthority('Bench CA');
  server = await startServer(ca.issue({ hosts: ['127.0.0.1', 'localhost'] }));
  sender = appSender(app, { origin: server.origin, caCertPem: ca.certPem, dataDir: join(work, 'data') });

  const start = await measure();
  const points = [];
  let sent = 0;
  let sendMs = 0;
  while (sent < SENDS) {
    const next = sent < BASELINE ? BASELINE : Math.min(SENDS, sent + EVERY);
    const t = performance.now();
    for (; sent < next; sent++) await sender.send();
    sendMs += performance.now() - t;
    const m = await measure();
    const historyEntries = (await sender.services.handlers['history:list']({ limit: 5000 })).length;
    points.push({ sent, historyEntries, ...m });
  }
  const served = await server.requests();

  const base = points.find((p) => p.sent === BASELINE) ?? points[0];
  const last = points[points.length - 1];
  console.log(
    `memory over ${SENDS} sends of request:send (GET, api-key auth, keep-alive; ${served.requests} requests on ${served.connections} TLS connection(s); server in a child process)`,
  );
  const flags = process.execArgv.filter((a) => a !== '--expose-gc');
  console.log(
    `node ${process.version}, started ${currentStart().label}; V8 flags: ${flags.length ? flags.join(' ') : 'none'}; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '(unset)'}`,
  );
  console.log(`before the first send (after GC): RSS ${MB(start.rss)}, heap used ${MB(start.heapUsed)}`);
  console.log('');
  console.log('  sends  history     RSS        vs 500    heap used   vs 500    heap total  external   RSS-heap-ext');
  for (const p of points) {
    console.log(
      `${String(p.sent).padStart(7)}  ${String(p.historyEntries).padStart(7)}  ${MB(p.rss).padStart(9)}  ${pct(p.rss / base.rss - 1).padStart(8)}  ${MB(p.heapUsed).padStart(9)}  ${pct(p.heapUsed / base.heapUsed - 1).padStart(8)}  ${MB(p.heapTotal).padStart(9)}  ${MB(p.external).padStart(9)}  ${MB(p.rss - p.heapTotal - p.external).padStart(9)}`,
    );
  }
  const rssGrowth = last.rss / base.rss - 1;
  const heapGrowth = last.heapUsed / base.heapUsed - 1;
  // Growth over the second half, when history has been full (capped) for a while: a leak shows as a steady slope here.
  const mid = points.find((p) => p.sent >= SENDS / 2) ?? base;
  console.log('');
  console.log(
    `RSS after GC: ${MB(base.rss)} after ${base.sent} sends, ${MB(last.rss)} after ${last.sent}: ${pct(rssGrowth)} (target within ${LIMIT_PCT}%: ${Math.abs(rssGrowth) * 100 <= LIMIT_PCT ? 'MEETS' : 'DOES NOT MEET'})`,
  );
  console.log(
    `heap used after GC: ${MB(base.heapUsed)} -> ${MB(last.heapUsed)}: ${pct(heapGrowth)}; from ${mid.sent} to ${last.sent} sends: ${pct(last.heapUsed / mid.heapUsed - 1)} heap, ${pct(last.rss / mid.rss - 1)} RSS`,
  );
  // Where heap total (reserved by V8, part of RSS) changed: per space, size reserved / in memory (resident) / used.
  const spaceNames = Object.keys(last.spaces).filter(
    (name) => base.spaces[name] && (last.spaces[name].size > 0 || base.spaces[name].size > 0),
  );
  const space = (s) => `${MB(s.size)}/${MB(s.physical)}/${MB(s.used)}`;
  console.log(
    `V8 spaces after ${base.sent} -> ${last.sent} sends (reserved / resident / used): ${spaceNames.map((name) => `${name} ${space(base.spaces[name])} -> ${space(last.spaces[name])}`).join('; ')}`,
  );
  const v8Resident = (p) => Object.values(p.spaces).reduce((sum, x) => sum + x.physical, 0);
  console.log(
    `RSS change ${MB(last.rss - base.rss)}: V8 heap resident ${MB(v8Resident(last) - v8Resident(base))} (young generation ${MB(last.spaces.new_space.physical - base.spaces.new_space.physical)}), the rest (native: malloc arenas, code, buffers) ${MB(last.rss - base.rss - (v8Resident(last) - v8Resident(base)))}`,
  );
  console.log(
    `history holds ${last.historyEntries} entries (cap 1,000); ${(sendMs / SENDS).toFixed(2)} ms per send on average; load average ${load0.map((x) => x.toFixed(2)).join(' ')} at start, ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} at end; took ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (JSON_RESULT) {
    console.log(
      `RESULT ${JSON.stringify({ baseRss: base.rss, lastRss: last.rss, rssGrowth, heapGrowth, baseNew: base.spaces.new_space?.physical ?? 0, lastNew: last.spaces.new_space?.physical ?? 0 })}`,
    );
  }
} finally {
  await sender?.services.dispose();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}
