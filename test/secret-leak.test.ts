/**
 * No secret leaves the main process, whatever a hostile server sends back. Canary secrets of every
 * kind are stored through the real dispatch (or given in HTTPS_PROXY); a loopback HTTPS server that knows them all echoes
 * them in every place it controls (status text, headers, content type, redirect Locations, bodies
 * in UTF-8, ISO-8859-1 and UTF-16, a token refusal's error_description), and requests whose
 * problems or network errors would quote resolved values are sent. No answer the renderer gets,
 * no console line and no file in the data folder but the encrypted vault holds any form of any
 * canary (a collection run's rows, responses and exports included); the files holding metadata about secrets are readable by the user only.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Channel, RequestOf } from '../shared/contract';
import type { ViewStatus } from '../shared/http-types';
import { MANUAL_BEARER } from '../shared/auth-modes';
import type { AuthSelection } from '../shared/schemas/auth';
import type { HeaderRow } from '../shared/schemas/header';
import { cipherFromSafeStorage } from '../electron/main/credentials/vault';
import { createDispatch, type Dispatch } from '../electron/main/ipc/dispatch';
import { untilFormatted } from './support/formatted-view';
import { startHttpsServer, type TestServer } from './support/https-servers';
import { createMainServices, type MainServices } from '../electron/main/services';
import { createCertificateAuthority } from '../electron/main/tls/certificates';
import { safeStorage } from './support/fake-electron';

const FROM_APP = 'app://renderer/index.html';

/** One canary per kind of secret; some with characters that JSON, URLs and Latin-1 write differently. */
const CANARY = {
  apiKey: 'CanaryApiKey-7f3a9/+x',
  clientId: 'CanaryClientId-2b81',
  clientSecret: 'CanaryClientSecret-"q"-91',
  bearerToken: 'CanaryBearer-5d2e',
  basicUser: 'CanaryBasicUser-é1',
  basicPassword: 'CanaryBasicPw:88 x',
  proxyPassword: 'CanaryProxyPw-41c',
  environmentProxyPassword: 'CanaryEnvProxy-5e',
  accessToken: 'CanaryAccess-0a9e',
  refreshToken: 'CanaryRefresh-3c7f',
  environmentVariable: 'CanaryEnvVar-ééx',
  collectionVariable: 'CanaryCollVar-19/z',
  globalHost: 'CanaryGlobalHost-77',
} as const;
const ALL = Object.values(CANARY);
const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
const BASIC_FORMS = [basic(CANARY.basicUser, CANARY.basicPassword), basic(CANARY.clientId, CANARY.clientSecret)];

/** Every text form a canary may take: plain, lower case, JSON-escaped, percent-encoded in both cases; and the Basic pairs. */
function textForms(): string[] {
  const forms = new Set<string>(BASIC_FORMS);
  for (const canary of ALL) {
    const percent = encodeURIComponent(canary);
    for (const form of [
      canary,
      canary.toLowerCase(),
      JSON.stringify(canary).slice(1, -1),
      percent,
      percent.toLowerCase(),
      percent.replaceAll('%20', '+'),
    ]) {
      forms.add(form);
    }
  }
  return [...forms];
}

/** The forms as bytes: UTF-8, Latin-1 where it differs, UTF-16 in both byte orders. */
function byteForms(): Array<{ form: string; bytes: Buffer }> {
  return textForms().flatMap((form) => [
    { form, bytes: Buffer.from(form, 'utf8') },
    { form: `${form} (Latin-1)`, bytes: Buffer.from(form, 'latin1') },
    { form: `${form} (UTF-16LE)`, bytes: Buffer.from(form, 'utf16le') },
    { form: `${form} (UTF-16BE)`, bytes: Buffer.from(form, 'utf16le').swap16() },
  ]);
}

const everyCanary = ALL.join(' | ');
const asciiCanaries = ALL.filter((c) => /^[\x20-\x7e]+$/.test(c) && !c.includes('"')).join(' ');

/** The hostile server: echoes every canary wherever it can. */
function hostile(
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  body: Buffer,
): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const echoHeaders = { 'X-Echo': asciiCanaries, 'Set-Cookie': `s=${encodeURIComponent(everyCanary)}` };
  if (path === '/oauth/v1/token') {
    const grant = JSON.parse(body.toString('utf8')) as { grant_type: string; refresh_token?: string };
    if (grant.grant_type === 'authorization_code') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ access_token: CANARY.accessToken, refresh_token: CANARY.refreshToken, expires_in: 3600 }),
      );
      return;
    }
    res.writeHead(400, { 'Content-Type': 'application/json' });
    const description = `Refresh token ${grant.refresh_token} is revoked (${everyCanary}, ${BASIC_FORMS.join(' ')})`;
    res.end(JSON.stringify({ error: 'invalid_grant', error_description: description }));
    return;
  }
  if (path === '/echo') {
    res.writeHead(200, `OK ${asciiCanaries}`, {
      ...echoHeaders,
      'Content-Type': `application/json; x="${asciiCanaries}"`,
    });
    res.end(
      JSON.stringify({
        all: ALL,
        url: `https://x.test/?v=${ALL.map(encodeURIComponent).join('&v=')}`,
        basic: BASIC_FORMS,
        headers: req.headers,
      }),
    );
    return;
  }
  const charset = (
    { '/latin1': 'iso-8859-1', '/utf16le': 'utf-16le', '/utf16be': 'utf-16be', '/utf16big': 'utf-16le' } as Record<
      string,
      string
    >
  )[path];
  if (charset) {
    const text = `${path === '/utf16big' ? 'padding line\n'.repeat(90_000) : ''}echo: ${everyCanary}\n`;
    const bytes =
      charset === 'utf-16be'
        ? Buffer.from(text, 'utf16le').swap16()
        : Buffer.from(text, charset === 'iso-8859-1' ? 'latin1' : 'utf16le');
    res.writeHead(200, `OK ${asciiCanaries}`, { ...echoHeaders, 'Content-Type': `text/plain; charset=${charset}` });
    res.end(bytes);
    return;
  }
  if (path === '/redirect-insecure') {
    res.writeHead(302, { Location: `http://127.0.0.1:1/${encodeURIComponent(CANARY.apiKey)}/${CANARY.bearerToken}` });
    res.end();
    return;
  }
  if (path === '/redirect-invalid') {
    res.writeHead(302, { Location: `https://[${CANARY.bearerToken}]:99999/${CANARY.accessToken}` });
    res.end();
    return;
  }
  res.writeHead(404, `Not ${asciiCanaries}`, echoHeaders);
  res.end();
}

/** Plays the user's browser: answers the authorization page by sending the app's loopback listener a code. */
function approve(pageUrl: string): Promise<void> {
  const page = new URL(pageUrl);
  const redirect = new URL(page.searchParams.get('redirect_uri')!);
  redirect.searchParams.set('code', 'canary-code');
  redirect.searchParams.set('state', page.searchParams.get('state')!);
  return new Promise((resolve, reject) => {
    get(redirect, (res) => {
      res.resume();
      res.on('end', () => resolve());
    }).on('error', reject);
  });
}

let server: TestServer;
let services: MainServices;
let dispatch: Dispatch;
let dataDir: string;
let environmentId = '';
let collectionId = '';
let userId = '';
const answers: Array<{ channel: string; envelope: unknown }> = [];
const logged: string[] = [];

async function call<C extends Channel>(
  channel: C,
  payload: RequestOf<C>,
): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const envelope = (await dispatch(channel, FROM_APP, payload)) as { ok: boolean; value?: unknown; error?: string };
  answers.push({ channel, envelope });
  return envelope;
}

async function send(
  id: string,
  request: { url: string; auth?: AuthSelection; method?: 'GET' | 'POST'; headers?: HeaderRow[]; body?: string },
) {
  return call('request:send', {
    requestId: `leak-${id}`,
    method: request.method ?? 'GET',
    url: request.url,
    headers: request.headers ?? [],
    body: request.body ?? '',
    environmentId,
    auth: request.auth ?? { mode: 'none' },
    collectionId,
    captures: [],
  });
}

/** A run of the collection's echo requests with every kind of credential, read as the runner view reads it and exported. */
async function runEchoes(url: string): Promise<void> {
  const auths = [
    { mode: 'api-key-bearer', bearer: userId },
    { mode: 'api-key-bearer', bearer: MANUAL_BEARER },
    { mode: 'basic' },
  ] as const;
  const check = { on: 'json', target: '$', op: 'contains', expected: '{{envVar}}', enabled: true } as const;
  const ids = auths.map((_, i) => `run-echo-${i}`);
  for (const [i, auth] of auths.entries()) {
    const request = {
      id: ids[i]!,
      name: `Echo ${i}`,
      method: 'GET' as const,
      url,
      headers: [],
      body: '',
      auth,
      captures: [],
    };
    expect(
      await call('collections:saveRequest', { collectionId, parentId: null, request: { ...request, checks: [check] } }),
    ).toMatchObject({ ok: true });
  }
  const started = await call('runner:start', { collectionId, environmentId, requestIds: ids, delayMs: 0, bail: false });
  const runId = (started.value as { runId: string }).runId;
  while (((await call('runner:progress', { runId, from: 0 })).value as { state: string }).state === 'running')
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await call('runner:results', { runId, from: 0, count: 10, failedOnly: false })).toMatchObject({
    ok: true,
    value: { total: 3 },
  });
  for (const index of [0, 1, 2]) await call('runner:response', { runId, index });
  for (const format of ['json', 'junit'] as const)
    expect(await call('runner:export', { runId, format })).toMatchObject({ ok: true, value: { saved: true } });
  expect(filesUnder(join(dataDir, 'runs')).length).toBeGreaterThan(0);
}

/** Every file under a folder, with its path. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Fails when any file of the data folder but the vault holds a form of a canary; returns the files' names. */
function expectNoCanaryInFiles(): string[] {
  const files = filesUnder(dataDir).filter((file) => !file.endsWith('vault.json'));
  const needles = byteForms();
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const { form, bytes: needle } of needles)
      expect(bytes.includes(needle), `${file.slice(dataDir.length)} holds ${form}`).toBe(false);
  }
  return files.map((file) => file.slice(dataDir.length + 1));
}

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
  const ca = createCertificateAuthority('Leak test CA');
  server = await startHttpsServer(ca.issue({ hosts: ['127.0.0.1'] }), hostile);
  dataDir = mkdtempSync(join(tmpdir(), 'leak-'));
  // A proxy password in HTTPS_PROXY is a secret too (NO_PROXY keeps the sends direct).
  const env = { HTTPS_PROXY: `http://proxy-user:${CANARY.environmentProxyPassword}@127.0.0.1:9`, NO_PROXY: '*' };
  services = createMainServices({
    dataDir,
    env,
    cipher: cipherFromSafeStorage(safeStorage, 'linux'),
    openAuthorizationPage: approve,
    chooseSaveFile: async (name) => join(dataDir, `export-${name}`),
  });
  dispatch = createDispatch(services.handlers, (url) => url === FROM_APP);

  expect(await call('settings:addCertificate', { name: 'leak-ca.pem', pem: ca.certPem })).toMatchObject({ ok: true });
  const added = await call('environments:add', {
    name: 'Hostile',
    origin: server.origin,
    authorizationUrl: `${server.origin}/authorize`,
  });
  environmentId = (added.value as { environments: Array<{ id: string; name: string }> }).environments.find(
    (e) => e.name === 'Hostile',
  )!.id;
  for (const field of ['apiKey', 'clientId', 'clientSecret', 'bearerToken', 'basicUser', 'basicPassword'] as const) {
    expect(await call('credentials:setSecret', { environmentId, field, value: CANARY[field] }), field).toMatchObject({
      ok: true,
    });
  }
  // A proxy password belongs to a saved proxy; bypass * keeps the sends direct.
  const proxy = { mode: 'custom' as const, url: 'https://127.0.0.1:9', bypass: '*', username: 'proxy-user' };
  expect(await call('settings:update', { proxy })).toMatchObject({ ok: true });
  expect(await call('settings:setProxyPassword', { value: CANARY.proxyPassword })).toMatchObject({ ok: true });
  const collections = await call('collections:create', { name: 'Leak' });
  collectionId = (collections.value as { collections: Array<{ id: string }> }).collections[0]!.id;
  const secretVariable = (name: string, value: string) => [{ name, value, enabled: true, secret: true }];
  for (const [scope, variables] of [
    [{ kind: 'environment', environmentId }, secretVariable('envVar', CANARY.environmentVariable)],
    [{ kind: 'collection', collectionId }, secretVariable('collVar', CANARY.collectionVariable)],
    [{ kind: 'global' }, secretVariable('globalHost', CANARY.globalHost)],
  ] as const) {
    expect(await call('variables:set', { scope, variables: [...variables] }), scope.kind).toMatchObject({ ok: true });
  }
  const user = await call('oauth:authorize', { environmentId, userName: 'Leak user' });
  expect(user).toMatchObject({ ok: true });
  userId = (user.value as { id: string }).id;
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('secrets against a hostile server', () => {
  it('reach no answer, no log line and no file but the vault, whatever the server echoes', async () => {
    const echo = `${server.origin}/echo?v={{envVar}}&w={{collVar}}`;
    for (const auth of [
      { mode: 'api-key-bearer', bearer: userId },
      { mode: 'api-key-bearer', bearer: MANUAL_BEARER },
      { mode: 'basic' },
    ] as const) {
      const answer = await send(`echo-${auth.mode}-${'bearer' in auth ? auth.bearer : ''}`, { url: echo, auth });
      expect(answer, auth.mode).toMatchObject({ ok: true, value: { kind: 'response', status: 200 } });
    }
    // The server did receive the real values: the masking is on the way back, not a request that never went.
    const sent = server.received.filter((r) => r.path.startsWith('/echo'));
    expect(sent.map((r) => r.headers.authorization)).toEqual(
      expect.arrayContaining([
        `Bearer ${CANARY.accessToken}`,
        `Bearer ${CANARY.bearerToken}`,
        `Basic ${BASIC_FORMS[0]}`,
      ]),
    );
    expect(sent[0]!.headers['x-api-key']).toBe(CANARY.apiKey);

    for (const path of ['/latin1', '/utf16le', '/utf16be', '/utf16big']) {
      expect(await send(path, { url: `${server.origin}${path}` }), path).toMatchObject({
        ok: true,
        value: { kind: 'response', status: 200 },
      });
    }
    const big = answers.at(-1)!.envelope as { value: { bodyView: { viewId: string; lineCount: number } } };
    const { viewId } = big.value.bodyView;
    const statuses = await untilFormatted(
      async () => (await call('response:formatting', { viewId })).value as ViewStatus,
    );
    const { lineCount } = statuses.at(-1)!;
    const tail = await call('response:lines', { viewId, from: lineCount - 3, count: 3 });
    expect(JSON.stringify(tail)).toContain('echo: ••••');
    for (const path of ['/redirect-insecure', '/redirect-invalid']) {
      expect(await send(path, { url: `${server.origin}${path}` }), path).toMatchObject({
        ok: true,
        value: { kind: 'network-error' },
      });
    }

    // Problems and errors that repeat resolved values.
    await send('dns', { url: 'https://{{globalHost}}.invalid/' });
    await send('url-problem', { url: '{{globalHost}}/x' });
    await send('origin-problem', { url: 'https://{{globalHost}}.invalid/', auth: { mode: 'api-key' } });
    const badName: HeaderRow = { id: 'h1', name: 'X-{{envVar}} bad', value: '1', enabled: true, origin: 'user' };
    const json: HeaderRow = {
      id: 'h2',
      name: 'Content-Type',
      value: 'application/json',
      enabled: true,
      origin: 'user',
    };
    await send('header-name', { url: echo, headers: [badName] });
    const bodyProblem = await send('json-body', {
      url: echo,
      method: 'POST',
      headers: [json],
      body: '{"a": {{collVar}}}',
    });
    expect(JSON.stringify(bodyProblem)).toContain('not valid JSON');
    expect(JSON.stringify(bodyProblem)).not.toMatch(/Unexpected \\?"C/);

    // The token endpoint refuses the refresh and quotes the refresh token.
    const refused = await call('oauth:refresh', { environmentId, userId });
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('Refresh token •••• is revoked');
    const view = await call('credentials:get', undefined);
    expect(JSON.stringify(view)).toContain('Refresh token •••• is revoked');
    const history = await call('history:list', {});
    for (const entry of history.value as Array<{ id: string }>) await call('history:get', { id: entry.id });
    await call('settings:get', undefined);
    await runEchoes(echo);
    // Large bodies are kept on disk until the app quits (then deleted): look at them while they are there.
    expect(filesUnder(join(dataDir, 'responses')).length).toBeGreaterThan(0);
    expectNoCanaryInFiles();
    await services.dispose();

    const forms = textForms();
    const answered = JSON.stringify(answers);
    for (const form of forms) expect(answered.includes(form), `an answer holds ${form}`).toBe(false);
    for (const form of forms)
      expect(
        logged.some((line) => line.includes(form)),
        `a log line holds ${form}`,
      ).toBe(false);
    expect(expectNoCanaryInFiles()).toEqual(
      expect.arrayContaining(['credentials.json', 'history.jsonl', 'settings.json']),
    );
    expect(existsSync(join(dataDir, 'runs')), 'a run’s files once the app has closed').toBe(false);
    for (const name of ['credentials.json', 'history.jsonl', 'settings.json'])
      expect(statSync(join(dataDir, name)).mode & 0o777, name).toBe(0o600);
  });
});
