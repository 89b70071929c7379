/**
 * Literal secrets in an imported Postman collection (a Bearer auth's token, a secret-looking
 * variable, a password field of a urlencoded body), through the real import:preview / import:apply
 * dispatch: the collection's files and its exports never hold them, and the request still sends
 * Postman's Bearer header (to the real sandbox on loopback).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionsView, TreeNode } from '../shared/collections';
import type { RequestDoc } from '../shared/schemas/request';
import type { SendResult } from '../shared/http-types';
import { startSandbox, type Sandbox } from '../electron/main/sandbox/server';
import { openMainWorld, type MainWorld } from './support/main-world';

let sandbox: Sandbox;
let world: MainWorld;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  world = openMainWorld({ sandbox });
});
afterEach(() => world.close());

const BEARER = 'postman-bearer-literal-5c1e77';
const CLIENT_SECRET = 'client-secret-literal-4471';
const PASSWORD = 'password-literal-8812';
const LITERALS = [BEARER, CLIENT_SECRET, PASSWORD];

function postmanCollection(origin: string): unknown {
  return {
    info: { name: 'Vendor API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [
      { key: 'client_secret', value: CLIENT_SECRET },
      { key: 'tokenUrl', value: `${origin}/oauth/v1/token` },
    ],
    item: [
      {
        name: 'Categories',
        request: {
          method: 'GET',
          url: `${origin}/taxonomy/v1/categories`,
          auth: { type: 'bearer', bearer: [{ key: 'token', value: BEARER }] },
        },
      },
      {
        name: 'Token',
        request: {
          method: 'POST',
          url: '{{tokenUrl}}',
          body: {
            mode: 'urlencoded',
            urlencoded: [
              { key: 'grant_type', value: 'password' },
              { key: 'password', value: PASSWORD },
            ],
          },
        },
      },
    ],
  };
}

function filesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => [path, readFileSync(path, 'utf8')]);
}

const requestIds = (nodes: TreeNode[]): string[] =>
  nodes.flatMap((n) => (n.kind === 'request' ? [n.id] : requestIds(n.children)));

describe('literal secrets in an imported Postman collection', () => {
  it('go to the vault as secret variables; files and exports hold {{variables}}; Bearer auth still sends the header, no API key', async () => {
    const text = JSON.stringify(postmanCollection(sandbox.origin));
    const preview = await world.value<{ previewId: string; unsupported: string[] }>('import:preview', { text });
    expect(preview.unsupported).toContain(
      "'Categories': The credential in Authorization is now the secret variable {{authorization}} (encrypted), not in the collection’s files.",
    );
    const { collections } = await world.value<{ collections: CollectionsView }>('import:apply', {
      previewId: preview.previewId,
    });
    const imported = collections.collections.find((c) => c.name === 'Vendor API')!;
    expect(imported.variables.map((v) => [v.name, v.secret, v.value])).toEqual([
      ['client_secret', true, ''],
      ['tokenUrl', false, `${sandbox.origin}/oauth/v1/token`],
      ['password', true, ''],
      ['authorization', true, ''],
    ]);
    for (const [path, text] of filesUnder(world.dataDir))
      for (const literal of LITERALS) expect(text, path).not.toContain(literal);

    const [categoriesId, tokenId] = requestIds(imported.tree);
    const categories = await world.value<RequestDoc>('collections:getRequest', {
      collectionId: imported.id,
      requestId: categoriesId,
    });
    const token = await world.value<RequestDoc>('collections:getRequest', {
      collectionId: imported.id,
      requestId: tokenId,
    });
    // Postman's Bearer stays Bearer auth, its token now the secret variable.
    expect(categories.headers).toEqual([]);
    expect(categories.auth).toEqual({ mode: 'bearer', token: '{{authorization}}' });
    expect(token.body).toBe('grant_type=password&password={{password}}');

    const exported = await world.value<{ text: string }>('export:collection', {
      collectionId: imported.id,
      format: 'postman',
    });
    for (const literal of LITERALS) expect(exported.text).not.toContain(literal);
    expect(exported.text).not.toContain('X-API-KEY');
    const postman = JSON.parse(exported.text) as { item: Array<{ request: { auth?: unknown } }> };
    expect(postman.item[0]!.request.auth).toEqual({
      type: 'bearer',
      bearer: [{ key: 'token', value: '{{authorization}}', type: 'string' }],
    });

    const before = sandbox.received.length;
    const result = await world.value<SendResult>('request:send', {
      requestId: 'send-imported',
      method: categories.method,
      url: categories.url,
      headers: categories.headers.map((h, i) => ({ ...h, id: `h${i}`, origin: 'user' })),
      body: '',
      environmentId: null,
      auth: categories.auth,
      collectionId: imported.id,
      captures: [],
    });
    expect(result.kind).toBe('response');
    const received = sandbox.received.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.authorization).toBe(`Bearer ${BEARER}`);
    expect(received[0]!.headers['x-api-key']).toBeUndefined();
    // The token is masked like a header value in everything the renderer gets.
    expect(JSON.stringify(result)).not.toContain(BEARER);

    // Its secret goes only to the origin it was first sent to, as a header row's does.
    const elsewhere = await world.value<SendResult>('request:send', {
      requestId: 'send-elsewhere',
      method: 'GET',
      url: 'https://other.example/taxonomy',
      headers: [],
      body: '',
      environmentId: null,
      auth: categories.auth,
      collectionId: imported.id,
      captures: [],
    });
    expect(elsewhere).toMatchObject({
      kind: 'rejected',
      problems: [{ field: 'url', message: expect.stringContaining('{{authorization}}') }],
    });
    expect(JSON.stringify(elsewhere)).not.toContain(BEARER);
  });
});
