#!/usr/bin/env node
// Send-path overhead: the app's request:send handler (validation, variables, credentials, axios,
// history append) against a bare https.request loop, to the same loopback HTTPS server, keep-alive on
// both, small requests sent one after another. Issue figure: median ratio app/bare <= 2.2.
//
//   node bench/send-overhead.mjs [--rounds 5] [--per-round 400] [--warmup 300] [--in-process-server]
//                                [--runs N] [--profile] [--start app|defaults]
//
// --runs N runs the whole bench N times, each in a fresh process, and prints min – median – max of
// its figures over the runs (the machine's other tenants move single runs a lot). --profile adds,
// after the measurement, a CPU breakdown of one more batch of each path: where B's time goes per
// request (self time by source module: app modules, axios, Node's http/tls/streams, GC, idle).
// Neither changes what is measured or compared. The measured process is started as the app starts
// its main process (scripts/main-process-tuning.mjs; see bench/lib/main-process.mjs), or with V8's
// and glibc's defaults with --start defaults.
//
// Paths, interleaved round by round (the first path alternates, so drift and noise hit both alike):
//   A  bare:    https.request + https.Agent({ keepAlive: true, ca }), body read to a string
//   B  app:     services.handlers['request:send'] (Local sandbox environment, auth api-key)
//   H  history: historyEntry() + history.append() alone, on a separate store (what B spends on
//               recording history), to show the ratio with history excluded — informative only.
// Per-request wall times (performance.now around each await); also the client process's CPU time
// per request (process.cpuUsage), which the other tenants of the machine disturb less than wall time.
// The server runs in a child process by default (like a remote server, its work is not this
// process's); --in-process-server puts it on this process's event loop instead.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { breakdown, profile } from './lib/cpu-profile.mjs';
import { argsWithout, numberArg as arg } from './lib/args.mjs';
import { currentStart, spawnAs, startFromArgs } from './lib/main-process.mjs';
import { API_KEY, appSender, bundleApp, minMedianMax, ms, runFresh, startServer, stats } from './lib/send-setup.mjs';

const ROUNDS = arg('--rounds', 5);
const PER_ROUND = arg('--per-round', 400);
const WARMUP = arg('--warmup', 300);
const IN_PROCESS = process.argv.includes('--in-process-server');
const RUNS = arg('--runs', 1);
const PROFILE = process.argv.includes('--profile');
const JSON_RESULT = process.argv.includes('--json');
const TARGET = 2.2;

if (RUNS > 1) {
  // Fresh processes, one after another; each prints its figures as one JSON line.
  const argv = argsWithout(['--runs', '--start'], ['--profile']);
  const start = startFromArgs();
  console.log(`measured process started ${start.label}`);
  const results = runFresh(
    fileURLToPath(import.meta.url),
    argv,
    RUNS,
    (r, run) => {
      console.log(
        `run ${run}: median ratio B/A ${r.roundMedian.toFixed(2)} (rounds ${r.roundMin.toFixed(2)}–${r.roundMax.toFixed(2)}), pooled ${r.pooled.toFixed(2)}, history excluded ${r.withoutHistory.toFixed(2)}, CPU B/A ${r.cpuRatio.toFixed(2)}; A median ${ms(r.aMedian)}, B median ${ms(r.bMedian)}, B CPU/req ${ms(r.bCpu)}; load ${r.load.toFixed(2)}`,
      );
    },
    { starts: [start] },
  )[start.name];
  const mmm = (key, digits = 2) => minMedianMax(results, key, (x) => x.toFixed(digits));
  console.log('');
  console.log(`over ${RUNS} runs, min – median – max:`);
  console.log(`  median ratio B/A (median of each run's rounds): ${mmm('roundMedian')}   (target <= ${TARGET})`);
  console.log(`  median ratio B/A (each run's requests pooled):  ${mmm('pooled')}`);
  console.log(`  with history recording excluded:                ${mmm('withoutHistory')}`);
  console.log(`  CPU time per request B/A:                       ${mmm('cpuRatio')}`);
  console.log(`  B CPU per request (ms):                         ${mmm('bCpu', 3)};  A: ${mmm('aCpu', 3)}`);
  process.exit(0);
}
if (!currentStart()) {
  // Measured in a process started the way asked for (its V8 flags are set when it starts).
  const child = spawnAs(startFromArgs(), fileURLToPath(import.meta.url), process.argv.slice(2));
  if (child.error) throw child.error;
  process.exit(child.status ?? 1);
}

const work = mkdtempSync(join(tmpdir(), 'send-overhead-bench-'));
let server = null;
let sender = null;
try {
  const started = performance.now();
  const load0 = loadavg();
  const app = bundleApp(work);
  const ca = app.createCertificateAuthority('Bench CA');
  const leaf = ca.issue({ hosts: ['127.0.0.1', 'localhost'] });
  server = await startServer(leaf, { inProcess: IN_PROCESS });
  const { origin } = server;
  const url = new URL(`${origin}/x`);

  // A: bare https.request, the same headers the app sends (axios advertises Accept-Encoding).
  const agent = new https.Agent({ keepAlive: true, ca: ca.certPem });
  const bareHeaders = {
    Accept: 'application/json',
    'User-Agent': 'Bench CRM',
    'X-API-KEY': API_KEY,
    'Accept-Encoding': 'gzip, deflate, br',
  };
  const bare = () =>
    new Promise((resolve, reject) => {
      const req = https.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'GET', agent, headers: bareHeaders },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`bare request got ${res.statusCode}`));
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });

  // B: the app's handler.
  sender = appSender(app, { origin, caCertPem: ca.certPem, dataDir: join(work, 'data') });

  // H: history recording alone, on its own store (default cap: 1,000 entries), fed with B's real shapes.
  mkdirSync(join(work, 'history-only'));
  const history = app.openHistoryStore({ dataDir: join(work, 'history-only') });
  const recordHistory = () => {
    const { result } = sender.last();
    const request = sender.request();
    history.append(app.historyEntry(request, request.url, result, [API_KEY]));
  };

  const paths = {
    A: { name: 'bare https.request', run: bare, times: [], cpu: [], rounds: [] },
    B: { name: 'app request:send', run: () => sender.send(), times: [], cpu: [], rounds: [] },
    H: { name: 'history append alone', run: async () => recordHistory(), times: [], cpu: [], rounds: [] },
  };

  const runBatch = async (path, n, record) => {
    const times = new Float64Array(n);
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await path.run();
      times[i] = performance.now() - t;
    }
    const wall = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);
    if (record) {
      path.times.push(...times);
      path.cpu.push((cpu.user + cpu.system) / 1000 / n);
      path.rounds.push({ ...stats(times), cpuPerReq: (cpu.user + cpu.system) / 1000 / n, wallPerReq: wall / n });
    }
  };

  // Warm-up (not measured): connections open, code paths JIT-compiled.
  await runBatch(paths.A, WARMUP, false);
  await runBatch(paths.B, WARMUP, false);
  await runBatch(paths.H, WARMUP, false);

  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['A', 'B', 'H'] : ['H', 'B', 'A'];
    for (const key of order) await runBatch(paths[key], PER_ROUND, true);
  }
  const load1 = loadavg();
  const served = await server.requests();

  // Report.
  const f2 = (x) => x.toFixed(2);
  console.log(
    `send-path overhead: ${ROUNDS} rounds x ${PER_ROUND} sequential GET requests per path (+${WARMUP} warm-up each), keep-alive, server ${server.where}`,
  );
  console.log(
    `response body ${Buffer.byteLength(await bare())} bytes; server answered ${served.requests} requests on ${served.connections} TLS connections; node ${process.version}, started ${currentStart().label}`,
  );
  console.log('');
  console.log('per-request wall time      min       median    p90       p99       max       CPU/req (this process)');
  for (const key of ['A', 'B', 'H']) {
    const p = paths[key];
    const s = stats(p.times);
    const cpu = stats(p.cpu);
    console.log(
      `${key} ${p.name.padEnd(22)}  ${[s.min, s.median, s.p90, s.p99, s.max].map((x) => ms(x).padEnd(8)).join('  ')}  ${ms(cpu.median)}`,
    );
  }
  console.log('');
  console.log('round  first  A median  B median  H median   B/A median  (B-H)/A   B/A CPU');
  const roundRatios = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = paths.A.rounds[r];
    const b = paths.B.rounds[r];
    const h = paths.H.rounds[r];
    roundRatios.push(b.median / a.median);
    console.log(
      `${String(r + 1).padStart(5)}  ${r % 2 === 0 ? 'A    ' : 'H, B '}  ${ms(a.median).padStart(8)}  ${ms(b.median).padStart(8)}  ${ms(h.median).padStart(8)}   ${f2(b.median / a.median).padStart(10)}  ${f2((b.median - h.median) / a.median).padStart(8)}   ${f2(b.cpuPerReq / a.cpuPerReq).padStart(7)}`,
    );
  }
  const A = stats(paths.A.times);
  const B = stats(paths.B.times);
  const H = stats(paths.H.times);
  const rr = stats(roundRatios);
  const overall = B.median / A.median;
  const cpuRatio = stats(paths.B.cpu).median / stats(paths.A.cpu).median;
  console.log('');
  const verdict = (x) => (x <= TARGET ? 'meets' : 'does not meet');
  console.log(
    `median ratio B/A, per round: min ${f2(rr.min)} – median ${f2(rr.median)} – max ${f2(rr.max)}  (median of rounds ${verdict(rr.median)} <= ${TARGET})`,
  );
  console.log(
    `median ratio B/A, all ${PER_ROUND * ROUNDS} requests pooled: ${f2(overall)}  (target <= ${TARGET}: ${overall <= TARGET ? 'MEETS' : 'DOES NOT MEET'})`,
  );
  console.log(
    `informative: with history recording excluded, (median B - median H) / median A = ${f2((B.median - H.median) / A.median)}; CPU time per request B/A = ${f2(cpuRatio)}`,
  );
  console.log(
    `noise: load average ${load0.map(f2).join(' ')} at start, ${load1.map(f2).join(' ')} at end (2 shared cores); A's round medians spread ${ms(stats(paths.A.rounds.map((r) => r.median)).min)}–${ms(stats(paths.A.rounds.map((r) => r.median)).max)}; took ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (JSON_RESULT) {
    const result = {
      roundMin: rr.min,
      roundMedian: rr.median,
      roundMax: rr.max,
      pooled: overall,
      withoutHistory: (B.median - H.median) / A.median,
      cpuRatio,
      aMedian: A.median,
      bMedian: B.median,
      aCpu: stats(paths.A.cpu).median,
      bCpu: stats(paths.B.cpu).median,
      load: (load0[0] + load1[0]) / 2,
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  }
  if (PROFILE) {
    // One more batch of each path under the CPU profiler (after the measurement, so it does not disturb it).
    const a = await profile(paths.A.run, PER_ROUND);
    const b = await profile(paths.B.run, PER_ROUND);
    const bundle = join(work, 'app.cjs');
    const rows = breakdown(b, bundle);
    const aRows = breakdown(a, bundle);
    const busy = (list) => list.filter((r) => r.area !== 'idle (waiting)').reduce((sum, r) => sum + r.usPerRequest, 0);
    console.log('');
    console.log(
      `CPU breakdown under the profiler (${PER_ROUND} more requests each; profiling slows both): self time per request by source area`,
    );
    console.log(
      `  A bare: ${busy(aRows).toFixed(0)} µs busy per request (${aRows
        .filter((r) => r.area !== 'idle (waiting)')
        .slice(0, 4)
        .map((r) => `${r.area} ${r.usPerRequest.toFixed(0)}`)
        .join(', ')}); B app: ${busy(rows).toFixed(0)} µs busy per request:`,
    );
    for (const row of rows) {
      if (row.usPerRequest < 2 && row.area !== 'idle (waiting)') continue;
      console.log(`    ${row.usPerRequest.toFixed(1).padStart(7)} µs  ${row.area}`);
    }
  }
  agent.destroy();
} finally {
  await sender?.services.dispose();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}
