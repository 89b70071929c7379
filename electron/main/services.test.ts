/** The handlers behind every channel, wired as the app wires them, against a real sandbox. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conventionHeaderRows } from '../../shared/headers';
import type { HeaderRow } from '../../shared/schemas/header';
import type { OutgoingRequest } from '../../shared/schemas/outgoing-request';
import { exampleAdvert } from '../../shared/examples';
import { safeStorage } from '../../test/support/fake-electron';
import { cipherFromSafeStorage } from './credentials/vault';
import { visitAuthorizationPage } from '../../test/support/authorization-browser';
import { startSandbox, type Sandbox } from './sandbox/server';
import { createMainServices, type MainServices } from './services';

let sandbox: Sandbox;
let services: MainServices;
let dataDir: string;
let counter = 0;
const cipher = cipherFromSafeStorage(safeStorage, 'linux');

beforeAll(async () => {
  sandbox = await startSandbox();
  dataDir = mkdtempSync(join(tmpdir(), 'services-'));
  services = createMainServices({
    dataDir,
    sandbox,
    env: {},
    cipher,
    openAuthorizationPage: async (url) => {
      // The "browser" answers in the background, as a user would while the app waits.
      void visitAuthorizationPage(sandbox, url, { user: 'Anna' });
    },
  });
});

afterAll(async () => {
  await services.dispose();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const key = (value: string): HeaderRow => ({ id: 'k', name: 'X-API-KEY', value, enabled: true, origin: 'user' });
function request(patch: Partial<OutgoingRequest>): OutgoingRequest {
  counter += 1;
  return {
    requestId: `r${counter}`,
    method: 'GET',
    url: `${sandbox.origin}/taxonomy/v1/categories`,
    headers: [...conventionHeaderRows({ crmName: 'Acme CRM' }), key(sandbox.apiKey)],
    body: '',
    environmentId: null,
    auth: { mode: 'none' },
    collectionId: null,
    captures: [],
    ...patch,
  };
}

describe('main services', () => {
  it('sends a publish to the sandbox with the convention headers and a CRM user’s token, and shows 202', async () => {
    const user = await services.handlers['oauth:authorize']({ environmentId: 'sandbox', userName: 'Anna' });
    expect(user).toMatchObject({ name: 'Anna', status: 'authorized' });
    const before = sandbox.received.length;
    const result = await services.handlers['request:send'](
      request({
        method: 'POST',
        url: `${sandbox.origin}/advert/v1`,
        body: JSON.stringify(exampleAdvert()),
        headers: conventionHeaderRows({ crmName: 'Acme CRM' }),
        environmentId: 'sandbox',
        auth: { mode: 'api-key-bearer', bearer: user.id },
      }),
    );
    expect(result).toMatchObject({ kind: 'response', status: 202, statusKind: 'success', bodyFormat: 'json' });
    const received = sandbox.received[before]!;
    expect(received.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': 'Acme CRM',
      'x-api-key': sandbox.apiKey,
      authorization: expect.stringMatching(/^Bearer sbx_at_/),
    });
  });

  it('sends nothing when the request has problems, and says what they are', async () => {
    const before = sandbox.received.length;
    const result = await services.handlers['request:send'](
      request({ url: sandbox.origin.replace('https:', 'http:') + '/taxonomy/v1/categories' }),
    );
    expect(result).toMatchObject({ kind: 'rejected', problems: [{ field: 'url' }] });
    const bad = await services.handlers['request:send'](
      request({ method: 'POST', url: `${sandbox.origin}/advert/v1`, body: '{"title": }' }),
    );
    expect(bad).toMatchObject({ kind: 'rejected', problems: [{ field: 'body', line: 1, column: 11 }] });
    expect(sandbox.received.length).toBe(before);
  });

  it('cancels a request in flight by its id', async () => {
    const slow = request({ url: `${sandbox.origin}/sandbox/v1/slow?ms=10000` });
    const pending = services.handlers['request:send'](slow);
    await expect.poll(() => sandbox.pendingSlowResponses()).toBe(1); // the sandbox holds the request
    expect(await services.handlers['request:cancel']({ requestId: slow.requestId })).toEqual({ cancelled: true });
    expect(await pending).toMatchObject({ kind: 'network-error', code: 'cancelled' });
    expect(await services.handlers['request:cancel']({ requestId: slow.requestId })).toEqual({ cancelled: false });
  });

  it('uses the timeout from settings', async () => {
    await services.handlers['settings:update']({ timeoutMs: 1000 });
    const result = await services.handlers['request:send'](
      request({ url: `${sandbox.origin}/sandbox/v1/slow?ms=5000` }),
    );
    expect(result).toMatchObject({ kind: 'network-error', code: 'timeout' });
    await services.handlers['settings:update']({ timeoutMs: 30_000 });
  });

  it('offers the given sandbox as the Local sandbox target', async () => {
    expect(await services.handlers['sandbox:start'](undefined)).toEqual({ origin: sandbox.origin });
  });
});

describe('closing the app mid-download', () => {
  it('cancels the send, waits for it, and leaves no body on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'services-dispose-'));
    const own = createMainServices({ dataDir: dir, sandbox, env: {}, cipher });
    try {
      // At 16 MB/s the body takes about 9 s, so a loaded machine still closes the app mid-download.
      const sent = own.handlers['request:send'](
        request({ url: `${sandbox.origin}/sandbox/v1/large?bytes=150000000&rate=16000000` }),
      );
      // Wait until the body has started to arrive (it is past the in-memory part and on disk).
      await expect
        .poll(async () => (await own.handlers['request:progress']({ requestId: `r${counter}` }))?.doneBytes ?? 0, {
          timeout: 20_000,
        })
        .toBeGreaterThan(4_000_000);
      await own.dispose();
      expect(await sent).toMatchObject({ kind: 'network-error', code: 'cancelled' });
      expect(existsSync(join(dir, 'responses'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('main services without a sandbox given', () => {
  it('starts its own sandbox on demand and trusts its CA for this session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'services-own-'));
    const own = createMainServices({ dataDir: dir, env: {}, cipher });
    try {
      const target = await own.handlers['sandbox:start'](undefined);
      expect(target.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await own.handlers['sandbox:start'](undefined)).toEqual(target);
      const result = await own.handlers['request:send']({
        requestId: 'own-1',
        method: 'GET',
        url: `${target.origin}/taxonomy/v1/categories`,
        headers: [],
        body: '',
        // The sandbox's demo key comes from the Local sandbox environment, added by the main process.
        environmentId: 'sandbox',
        auth: { mode: 'api-key' },
        collectionId: null,
        captures: [],
      });
      expect(result).toMatchObject({ kind: 'response', status: 200 });
      expect((await own.handlers['credentials:get'](undefined)).environments[0]!.secrets.apiKey).toMatchObject({
        set: true,
        source: 'sandbox',
      });
      // Trust for the sandbox is not saved: the user's list stays empty.
      expect((await own.handlers['settings:get'](undefined)).certificates).toEqual([]);
    } finally {
      await own.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a removed collection that leaves the trash', () => {
  it('takes its secret variables out of the vault with it; undo before that keeps them', async () => {
    const ownDir = mkdtempSync(join(tmpdir(), 'services-purge-'));
    const own = createMainServices({ dataDir: ownDir, sandbox, env: {}, cipher });
    const vaultKeys = () =>
      Object.keys(
        (JSON.parse(readFileSync(join(ownDir, 'vault.json'), 'utf8')) as { entries: Record<string, string> }).entries,
      );
    try {
      const withSecret = async (name: string) => {
        const view = await own.handlers['collections:create']({ name });
        const id = view.collections.find((c) => c.name === name)!.id;
        await own.handlers['variables:set']({
          scope: { kind: 'collection', collectionId: id },
          variables: [{ name: 'token', value: `secret-of-${name}`, enabled: true, secret: true }],
        });
        return id;
      };
      const gone = await withSecret('Gone');
      const kept = await withSecret('Kept');
      const { undoId } = await own.handlers['collections:remove']({ collectionId: kept });
      await own.handlers['collections:undo']({ undoId });
      await own.handlers['collections:remove']({ collectionId: gone });
      expect(vaultKeys()).toContain(`collection:${gone}:var:token`); // still undoable
      for (let i = 0; i < 20; i++) {
        const view = await own.handlers['collections:create']({ name: `Temp ${i}` });
        await own.handlers['collections:remove']({
          collectionId: view.collections.find((c) => c.name === `Temp ${i}`)!.id,
        });
      }
      expect(vaultKeys()).not.toContain(`collection:${gone}:var:token`);
      expect(vaultKeys()).toContain(`collection:${kept}:var:token`);
    } finally {
      await own.dispose();
      rmSync(ownDir, { recursive: true, force: true });
    }
  });
});
