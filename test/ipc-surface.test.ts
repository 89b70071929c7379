/**
 * The IPC surface has no channel that returns a secret. Every channel of the contract is called
 * through the real dispatcher, after secrets were stored and a CRM user authorized, and nothing it
 * answers holds a secret value, a token or the OAuth client secret.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type RequestOf } from '../shared/contract';
import { SECRET_FIELDS } from '../shared/credentials';
import { cipherFromSafeStorage } from '../electron/main/credentials/vault';
import { createDispatch, type Dispatch } from '../electron/main/ipc/dispatch';
import { visitAuthorizationPage } from './support/authorization-browser';
import { startSandbox, type Sandbox } from '../electron/main/sandbox/server';
import { createMainServices, type MainServices } from '../electron/main/services';
import { createCertificateAuthority } from '../electron/main/tls/certificates';
import { mutualTlsWorld, toPkcs12 } from './support/client-certificates';
import { safeStorage } from './support/fake-electron';

const CANARY = 'CANARY-5e1f0c-do-not-leak';
const FROM_APP = 'app://renderer/index.html';
/** A client certificate's PKCS#12 passphrase: a secret like the others. */
const PFX_PASSPHRASE = `${CANARY}-pfx`;

let sandbox: Sandbox;
let services: MainServices;
let dispatch: Dispatch;
let dataDir: string;
let userId = '';
const answers: Array<{ channel: Channel; value: unknown }> = [];
const clipboard: string[] = [];
const savedFiles: string[] = [];

function firstCollection(): string {
  const answer = [...answers].reverse().find((a) => a.channel === 'collections:create');
  return (answer?.value as { value?: { collections: Array<{ id: string }> } }).value?.collections[0]?.id ?? 'none';
}

/** The folder the last collections:addFolder answer holds. */
function firstFolder(): string {
  const answer = [...answers].reverse().find((a) => a.channel === 'collections:addFolder');
  const view = (answer?.value as { value?: { collections: Array<{ tree: Array<{ id: string; kind: string }> }> } })
    .value;
  return view?.collections[0]?.tree.find((node) => node.kind === 'folder')?.id ?? 'none';
}

/** The body view and response of the last large answer to request:send. */
function lastLarge(): { viewId: string; responseId: string } {
  const answer = [...answers]
    .reverse()
    .find((a) => a.channel === 'request:send' && (a.value as { value?: { bodyView?: unknown } }).value?.bodyView);
  const value = (answer?.value as { value?: { bodyView?: { viewId: string }; responseId?: string } } | undefined)
    ?.value;
  return { viewId: value?.bodyView?.viewId ?? 'none', responseId: value?.responseId ?? 'none' };
}

function lastHistoryId(): string {
  const answer = [...answers].reverse().find((a) => a.channel === 'history:list');
  return (answer?.value as { value?: Array<{ id: string }> }).value?.[0]?.id ?? 'none';
}

function lastChosenFile(): string {
  const answer = [...answers].reverse().find((a) => a.channel === 'settings:chooseClientCertificateFile');
  return (answer?.value as { value?: { fileId: string } } | undefined)?.value?.fileId ?? 'none';
}

function lastRunId(): string {
  const answer = [...answers].reverse().find((a) => a.channel === 'runner:start');
  return (answer?.value as { value?: { runId: string } } | undefined)?.value?.runId ?? 'none';
}

/** A valid payload for every channel: a new channel without one is a compile error. */
function samples(): { [C in Channel]: () => RequestOf<C> } {
  const request = (path: string): RequestOf<'request:send'> => ({
    requestId: `surface-${path}`,
    method: 'GET',
    url: `${sandbox.origin}${path}`,
    headers: [],
    body: '',
    environmentId: 'sandbox',
    auth: { mode: 'api-key-bearer', bearer: userId },
    collectionId: null,
    captures: [],
    // The echo sends the credentials back: these checks fail with them as their actual values.
    checks: [
      { on: 'json', target: "$.data.headers['x-api-key']", op: 'equals', expected: 'not-the-key', enabled: true },
      { on: 'json', target: '$.data.headers.authorization', op: 'matches', expected: '^Basic', enabled: true },
    ],
  });
  return {
    // Large enough to be kept in the main process and read in pages; it echoes the request's credentials.
    'request:send': () => request('/sandbox/v1/echo?pad=1200000'),
    'request:cancel': () => ({ requestId: 'nothing-in-flight' }),
    'request:progress': () => ({ requestId: 'nothing-in-flight' }),
    'response:lines': () => ({ viewId: lastLarge().viewId, from: 0, count: 50 }),
    'response:formatting': () => ({ viewId: lastLarge().viewId }),
    'response:search': () => ({
      viewId: lastLarge().viewId,
      jobId: 'surface-search',
      query: 'x-api-key',
      caseSensitive: false,
    }),
    'response:filter': () => ({
      responseId: lastLarge().responseId,
      jobId: 'surface-filter',
      expression: '$.data.headers',
    }),
    'response:progress': () => ({ jobId: 'surface-search' }),
    'response:cancel': () => ({ jobId: 'surface-search' }),
    'response:save': () => ({ responseId: lastLarge().responseId }),
    'response:copyValue': () => ({ viewId: lastLarge().viewId, line: 0 }),
    'settings:get': () => undefined,
    'settings:update': () => ({ crmName: 'Acme CRM' }),
    'settings:addCertificate': () => ({ name: 'ca.pem', pem: createCertificateAuthority('Surface CA').certPem }),
    'settings:removeCertificate': () => ({ id: 'unknown' }),
    'settings:setProxyPassword': () => ({ value: `${CANARY}-proxy-password` }),
    'settings:chooseClientCertificateFile': () => ({ role: 'pkcs12' }),
    'settings:addClientCertificate': () => ({
      host: 'mtls.example.com',
      kind: 'pkcs12',
      certificateFileId: lastChosenFile(),
      passphrase: PFX_PASSPHRASE,
    }),
    'settings:removeClientCertificate': () => ({ id: 'unknown' }),
    'sandbox:start': () => undefined,
    'app:warnings': () => undefined,
    'credentials:get': () => undefined,
    'credentials:setSecret': () => ({ environmentId: 'production', field: 'bearerToken', value: `${CANARY}-bearer` }),
    'credentials:clearSecret': () => ({ environmentId: 'production', field: 'basicUser' }),
    'credentials:allowWeakProtection': () => ({ allowed: false }),
    'environments:add': () => ({ name: 'Staging', origin: 'https://staging.example.com' }),
    'environments:update': () => ({
      environmentId: 'production',
      authorizationUrl: 'https://www.otodom.pl/pl/crm/authorization/',
    }),
    'environments:remove': () => ({ environmentId: 'production' }),
    'oauth:authorize': () => ({ environmentId: 'sandbox', userName: 'Second user' }),
    'oauth:cancel': () => undefined,
    'oauth:refresh': () => ({ environmentId: 'sandbox', userId }),
    'oauth:removeUser': () => ({ environmentId: 'sandbox', userId: 'unknown' }),
    'collections:list': () => undefined,
    'collections:create': () => ({ name: 'Surface' }),
    'collections:addStarter': () => undefined,
    'collections:openFolder': () => undefined,
    'collections:rename': () => ({ collectionId: firstCollection(), name: 'Surface renamed' }),
    'collections:remove': () => ({ collectionId: 'unknown' }),
    'collections:getRequest': () => ({ collectionId: firstCollection(), requestId: 'unknown' }),
    'collections:saveRequest': () => ({
      collectionId: firstCollection(),
      parentId: null,
      request: {
        id: 'surface-request',
        name: 'Surface request',
        method: 'GET',
        url: '{{baseUrl}}/x',
        headers: [],
        body: '',
        auth: { mode: 'inherit' },
        captures: [],
      },
    }),
    'collections:addFolder': () => ({ collectionId: firstCollection(), parentId: null, name: 'Folder' }),
    'collections:renameNode': () => ({ collectionId: firstCollection(), nodeId: 'surface-request', name: 'Renamed' }),
    'collections:duplicateNode': () => ({ collectionId: firstCollection(), nodeId: 'surface-request' }),
    'collections:moveNode': () => ({
      collectionId: firstCollection(),
      nodeId: 'surface-request',
      parentId: null,
      index: 0,
    }),
    'collections:deleteNode': () => ({ collectionId: firstCollection(), nodeId: 'unknown' }),
    'collections:undo': () => ({ undoId: 'unknown' }),
    'collections:setAuth': () => ({ collectionId: firstCollection(), auth: { mode: 'api-key' } }),
    'collections:setFolderAuth': () => ({
      collectionId: firstCollection(),
      folderId: firstFolder(),
      auth: { mode: 'bearer', token: `${CANARY}-folder-token` },
    }),
    'variables:set': () => ({
      scope: { kind: 'global' },
      variables: [{ name: 'globalSecret', value: `${CANARY}-global`, enabled: true, secret: true }],
    }),
    'history:list': () => ({}),
    'history:get': () => ({ id: lastHistoryId() }),
    'history:clear': () => undefined,
    'import:preview': () => ({
      text: `curl -H 'X-API-KEY: ${CANARY}-curl' https://api.olxgroup.com/taxonomy/v1/categories`,
    }),
    'import:progress': () => ({ jobId: 'surface-import' }),
    'import:cancel': () => ({ jobId: 'surface-import' }),
    'import:curl': () => ({
      text: `curl -H 'Authorization: Bearer ${CANARY}-curl2' https://api.olxgroup.com/advert/v1`,
    }),
    'import:apply': () => ({ previewId: 'unknown' }),
    'export:collection': () => ({ collectionId: firstCollection(), format: 'postman' }),
    'export:curl': () => ({ request: request('/sandbox/v1/echo'), withSecrets: false }),
    'export:code': () => ({ request: request('/sandbox/v1/echo'), target: 'php-guzzle', withSecrets: false }),
    'runner:chooseDataFile': () => undefined,
    'runner:start': () => ({ collectionId: firstCollection(), environmentId: 'sandbox', delayMs: 0, bail: false }),
    'runner:progress': () => ({ runId: lastRunId(), from: 0 }),
    'runner:results': () => ({ runId: lastRunId(), from: 0, count: 100, failedOnly: false }),
    'runner:response': () => ({ runId: lastRunId(), index: 0 }),
    'runner:cancel': () => ({ runId: lastRunId() }),
    'runner:export': () => ({ runId: lastRunId(), format: 'json' }),
    'runner:drop': () => ({ runId: 'unknown' }),
  };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  dataDir = mkdtempSync(join(tmpdir(), 'surface-'));
  services = createMainServices({
    dataDir,
    sandbox,
    env: {},
    cipher: cipherFromSafeStorage(safeStorage, 'linux'),
    openAuthorizationPage: async (url) => void visitAuthorizationPage(sandbox, url, { user: 'Surface user' }),
    writeClipboard: (text) => void clipboard.push(text),
    chooseClientCertificateFile: async () => {
      const file = join(dataDir, 'client.p12');
      writeFileSync(file, toPkcs12(mutualTlsWorld().client, PFX_PASSPHRASE));
      return file;
    },
    chooseSaveFile: async (name) => {
      const file = join(dataDir, `saved-${name}`);
      savedFiles.push(file);
      return file;
    },
  });
  const raw = createDispatch(services.handlers, (url) => url === FROM_APP);
  dispatch = async (channel, sender, payload) => {
    const envelope = await raw(channel, sender, payload);
    answers.push({ channel: channel as Channel, value: envelope });
    return envelope;
  };
  for (const field of SECRET_FIELDS) {
    expect(
      await dispatch('credentials:setSecret', FROM_APP, {
        environmentId: 'production',
        field,
        value: `${CANARY}-${field}`,
      }),
    ).toMatchObject({ ok: true });
  }
  const user = await dispatch('oauth:authorize', FROM_APP, { environmentId: 'sandbox', userName: 'Surface user' });
  expect(user).toMatchObject({ ok: true });
  userId = (user as { value: { id: string } }).value.id;
});

afterAll(async () => {
  await services.dispose();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the IPC surface', () => {
  it('answers every channel of the contract without a secret in any answer', async () => {
    const sample = samples();
    for (const channel of CHANNELS) {
      await dispatch(channel, FROM_APP, (sample[channel] as () => unknown)());
    }
    expect(new Set(answers.map((a) => a.channel))).toEqual(new Set(CHANNELS));

    const tokens = sandbox.received
      .filter((r) => r.path === '/oauth/v1/token')
      .map((r) => r.headers.authorization as string)
      .concat(
        sandbox.received.map((r) => String(r.headers.authorization ?? '')).filter((h) => h.startsWith('Bearer ')),
      );
    const secrets = [
      CANARY,
      sandbox.apiKey,
      sandbox.oauthClient.clientSecret,
      ...tokens.map((h) => h.replace(/^(Basic|Bearer) /, '')),
    ];
    expect(tokens.length).toBeGreaterThan(0);
    const everything = JSON.stringify(answers);
    for (const secret of secrets) expect(everything, `an answer holds ${secret.slice(0, 12)}…`).not.toContain(secret);
    // The large answer was kept in pages and its lines were read, searched and filtered.
    const ok = (channel: Channel) => (answers.find((a) => a.channel === channel)?.value as { ok: boolean }).ok;
    for (const channel of [
      'response:lines',
      'response:formatting',
      'response:search',
      'response:filter',
      'response:save',
      'response:copyValue',
      'settings:addClientCertificate',
    ] as const)
      expect(ok(channel), channel).toBe(true);
    // Nor does anything kept on disk or put on the clipboard.
    const kept = readdirSync(join(dataDir, 'responses')).map((name) =>
      readFileSync(join(dataDir, 'responses', name), 'utf8'),
    );
    expect(kept.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      for (const text of [...kept, ...clipboard, ...savedFiles.map((f) => readFileSync(f, 'utf8'))])
        expect(text.includes(secret), `kept data holds ${secret.slice(0, 12)}…`).toBe(false);
    }
  });

  it('redacts a secret that a server echoes back', async () => {
    const result = await services.handlers['request:send']({
      requestId: 'echo-redact',
      method: 'GET',
      url: `${sandbox.origin}/sandbox/v1/echo`,
      headers: [],
      body: '',
      environmentId: 'sandbox',
      auth: { mode: 'api-key' },
      collectionId: null,
      captures: [],
    });
    expect(sandbox.received.at(-1)!.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    const body = (result as { body: string }).body;
    expect(body).toContain('"x-api-key": "••••"');
    expect(body).not.toContain(sandbox.apiKey);
  });

  it('names no channel that would read a secret back', () => {
    expect(
      CHANNELS.filter(
        (c) =>
          /secret|token|password|key/i.test(c) &&
          !/^(credentials:(setSecret|clearSecret)|settings:setProxyPassword)$/.test(c),
      ),
    ).toEqual([]);
  });
});
