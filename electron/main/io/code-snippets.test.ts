/**
 * Generated code is right when it sends what the app sends. Each case asks the real handler
 * (export:code, through the real dispatch) for a snippet, checks that it holds no secret, runs it with
 * the real interpreter (curl, node, python3 with requests, php with its curl extension) against a
 * loopback HTTPS server whose CA it trusts through the environment, with the secrets given as the
 * environment variables the snippet reads, and compares what the server received with what the app
 * itself sent for the same request through request:send: method, path, query, headers (but the
 * client's own transport headers) and body. Java's HttpClient snippet runs too where a JDK is
 * installed. An interpreter that is missing skips its case and says so.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TARGET_IDS, type CodeTargetId } from '../../../shared/code-targets';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import type { ReceivedRequest } from '../../../test/support/https-servers';
import { startTwoOrigins, type TwoOrigins } from '../../../test/support/two-origins';
import { environmentName } from './code-snippets';

const run = promisify(execFile);

const API_KEY = 'code-api-key-5150';
const TOKEN = 'code-bearer-token-8086';
const VARIABLE_SECRET = 'code-variable-secret-6502';
const SECRETS = [API_KEY, TOKEN, VARIABLE_SECRET];

/** Headers that say how a client carries the request, not what the request is. */
const TRANSPORT = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding', 'expect']);

let world: TwoOrigins;
let folder: string;
let environmentId = '';
const clipboard: string[] = [];

beforeAll(async () => {
  world = await startTwoOrigins(
    (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{"message":"created"}');
    },
    (text) => clipboard.push(text),
  );
  folder = mkdtempSync(join(tmpdir(), 'code-snippets-'));
  writeFileSync(join(folder, 'ca.pem'), world.caPem);
  const view = await world.call('environments:add', { name: 'Home', origin: world.home.origin });
  environmentId = view.environments.find((e) => e.name === 'Home')!.id;
  await world.call('credentials:setSecret', { environmentId, field: 'apiKey', value: API_KEY });
  await world.call('credentials:setSecret', { environmentId, field: 'bearerToken', value: TOKEN });
  await world.call('variables:set', {
    scope: { kind: 'environment', environmentId },
    variables: [
      { name: 'host', value: world.home.origin, enabled: true, secret: false },
      { name: 'advertToken', value: VARIABLE_SECRET, enabled: true, secret: true },
    ],
  });
});

afterAll(async () => {
  await world.close();
  rmSync(folder, { recursive: true, force: true });
});

const header = (name: string, value: string) => ({ id: name, name, value, enabled: true, origin: 'user' as const });

/** A publish as the API's docs write it: credentials, convention headers, a JSON body holding a secret variable. */
function publish(): OutgoingRequest {
  return world.request({
    method: 'POST',
    url: '{{host}}/advert/v1?site=urn:site:otodompl&q=flat%20in%20Lisbon&tag=a&tag=b',
    environmentId,
    auth: { mode: 'api-key-bearer', bearer: 'manual' },
    headers: [
      header('Accept', 'application/json'),
      header('Content-Type', 'application/json'),
      header('User-Agent', 'Acme CRM'),
      header('X-Trace', 'trace {{advertToken}} end'),
    ],
    body: JSON.stringify({
      title: "It's a flat",
      price: { value: 250000, currency: 'EUR' },
      custom_fields: { id: 'crm-1', reference_id: '{{advertToken}}' },
      description: 'Sunny, "quiet" street;\n\t2 rooms \\ 1 bath, $HOME {$x} not variables, `no` command',
      folder: 'C:\\',
    }),
  });
}

/** The environment each snippet runs with: its secrets as the variables it reads, and the test CA trusted. */
function snippetEnvironment(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    [environmentName('apiKey')]: API_KEY,
    [environmentName('accessToken')]: TOKEN,
    [environmentName('advertToken')]: VARIABLE_SECRET,
    CURL_CA_BUNDLE: join(folder, 'ca.pem'),
    NODE_EXTRA_CA_CERTS: join(folder, 'ca.pem'),
    REQUESTS_CA_BUNDLE: join(folder, 'ca.pem'),
    // Node's axios snippet requires axios: the app's own copy.
    NODE_PATH: resolve('node_modules'),
  };
}

/** Whether a command runs (the interpreter and what the snippet needs are there). */
function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Runner {
  target: CodeTargetId;
  /** Why the case cannot run here, or null. */
  missing: () => string | null;
  file: string;
  command: (file: string) => [string, string[]];
  /** Headers the client adds on its own (fetch's), left out of the comparison. */
  own?: string[];
  /** The program around the snippet, for a language whose snippet is statements only (Java). */
  wrap?: (code: string) => string;
}

/** Java's HttpClient snippet inside a program; the test CA is trusted through a trust store made by keytool. */
function javaProgram(code: string): string {
  const imports = [
    'java.net.URI',
    'java.net.http.HttpClient',
    'java.net.http.HttpRequest',
    'java.net.http.HttpResponse',
  ];
  return [
    ...imports.map((name) => `import ${name};`),
    'public class Snippet {',
    '  public static void main(String[] args) throws Exception {',
    code,
    '  }',
    '}',
  ].join('\n');
}

const RUNNERS: Runner[] = [
  {
    target: 'curl',
    missing: () => (works('curl', ['--version']) ? null : 'curl is not installed (apt-get install curl)'),
    file: 'snippet.sh',
    command: (file) => ['bash', [file]],
  },
  {
    target: 'node-https',
    missing: () => null,
    file: 'snippet.cjs',
    command: (file) => ['node', [file]],
  },
  {
    target: 'node-axios',
    missing: () => null,
    file: 'snippet-axios.cjs',
    command: (file) => ['node', [file]],
  },
  {
    target: 'javascript-fetch',
    missing: () => null,
    file: 'snippet-fetch.mjs',
    command: (file) => ['node', [file]],
    own: ['accept-language', 'sec-fetch-mode'],
  },
  {
    target: 'python-requests',
    missing: () =>
      works('python3', ['-c', 'import requests'])
        ? null
        : 'python3 with requests is not installed (apt-get install python3-requests)',
    file: 'snippet.py',
    command: (file) => ['python3', [file]],
  },
  {
    target: 'java-httpclient',
    missing: () =>
      works('java', ['-version']) && works('keytool', ['-help'])
        ? null
        : 'Java 11 or later is not installed (apt-get install default-jdk-headless)',
    file: 'Snippet.java',
    wrap: javaProgram,
    command: (file) => [
      'bash',
      [
        '-c',
        'keytool -importcert -noprompt -alias test-ca -file ca.pem -keystore trust.p12 -storetype PKCS12 -storepass changeit >/dev/null && ' +
          'java -Djavax.net.ssl.trustStore=trust.p12 -Djavax.net.ssl.trustStorePassword=changeit "$0"',
        file,
      ],
    ],
  },
  {
    target: 'php-curl',
    missing: () =>
      works('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 1);'])
        ? null
        : 'php with its curl extension is not installed (apt-get install php-cli php-curl)',
    file: 'snippet.php',
    command: (file) => ['php', ['-d', `curl.cainfo=${join(folder, 'ca.pem')}`, file]],
  },
];

/** What the server got from the snippet. */
async function sentBySnippet(runner: Runner, code: string): Promise<ReceivedRequest> {
  const file = join(folder, runner.file);
  writeFileSync(file, runner.wrap ? runner.wrap(code) : code);
  rmSync(join(folder, 'trust.p12'), { force: true });
  const before = world.home.received.length;
  const [command, args] = runner.command(file);
  await run(command, args, { cwd: folder, env: snippetEnvironment(), timeout: 60_000 });
  expect(world.home.received.length, `${runner.target} reached the server once`).toBe(before + 1);
  return world.home.received.at(-1)!;
}

/** What the server got from the app for the same request. */
async function sentByApp(request: OutgoingRequest): Promise<ReceivedRequest> {
  const before = world.home.received.length;
  const result = await world.call('request:send', request);
  expect(result.kind, JSON.stringify(result)).toBe('response');
  expect(world.home.received.length, 'the app reached the server once').toBe(before + 1);
  return world.home.received.at(-1)!;
}

/** What a request is, as the server saw it: the query as name/value pairs, a JSON body as its value. */
function meaning(received: ReceivedRequest, own: string[] = []) {
  const url = new URL(received.path, 'https://server.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(received.headers)) {
    if (TRANSPORT.has(name) || own.includes(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const json = /json/.test(headers['content-type'] ?? '');
  return {
    method: received.method,
    path: url.pathname,
    query: [...url.searchParams],
    headers,
    body: json ? (JSON.parse(received.body) as unknown) : received.body,
  };
}

describe('generated code sends what the app sends (real interpreters, loopback HTTPS)', () => {
  it.each(RUNNERS.map((runner) => [runner.target, runner] as const))(
    '%s',
    async (_target, runner) => {
      const missing = runner.missing();
      if (missing) {
        console.warn(`skipped ${runner.target}: ${missing}`);
        return;
      }
      const request = publish();
      const preview = await world.call('export:code', { request, target: runner.target, withSecrets: false });
      for (const secret of SECRETS) expect(preview.text).not.toContain(secret);
      expect(preview.environment).toEqual(['OLX_ADVERT_TOKEN', 'OLX_API_KEY', 'OLX_ACCESS_TOKEN']);
      const fromSnippet = meaning(await sentBySnippet(runner, preview.text!), runner.own);
      const fromApp = meaning(await sentByApp(request));
      expect(fromSnippet).toEqual(fromApp);
      expect(fromApp.headers['x-api-key']).toBe(API_KEY);
      expect(fromApp.headers['x-trace']).toBe(`trace ${VARIABLE_SECRET} end`);
    },
    90_000,
  );

  it.each(['node-https', 'python-requests', 'php-curl'] as const)(
    'keeps the backslashes and line breaks of a body of another JSON type (%s)',
    async (target) => {
      const runner = RUNNERS.find((r) => r.target === target)!;
      const missing = runner.missing();
      if (missing) return console.warn(`skipped ${target}: ${missing}`);
      const request = world.request({
        method: 'PUT',
        url: `${world.home.origin}/advert/v1/a1`,
        // Accept and User-Agent set, so that no client adds its own.
        headers: [
          header('Accept', 'application/json'),
          header('User-Agent', 'Acme CRM'),
          header('Content-Type', 'application/vnd.api+json'),
        ],
        body: '{"data": {"path": "C:\\\\dir\\\\", "note": "a\\nb\\tc $x"}}',
      });
      const preview = await world.call('export:code', { request, target, withSecrets: false });
      const fromSnippet = meaning(await sentBySnippet(runner, preview.text!));
      expect(fromSnippet).toEqual(meaning(await sentByApp(request)));
    },
    60_000,
  );

  it('copies cURL with the real values to the clipboard from the main process; run, it sends what the app sends', async () => {
    const request = publish();
    const answer = await world.call('export:code', { request, target: 'curl', withSecrets: true });
    expect(answer).toEqual({ text: null, copied: true, environment: [] });
    const code = clipboard.at(-1)!;
    expect(code).toContain(`X-API-KEY: ${API_KEY}`);
    const fromSnippet = meaning(await sentBySnippet(RUNNERS[0]!, code));
    expect(fromSnippet).toEqual(meaning(await sentByApp(request)));
  });
});

describe('every language reads the secrets from the environment', () => {
  it.each(CODE_TARGET_IDS.map((target) => [target]))('%s', async (target) => {
    const preview = await world.call('export:code', { request: publish(), target, withSecrets: false });
    for (const secret of SECRETS) expect(preview.text).not.toContain(secret);
    for (const name of preview.environment) expect(preview.text).toContain(name);
    expect(preview.text).toContain('/advert/v1');
  });

  it('writes Guzzle as Guzzle is used: a client, one request call, the headers reading getenv', async () => {
    const preview = await world.call('export:code', { request: publish(), target: 'php-guzzle', withSecrets: false });
    const text = preview.text!;
    expect(text).toContain("require_once('vendor/autoload.php');");
    expect(text).toContain('$client = new \\GuzzleHttp\\Client();');
    expect(text).toMatch(/\$response = \$client->request\('POST', 'https:\/\/127\.0\.0\.1:\d+\/advert\/v1\?/);
    expect(text).toContain("'X-API-KEY' => getenv('OLX_API_KEY'),");
    expect(text).toContain("'Authorization' => 'Bearer ' . getenv('OLX_ACCESS_TOKEN'),");
    expect(text).toContain("'X-Trace' => 'trace ' . getenv('OLX_ADVERT_TOKEN') . ' end',");
    if (!works('php', ['--version'])) return console.warn('skipped php -l: php is not installed');
    // Guzzle itself needs Composer (the internet); PHP can still say the snippet is valid PHP.
    writeFileSync(join(folder, 'guzzle.php'), text);
    await run('php', ['-l', join(folder, 'guzzle.php')]);
  });

  it('refuses a request with a variable that has no value, in a sentence', async () => {
    const request = world.request({ url: '{{host}}/advert/v1/{{advertId}}', environmentId });
    const answer = await world.raw('export:code', { request, target: 'go', withSecrets: false });
    expect(answer).toEqual({ ok: false, error: expect.stringContaining('Unknown variable {{advertId}} in the URL') });
  });
});

describe('environmentName', () => {
  it('writes a credential or variable name as an OLX_ environment variable', () => {
    expect(environmentName('apiKey')).toBe('OLX_API_KEY');
    expect(environmentName('accessToken')).toBe('OLX_ACCESS_TOKEN');
    expect(environmentName('client.secret-2')).toBe('OLX_CLIENT_SECRET_2');
  });

  it('gives two secrets that would share one variable two names', async () => {
    await world.call('variables:set', {
      scope: { kind: 'global' },
      variables: [
        { name: 'api_key', value: 'global-secret-1', enabled: true, secret: true },
        { name: 'apiKey', value: 'global-secret-2', enabled: true, secret: true },
      ],
    });
    const request = world.request({ headers: [header('A', '{{api_key}}'), header('B', '{{apiKey}}')] });
    const preview = await world.call('export:code', { request, target: 'ruby', withSecrets: false });
    expect(preview.environment).toEqual(['OLX_API_KEY', 'OLX_API_KEY_2']);
    expect(preview.text).toContain('request["A"] = ENV.fetch("OLX_API_KEY")');
    expect(preview.text).toContain('request["B"] = ENV.fetch("OLX_API_KEY_2")');
  });
});
