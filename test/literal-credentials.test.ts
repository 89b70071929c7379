/**
 * A key typed by hand into an X-API-KEY or Authorization row, saved into a collection through the
 * real dispatch: the files on disk and the exports never hold it, the user is told where it went, and
 * the saved request still sends it (to the real sandbox on loopback).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionsView, SaveRequestResult } from '../shared/collections';
import type { RequestDoc } from '../shared/schemas/request';
import type { SendResult } from '../shared/http-types';
import { startSandbox, type Sandbox } from '../electron/main/sandbox/server';
import { openMainWorld, type MainWorld } from './support/main-world';

let sandbox: Sandbox;
let world: MainWorld;
let collectionId: string;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  world = openMainWorld({ sandbox });
  const view = await world.value<CollectionsView>('collections:create', { name: 'Partner API' });
  collectionId = view.collections[0]!.id;
});
afterEach(() => world.close());

const BEARER = 'hand-typed-bearer-token-9f2c41';

function doc(id: string, headers: RequestDoc['headers']): RequestDoc {
  const url = `${sandbox.origin}/taxonomy/v1/categories`;
  return {
    id,
    name: `Categories ${id.slice(0, 4)}`,
    method: 'GET',
    url,
    headers,
    body: '',
    auth: { mode: 'none' },
    captures: [],
  };
}

/** Every file under a folder, with its text. */
function filesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => [path, readFileSync(path, 'utf8')]);
}

async function save(request: RequestDoc): Promise<SaveRequestResult> {
  return world.value<SaveRequestResult>('collections:saveRequest', { collectionId, parentId: null, request });
}

describe('a literal credential in a header row, on save', () => {
  it('goes to the vault as a secret variable; the files and exports hold {{xApiKey}}; the request still sends the key', async () => {
    const saved = await save(
      doc('11111111-1111-4111-8111-111111111111', [
        { name: 'X-API-KEY', value: sandbox.apiKey, enabled: true },
        { name: 'Authorization', value: `Bearer ${BEARER}`, enabled: true },
        { name: 'Accept', value: 'application/json', enabled: true },
      ]),
    );
    expect(saved.moved).toEqual({
      notice:
        'The credentials in X-API-KEY and Authorization are now the secret variables {{xApiKey}} and {{authorization}} (encrypted), ' +
        'not in the collection’s files.',
      headers: [
        { index: 0, value: '{{xApiKey}}' },
        { index: 1, value: 'Bearer {{authorization}}' },
      ],
    });
    const collection = saved.collections[0]!;
    expect(collection.variables).toEqual([
      { name: 'xApiKey', value: '', enabled: true, secret: true, hint: expect.stringMatching(/^••••/), origins: [] },
      {
        name: 'authorization',
        value: '',
        enabled: true,
        secret: true,
        hint: expect.stringMatching(/^••••/),
        origins: [],
      },
    ]);
    expect(JSON.stringify(saved)).not.toContain(sandbox.apiKey);

    // On disk: nothing under the data folder holds either value in clear (the vault holds ciphertext).
    for (const [path, text] of filesUnder(world.dataDir)) {
      expect(text, path).not.toContain(sandbox.apiKey);
      expect(text, path).not.toContain(BEARER);
    }
    const stored = await world.value<RequestDoc>('collections:getRequest', {
      collectionId,
      requestId: '11111111-1111-4111-8111-111111111111',
    });
    expect(stored.headers.map((h) => h.value)).toEqual(['{{xApiKey}}', 'Bearer {{authorization}}', 'application/json']);

    // Exports hold the placeholders only.
    for (const format of ['postman', 'workbench']) {
      const exported = await world.value<{ text: string }>('export:collection', { collectionId, format });
      expect(exported.text).toContain('{{xApiKey}}');
      expect(exported.text).not.toContain(sandbox.apiKey);
      expect(exported.text).not.toContain(BEARER);
    }

    // Sent as saved: the sandbox receives the key itself and answers 200.
    const before = sandbox.received.length;
    const result = await world.value<SendResult>('request:send', {
      requestId: 'send-saved',
      method: stored.method,
      url: stored.url,
      headers: stored.headers.map((h, i) => ({ ...h, id: `h${i}`, origin: 'user' })),
      body: '',
      environmentId: null,
      auth: { mode: 'none' },
      collectionId,
      captures: [],
    });
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    const received = sandbox.received.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(received[0]!.headers.authorization).toBe(`Bearer ${BEARER}`);
  });

  it('reuses the variable for the same key, and picks a free name for another or when a name is used elsewhere', async () => {
    const globalOne = { name: 'authorization', value: 'global one', enabled: true, secret: false };
    await world.value('variables:set', { scope: { kind: 'global' }, variables: [globalOne] });
    await save(
      doc('11111111-1111-4111-8111-111111111111', [{ name: 'x-api-key', value: sandbox.apiKey, enabled: true }]),
    );
    const same = await save(
      doc('22222222-2222-4222-8222-222222222222', [
        { name: 'X-API-KEY', value: ` ${sandbox.apiKey} `, enabled: false },
      ]),
    );
    expect(same.moved?.headers).toEqual([{ index: 0, value: '{{xApiKey}}' }]);
    const other = await save(
      doc('33333333-3333-4333-8333-333333333333', [
        { name: 'X-API-KEY', value: 'another-key-entirely', enabled: true },
        { name: 'Authorization', value: 'Basic dXNlcjpwYXNz', enabled: true },
      ]),
    );
    expect(other.moved?.headers).toEqual([
      { index: 0, value: '{{xApiKey2}}' },
      { index: 1, value: 'Basic {{authorization2}}' },
    ]);
    expect(other.collections[0]!.variables.map((v) => v.name)).toEqual(['xApiKey', 'xApiKey2', 'authorization2']);
  });

  it('leaves variables alone, and refuses a credential mixed with variables with a sentence, writing nothing', async () => {
    const plain = await save(
      doc('11111111-1111-4111-8111-111111111111', [
        { name: 'X-API-KEY', value: '{{apiKey}}', enabled: true },
        { name: 'Authorization', value: 'Bearer {{token}}', enabled: true },
      ]),
    );
    expect(plain.moved).toBeUndefined();
    const answer = await world.call('collections:saveRequest', {
      collectionId,
      parentId: null,
      request: doc('22222222-2222-4222-8222-222222222222', [
        { name: 'X-API-KEY', value: 'half-{{suffix}}', enabled: true },
      ]),
    });
    expect(answer).toEqual({
      ok: false,
      error: expect.stringMatching(/^The X-API-KEY header mixes a literal credential with \{\{variables\}\}/),
    });
    const view = await world.value<CollectionsView>('collections:list');
    expect(view.collections[0]!.tree).toHaveLength(1);
  });
});

describe('a literal token in Bearer token auth, on save', () => {
  it('goes to the vault as a secret variable like a header row’s; files and exports hold {{authorization}}; the request still sends it', async () => {
    const id = '44444444-4444-4444-8444-444444444444';
    const saved = await save({ ...doc(id, []), auth: { mode: 'bearer', token: ` ${BEARER} ` } });
    expect(saved.moved).toEqual({
      notice:
        'The credential in Authorization is now the secret variable {{authorization}} (encrypted), not in the collection’s files.',
      headers: [],
      token: '{{authorization}}',
    });
    for (const [path, text] of filesUnder(world.dataDir)) expect(text, path).not.toContain(BEARER);
    const stored = await world.value<RequestDoc>('collections:getRequest', { collectionId, requestId: id });
    expect(stored.auth).toEqual({ mode: 'bearer', token: '{{authorization}}' });
    for (const format of ['postman', 'workbench']) {
      const exported = await world.value<{ text: string }>('export:collection', { collectionId, format });
      expect(exported.text).not.toContain(BEARER);
    }

    const before = sandbox.received.length;
    const result = await world.value<SendResult>('request:send', {
      requestId: 'send-bearer',
      method: 'GET',
      url: stored.url,
      headers: [],
      body: '',
      environmentId: null,
      auth: stored.auth,
      collectionId,
      captures: [],
    });
    expect(result.kind).toBe('response');
    const received = sandbox.received.slice(before);
    expect(received.map((r) => r.headers.authorization)).toEqual([`Bearer ${BEARER}`]);
    expect(received[0]!.headers['x-api-key']).toBeUndefined();
  });
});

describe('a literal token in a collection’s Bearer token auth', () => {
  it('goes to the vault as a secret variable; collection.json holds {{authorization}}', async () => {
    const view = await world.value<CollectionsView>('collections:setAuth', {
      collectionId,
      auth: { mode: 'bearer', token: BEARER },
    });
    expect(view.collections[0]!.auth).toEqual({ mode: 'bearer', token: '{{authorization}}' });
    expect(view.collections[0]!.variables).toEqual([
      {
        name: 'authorization',
        value: '',
        enabled: true,
        secret: true,
        hint: expect.stringMatching(/^••••/),
        origins: [],
      },
    ]);
    for (const [path, text] of filesUnder(world.dataDir)) expect(text, path).not.toContain(BEARER);
  });
});

describe('a literal credential already in a request file (saved before, or from git)', () => {
  it('is moved out when the collection is exported: neither the export nor the file holds it afterwards', async () => {
    await save(
      doc('11111111-1111-4111-8111-111111111111', [{ name: 'Accept', value: 'application/json', enabled: true }]),
    );
    const location = (await world.value<CollectionsView>('collections:list')).collections[0]!.location;
    const [file] = filesUnder(location).filter(([path]) => path.endsWith('.request.json'));
    const onDisk = JSON.parse(file![1]) as { headers: Array<{ name: string; value: string; enabled: boolean }> };
    onDisk.headers.push({ name: 'X-API-KEY', value: sandbox.apiKey, enabled: true });
    writeFileSync(file![0], JSON.stringify(onDisk, null, 2));

    const exported = await world.value<{ text: string }>('export:collection', { collectionId, format: 'postman' });
    expect(exported.text).not.toContain(sandbox.apiKey);
    expect(exported.text).toContain('{{xApiKey}}');
    expect(JSON.parse(exported.text).variable).toContainEqual(expect.objectContaining({ key: 'xApiKey', value: '' }));
    for (const [path, text] of filesUnder(world.dataDir)) expect(text, path).not.toContain(sandbox.apiKey);
  });
});

describe('a literal credential in an imported file', () => {
  it('is kept as a secret variable, never in the collection’s files, and the preview says so', async () => {
    const exported = {
      format: 'partner-api-workbench.collection-export',
      version: 1,
      collection: {
        name: 'Handed over',
        auth: { mode: 'none' },
        variables: [],
        items: [
          {
            kind: 'request',
            request: {
              ...doc('x', [{ name: 'X-API-KEY', value: sandbox.apiKey, enabled: true }]),
              id: undefined,
              name: 'Publish',
            },
          },
        ],
      },
    };
    const preview = await world.value<{ previewId: string; unsupported: string[] }>('import:preview', {
      text: JSON.stringify(exported),
    });
    expect(preview.unsupported).toContain(
      "'Publish': The credential in X-API-KEY is now the secret variable {{xApiKey}} (encrypted), not in the collection’s files.",
    );
    const { collections } = await world.value<{ collections: CollectionsView }>('import:apply', {
      previewId: preview.previewId,
    });
    const imported = collections.collections.find((c) => c.name === 'Handed over')!;
    expect(imported.variables).toEqual([
      { name: 'xApiKey', value: '', enabled: true, secret: true, hint: expect.stringMatching(/^••••/), origins: [] },
    ]);
    for (const [path, text] of filesUnder(world.dataDir)) expect(text, path).not.toContain(sandbox.apiKey);
  });
});
