/**
 * The built `workbench` command, spawned as CI spawns it, against the real sandbox on loopback
 * HTTPS: what the server received (data rows, captures chained, credentials), the exit codes, what
 * was printed and the JSON and JUnit reports (with a canary secret that must never show).
 */
import { DOMParser } from '@xmldom/xmldom';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAdvert } from '../shared/examples';
import type { Check } from '../shared/schemas/check';
import { MASK } from '../electron/main/credentials/secret-forms';
import { startSandbox, type Sandbox } from '../electron/main/sandbox/server';
import { createSelfSignedCertificate } from '../electron/main/tls/certificates';
import {
  CLIENT_NAME,
  KEY_PASSPHRASE,
  mutualTlsWorld,
  PFX_PASSPHRASE,
  startCertificateRecorder,
  startMutualTlsServer,
} from '../test/support/client-certificates';
import { startHttpsServer, type TestServer } from '../test/support/https-servers';

const API_KEY = 'sbx_canary_key_7f3e9a1c5d';
const root = join(import.meta.dirname, '..');
let work: string;
let bundle: string;
let sandbox: Sandbox;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'workbench-cli-'));
  bundle = join(work, 'workbench.cjs');
  buildSync({
    absWorkingDir: root,
    entryPoints: ['cli/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    external: ['electron'],
    logLevel: 'warning',
  });
  sandbox = await startSandbox({ apiKeys: [API_KEY], requireUserToken: false });
});

afterAll(async () => {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the command; `meanwhile` gets its process while it runs (to interrupt it). */
function run(args: string[], env: NodeJS.ProcessEnv = {}, meanwhile?: (child: ChildProcess) => void): Promise<Ran> {
  return runScript(bundle, args, env, meanwhile);
}

function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  meanwhile?: (child: ChildProcess) => void,
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: work, env: { PATH: process.env.PATH, ...env } });
    meanwhile?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const check = (on: Check['on'], op: Check['op'], expected: string, target = ''): Check => ({
  on,
  op,
  expected,
  target,
  enabled: true,
});

interface Spec {
  name: string;
  method: string;
  path: string;
  body?: string;
  captures?: Array<{ variable: string; path: string }>;
  checks?: Check[];
  headers?: Array<{ name: string; value: string; enabled: boolean }>;
}

const requestFile = (spec: Spec, id: string) => ({
  format: 'partner-api-workbench.request',
  version: 1,
  id,
  name: spec.name,
  method: spec.method,
  url: `{{baseUrl}}${spec.path}`,
  headers: [
    { name: 'Accept', value: 'application/json', enabled: true },
    ...(spec.body ? [{ name: 'Content-Type', value: 'application/json', enabled: true }] : []),
    ...(spec.headers ?? []),
  ],
  body: spec.body ? spec.body.split('\n') : [],
  auth: { mode: 'inherit' },
  captures: spec.captures ?? [],
  checks: spec.checks ?? [],
});

/** A collection folder as the app saves it (collection.json and request files), its requests in one folder "Adverts". */
function collectionFolder(name: string, specs: Spec[]): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'adverts'), { recursive: true });
  const items = specs.map((spec, i) => {
    const file = `adverts/request-${i}.request.json`;
    writeFileSync(join(dir, file), `${JSON.stringify(requestFile(spec, `r${i}`), null, 2)}\n`);
    return { request: file, id: `r${i}`, name: spec.name, method: spec.method };
  });
  const collection = {
    format: 'partner-api-workbench.collection',
    version: 1,
    id: name,
    name,
    auth: { mode: 'api-key' },
    variables: [{ name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false }],
    items: [{ folder: 'Adverts', id: 'f1', path: 'adverts', items }],
  };
  writeFileSync(join(dir, 'collection.json'), `${JSON.stringify(collection, null, 2)}\n`);
  return dir;
}

const advertBody = () => JSON.stringify({ ...exampleAdvert(), title: '{{title}}' }, null, 2);
const publishAndRead: Spec[] = [
  {
    name: 'Publish an advert',
    method: 'POST',
    path: '/advert/v1',
    body: advertBody(),
    captures: [{ variable: 'advertUuid', path: '$.data.uuid' }],
    checks: [check('status', 'equals', '202'), check('json', 'exists', '', '$.data.uuid')],
    headers: [{ name: 'X-Note', value: '{{note}}', enabled: true }],
  },
  {
    name: 'Get the advert',
    method: 'GET',
    path: '/advert/v1/{{advertUuid}}',
    checks: [
      check('status', 'equals', '200'),
      check('json', 'equals', '{{title}}', '$.data.title'),
      check('json', 'equals', '{{advertUuid}}', '$.data.uuid'),
    ],
  },
];

const since = (count: number) => sandbox.received.slice(count);
const secretEnv = () => ({ WORKBENCH_VAR_apiKey: API_KEY });

describe('workbench run', () => {
  it('runs a collection folder once per data row, chaining captures, and writes the reports with the key masked', async () => {
    const dir = collectionFolder('chained', publishAndRead);
    const data = join(work, 'rows.csv');
    writeFileSync(data, 'title,note\r\n"Flat, sunny and quiet",first\r\nLoft by the park,"say ""hi"", twice"\r\n');
    const before = sandbox.received.length;
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '-d',
        data,
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
        '-r',
        'cli,json,junit',
        '--reporter-json-export',
        'out.json',
        '--reporter-junit-export',
        'out.xml',
      ],
      secretEnv(),
    );
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);

    const received = since(before);
    expect(received.map((r) => r.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
    expect(received.map((r) => JSON.parse(r.body || '{}').title)).toEqual([
      'Flat, sunny and quiet',
      undefined,
      'Loft by the park',
      undefined,
    ]);
    expect(received.map((r) => r.headers['x-note'])).toEqual(['first', undefined, 'say "hi", twice', undefined]);
    expect(received.every((r) => r.headers['x-api-key'] === API_KEY)).toBe(true);
    const published = sandbox.received
      .filter((r) => r.method === 'GET')
      .slice(-2)
      .map((r) => r.path);
    expect(published[0]).not.toBe(published[1]);
    expect(published.every((path) => /^\/advert\/v1\/[0-9a-f-]{36}$/.test(path))).toBe(true);

    expect(ran.stdout).toContain('Iteration 2/2');
    expect(ran.stdout).toMatch(/✓ POST\s+Adverts \/ Publish an advert {2}202/);
    expect(ran.stdout).toContain('✓ status is 202');
    expect(ran.stdout).toContain('Every check passed.');
    expect(ran.stdout).toMatch(/│ checks\s+│ 10\s+│ 0\s+│/);

    const json = JSON.parse(readFileSync(join(work, 'out.json'), 'utf8'));
    expect(json.run.stats.requests).toEqual({ total: 4, pending: 0, failed: 0 });
    expect(json.run.stats.assertions.total).toBe(10);
    expect(json.run.executions[0].response.code).toBe(202);
    const xml = readFileSync(join(work, 'out.xml'), 'utf8');
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const suites = doc.getElementsByTagName('testsuites')[0]!;
    expect(suites.getAttribute('tests')).toBe('10');
    expect(suites.getAttribute('failures')).toBe('0');
    expect(doc.getElementsByTagName('testsuite').length).toBe(4);
    for (const text of [ran.stdout, readFileSync(join(work, 'out.json'), 'utf8'), xml])
      expect(text).not.toContain(API_KEY);
  });

  it('sends a folder’s auth to the requests in it that inherit theirs, and the collection’s to the others', async () => {
    const dir = collectionFolder('folder-auth', [
      { name: 'Categories', method: 'GET', path: '/taxonomy/v1/categories' },
    ]);
    const index = JSON.parse(readFileSync(join(dir, 'collection.json'), 'utf8'));
    index.items[0].auth = { mode: 'bearer', token: '{{folderToken}}' };
    writeFileSync(
      join(dir, 'top.request.json'),
      JSON.stringify(requestFile({ name: 'Top', method: 'GET', path: '/taxonomy/v1/categories' }, 'r-top')),
    );
    index.items.push({ request: 'top.request.json', id: 'r-top', name: 'Top', method: 'GET' });
    writeFileSync(join(dir, 'collection.json'), JSON.stringify(index, null, 2));
    const before = sandbox.received.length;
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '--env-var',
        'folderToken=folder-token-from-the-command-77',
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
      ],
      secretEnv(),
    );
    expect(ran.stderr).toBe('');
    const received = since(before).map((r) => [r.headers.authorization ?? null, r.headers['x-api-key'] ?? null]);
    expect(received).toEqual([
      ['Bearer folder-token-from-the-command-77', null],
      [null, API_KEY],
    ]);
  });

  it('says which check failed, with expected and actual, masks a secret in them, and exits 1', async () => {
    const dir = collectionFolder('failing', [
      {
        name: 'Categories',
        method: 'GET',
        path: '/taxonomy/v1/categories',
        checks: [check('status', 'equals', '201'), check('json', 'equals', '{{apiKey}}', '$.message')],
      },
    ]);
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
        '-r',
        'cli,junit,json',
        '--reporter-junit-export',
        'fail.xml',
        '--reporter-json-export',
        'fail.json',
      ],
      secretEnv(),
    );
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/✗ status is 201 — expected 201, got 200/);
    expect(ran.stdout).toContain('Some requests or checks failed.');
    // The expected value came from the secret {{apiKey}}: shown masked.
    expect(ran.stdout).toContain(`✗ $.message is ${MASK}`);
    const xml = readFileSync(join(work, 'fail.xml'), 'utf8');
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const failures = doc.getElementsByTagName('failure');
    expect(failures.length).toBe(2);
    expect(failures[0]!.textContent).toContain('Expected: 201');
    expect(failures[0]!.textContent).toContain('Actual: 200');
    const json = readFileSync(join(work, 'fail.json'), 'utf8');
    const assertions = JSON.parse(json).run.executions[0].assertions;
    expect(assertions[0]).toEqual({
      assertion: 'status is 201',
      skipped: false,
      error: { name: 'AssertionError', message: 'expected 201, got 200', expected: '201', actual: '200' },
    });
    expect(assertions[1].error.expected).toBe(MASK);
    for (const text of [ran.stdout, xml, json]) expect(text).not.toContain(API_KEY);
  });

  it('stops at the first failure with --bail', async () => {
    const dir = collectionFolder('bail', [
      { name: 'Not found', method: 'GET', path: '/sandbox/v1/status/404', checks: [check('status', 'equals', '200')] },
      { name: 'Categories', method: 'GET', path: '/taxonomy/v1/categories' },
    ]);
    const before = sandbox.received.length;
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
        '--bail',
        '-n',
        '3',
        '--folder',
        'Adverts',
      ],
      secretEnv(),
    );
    expect(ran.code).toBe(1);
    expect(since(before).map((r) => r.path)).toEqual(['/sandbox/v1/status/404']);
    expect(ran.stdout).toContain('Stopped at the first failure (--bail).');
  });

  it('ends a request at --timeout-request with a sentence and exits 1', async () => {
    const dir = collectionFolder('slow', [{ name: 'Slow', method: 'GET', path: '/sandbox/v1/slow?ms=5000' }]);
    const started = Date.now();
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
        '--timeout-request',
        '300',
      ],
      secretEnv(),
    );
    expect(ran.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(ran.stdout).toMatch(/no response/);
    expect(ran.stdout).toMatch(/300 ms/);
  });

  it('runs independent requests in parallel while a request waits for the capture it uses', async () => {
    const dir = collectionFolder('parallel', publishAndRead);
    const before = sandbox.received.length;
    const data = join(work, 'rows.json');
    writeFileSync(
      data,
      JSON.stringify([1, 2, 3, 4, 5, 6].map((n) => ({ title: `Parallel advert number ${n}`, note: `row ${n}` }))),
    );
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
        '-d',
        data,
        '--parallel',
        '4',
      ],
      secretEnv(),
    );
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const received = since(before);
    expect(received).toHaveLength(12);
    // Every GET went after its own iteration's POST, to the advert that POST created: its title check passed.
    for (const n of [1, 2, 3, 4, 5, 6])
      expect(ran.stdout).toMatch(new RegExp(`✓ \\$\\.data\\.title [a-z ]+ Parallel advert number ${n}\\n`));
  });

  it('has up to --parallel requests in flight at once', async () => {
    const slow = Array.from({ length: 8 }, (_, i) => ({
      name: `Slow ${i}`,
      method: 'GET',
      path: `/sandbox/v1/slow?ms=400&n=${i}`,
      checks: [check('status', 'equals', '200')],
    }));
    const dir = collectionFolder('parallel-slow', slow);
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
        '--parallel',
        '8',
        '-r',
        'json',
        '--reporter-json-export',
        'slow.json',
      ],
      secretEnv(),
    );
    expect(ran.code).toBe(0);
    const report = JSON.parse(readFileSync(join(work, 'slow.json'), 'utf8'));
    expect(report.run.executions.map((e: { item: { name: string } }) => e.item.name)).toEqual(slow.map((s) => s.name));
    // Eight answers of 400 ms each, one after another, would take 3.2 s.
    expect(report.run.timings.completed - report.run.timings.started).toBeLessThan(2000);
  });

  it('finishes the requests in flight and whole reports when interrupted (Ctrl-C), sending nothing more', async () => {
    const slow = Array.from({ length: 4 }, (_, i) => ({
      name: `Slow ${i}`,
      method: 'GET',
      path: `/sandbox/v1/slow?ms=600&n=${i}`,
      checks: [check('status', 'equals', '200')],
    }));
    const dir = collectionFolder('interrupted', slow);
    const before = sandbox.received.length;
    const interrupt = async (child: ChildProcess) => {
      while (sandbox.received.length === before) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGINT');
    };
    const ran = await run(
      [
        'run',
        dir,
        '--env-var',
        `baseUrl=${sandbox.origin}`,
        '--ssl-extra-ca-certs',
        sandbox.caCertPath,
        '-r',
        'cli,junit',
        '--reporter-junit-export',
        'interrupted.xml',
      ],
      secretEnv(),
      (child) => void interrupt(child),
    );
    expect(ran.code).toBe(1);
    expect(since(before)).toHaveLength(1);
    expect(ran.stdout).toMatch(/✓ GET\s+Adverts \/ Slow 0 {2}200/);
    expect(ran.stdout).toContain('Interrupted: the requests not yet started were not sent.');
    const doc = new DOMParser().parseFromString(readFileSync(join(work, 'interrupted.xml'), 'utf8'), 'text/xml');
    expect(doc.getElementsByTagName('testsuites')[0]!.getAttribute('tests')).toBe('1');
  });

  it('runs the app export file and a Postman v2.1 file with a Postman environment', async () => {
    const exported = join(work, 'export.json');
    writeFileSync(
      exported,
      JSON.stringify({
        format: 'partner-api-workbench.collection-export',
        version: 1,
        collection: {
          name: 'Exported',
          auth: { mode: 'api-key' },
          variables: [{ name: 'baseUrl', value: sandbox.origin, enabled: true, secret: false }],
          items: [
            {
              kind: 'request',
              request: {
                name: 'Cities',
                method: 'GET',
                url: '{{baseUrl}}/locations/v1/urn:site:otodompl/cities',
                headers: [{ name: 'User-Agent', value: '{{crmName}}', enabled: true }],
                body: '',
                auth: { mode: 'inherit' },
              },
            },
          ],
        },
      }),
    );
    const postman = join(work, 'postman.json');
    writeFileSync(
      postman,
      JSON.stringify({
        info: { name: 'From Postman', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        event: [
          {
            listen: 'test',
            script: { exec: ['pm.test("Status code is 2xx", function () { pm.response.to.be.success; });'] },
          },
        ],
        item: [
          {
            name: 'Categories',
            request: {
              method: 'GET',
              header: [{ key: 'X-API-KEY', value: '{{apiKey}}' }],
              url: '{{baseUrl}}/taxonomy/v1/categories?page={{page}}',
            },
          },
          {
            name: 'Publish',
            request: {
              method: 'POST',
              header: [
                { key: 'X-API-KEY', value: '{{apiKey}}' },
                { key: 'Content-Type', value: 'application/json' },
              ],
              url: '{{baseUrl}}/advert/v1',
              body: { mode: 'raw', raw: JSON.stringify(exampleAdvert()) },
            },
            event: [
              { listen: 'prerequest', script: { exec: ['console.log("about to publish");'] } },
              {
                listen: 'test',
                script: {
                  exec: [
                    'pm.test("Status code is 202", function () {',
                    '  pm.response.to.have.status(202);',
                    '});',
                    'pm.environment.set("advertUuid", pm.response.json().data.uuid);',
                  ],
                },
              },
            ],
          },
          {
            name: 'Read',
            request: {
              method: 'GET',
              header: [{ key: 'X-API-KEY', value: '{{apiKey}}' }],
              url: '{{baseUrl}}/advert/v1/{{advertUuid}}',
            },
            event: [
              {
                listen: 'test',
                script: { exec: ['pm.expect(pm.response.json().data.site_urn).to.eql("urn:site:otodompl");'] },
              },
            ],
          },
        ],
      }),
    );
    const environment = join(work, 'sandbox.postman_environment.json');
    writeFileSync(
      environment,
      JSON.stringify({
        name: 'Sandbox',
        _postman_variable_scope: 'environment',
        values: [
          { key: 'baseUrl', value: sandbox.origin, enabled: true },
          { key: 'apiKey', value: API_KEY, type: 'secret', enabled: true },
          { key: 'page', value: '2', enabled: true },
        ],
      }),
    );
    const before = sandbox.received.length;
    const globals = join(work, 'globals.json');
    writeFileSync(globals, JSON.stringify({ crmName: 'Globals CRM' }));
    // The sandbox's CA from NODE_EXTRA_CA_CERTS this time, as CI often gives it.
    const fromExport = await run(['run', exported, '-g', globals], {
      ...secretEnv(),
      NODE_EXTRA_CA_CERTS: sandbox.caCertPath,
    });
    expect(fromExport.code).toBe(0);
    const fromPostman = await run(['run', postman, '-e', 'sandbox', '--ssl-extra-ca-certs', sandbox.caCertPath]);
    expect(fromPostman.code).toBe(0);
    const received = since(before);
    const paths = received.map((r) => r.path);
    expect(paths.slice(0, 3)).toEqual([
      '/locations/v1/urn:site:otodompl/cities',
      '/taxonomy/v1/categories?page=2',
      '/advert/v1',
    ]);
    // The uuid the publish answered, captured by pm.environment.set, is where the read went.
    expect(paths[3]).toMatch(/^\/advert\/v1\/[0-9a-f-]{36}$/);
    expect(received.every((r) => r.headers['x-api-key'] === API_KEY)).toBe(true);
    expect(received[0]!.headers['user-agent']).toBe('Globals CRM');
    // pm.test assertions ran as checks: the collection's on every request, each request's own.
    expect(fromPostman.stdout.match(/✓ status is a success \(2xx\)/g)).toHaveLength(3);
    expect(fromPostman.stdout).toContain('✓ status is 202');
    expect(fromPostman.stdout).toContain('✓ $.data.site_urn is urn:site:otodompl');
    expect(fromPostman.stderr).toContain("The pre-request script of 'Publish' is not run");
    expect(fromPostman.stdout).not.toContain(API_KEY);

    // A v2.0 file (URLs as strings) runs the same way, --env-var winning over the environment file.
    const v20 = join(work, 'postman-v2.0.json');
    writeFileSync(
      v20,
      JSON.stringify({
        info: { name: 'Old Postman', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
        item: [
          {
            name: 'Categories',
            request: {
              method: 'GET',
              header: [{ key: 'X-API-KEY', value: '{{apiKey}}' }],
              url: '{{baseUrl}}/taxonomy/v1/categories?page={{page}}',
            },
          },
        ],
      }),
    );
    const fromV20 = await run([
      'run',
      v20,
      '-e',
      environment,
      '--env-var',
      'page=7',
      '--ssl-extra-ca-certs',
      sandbox.caCertPath,
    ]);
    expect(fromV20.code).toBe(0);
    expect(sandbox.received.at(-1)?.path).toBe('/taxonomy/v1/categories?page=7');
  });

  it('refuses a server whose certificate it does not trust, in a sentence, and exits 1', async () => {
    const server: TestServer = await startHttpsServer(createSelfSignedCertificate(['127.0.0.1']), (_req, res) =>
      res.end('{}'),
    );
    try {
      const dir = collectionFolder('untrusted', [{ name: 'Untrusted', method: 'GET', path: '/' }]);
      const ran = await run(['run', dir, '--env-var', `baseUrl=${server.origin}`], { WORKBENCH_VAR_apiKey: API_KEY });
      expect(ran.code).toBe(1);
      expect(ran.stdout).toMatch(/certificate/i);
      expect(server.received).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('exits 2 with a sentence, and no stack, for an unreadable collection and a bad command line', async () => {
    const missing = await run(['run', join(work, 'no-such-collection')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^The collection no-such-collection cannot be run: it does not exist\./);
    expect(missing.stderr).not.toContain(work);
    const broken = join(work, 'broken.json');
    writeFileSync(broken, '{"info": ');
    const unreadable = await run(['run', broken]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/broken\.json cannot be run: This file is not valid JSON/);
    const badFlag = await run(['run', broken, '-n', 'many']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toBe('-n takes a whole number of at least 1, not “many”.\n');
    const insecure = await run(['run', broken, '--insecure']);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toMatch(/never turned off/);
    const dir = collectionFolder('report-nowhere', [
      { name: 'Categories', method: 'GET', path: '/taxonomy/v1/categories' },
    ]);
    const common = [
      'run',
      dir,
      '--env-var',
      `baseUrl=${sandbox.origin}`,
      '--ssl-extra-ca-certs',
      sandbox.caCertPath,
      '-r',
      'junit',
    ];
    const unknownFolder = await run([...common, '--folder', 'Taxonomy']);
    expect(unknownFolder.code).toBe(2);
    expect(unknownFolder.stderr).toBe(
      'The collection “report-nowhere” has no folder or request named “Taxonomy” (--folder).\n',
    );
    const noFolder = await run(
      [...common, '--reporter-junit-export', join(work, 'missing-folder', 'out.xml')],
      secretEnv(),
    );
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toBe(
      'The report out.xml cannot be written (ENOENT): give a path in a folder that exists and can be written.\n',
    );
    const fullDisk = await run([...common, '--reporter-junit-export', '/dev/full'], secretEnv());
    expect(fullDisk.code).toBe(2);
    expect(fullDisk.stderr).toMatch(/^The report full could not be written to the end \(ENOSPC\)/);
    for (const ran of [missing, unreadable, badFlag, insecure, unknownFolder, noFolder, fullDisk])
      expect(ran.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its help', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('run <collection>   Run a collection folder');
    const help = await run(['run', '--help']);
    expect(help.stdout).toContain('--iteration-data <file>');
    expect(help.stdout).toContain('--parallel <n>');
  });

  it('has a bin that says how to build the command when the bundle is missing', async () => {
    const clone = join(work, 'clone');
    mkdirSync(join(clone, 'bin'), { recursive: true });
    writeFileSync(join(clone, 'bin', 'workbench.cjs'), readFileSync(join(root, 'bin', 'workbench.cjs')));
    const ran = await runScript(join(clone, 'bin', 'workbench.cjs'), ['--help']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^The workbench command is not built yet: run `npm install`/);
  });
});

describe('workbench run with a client certificate (mutual TLS)', () => {
  const tls = mutualTlsWorld();
  let mutual: TestServer;
  let recorder: TestServer;
  let dir: string;
  const file = (name: string, content: string | Buffer) => {
    const path = join(work, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    mutual = await startMutualTlsServer(tls, (_req, res) => res.writeHead(200).end('{}'));
    recorder = await startCertificateRecorder(tls, (_req, res) => res.writeHead(200).end('{}'));
    // One request to {{baseUrl}} (the server that wants a certificate), one to another host.
    dir = join(work, 'mtls');
    mkdirSync(dir, { recursive: true });
    const requests = [
      { id: 'own', name: 'Own host', url: '{{baseUrl}}/own' },
      { id: 'other', name: 'Other host', url: `https://127.0.0.1:${recorder.port}/other` },
    ];
    for (const r of requests) {
      const request = {
        ...requestFile({ name: r.name, method: 'GET', path: '' }, r.id),
        url: r.url,
        auth: { mode: 'none' },
      };
      request.checks = [check('status', 'equals', '200')];
      writeFileSync(join(dir, `${r.id}.request.json`), JSON.stringify(request));
    }
    const collection = {
      format: 'partner-api-workbench.collection',
      version: 1,
      id: 'mtls',
      name: 'mtls',
      auth: { mode: 'none' },
      variables: [{ name: 'baseUrl', value: `https://localhost:${mutual.port}`, enabled: true, secret: false }],
      items: requests.map((r) => ({ request: `${r.id}.request.json`, id: r.id, name: r.name, method: 'GET' })),
    };
    writeFileSync(join(dir, 'collection.json'), JSON.stringify(collection));
    file('server-ca.pem', tls.serverCaPem);
    file('client.crt', tls.client.certPem);
    file('client.key', tls.encryptedKeyPem);
    file('client.p12', tls.pfx);
  });

  afterAll(async () => {
    await Promise.all([mutual.close(), recorder.close()]);
  });

  const common = () => ['run', dir, '--ssl-extra-ca-certs', 'server-ca.pem'];

  it('without one, the request to the server that wants one fails with the sentence', async () => {
    const ran = await run(common());
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain(
      'localhost asked for a client certificate and none is set for it; add one in Settings → Client certificates.',
    );
  });

  it('presents a PEM certificate with an encrypted key to the run’s host only; the passphrase is never printed', async () => {
    const before = recorder.received.length;
    const ran = await run([
      ...common(),
      '--ssl-client-cert',
      'client.crt',
      '--ssl-client-key',
      'client.key',
      '--ssl-client-passphrase',
      KEY_PASSPHRASE,
      '-r',
      'cli,json',
      '--reporter-json-export',
      'mtls-report.json',
    ]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(mutual.received.at(-1)?.clientCertificate).toBe(CLIENT_NAME);
    expect(recorder.received.slice(before).map((r) => r.clientCertificate)).toEqual([null]);
    const report = readFileSync(join(work, 'mtls-report.json'), 'utf8');
    for (const text of [ran.stdout, ran.stderr, report]) expect(text).not.toContain(KEY_PASSPHRASE);
  });

  it('takes a PKCS#12 file, and newman’s --ssl-client-cert-list; a wrong passphrase is a sentence and exit 2', async () => {
    const pfx = await run([...common(), '--ssl-client-cert', 'client.p12', '--ssl-client-passphrase', PFX_PASSPHRASE]);
    expect(pfx.code).toBe(0);
    const wrong = await run([...common(), '--ssl-client-cert', 'client.p12', '--ssl-client-passphrase', 'wrong-one']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'The passphrase for client certificate (--ssl-client-cert) does not open the PKCS#12 file client.p12; enter it again.\n',
    );
    const list = file(
      'client-certs.json',
      JSON.stringify([
        {
          name: 'mtls',
          matches: [`https://localhost:${mutual.port}/*`],
          pfx: { src: 'client.p12' },
          passphrase: PFX_PASSPHRASE,
        },
      ]),
    );
    const listed = await run([...common(), '--ssl-client-cert-list', list]);
    expect(listed.code).toBe(0);
    const alone = await run([...common(), '--ssl-client-key', 'client.key']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe(
      '--ssl-client-key and --ssl-client-passphrase go with --ssl-client-cert <file>: give the certificate too.\n',
    );
  });
});
