#!/usr/bin/env node
// The collection runner against newman and a bare loop: N GETs (default 1,000) with one status
// check each, to a loopback HTTPS server in a child process, each side in a fresh Node process,
// wall time with process start included and peak RSS. Issue figures: workbench at least 10× faster
// than newman in the same run (goal under 1 s), peak RSS under 120 MB, --parallel 8 at least 3× the
// sequential throughput; with --large, RSS flat (within 10 %) from 1,000 to 10,000 requests.
//
//   node bench/runner.mjs [--requests 1000] [--rounds 3] [--no-newman] [--large]
//
// Sides, each round in turn (the order rotates, so drift hits each alike):
//   bare:        a Node process with https.request over a keep-alive agent, one after another,
//                the status compared — the floor
//   workbench:   node out/cli/workbench.cjs run <collection folder> -n N (status check, api-key auth,
//                cli reporter to a pipe), built first with scripts/build.mjs --cli-only
//   parallel 8:  the same with --parallel 8
//   newman:      newman run <Postman collection> -n N (pm.test on the status, cli reporter to a pipe)
// Peak RSS comes from process.resourceUsage().maxRSS, reported by a preload in each child.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberArg } from './lib/args.mjs';
import { API_KEY, root, startServer } from './lib/send-setup.mjs';

const REQUESTS = numberArg('--requests', 1000);
const ROUNDS = numberArg('--rounds', 3);
const NEWMAN = !process.argv.includes('--no-newman');
const LARGE = process.argv.includes('--large');
const require = createRequire(import.meta.url);

/** Certificates for the server: the app's own CA code, bundled for this process. */
function certificates(work) {
  const outfile = join(work, 'certificates.cjs');
  require('esbuild').buildSync({
    entryPoints: [join(root, 'electron/main/tls/certificates.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
  });
  const { createCertificateAuthority } = require(outfile);
  const ca = createCertificateAuthority('Runner bench CA');
  return { ca: ca.certPem, server: ca.issue({ hosts: ['127.0.0.1'] }) };
}

function writeInputs(work, origin, caPath) {
  const folder = join(work, 'collection');
  mkdirSync(folder);
  const request = {
    format: 'partner-api-workbench.request',
    version: 1,
    id: 'r1',
    name: 'Get x',
    method: 'GET',
    url: '{{baseUrl}}/x',
    headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
    body: [],
    auth: { mode: 'inherit' },
    captures: [],
    checks: [{ on: 'status', target: '', op: 'equals', expected: '200', enabled: true }],
  };
  writeFileSync(join(folder, 'get-x.request.json'), JSON.stringify(request));
  writeFileSync(
    join(folder, 'collection.json'),
    JSON.stringify({
      format: 'partner-api-workbench.collection',
      version: 1,
      id: 'c1',
      name: 'Bench',
      auth: { mode: 'api-key' },
      variables: [{ name: 'baseUrl', value: origin, enabled: true, secret: false }],
      items: [{ request: 'get-x.request.json', id: 'r1', name: 'Get x', method: 'GET' }],
    }),
  );
  const postman = join(work, 'postman.json');
  writeFileSync(
    postman,
    JSON.stringify({
      info: { name: 'Bench', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'Get x',
          request: {
            method: 'GET',
            header: [
              { key: 'Accept', value: 'application/json' },
              { key: 'X-API-KEY', value: '{{apiKey}}' },
            ],
            url: `${origin}/x`,
          },
          event: [
            {
              listen: 'test',
              script: { exec: ['pm.test("status is 200", function () { pm.response.to.have.status(200); });'] },
            },
          ],
        },
      ],
    }),
  );
  const bare = join(work, 'bare.cjs');
  writeFileSync(
    bare,
    `
const https = require('node:https');
const { readFileSync } = require('node:fs');
const agent = new https.Agent({ keepAlive: true, ca: readFileSync(${JSON.stringify(caPath)}, 'utf8') });
const get = () => new Promise((resolve, reject) => {
  const req = https.request(${JSON.stringify(`${origin}/x`)}, { agent, headers: { 'X-API-KEY': ${JSON.stringify(API_KEY)}, Accept: 'application/json' } }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (body += c));
    res.on('end', () => resolve({ status: res.statusCode, body }));
  });
  req.on('error', reject);
  req.end();
});
(async () => {
  let failed = 0;
  for (let i = 0; i < ${REQUESTS}; i++) if ((await get()).status !== 200) failed++;
  agent.destroy();
  if (failed) { console.error(failed + ' failed'); process.exitCode = 1; }
})();
`,
  );
  const rss = join(work, 'max-rss.cjs');
  writeFileSync(
    rss,
    "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nMAXRSS ${u.maxRSS} CPU ${(u.userCPUTime + u.systemCPUTime) / 1000}\\n`); });\n",
  );
  return { folder, postman, bare, rss };
}

/** Runs a node script in a fresh process; resolves with wall ms (start to exit), peak RSS in MB, and its exit code. */
function timed(args, env = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      const wall = performance.now() - started;
      const match = /MAXRSS (\d+) CPU ([\d.]+)/.exec(stderr);
      resolve({
        wall,
        rssMb: match ? Number(match[1]) / 1024 : NaN,
        cpu: match ? Number(match[2]) : NaN,
        code,
        stderr: stderr.replace(/\s*MAXRSS .*\s*$/, ''),
      });
    });
  });
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'runner-bench-'));
let server = null;
try {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--cli-only'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the workbench command failed');
  const certs = certificates(work);
  const caPath = join(work, 'ca.pem');
  writeFileSync(caPath, certs.ca);
  server = await startServer({ certPem: certs.server.certPem, keyPem: certs.server.keyPem });
  const inputs = writeInputs(work, server.origin, caPath);
  const cli = join(root, 'out/cli/workbench.cjs');
  const newman = join(root, 'node_modules/newman/bin/newman.js');
  const workbenchArgs = (n, extra = []) => [
    '--require',
    inputs.rss,
    cli,
    'run',
    inputs.folder,
    '-n',
    String(n),
    '--ssl-extra-ca-certs',
    caPath,
    ...extra,
  ];
  const sides = [
    { name: 'bare https.request loop', args: ['--require', inputs.rss, inputs.bare], env: {} },
    { name: 'workbench run', args: workbenchArgs(REQUESTS), env: { WORKBENCH_VAR_apiKey: API_KEY } },
    {
      name: 'workbench run --parallel 8',
      args: workbenchArgs(REQUESTS, ['--parallel', '8']),
      env: { WORKBENCH_VAR_apiKey: API_KEY },
    },
    ...(NEWMAN
      ? [
          {
            name: 'newman run',
            args: [
              '--require',
              inputs.rss,
              newman,
              'run',
              inputs.postman,
              '-n',
              String(REQUESTS),
              '--env-var',
              `apiKey=${API_KEY}`,
              '--ssl-extra-ca-certs',
              caPath,
              '-r',
              'cli',
            ],
            env: {},
          },
        ]
      : []),
  ];
  console.log(
    `${REQUESTS} GETs with one status check, loopback HTTPS server ${server.where}; ${ROUNDS} rounds, medians; process start included`,
  );
  const results = new Map(sides.map((side) => [side.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = sides.map((_, i) => sides[(i + round) % sides.length]);
    for (const side of order) {
      const result = await timed(side.args, side.env);
      if (result.code !== 0)
        throw new Error(`${side.name} failed (exit ${result.code}): ${result.stderr.slice(0, 500)}`);
      results.get(side.name).push(result);
    }
  }
  const figure = (name) => {
    const list = results.get(name);
    return {
      wall: median(list.map((r) => r.wall)),
      rss: median(list.map((r) => r.rssMb)),
      cpu: median(list.map((r) => r.cpu)),
    };
  };
  const bare = figure('bare https.request loop');
  const sequential = figure('workbench run');
  console.log('');
  console.log(
    `${'side'.padEnd(30)} ${'wall'.padStart(9)} ${'× bare'.padStart(7)} ${'CPU'.padStart(9)} ${'× bare'.padStart(7)} ${'peak RSS'.padStart(9)}`,
  );
  for (const side of sides) {
    const { wall, rss, cpu } = figure(side.name);
    const seconds = (x) => `${(x / 1000).toFixed(2)} s`.padStart(9);
    console.log(
      `${side.name.padEnd(30)} ${seconds(wall)} ${(wall / bare.wall).toFixed(1).padStart(7)} ${seconds(cpu)} ${(cpu / bare.cpu).toFixed(1).padStart(7)} ${`${rss.toFixed(0)} MB`.padStart(9)}`,
    );
  }
  console.log('');
  if (NEWMAN) {
    const newmanFigure = figure('newman run');
    console.log(
      `newman / workbench: ${(newmanFigure.wall / sequential.wall).toFixed(1)}× wall, ${(newmanFigure.cpu / sequential.cpu).toFixed(1)}× CPU (target ≥ 10×)`,
    );
  }
  console.log(`workbench peak RSS: ${sequential.rss.toFixed(0)} MB (target < 120 MB)`);
  console.log(
    `--parallel 8 speed-up: ${(sequential.wall / figure('workbench run --parallel 8').wall).toFixed(1)}× (target ≥ 3×; process start included in both)`,
  );
  if (LARGE) {
    const large = await timed(workbenchArgs(REQUESTS * 10), { WORKBENCH_VAR_apiKey: API_KEY });
    if (large.code !== 0) throw new Error(`the large run failed: ${large.stderr.slice(0, 500)}`);
    console.log(
      `${REQUESTS * 10} requests: ${(large.wall / 1000).toFixed(2)} s, peak RSS ${large.rssMb.toFixed(0)} MB (${((large.rssMb / sequential.rss - 1) * 100).toFixed(0)} % over ${REQUESTS}'s; target within 10 %)`,
    );
  }
  console.log(`server answered ${(await server.requests()).requests} requests`);
} finally {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}
