#!/usr/bin/env node
// A large download through the app's real request:send, side by side with a bare https.get.
//
//   node bench/download.mjs [--bytes 104857600] [--runs 2] [--profile]
//   node bench/download.mjs --bytes 1073741824 --runs 1        the 1 GB case
//
// The sandbox (out/sandbox/cli.cjs, built first if missing) runs in its own process and serves
// GET /sandbox/v1/large?bytes=N. This process is the main process: the real services behind the
// real dispatch (the e2e bridge's bundle, `electron` → the test fake), with the sandbox as the Local
// sandbox target, so its API key is sent and masked in the body as the app does, and the formatting
// worker bundled from the sources as scripts/build.mjs bundles it. Each run reads the
// body once with a bare https.get (count the bytes, keep nothing), then sends it through
// request:send, and prints for each:
//   - request start → last byte, and the app's ÷ the bare read's (target ≤ 1.5×);
//   - last byte → the send's answer, and → the first formatted page read back through
//     response:lines (target ≤ 1.5 s); → every line formatted (response:formatting polled as the
//     viewer does, the lines so far at the answer beside it); then Control+End (the last page) and
//     a search for an item in the middle, through the response:* channels;
//   - the main process's RSS peak (sampled every 20 ms; target < 400 MB at 1 GB), the event loop's
//     longest stall and p99 during the send and from the body's first byte on (perf_hooks.
//     monitorEventLoopDelay; target ≤ 50 ms), while request:progress is polled as the sending bar
//     does; the bare read's own stalls are the machine's noise to read them against;
//   - the disk the response files take at their peak and at the end, ÷ the body (target ≤ 2.5×).
// --profile: the app's send runs under the V8 CPU profiler (this thread only); the functions with
// the most self time are printed and the .cpuprofile is written to the system's temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { loadBridgeMain } from '../e2e/support/bridge/load.mjs';
import { NODE_BUNDLE } from '../scripts/bundle.mjs';
import { numberArg } from './lib/args.mjs';
import { ROOT } from './support/app-bridge.mjs';

const BYTES = numberArg('--bytes', 100 * 1024 * 1024);
const RUNS = numberArg('--runs', BYTES > 512 * 1024 * 1024 ? 1 : 2);
const PROFILE = process.argv.includes('--profile');
const API_KEY = 'bench-download-key-5f0a7c2b9d10';
const ORIGIN = 'http://bench.invalid';
const MB = 1024 * 1024;

/** The sandbox in a process of its own; resolves with its origin and CA once it listens. */
async function startSandboxProcess() {
  const cli = join(ROOT, 'out/sandbox/cli.cjs');
  if (!existsSync(cli))
    spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--sandbox-only'], { stdio: 'inherit' });
  const caDir = mkdtempSync(join(tmpdir(), 'bench-download-ca-'));
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--ca-dir', caDir, '--api-key', API_KEY, '--no-user-token', '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const origin = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (data) => {
      out += data;
      const match = /URL\s+(https:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${out}`)));
  });
  child.stdout.resume();
  return {
    origin,
    caCertPem: readFileSync(join(caDir, 'ca.pem'), 'utf8'),
    pid: child.pid,
    close() {
      child.kill();
      rmSync(caDir, { recursive: true, force: true });
    },
  };
}

/**
 * Bare read: request start → last byte, keeping nothing; with the event loop's stalls meanwhile,
 * the machine's own noise to read the app's against.
 */
function bareRead(url, ca) {
  return new Promise((resolve, reject) => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    let bytes = 0;
    https
      .get(url, { ca, agent: new https.Agent({ ca }) }, (res) => {
        res.on('data', (chunk) => (bytes += chunk.length));
        res.once('end', () => {
          loop.disable();
          resolve({
            ms: performance.now() - started,
            bytes,
            stallMax: loop.max / 1e6,
            stallP99: loop.percentile(99) / 1e6,
          });
        });
        res.once('error', reject);
      })
      .once('error', reject);
  });
}

/** Bytes the files in `dir` take now (0 when it is gone). */
function folderBytes(dir) {
  let total = 0;
  try {
    for (const name of readdirSync(dir)) {
      try {
        total += statSync(join(dir, name)).size;
      } catch {
        // removed meanwhile
      }
    }
  } catch {
    // not there
  }
  return total;
}

/** Samples RSS (with this thread's heap, external and ArrayBuffer memory at its peak) and the response folder's size every 20 ms until stop(). */
function sampler(dir) {
  const peak = { rss: process.memoryUsage.rss(), disk: 0, usage: process.memoryUsage() };
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    // The whole usage (it costs more) only at a new peak.
    if (rss > peak.rss)
      Object.assign(peak, { rss, usage: rss > peak.usage.rss + MB ? process.memoryUsage() : peak.usage });
    peak.disk = Math.max(peak.disk, folderBytes(dir));
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

/** The functions with the most self time in a CPU profile, as "ms  name (file:line)". */
function topFunctions(profile, n = 20) {
  const usPerSample = (profile.endTime - profile.startTime) / profile.samples.length;
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const byName = new Map();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').slice(-2).join('/');
    const key = `${functionName || '(anonymous)'} ${file ? `(${file}:${lineNumber + 1})` : ''}`;
    byName.set(key, (byName.get(key) ?? 0) + (counts.get(node.id) ?? 0) * usPerSample);
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}

/** How long the thread was busy (every sample but idle) over the profile's span, as a sentence. */
function busyLine(profile) {
  const usPerSample = (profile.endTime - profile.startTime) / profile.samples.length;
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  const busy = profile.samples.filter((id) => !idle.has(id)).length * usPerSample;
  return `busy ${(busy / 1000).toFixed(0)} ms of ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`;
}

/** The id of the item in the middle of the sandbox's large document (ids count up; ~107 bytes each). */
const middleTerm = (bytes) => `"Apartment ${Math.floor(bytes / 107 / 2)}:`;

async function appDownload(world, url, bytes) {
  const responses = join(world.dataDir, 'responses');
  const loop = monitorEventLoopDelay({ resolution: 10 });
  // From the body's first byte on (the send's start builds the TLS context for the sandbox's CA once).
  const bodyLoop = monitorEventLoopDelay({ resolution: 10 });
  // Earlier runs' responses are still kept: count only what this send adds.
  const before = folderBytes(responses);
  const rssBefore = process.memoryUsage.rss();
  const samples = sampler(responses);
  const stopProfile = PROFILE ? await startProfile() : null;
  loop.enable();
  const started = performance.now();
  const requestId = `bench-${performance.now()}`;
  // As the sending bar asks: request:progress every 100 ms, through the dispatch.
  const poller = setInterval(async () => {
    const progress = await world.value('request:progress', { requestId }).catch(() => null);
    if (progress?.phase === 'receiving' && progress.doneBytes > 0) bodyLoop.enable();
  }, 100);
  const answer = await world.value('request:send', {
    requestId,
    method: 'GET',
    url,
    headers: [],
    body: '',
    environmentId: 'sandbox',
    auth: { mode: 'api-key' },
    collectionId: null,
    captures: [],
  });
  const answered = performance.now();
  clearInterval(poller);
  loop.disable();
  bodyLoop.disable();
  const profile = stopProfile ? await stopProfile() : null;
  if (answer.kind !== 'response' || answer.status !== 200 || !answer.bodyView)
    throw new Error(`request:send did not give a paged 200: ${JSON.stringify(answer).slice(0, 400)}`);
  const lastByte = started + answer.timings.totalMs;
  const { viewId } = answer.bodyView;
  await world.value('response:lines', { viewId, from: 0, count: 200 });
  const firstPage = performance.now();
  // The viewer polls the view's status while the worker formats the rest.
  let status = await world.value('response:formatting', { viewId });
  while (!status.formatting.done) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = await world.value('response:formatting', { viewId });
  }
  const formatted = performance.now();
  // The peaks include the formatting after the answer.
  const peak = samples.stop();
  const endStarted = performance.now();
  const end = await world.value('response:lines', { viewId, from: Math.max(0, status.lineCount - 200), count: 200 });
  const endMs = performance.now() - endStarted;
  const searchStarted = performance.now();
  const term = middleTerm(bytes);
  const found = await world.value('response:search', {
    viewId,
    jobId: `search-${performance.now()}`,
    query: term,
    caseSensitive: true,
  });
  const searchMs = performance.now() - searchStarted;
  const diskEnd = folderBytes(responses) - before;
  return {
    ms: answer.timings.totalMs,
    bodyBytes: answer.bodyBytes,
    answerMs: answered - lastByte,
    firstPageMs: firstPage - lastByte,
    formattedMs: formatted - lastByte,
    linesAtAnswer: answer.bodyView.lineCount,
    lineCount: status.lineCount,
    lastLine: end.lines.at(-1)?.text,
    endMs,
    searchMs,
    searchFound: found.total,
    rssPeak: peak.rss,
    usageAtPeak: peak.usage,
    rssBefore,
    diskPeak: peak.disk - before,
    diskEnd,
    stallMax: loop.max / 1e6,
    stallP99: loop.percentile(99) / 1e6,
    bodyStallMax: bodyLoop.max / 1e6,
    bodyStallP99: bodyLoop.percentile(99) / 1e6,
    profile,
  };
}

/** The formatting worker, bundled from the sources as scripts/build.mjs does, into `dir`. */
function buildFormatWorker(dir) {
  const outfile = join(dir, 'format-worker.cjs');
  buildSync({ ...NODE_BUNDLE, entryPoints: ['electron/main/response/format-worker.ts'], outfile, sourcemap: false });
  return outfile;
}

const sandbox = await startSandboxProcess();
const main = loadBridgeMain();
const parent = mkdtempSync(join(tmpdir(), 'bench-download-'));
const workers = mkdtempSync(join(tmpdir(), 'bench-download-workers-'));
main.setUserDataPath(parent);
const services = main.createMainServices({
  dataDir: parent,
  env: {},
  cipher: main.cipherFromSafeStorage(main.safeStorage, 'linux'),
  formatWorkerFile: buildFormatWorker(workers),
  sandbox: {
    origin: sandbox.origin,
    apiKey: API_KEY,
    caCertPem: sandbox.caCertPem,
    // Demo client credentials as long as the sandbox's own (it generates them): each is a secret the
    // app masks in the body, and one letter long, "y" would be looked for (and found) in every "balcony".
    oauthClient: { clientId: `bench-client-${randomUUID()}`, clientSecret: `bench-secret-${randomUUID()}` },
    authorizationUrl: `${sandbox.origin}/en/crm/authorization/`,
  },
});
const dispatch = main.dispatchForWindow(services.handlers, ORIGIN);
const world = {
  dataDir: parent,
  async value(channel, payload) {
    const envelope = await dispatch(channel, `${ORIGIN}/index.html`, payload);
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error}`);
    return envelope.value;
  },
};
await world.value('settings:update', {
  maxResponseMb: Math.max(200, Math.ceil(BYTES / MB) + 1),
  timeoutMs: 10 * 60 * 1000,
});

const url = `${sandbox.origin}/sandbox/v1/large?bytes=${BYTES}`;
const mb = (x) => `${(x / MB).toFixed(0)} MB`;
const ms = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
console.log(
  `Download of ${mb(BYTES)} of JSON from the sandbox (pid ${sandbox.pid}, ${sandbox.origin}), ${RUNS} run(s), Node ${process.version}`,
);
try {
  for (let run = 1; run <= RUNS; run++) {
    const bare = await bareRead(url, sandbox.caCertPem);
    const app = await appDownload(world, url, BYTES);
    const rows = [
      ['bare https.get: request start → last byte', `${ms(bare.ms)} (${mb(bare.bytes)})`],
      ['app request:send: request start → last byte', `${ms(app.ms)} (${mb(app.bodyBytes)})`],
      ['  app ÷ bare (target ≤ 1.5×)', `${(app.ms / bare.ms).toFixed(2)}×`],
      ['last byte → send answered', ms(app.answerMs)],
      ['last byte → first formatted page (response:lines; target ≤ 1.5 s)', ms(app.firstPageMs)],
      [
        'last byte → every line formatted (response:formatting)',
        `${ms(app.formattedMs)} (${app.linesAtAnswer} lines readable at the answer)`,
      ],
      ['last page (Control+End, response:lines)', `${ms(app.endMs)} (${app.lineCount} lines; last "${app.lastLine}")`],
      ['search for an item in the middle (response:search)', `${ms(app.searchMs)} (${app.searchFound} found)`],
      ['main-process RSS peak (target < 400 MB at 1 GB)', `${mb(app.rssPeak)} (${mb(app.rssBefore)} before the send)`],
      [
        '  at the peak: this thread’s heap used / total, external (of which ArrayBuffers)',
        `${mb(app.usageAtPeak.heapUsed)} / ${mb(app.usageAtPeak.heapTotal)}, ${mb(app.usageAtPeak.external)} (${mb(app.usageAtPeak.arrayBuffers)})`,
      ],
      [
        'event-loop stall during the send: max / p99 (target ≤ 50 ms)',
        `${ms(app.stallMax)} / ${ms(app.stallP99)} (bare read: ${ms(bare.stallMax)} / ${ms(bare.stallP99)})`,
      ],
      ['  of which from the body’s first byte to the answer', `${ms(app.bodyStallMax)} / ${ms(app.bodyStallP99)}`],
      [
        'response files: peak / at the end, ÷ body (target ≤ 2.5×)',
        `${mb(app.diskPeak)} / ${mb(app.diskEnd)}, ${(app.diskPeak / app.bodyBytes).toFixed(2)}× / ${(app.diskEnd / app.bodyBytes).toFixed(2)}×`,
      ],
    ];
    console.log(`\n--- run ${run}`);
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
    if (app.profile) {
      const file = join(tmpdir(), `bench-download-${process.pid}-${run}.cpuprofile`);
      writeFileSync(file, JSON.stringify(app.profile));
      console.log(`\n  CPU profile of the app's send (this thread), self time, written to ${file}:`);
      console.log(`  ${busyLine(app.profile)}`);
      for (const line of topFunctions(app.profile)) console.log(`  ${line}`);
    }
  }
} finally {
  await services.dispose();
  rmSync(parent, { recursive: true, force: true });
  rmSync(workers, { recursive: true, force: true });
  sandbox.close();
}
