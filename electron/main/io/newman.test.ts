/**
 * The exported starter collection runs in newman, Postman's own runner, against the local sandbox
 * over real HTTPS (the sandbox's CA is trusted through sslExtraCaCerts; TLS checks stay on).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNewman } from '../../../test/support/newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedNode } from '../../../shared/collections';
import { starterCollection } from '../../../shared/starter-collection';
import { pathVariableCollection } from '../../../test/support/postman-path-variables';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { UUID, basicAuth, codeFor, signIn, type TokenBody } from '../../../test/support/sandbox-client';
import { exportPostman, importPostman, importPostmanEnvironment, type ExportNode } from './postman';

let nextId = 0;
const withIds = (nodes: ImportedNode[]): ExportNode[] =>
  nodes.map((n) =>
    n.kind === 'folder'
      ? { kind: 'folder', name: n.name, children: withIds(n.children) }
      : { kind: 'request', request: { id: `r${nextId++}`, ...n.request } },
  );

describe('newman runs the exported starter collection against the sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  let tokens: TokenBody;
  let code: string;
  const answered: Array<{ method: string; path: string; status: number }> = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ onResponse: (entry) => answered.push(entry) });
    tokens = await signIn(sandbox);
    code = await codeFor(sandbox);
    dir = mkdtempSync(join(tmpdir(), 'newman-round-trip-'));
  });

  afterAll(async () => {
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finishes with no failures; the sandbox saw the publish, the capture and the API key', async () => {
    const collection = exportPostman({ ...starterCollection(), items: withIds(starterCollection().items) });
    const environment = {
      name: 'Local sandbox',
      values: [
        { key: 'baseUrl', value: sandbox.origin, type: 'default', enabled: true },
        { key: 'apiKey', value: sandbox.apiKey, type: 'secret', enabled: true },
        { key: 'accessToken', value: tokens.access_token, type: 'secret', enabled: true },
        {
          key: 'clientCredentials',
          value: basicAuth(sandbox.oauthClient).slice('Basic '.length),
          type: 'secret',
          enabled: true,
        },
        { key: 'authorizationCode', value: code, type: 'secret', enabled: true },
        { key: 'refreshToken', value: tokens.refresh_token, type: 'secret', enabled: true },
        { key: 'crmName', value: 'Newman round trip', type: 'default', enabled: true },
      ],
      _postman_variable_scope: 'environment',
    };
    // The environment is one our importer reads too.
    expect(
      importPostmanEnvironment(environment)
        .environments[0]!.variables.filter((v) => v.secret)
        .map((v) => v.name),
    ).toEqual(['apiKey', 'accessToken', 'clientCredentials', 'authorizationCode', 'refreshToken']);

    const collectionPath = join(dir, 'starter.postman_collection.json');
    const environmentPath = join(dir, 'sandbox.postman_environment.json');
    writeFileSync(collectionPath, JSON.stringify(collection, null, 2));
    writeFileSync(environmentPath, JSON.stringify(environment, null, 2));

    const summary = await runNewman({
      collection: collectionPath,
      environment: environmentPath,
      sslExtraCaCerts: sandbox.caCertPath,
      reporters: [],
      timeoutRequest: 15_000,
    });

    expect(summary.run.error ?? null).toBeNull();
    expect(summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.message}`)).toEqual([]);
    expect(summary.run.executions.map((e) => [e.item.name, e.response?.code ?? e.requestError?.message])).toEqual([
      ['Publish an advert', 202],
      ['Get the advert', 200],
      ['Advert metadata', 200],
      ['Update an advert', 202],
      ['Deactivate an advert', 202],
      ['Activate an advert', 202],
      ['Delete an advert', 204],
      ['Categories', 200],
      ['Cities', 200],
      ['Exchange a code for tokens', 200],
      ['Refresh a token', 200],
    ]);

    // The capture script took data.uuid from the publish answer into advertUuid; later calls used it.
    const uuid = String(JSON.parse(summary.run.executions[0]!.response!.text()).data.uuid);
    expect(uuid).toMatch(UUID);
    expect(sandbox.received.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        `GET /advert/v1/${uuid}`,
        `GET /advert/v1/${uuid}/meta`,
        `PUT /advert/v1/${uuid}`,
        `POST /advert/v1/${uuid}/deactivate`,
        `POST /advert/v1/${uuid}/activate`,
      ]),
    );
    expect(answered).toContainEqual(expect.objectContaining({ method: 'POST', path: '/advert/v1', status: 202 }));
    expect(answered).toContainEqual(
      expect.objectContaining({ method: 'DELETE', path: `/advert/v1/${uuid}`, status: 204 }),
    );

    const publish = sandbox.received.find((r) => r.method === 'POST' && r.path === '/advert/v1')!;
    expect(publish.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(publish.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
    expect(publish.headers['user-agent']).toBe('Newman round trip');
    expect(publish.headers['content-type']).toBe('application/json');
    expect(JSON.parse(publish.body)).toMatchObject({ site_urn: 'urn:site:otodompl' });

    const categories = sandbox.received.find((r) => r.method === 'GET' && r.path === '/taxonomy/v1/categories')!;
    expect(categories.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(categories.headers.authorization).toBeUndefined();
    expect(answered).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/taxonomy/v1/categories', status: 200 }),
    );
  }, 60_000);
});

/**
 * A real collection (Contentstack's GraphQL export; Sabre's, with collection-level Bearer auth),
 * run by newman as published and as the app exports it after importing it: the sandbox must
 * receive the same requests. Scripts are taken out of the original first (the app does not import
 * them, and they would change variables between the two runs).
 */
describe('newman sends the same requests for a real collection and for its import, exported', () => {
  let sandbox: Sandbox;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'newman-real-'));
  });

  afterAll(async () => {
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const withoutScripts = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(withoutScripts)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([key]) => key !== 'event')
              .map(([key, v]) => [key, withoutScripts(v)]),
          )
        : value;

  /** Every {{name}} either collection uses gets a value; the host variables point at the sandbox. */
  function environmentFor(texts: string[], hosts: Record<string, 'origin' | 'host'>): object {
    const names = new Set(texts.flatMap((text) => [...text.matchAll(/\{\{([^{}$]+?)\}\}/g)].map((m) => m[1]!)));
    const value = (name: string) =>
      hosts[name] === 'origin'
        ? sandbox.origin
        : hosts[name] === 'host'
          ? new URL(sandbox.origin).host
          : `value-of-${name}`;
    return {
      name: 'Round trip',
      values: [...names].map((key) => ({ key, value: value(key), type: 'default', enabled: true })),
    };
  }

  /** What newman sent, less the headers it makes up per run. */
  async function sent(collection: object, environment: object, name: string) {
    const path = join(dir, `${name}.postman_collection.json`);
    writeFileSync(path, JSON.stringify(collection));
    const before = sandbox.received.length;
    const summary = await runNewman({
      collection: path,
      environment,
      sslExtraCaCerts: sandbox.caCertPath,
      reporters: [],
      timeoutRequest: 15_000,
    });
    expect(summary.run.error ?? null).toBeNull();
    expect(summary.run.executions.filter((e) => e.requestError).map((e) => e.requestError!.message)).toEqual([]);
    return sandbox.received.slice(before).map((r) => {
      const { 'postman-token': _token, ...headers } = r.headers;
      return { method: r.method, path: r.path, headers, body: r.body };
    });
  }

  /** A fixture by its file name, or the shared path-variable collection. */
  const load = (name: string): object => {
    if (!name.endsWith('.json')) return pathVariableCollection();
    return withoutScripts(
      JSON.parse(readFileSync(new URL(`./fixtures/postman/${name}`, import.meta.url), 'utf8')),
    ) as object;
  };

  it.each([
    ['contentstack-graphql.postman_collection.json', { base_url: 'host' }, 10],
    ['sabre-lodging.postman_collection.json', { rest_endpoint: 'origin', soap_endpoint: 'origin' }, 10],
    ["path variables: each request's own values", { host: 'origin' }, 4],
  ] as const)(
    '%s',
    async (name, hosts, atLeast) => {
      const original = load(name);
      const imported = importPostman(original).collections[0]!;
      const exported = exportPostman({ ...imported, items: withIds(imported.items) });
      const environment = environmentFor([JSON.stringify(original), JSON.stringify(exported)], hosts);

      const fromOriginal = await sent(original, environment, 'original');
      const fromExport = await sent(exported, environment, 'exported');
      expect(fromOriginal.length).toBeGreaterThan(atLeast);
      expect(fromExport).toEqual(fromOriginal);
    },
    120_000,
  );
});
