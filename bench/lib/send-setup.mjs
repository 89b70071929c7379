// Shared by bench/send-overhead.mjs and bench/memory.mjs (not a bench itself: run-all.mjs only runs
// bench/*.mjs, not this folder).
//
// - bundleApp(): bundles the main-process modules the send benches need (createMainServices and
//   friends) with esbuild into a temp .cjs, with `electron` pointing at the test fake.
// - startServer(): a loopback HTTPS server answering a small JSON body, in a child process (this
//   file, forked with --serve), so its CPU and memory are not the measured process's. With
//   { inProcess: true } it runs in this process instead (for comparison).
// - appSender(): the app's request:send handler, set up as the app does, against that server.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { STARTS, spawnAs } from './main-process.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(import.meta.url);

export const API_KEY = 'bench-api-key-0123456789abcdef';
/** What the server answers to every request (with X-API-KEY; 401 without). */
export const RESPONSE_BODY = JSON.stringify({
  transaction_id: '6f1c2a52-8d1e-4f1e-9a43-5f0a7c2b9d10',
  message: 'OK',
  data: { id: 1, name: 'bench' },
});

/** Bundles what the send benches use into `work`/app.cjs and loads it. */
export function bundleApp(work) {
  const entry = join(work, 'entry.ts');
  const p = (rel) => JSON.stringify(join(root, rel));
  writeFileSync(
    entry,
    [
      `export { createMainServices } from ${p('electron/main/services.ts')};`,
      `export { cipherFromSafeStorage } from ${p('electron/main/credentials/vault.ts')};`,
      `export { createCertificateAuthority } from ${p('electron/main/tls/certificates.ts')};`,
      `export { openHistoryStore } from ${p('electron/main/history/store.ts')};`,
      `export { historyEntry } from ${p('electron/main/history/entry.ts')};`,
      `export { conventionHeaderRows } from ${p('shared/headers.ts')};`,
      `export { safeStorage } from ${p('test/support/fake-electron.ts')};`,
    ].join('\n'),
  );
  const outfile = join(work, 'app.cjs');
  // esbuild is loaded lazily so that the --serve child does not need it.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    alias: { electron: join(root, 'test/support/fake-electron.ts') },
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

function createServer({ certPem, keyPem }) {
  const body = Buffer.from(RESPONSE_BODY);
  let count = 0;
  let connections = 0;
  const server = https.createServer({ cert: certPem, key: keyPem, keepAliveTimeout: 120_000 }, (req, res) => {
    count++;
    req.resume();
    req.on('end', () => {
      const ok = typeof req.headers['x-api-key'] === 'string' && req.headers['x-api-key'] !== '';
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json', 'Content-Length': ok ? body.length : 2 });
      res.end(ok ? body : '{}');
    });
  });
  server.on('secureConnection', () => connections++);
  return { server, count: () => ({ requests: count, connections }) };
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

/** Starts the HTTPS server; returns { origin, where, close(), requests() }; requests() gives { requests, connections } served so far. */
export async function startServer(certs, { inProcess = false } = {}) {
  if (inProcess) {
    const { server, count } = createServer(certs);
    const port = await listen(server);
    return {
      origin: `https://127.0.0.1:${port}`,
      where: 'in this process',
      requests: async () => count(),
      close: () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
  const child = fork(here, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const replies = [];
  const waiting = [];
  child.on('message', (m) => (waiting.length ? waiting.shift()(m) : replies.push(m)));
  const next = () =>
    new Promise((resolve, reject) => {
      if (replies.length) return resolve(replies.shift());
      const onExit = (code) => reject(new Error(`the server process exited (${code})`));
      child.once('exit', onExit);
      waiting.push((m) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  child.send({ type: 'start', certPem: certs.certPem, keyPem: certs.keyPem });
  const started = await next();
  if (started.type !== 'listening') throw new Error(`the server did not start: ${JSON.stringify(started)}`);
  return {
    origin: `https://127.0.0.1:${started.port}`,
    where: `in a child process (pid ${child.pid})`,
    async requests() {
      child.send({ type: 'count' });
      return (await next()).count;
    },
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

/**
 * The app's services, as the app sets them up, with this server as the Local sandbox target: its CA
 * trusted for the session and its API key in the Local sandbox environment (id 'sandbox').
 * send() calls handlers['request:send'] with a fresh request id and checks the answer is a 200.
 */
export function appSender(app, { origin, caCertPem, dataDir }) {
  const services = app.createMainServices({
    dataDir,
    env: {},
    cipher: app.cipherFromSafeStorage(app.safeStorage, 'linux'),
    sandbox: {
      origin,
      apiKey: API_KEY,
      caCertPem,
      // Demo client credentials as long as the sandbox's own: each is a secret the app masks in every
      // body, and a one-letter "y" would be looked for (and found) in every "balcony".
      oauthClient: { clientId: `bench-client-${randomUUID()}`, clientSecret: `bench-secret-${randomUUID()}` },
      authorizationUrl: `${origin}/en/crm/authorization/`,
    },
  });
  // Accept, Content-Type (dropped: a GET has no body) and User-Agent, as the UI seeds them.
  const headers = app.conventionHeaderRows({ crmName: 'Bench CRM' });
  let counter = 0;
  const request = () => ({
    requestId: `bench-${process.pid}-${++counter}`,
    method: 'GET',
    url: `${origin}/x`,
    headers,
    body: '',
    environmentId: 'sandbox',
    auth: { mode: 'api-key' },
    collectionId: null,
    captures: [],
  });
  let last = null;
  return {
    services,
    request,
    /** The last request sent and its result (for building realistic history entries). */
    last: () => last,
    async send() {
      const req = request();
      const result = await services.handlers['request:send'](req);
      if (result.kind !== 'response' || result.status !== 200) {
        throw new Error(`request:send did not get a 200: ${JSON.stringify(result).slice(0, 500)}`);
      }
      last = { request: req, result };
      return result;
    },
  };
}

export function stats(list) {
  const sorted = Float64Array.from(list).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    min: sorted[0],
    median: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1],
  };
}

/**
 * Runs `script` (a bench's own file) again `runs` times in fresh Node processes, each started every
 * way in `starts` (see ./main-process.mjs; the order alternates from run to run, so drift hits each
 * alike), with the given arguments plus --json; each child prints its figures as one
 * `RESULT {json}` line. Calls onRun(result, run, start, output) as each one ends; returns the
 * results by start name.
 */
export function runFresh(script, argv, runs, onRun, { starts = [STARTS.app], extraExecArgv = [] } = {}) {
  const results = Object.fromEntries(starts.map((start) => [start.name, []]));
  for (let run = 1; run <= runs; run++) {
    const order = run % 2 === 1 ? starts : [...starts].reverse();
    for (const start of order) {
      const child = spawnAs(start, script, [...argv, '--json'], { extraExecArgv, capture: true });
      const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (child.status !== 0 || !line) {
        process.stderr.write(child.stdout + child.stderr);
        throw new Error(`run ${run} (${start.label}) failed (exit ${child.status})`);
      }
      const result = JSON.parse(line.slice('RESULT '.length));
      results[start.name].push(result);
      onRun(
        result,
        run,
        start,
        child.stdout
          .split('\n')
          .filter((l) => !l.startsWith('RESULT '))
          .join('\n'),
      );
    }
  }
  return results;
}

/** "min – median – max" of one figure over several runs' results, each value formatted by `format`. */
export function minMedianMax(results, key, format) {
  const s = stats(results.map((r) => r[key]));
  return `${format(s.min)} – ${format(s.median)} – ${format(s.max)}`;
}

export const ms = (x) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(1)} ms`);

// --serve: the child-process server.
if (process.argv[2] === '--serve' && process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  let running = null;
  process.on('message', async (m) => {
    if (m.type === 'start') {
      running = createServer(m);
      const port = await listen(running.server);
      process.send({ type: 'listening', port });
    } else if (m.type === 'count') {
      process.send({ type: 'count', count: running ? running.count() : { requests: 0, connections: 0 } });
    } else if (m.type === 'stop') {
      running?.server.closeAllConnections();
      running?.server.close();
      process.disconnect();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
}
