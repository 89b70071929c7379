/**
 * Postman folder auth: imported onto the folder (requests without auth inherit it, `noauth` sends
 * nothing), exported back as the folder's `auth`, and run by newman, Postman's own runner, against
 * the sandbox on loopback, which receives what the app itself would send.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedCollection, ImportedNode } from '../../../shared/collections';
import { effectiveAuth, type AuthFolder } from '../../../shared/effective-auth';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { runNewman } from '../../../test/support/newman';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { exportPostman, importPostman, type ExportNode } from './postman';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'postman', name), 'utf8'));

const kv = (key: string, value: string) => ({ key, value, type: 'string' });
const get = (name: string, path: string, auth?: object) => ({
  name,
  request: { method: 'GET', header: [], url: `{{baseUrl}}${path}`, ...(auth ? { auth } : {}) },
  response: [],
});

/**
 * Shaped as vendors publish theirs (an API key on the collection, a Bearer token on the folder whose
 * endpoints act for a user, a public folder with `noauth`, a request with its own Basic).
 */
const LISTINGS = {
  info: {
    name: 'Listings API',
    schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
  },
  auth: { type: 'apikey', apikey: [kv('key', 'X-API-KEY'), kv('value', '{{apiKey}}'), kv('in', 'header')] },
  item: [
    {
      name: 'Listings',
      auth: { type: 'bearer', bearer: [kv('token', '{{listingsToken}}')] },
      item: [
        get('List listings', '/listings'),
        {
          name: 'Public',
          auth: { type: 'noauth' },
          item: [get('Public listing', '/public/listing'), get('Public search', '/public/search')],
        },
        { name: 'Drafts', item: [get('List drafts', '/listings/drafts')] },
        get('Listing token', '/oauth/token', {
          type: 'basic',
          basic: [kv('username', '{{basicUser}}'), kv('password', '{{basicPassword}}')],
        }),
      ],
    },
    get('Categories', '/taxonomy/categories'),
  ],
  variable: [kv('baseUrl', 'https://api.example.com')],
};

/** Every request of an import with the auth the app would send for it (through the one resolver). */
function sentAuth(collection: ImportedCollection): Record<string, AuthSelection> {
  const out: Record<string, AuthSelection> = {};
  const walk = (nodes: ImportedNode[], folders: AuthFolder[]) => {
    for (const node of nodes) {
      if (node.kind === 'folder') walk(node.children, [...folders, { name: node.name, auth: node.auth }]);
      else out[node.request.name] = effectiveAuth(node.request.auth, folders, collection.auth).auth;
    }
  };
  walk(collection.items, []);
  return out;
}

let nextId = 0;
const withIds = (nodes: ImportedNode[]): ExportNode[] =>
  nodes.map((n) =>
    n.kind === 'folder'
      ? { ...n, children: withIds(n.children) }
      : { kind: 'request', request: { id: `r${nextId++}`, ...n.request } },
  );

const EXPECTED_SENT = {
  'List listings': { mode: 'bearer', token: '{{listingsToken}}' },
  'Public listing': { mode: 'none' },
  'Public search': { mode: 'none' },
  'List drafts': { mode: 'bearer', token: '{{listingsToken}}' },
  'Listing token': { mode: 'basic' },
  Categories: { mode: 'api-key' },
};

describe('Postman folder auth', () => {
  it('is imported onto the folder; its requests inherit it and a `noauth` folder sends nothing', () => {
    const result = importPostman(LISTINGS);
    const collection = result.collections[0]!;
    expect(collection.auth).toEqual({ mode: 'api-key' });
    const [listings] = collection.items;
    expect(listings).toMatchObject({ kind: 'folder', name: 'Listings', auth: { mode: 'bearer' } });
    const children = listings!.kind === 'folder' ? listings!.children : [];
    expect(children[1]).toMatchObject({ kind: 'folder', name: 'Public', auth: { mode: 'none' } });
    expect(children[2]).toMatchObject({ kind: 'folder', name: 'Drafts' });
    expect(children[2]).not.toHaveProperty('auth');
    expect(children[0]).toMatchObject({ kind: 'request', request: { auth: { mode: 'inherit' } } });
    expect(sentAuth(collection)).toEqual(EXPECTED_SENT);
    expect(result.unsupported).toEqual([]);
  });

  it('reads the folder auth of real collections: the transformer’s nested entities, PayPal’s `noauth` folder', () => {
    const nested = importPostman(fixture('transformer-nested-entities-v2.1.json')).collections[0]!;
    const f1 = nested.items.find((n) => n.kind === 'folder' && n.name === 'F1');
    expect(f1).toMatchObject({ auth: { mode: 'basic' } });

    const paypal = importPostman(fixture('paypal-checkout-flows.postman_collection.json')).collections[0]!;
    expect(paypal.auth).toEqual({ mode: 'bearer', token: '{{access_token}}' });
    const expanded = paypal.items.find((n) => n.kind === 'folder' && n.name === 'PayPal + Expanded Checkout');
    expect(expanded).toMatchObject({ auth: { mode: 'none' } });
    const saved = paypal.items.find(
      (n) => n.kind === 'folder' && n.name === 'Expanded Checkout - Save Payment Methods',
    );
    expect(saved).not.toHaveProperty('auth');
    // Its requests carry their own auth (Bearer, Basic for the token), which wins over the folder's None.
    const sent = sentAuth(paypal);
    expect(sent['Show order details']).toEqual({ mode: 'bearer', token: '{{access_token}}' });
    expect(sent['Create order']?.mode).toBe('bearer');
  });

  it('is exported as the folder’s `auth` and imported back the same', () => {
    const imported = importPostman(LISTINGS).collections[0]!;
    const exported = exportPostman({ ...imported, items: withIds(imported.items) });
    const listings = (exported.item as Array<Record<string, unknown>>)[0]!;
    expect(listings.auth).toEqual({ type: 'bearer', bearer: [kv('token', '{{listingsToken}}')] });
    const inner = listings.item as Array<Record<string, unknown>>;
    expect(inner[1]!.auth).toEqual({ type: 'noauth' });
    expect(inner[2]).not.toHaveProperty('auth');
    expect((inner[0]!.request as Record<string, unknown>).auth).toBeUndefined();

    const back = importPostman(exported).collections[0]!;
    expect(sentAuth(back)).toEqual(EXPECTED_SENT);
  });

  describe('run by newman from the export', () => {
    let sandbox: Sandbox;
    let dir: string;
    beforeAll(async () => {
      sandbox = await startSandbox();
      dir = mkdtempSync(join(tmpdir(), 'newman-folder-auth-'));
    });
    afterAll(async () => {
      await sandbox?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('sends each request the auth the app sends: the folder’s Bearer, nothing under `noauth`, the collection’s key', async () => {
      const imported = importPostman(LISTINGS).collections[0]!;
      const exported = exportPostman({ ...imported, items: withIds(imported.items) });
      const path = join(dir, 'listings.postman_collection.json');
      writeFileSync(path, JSON.stringify(exported, null, 2));
      const before = sandbox.received.length;
      const summary = await runNewman({
        collection: path,
        environment: {
          name: 'Loopback',
          values: [
            { key: 'baseUrl', value: sandbox.origin, enabled: true },
            { key: 'apiKey', value: 'key-from-newman-0001', enabled: true },
            { key: 'listingsToken', value: 'listings-token-0002', enabled: true },
            { key: 'basicUser', value: 'user', enabled: true },
            { key: 'basicPassword', value: 'pass', enabled: true },
          ],
        },
        sslExtraCaCerts: sandbox.caCertPath,
        reporters: [],
      });
      expect(summary.run.failures).toEqual([]);
      const received = sandbox.received
        .slice(before)
        .map((r) => [r.path, r.headers.authorization ?? null, r.headers['x-api-key'] ?? null]);
      expect(received).toEqual([
        ['/listings', 'Bearer listings-token-0002', null],
        ['/public/listing', null, null],
        ['/public/search', null, null],
        ['/listings/drafts', 'Bearer listings-token-0002', null],
        ['/oauth/token', `Basic ${Buffer.from('user:pass').toString('base64')}`, null],
        ['/taxonomy/categories', null, 'key-from-newman-0001'],
      ]);
    });
  });
});
