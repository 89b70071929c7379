/**
 * Property-based fuzzing of every channel of the contract through the real dispatch (sender check,
 * schema, handler) with the real services, a temporary data folder and the real sandbox on loopback.
 *
 * Two kinds of payload per channel: malformed ones (random JSON values, wrong types, keys that would
 * pollute prototypes, huge strings, deep nesting) and well-typed hostile ones (a valid payload whose
 * strings and numbers are swapped for ids such as __proto__, paths with ../, very long names, deep
 * JSON texts, real ids of other things). Every answer must be a value or a sentence: never a raw
 * JavaScript error, a stack, or an absolute path of this machine; nothing may be written beside the
 * data folder, and no prototype may be polluted. The seed is fixed, so a failure repeats.
 *
 * No channel is left out: the dialogs and windows are answered by the fakes the services take (the
 * folder picker cancels, the data file picker and the save dialog name files in the data folder,
 * the authorization page is answered "Deny" by a test browser on the real sandbox, the clipboard is
 * a list; a real run of the collection gives the runner's channels a run to read).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionsView } from '../shared/collections';
import { CHANNELS, type Channel } from '../shared/contract';
import type { SendResult } from '../shared/http-types';
import { INTERNAL_FAULT } from '../electron/main/ipc/error-sentence';
import { visitAuthorizationPage } from './support/authorization-browser';
import { startSandbox, type Sandbox } from '../electron/main/sandbox/server';
import { openMainWorld, type MainWorld } from './support/main-world';

const SEED = 20_261_203;
const RUNS = { malformed: 12, hostile: 20 };
/** What a raw JavaScript error or a stack looks like in a message. */
const RAW_ERROR_NAMES = /TypeError|ReferenceError|RangeError|SyntaxError/;
const RAW_ERROR_TEXTS = /Cannot read propert|is not a function|is not iterable|is not defined|Maximum call stack/;
const STACK = /\n\s+at |\bat [\w.<>]+ \(/;
const RAW = new RegExp([RAW_ERROR_NAMES, RAW_ERROR_TEXTS, STACK].map((pattern) => pattern.source).join('|'));
const HUGE = 'h'.repeat(2 * 1024 * 1024);

let sandbox: Sandbox;
let world: MainWorld;
const clipboard: string[] = [];

/** Ids of real things, found in setup, that hostile payloads mix into other fields. */
const ids = {
  collectionId: 'none',
  folderId: 'none',
  requestId: 'none',
  previewId: 'none',
  viewId: 'none',
  responseId: 'none',
  undoId: 'none',
  historyId: 'none',
  runId: 'none',
};

/** Every file and folder under `dir` but the data folder, as relative paths. */
function besideData(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path !== 'data' && !path.startsWith(`data/`))
    .sort();
}

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

/**
 * Payloads nested 20,000 deep stand for themselves as these names until they are sent: fast-check
 * prints a failing payload, and printing one that deep would overflow the stack of the test itself.
 */
const DEEP_ARRAY = 'fuzz:deep-array';
const DEEP_OBJECT = 'fuzz:deep-object';
const DEEP: Record<string, unknown> = {
  [DEEP_ARRAY]: nested(20_000, (inner) => [inner]),
  [DEEP_OBJECT]: nested(20_000, (inner) => ({ a: inner })),
};
const materialize = (payload: unknown) =>
  typeof payload === 'string' && Object.hasOwn(DEEP, payload) ? DEEP[payload] : payload;

/** A payload in a failure message: short, and never a stack overflow. */
function shown(channel: string, payload: unknown): string {
  try {
    return `${channel} ${JSON.stringify(payload)?.slice(0, 200)}`;
  } catch {
    return `${channel} (a payload too deep to print)`;
  }
}

/** Checks of every subject, for the send and the saved request (their texts are what hostile payloads swap). */
const CHECKS = [
  { on: 'status', target: '', op: 'between', expected: '200-299', enabled: true },
  { on: 'json', target: '$.data.headers', op: 'matches', expected: '/^{{captured}}$/i', enabled: true },
  { on: 'header', target: 'Content-Type', op: 'contains', expected: 'json', enabled: true },
  { on: 'time', target: '', op: 'below', expected: '60000', enabled: true },
  { on: 'schema', target: '', op: 'valid', expected: '{"type":"object"}', enabled: false },
];

/** A valid payload for every channel (a new channel without one is a compile error), pointing at the real things. */
function samples(): Record<Channel, unknown> {
  const send = {
    requestId: 'fuzz-send',
    method: 'GET',
    url: `${sandbox.origin}/sandbox/v1/echo`,
    headers: [{ id: 'h1', name: 'X-Note', value: 'fuzz', enabled: true, origin: 'user' }],
    body: '',
    environmentId: 'sandbox',
    auth: { mode: 'api-key' },
    collectionId: ids.collectionId,
    captures: [{ variable: 'captured', path: '$.data' }],
    checks: CHECKS,
  };
  const headers = [{ name: 'Accept', value: 'application/json', enabled: true }];
  const doc = {
    id: ids.requestId,
    name: 'Fuzzed',
    method: 'GET',
    url: '{{baseUrl}}/x',
    headers,
    body: '',
    auth: { mode: 'inherit' },
    captures: [],
    checks: CHECKS,
  };
  const { collectionId, folderId, requestId, previewId, viewId, responseId, undoId, historyId } = ids;
  return {
    'request:send': send,
    'request:cancel': { requestId: 'fuzz-send' },
    'request:progress': { requestId: 'fuzz-send' },
    'response:lines': { viewId, from: 0, count: 20 },
    'response:formatting': { viewId },
    'response:search': { viewId, jobId: 'fuzz-job', query: 'x', caseSensitive: false, from: 0 },
    'response:filter': { responseId, jobId: 'fuzz-job', expression: '$.data' },
    'response:progress': { jobId: 'fuzz-job' },
    'response:cancel': { jobId: 'fuzz-job' },
    'response:save': { responseId, viewId },
    'response:copyValue': { viewId, line: 0 },
    'settings:get': undefined,
    'app:warnings': undefined,
    'settings:update': {
      crmName: 'Fuzz CRM',
      timeoutMs: 2000,
      maxResponseMb: 50,
      authWindow: 'app-window',
      theme: 'dark',
      proxy: { mode: 'none', url: '', bypass: '', username: '' },
    },
    'settings:addCertificate': { name: 'ca.pem', pem: sandbox.caCertPem },
    'settings:removeCertificate': { id: 'unknown' },
    'settings:setProxyPassword': { value: 'proxy-password-1234' },
    'settings:chooseClientCertificateFile': { role: 'pkcs12' },
    'settings:addClientCertificate': {
      host: 'mtls.example.com',
      kind: 'pem',
      certificateFileId: 'unknown',
      keyFileId: 'unknown',
      passphrase: 'passphrase-1234',
    },
    'settings:removeClientCertificate': { id: 'unknown' },
    'sandbox:start': undefined,
    'credentials:get': undefined,
    'credentials:setSecret': { environmentId: 'production', field: 'apiKey', value: 'a-production-key-1234' },
    'credentials:clearSecret': { environmentId: 'production', field: 'apiKey' },
    'credentials:allowWeakProtection': { allowed: false },
    'environments:add': {
      name: 'Staging',
      origin: 'https://127.0.0.1:1',
      authorizationUrl: `${sandbox.origin}/en/crm/authorization/`,
    },
    'environments:update': {
      environmentId: 'production',
      authorizationUrl: 'https://www.otodom.pl/pl/crm/authorization/',
    },
    'environments:remove': { environmentId: 'production' },
    'oauth:authorize': { environmentId: 'sandbox', userName: 'Fuzz user', userId: 'unknown' },
    'oauth:cancel': undefined,
    'oauth:refresh': { environmentId: 'sandbox', userId: 'unknown' },
    'oauth:removeUser': { environmentId: 'sandbox', userId: 'unknown' },
    'collections:list': undefined,
    'collections:create': { name: 'Fuzz' },
    'collections:addStarter': undefined,
    'collections:openFolder': undefined,
    'collections:rename': { collectionId, name: 'Fuzzed' },
    'collections:remove': { collectionId: 'unknown' },
    'collections:getRequest': { collectionId, requestId },
    'collections:saveRequest': { collectionId, parentId: folderId, request: doc },
    'collections:addFolder': { collectionId, parentId: folderId, name: 'Folder' },
    'collections:renameNode': { collectionId, nodeId: requestId, name: 'Renamed' },
    'collections:duplicateNode': { collectionId, nodeId: requestId },
    'collections:moveNode': { collectionId, nodeId: requestId, parentId: folderId, index: 0 },
    'collections:deleteNode': { collectionId, nodeId: 'unknown' },
    'collections:undo': { undoId },
    'collections:setAuth': { collectionId, auth: { mode: 'api-key-bearer', bearer: 'manual' } },
    'collections:setFolderAuth': { collectionId, folderId, auth: { mode: 'basic' } },
    'variables:set': {
      scope: { kind: 'collection', collectionId },
      variables: [{ name: 'fuzzVar', value: 'v', enabled: true, secret: true }],
    },
    'history:list': { query: 'echo', limit: 10 },
    'history:get': { id: historyId },
    'history:clear': undefined,
    'import:preview': {
      text: 'curl https://127.0.0.1:1/x -d @advert.json',
      fileName: 'x.sh',
      files: { 'advert.json': '{}' },
    },
    'import:progress': { jobId: 'fuzz-import' },
    'import:cancel': { jobId: 'fuzz-import' },
    'import:curl': { text: 'curl -X POST https://127.0.0.1:1/advert/v1 --data-raw @advert.json' },
    'import:apply': { previewId },
    'export:collection': { collectionId, format: 'postman' },
    'export:curl': { request: send, withSecrets: true },
    'export:code': { request: send, target: 'python-requests', withSecrets: true },
    'runner:chooseDataFile': undefined,
    'runner:start': {
      collectionId,
      folderIds: [folderId],
      environmentId: 'sandbox',
      iterations: 2,
      delayMs: 0,
      bail: false,
      parallel: 2,
    },
    'runner:progress': { runId: ids.runId, from: 0 },
    'runner:results': { runId: ids.runId, from: 0, count: 50, failedOnly: true },
    'runner:response': { runId: ids.runId, index: 0 },
    'runner:cancel': { runId: ids.runId },
    'runner:export': { runId: ids.runId, format: 'junit' },
    'runner:drop': { runId: 'unknown' },
  };
}

/** Strings a hostile caller would try in any string field. */
function hostileStrings(): string[] {
  const postmanWithPollution = [
    '{"info":{"name":"P","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"__proto__":{"polluted":1},',
    '"item":[{"name":"__proto__","request":{"method":"GET","url":"https://127.0.0.1:1/x","header":[{"key":"constructor","value":"x"}]}}],',
    '"variable":[{"key":"__proto__","value":"1"},{"key":"constructor","value":"2"}]}',
  ].join('');
  return [
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'toString',
    'prototype',
    '../../../outside',
    '..',
    'a/../../b',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    '\u0000',
    '%2e%2e%2f',
    '',
    ' ',
    '\u202e\u0000\ud800',
    '{{__proto__}}',
    '{{constructor}}',
    'n'.repeat(100_000),
    HUGE,
    `${sandbox.origin}/../../x`,
    `${sandbox.origin}/sandbox/v1/echo?__proto__[x]=1`,
    'https://127.0.0.1:1/',
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    postmanWithPollution,
    'curl -d @constructor -d @__proto__ https://127.0.0.1:1/',
    ...Object.values(ids),
  ];
}

const HOSTILE_NUMBERS = [-1, 0, 0.5, -0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308];

/** Variants of a valid payload whose leaves are swapped for hostile values of the same type (sometimes). */
function hostileVariant(sample: unknown, strings: string[]): fc.Arbitrary<unknown> {
  if (typeof sample === 'string') return fc.oneof(fc.constant(sample), fc.constantFrom(...strings));
  if (typeof sample === 'number') return fc.oneof(fc.constant(sample), fc.constantFrom(...HOSTILE_NUMBERS));
  if (typeof sample === 'boolean') return fc.boolean();
  if (Array.isArray(sample)) return fc.tuple(...sample.map((item) => hostileVariant(item, strings)));
  if (typeof sample === 'object' && sample !== null) {
    return fc.record(
      Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, hostileVariant(value, strings)])),
    );
  }
  return fc.constant(sample);
}

/** Wrong types in the places of a valid payload's leaves, random JSON, polluting keys, huge and deep values. */
function malformed(sample: unknown): fc.Arbitrary<unknown> {
  const wrongLeaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<unknown>(null, [], {}, HUGE, -1, true));
  const wrongTypes = (value: unknown): fc.Arbitrary<unknown> => {
    if (Array.isArray(value)) return fc.tuple(...value.map(wrongTypes));
    if (typeof value === 'object' && value !== null) {
      return fc.record(
        Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fc.oneof(wrongTypes(inner), wrongLeaf)])),
      );
    }
    return wrongLeaf;
  };
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    wrongTypes(sample),
    fc.constantFrom<unknown>(
      JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
      JSON.parse('{"request":{"__proto__":{"polluted":true}},"scope":{"__proto__":{"kind":"global"}}}'),
      DEEP_ARRAY,
      DEEP_OBJECT,
      HUGE,
      { text: HUGE, name: HUGE, id: HUGE },
    ),
  );
}

/** Texts that name this machine's folders: never in an error sentence. */
function machinePaths(): string[] {
  return [world.dataDir, world.parent, tmpdir(), homedir(), process.cwd()];
}

async function answerChecked(channel: Channel, payload: unknown): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${channel} did not answer within 15 s`)), 15_000);
  });
  const answer = await Promise.race([world.call(channel, materialize(payload)), hung]).finally(() =>
    clearTimeout(timer),
  );
  const where = shown(channel, payload);
  if (answer.ok) {
    expect(JSON.stringify(answer.value ?? null).replaceAll('\\n', '\n'), where).not.toMatch(STACK);
    return;
  }
  expect(typeof answer.error, where).toBe('string');
  expect(answer.error, where).not.toMatch(RAW);
  // The dispatch's net for errors JavaScript raises is not a sentence saying what is wrong: reaching it is a fault.
  expect(answer.error, where).not.toBe(INTERNAL_FAULT);
  for (const path of machinePaths()) expect(answer.error, where).not.toContain(path);
}

beforeAll(async () => {
  sandbox = await startSandbox();
  world = openMainWorld({
    sandbox,
    writeClipboard: (text) => void clipboard.push(text.slice(0, 100)),
    chooseFolder: async () => null,
    chooseDataFile: async () => join(world.dataDir, 'titles.csv'),
    chooseClientCertificateFile: async () => join(world.dataDir, 'titles.csv'),
    chooseSaveFile: async (name) => {
      const folder = join(world.dataDir, 'saved');
      mkdirSync(folder, { recursive: true });
      return join(folder, basename(name));
    },
    openAuthorizationPage: async (url) => {
      try {
        await visitAuthorizationPage(sandbox, url, { decision: 'deny' });
      } catch {
        throw new Error('The test browser could not answer the authorization page.');
      }
    },
  });
  await world.value('settings:update', { timeoutMs: 2000 });
  const created = await world.value<CollectionsView>('collections:create', { name: 'Fuzz target' });
  ids.collectionId = created.collections[0]!.id;
  const withFolder = await world.value<CollectionsView>('collections:addFolder', {
    collectionId: ids.collectionId,
    parentId: null,
    name: 'Folder',
  });
  ids.folderId = withFolder.collections[0]!.tree[0]!.id;
  ids.requestId = '11111111-1111-4111-8111-111111111111';
  const url = `${sandbox.origin}/sandbox/v1/echo`;
  const request = {
    id: ids.requestId,
    name: 'Echo',
    method: 'GET',
    url,
    headers: [],
    body: '',
    auth: { mode: 'api-key' },
    captures: [],
  };
  await world.value('collections:saveRequest', { collectionId: ids.collectionId, parentId: ids.folderId, request });
  const large = await world.value<SendResult & { bodyView?: { viewId: string }; responseId?: string }>('request:send', {
    ...(samples()['request:send'] as object),
    url: `${sandbox.origin}/sandbox/v1/echo?pad=1200000`,
  });
  ids.viewId = large.bodyView?.viewId ?? 'none';
  ids.responseId = large.responseId ?? 'none';
  ids.previewId = (
    await world.value<{ previewId: string }>('import:preview', { text: 'curl https://127.0.0.1:1/x' })
  ).previewId;
  const extra = await world.value<CollectionsView>('collections:addFolder', {
    collectionId: ids.collectionId,
    parentId: null,
    name: 'Gone',
  });
  const gone = extra.collections[0]!.tree.find((n) => n.name === 'Gone')!.id;
  ids.undoId = (
    await world.value<{ undoId: string }>('collections:deleteNode', { collectionId: ids.collectionId, nodeId: gone })
  ).undoId;
  ids.historyId = (await world.value<Array<{ id: string }>>('history:list', {}))[0]?.id ?? 'none';
  writeFileSync(join(world.dataDir, 'titles.csv'), 'title\nFlat\n');
  const run = await world.value<{ runId: string }>('runner:start', {
    collectionId: ids.collectionId,
    environmentId: 'sandbox',
    delayMs: 0,
    bail: false,
  });
  while ((await world.value<{ state: string }>('runner:progress', { runId: run.runId, from: 0 })).state === 'running')
    await new Promise((resolve) => setTimeout(resolve, 10));
  ids.runId = run.runId;
}, 60_000);

afterAll(async () => {
  await world?.close();
  await sandbox?.close();
});

describe('every channel, fuzzed through the real dispatch', () => {
  it('answers malformed and hostile payloads with a value or a sentence, writes only in the data folder, pollutes nothing', async () => {
    expect(Object.values(ids)).not.toContain('none');
    const before = besideData(world.parent);
    const valid = samples();
    const strings = hostileStrings();
    for (const [index, channel] of CHANNELS.entries()) {
      await fc.assert(
        fc.asyncProperty(malformed(valid[channel]), (payload) => answerChecked(channel, payload)),
        { seed: SEED + index, numRuns: RUNS.malformed, endOnFailure: true },
      );
      await fc.assert(
        fc.asyncProperty(hostileVariant(valid[channel], strings), (payload) => answerChecked(channel, payload)),
        { seed: SEED + index, numRuns: RUNS.hostile, endOnFailure: true },
      );
    }
    expect(besideData(world.parent)).toEqual(before);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect((Object.prototype as { kind?: unknown }).kind).toBeUndefined();
  }, 120_000);
});
