/** The token manager against the real sandbox: when it refreshes, how often, and what a refusal does. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ENVIRONMENT_ID } from '../../../shared/credentials';
import { setUserDataPath } from '../../../test/support/fake-electron';
import type { CredentialsStore, TokenSet } from '../credentials/store';
import type { HttpClient } from '../http/client';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { call, codeFor, REDIRECT_URI, withKey } from '../../../test/support/sandbox-client';
import { clientTrusting, openTestStore } from '../../../test/support/credentials-world';
import { requestTokens } from './token-client';
import { createTokenManager, REFRESH_MARGIN_MS, type TokenManager } from './tokens';

let sandbox: Sandbox;
let client: HttpClient;
let dataDir: string;
let store: CredentialsStore;
let manager: TokenManager;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = clientTrusting(sandbox);
});
afterAll(async () => {
  client.close();
  await sandbox.close();
});

function openStore(): CredentialsStore {
  return openTestStore(dataDir, sandbox);
}

const managerFor = (target: CredentialsStore, now?: () => number) =>
  createTokenManager({
    store: target,
    client,
    timeoutMs: () => 10_000,
    userAgent: () => 'Acme CRM',
    ...(now ? { now } : {}),
  });

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'tokens-'));
  setUserDataPath(dataDir);
  store = openStore();
  manager = managerFor(store);
});
afterEach(() => {
  sandbox.setTokenLifetimes({ accessSeconds: 3600, refreshSeconds: 365 * 24 * 3600 });
  rmSync(dataDir, { recursive: true, force: true });
});

const tokenRequests = () => sandbox.received.filter((r) => r.method === 'POST' && r.path === '/oauth/v1/token');
const refreshGrants = () => tokenRequests().filter((r) => JSON.parse(r.body).grant_type === 'refresh_token');

/** A CRM user authorized for real: the sandbox's page, Allow, and the code exchanged at its token endpoint. */
async function authorizedUser(environmentId: string, name = 'Anna'): Promise<{ id: string; tokens: TokenSet }> {
  const code = await codeFor(sandbox, name);
  const tokens = await requestTokens(
    client,
    manager.endpoint(environmentId),
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
    { timeoutMs: 10_000 },
  );
  return { id: store.saveUser(environmentId, { name }, tokens).id, tokens };
}

/** A user-defined environment at the sandbox's address, so tokens go to the vault (not the session). */
function stagingEnvironment(): string {
  store.addEnvironment({ name: 'Staging', origin: sandbox.origin });
  const id = store.environments().find((e) => e.name === 'Staging')!.id;
  store.setSecret(id, 'apiKey', sandbox.apiKey);
  store.setSecret(id, 'clientId', sandbox.oauthClient.clientId);
  store.setSecret(id, 'clientSecret', sandbox.oauthClient.clientSecret);
  return id;
}

/** What the sandbox says of an access token on an advert call: 404 (unknown advert) when accepted. */
async function statusWithToken(accessToken: string): Promise<number> {
  const answer = await call(sandbox, 'GET', '/advert/v1/00000000-0000-4000-8000-000000000000', {
    headers: withKey(sandbox, { Authorization: `Bearer ${accessToken}` }),
  });
  return answer.status;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('token manager', () => {
  it('gives the stored token while it is far from expiry, without calling the token endpoint', async () => {
    const { id, tokens } = await authorizedUser(SANDBOX_ENVIRONMENT_ID);
    const before = tokenRequests().length;
    for (let i = 0; i < 3; i++) expect(await manager.accessToken(SANDBOX_ENVIRONMENT_ID, id)).toBe(tokens.accessToken);
    expect(tokenRequests().length).toBe(before);
  });

  it('refreshes when less than the margin is left, and the new token works at the API', async () => {
    sandbox.setTokenLifetimes({ accessSeconds: 30 });
    const { id, tokens } = await authorizedUser(SANDBOX_ENVIRONMENT_ID);
    expect(tokens.accessExpiresAt! - Date.now()).toBeLessThan(REFRESH_MARGIN_MS);
    sandbox.setTokenLifetimes({ accessSeconds: 3600 });
    const before = sandbox.received.length;

    const fresh = await manager.accessToken(SANDBOX_ENVIRONMENT_ID, id);

    const sent = sandbox.received.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /oauth/v1/token']);
    expect(JSON.parse(sent[0]!.body)).toEqual({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
    expect(sent[0]!.headers['user-agent']).toBe('Acme CRM');
    expect(fresh).not.toBe(tokens.accessToken);
    expect(fresh).toMatch(/^sbx_at_/);
    expect(await statusWithToken(fresh)).toBe(404);
    const saved = store.tokens(SANDBOX_ENVIRONMENT_ID, id)!;
    expect(saved.accessToken).toBe(fresh);
    expect(saved.refreshToken).not.toBe(tokens.refreshToken);
    expect(saved.accessExpiresAt! - Date.now()).toBeGreaterThan(3500_000);
    expect(store.user(SANDBOX_ENVIRONMENT_ID, id)).toMatchObject({
      status: 'authorized',
      accessExpiresAt: saved.accessExpiresAt,
    });
  });

  it('measures the margin on the clock it is given', async () => {
    const { id, tokens } = await authorizedUser(SANDBOX_ENVIRONMENT_ID);
    const early = managerFor(store, () => tokens.accessExpiresAt! - REFRESH_MARGIN_MS - 1000);
    const before = tokenRequests().length;
    expect(await early.accessToken(SANDBOX_ENVIRONMENT_ID, id)).toBe(tokens.accessToken);
    expect(tokenRequests().length).toBe(before);

    const late = managerFor(store, () => tokens.accessExpiresAt! - REFRESH_MARGIN_MS + 1000);
    const fresh = await late.accessToken(SANDBOX_ENVIRONMENT_ID, id);
    expect(fresh).not.toBe(tokens.accessToken);
    expect(tokenRequests().length).toBe(before + 1);
  });

  it('makes one token request for concurrent calls for one user', async () => {
    sandbox.setTokenLifetimes({ accessSeconds: 30 });
    const { id } = await authorizedUser(SANDBOX_ENVIRONMENT_ID);
    const other = await authorizedUser(SANDBOX_ENVIRONMENT_ID, 'Bartek');
    sandbox.setTokenLifetimes({ accessSeconds: 3600 });
    const before = refreshGrants().length;

    const results = await Promise.all([
      manager.accessToken(SANDBOX_ENVIRONMENT_ID, id),
      manager.accessToken(SANDBOX_ENVIRONMENT_ID, id),
      manager.refresh(SANDBOX_ENVIRONMENT_ID, id).then((t) => t.accessToken),
      manager.accessToken(SANDBOX_ENVIRONMENT_ID, id),
      manager.refresh(SANDBOX_ENVIRONMENT_ID, id).then((t) => t.accessToken),
    ]);
    expect(refreshGrants().length).toBe(before + 1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe(store.tokens(SANDBOX_ENVIRONMENT_ID, id)!.accessToken);
    // Another user's refresh is its own.
    await Promise.all([
      manager.accessToken(SANDBOX_ENVIRONMENT_ID, other.id),
      manager.accessToken(SANDBOX_ENVIRONMENT_ID, id),
    ]);
    expect(refreshGrants().length).toBe(before + 2);
    // Once done, a later refresh is a new request.
    await manager.refresh(SANDBOX_ENVIRONMENT_ID, id);
    expect(refreshGrants().length).toBe(before + 3);
  });

  it('marks the user "needs re-authorization" and forgets its tokens when the refresh token expired', async () => {
    sandbox.setTokenLifetimes({ refreshSeconds: 1 });
    const { id } = await authorizedUser(SANDBOX_ENVIRONMENT_ID);
    sandbox.advanceClock(1000);

    await expect(manager.refresh(SANDBOX_ENVIRONMENT_ID, id)).rejects.toThrow(
      /^Anna needs re-authorization: the refresh was refused\. The token endpoint answered 400: The refresh token expired\.$/,
    );
    expect(store.user(SANDBOX_ENVIRONMENT_ID, id)).toMatchObject({
      status: 'needs-reauthorization',
      problem: 'The refresh was refused. The token endpoint answered 400: The refresh token expired.',
    });
    expect(store.tokens(SANDBOX_ENVIRONMENT_ID, id)).toBeUndefined();
    expect(store.view().find((e) => e.id === SANDBOX_ENVIRONMENT_ID)!.users).toEqual([
      expect.objectContaining({ id, status: 'needs-reauthorization' }),
    ]);

    // From then on the user's requests say what to do, without calling the token endpoint.
    const before = tokenRequests().length;
    await expect(manager.accessToken(SANDBOX_ENVIRONMENT_ID, id)).rejects.toThrow(
      /^Anna needs re-authorization: The refresh was refused\..* Authorize again in Credentials\.$/,
    );
    expect(tokenRequests().length).toBe(before);
  });

  it('marks the user when its refresh token was rotated elsewhere, and deletes its tokens from the vault', async () => {
    const env = stagingEnvironment();
    const { id, tokens } = await authorizedUser(env);
    expect(readFileSync(join(dataDir, 'vault.json'), 'utf8')).toContain(`env:${env}:user:${id}:refresh`);
    // Another copy of the app refreshed with the same refresh token: the sandbox rotated it.
    await requestTokens(
      client,
      manager.endpoint(env),
      { grant_type: 'refresh_token', refresh_token: tokens.refreshToken! },
      { timeoutMs: 10_000 },
    );

    await expect(manager.refresh(env, id)).rejects.toThrow(
      /^Anna needs re-authorization: the refresh was refused\. The token endpoint answered 400: The refresh token was already used/,
    );
    expect(store.user(env, id)).toMatchObject({
      status: 'needs-reauthorization',
      problem: expect.stringMatching(/^The refresh was refused\. .*already used/),
    });
    expect(store.tokens(env, id)).toBeUndefined();
    const vaultFile = readFileSync(join(dataDir, 'vault.json'), 'utf8');
    expect(vaultFile).not.toContain(`user:${id}`);
    // And it stays so after a restart.
    expect(openStore().user(env, id)).toMatchObject({ status: 'needs-reauthorization' });
  });

  it('does not mark the user when the token endpoint cannot be reached', async () => {
    const port = await closedPort();
    store.addEnvironment({ name: 'Offline', origin: `https://127.0.0.1:${port}` });
    const env = store.environments().find((e) => e.name === 'Offline')!.id;
    for (const field of ['apiKey', 'clientId', 'clientSecret'] as const)
      store.setSecret(env, field, `offline-${field}`);
    const tokens: TokenSet = {
      accessToken: 'old-access-token',
      refreshToken: 'old-refresh-token',
      accessExpiresAt: Date.now() + 10_000,
      refreshExpiresAt: null,
    };
    const { id } = store.saveUser(env, { name: 'Celina' }, tokens);

    await expect(manager.accessToken(env, id)).rejects.toThrow(/^Could not reach the token endpoint: /);
    await expect(manager.refresh(env, id)).rejects.toThrow(/^Could not reach the token endpoint: /);
    expect(store.user(env, id)).toMatchObject({ status: 'authorized', problem: null });
    expect(store.tokens(env, id)).toEqual(tokens);
  });

  it('marks a user that has no refresh token, without a token request', async () => {
    const { id } = store.saveUser(
      SANDBOX_ENVIRONMENT_ID,
      { name: 'Dorota' },
      { accessToken: 'a', refreshToken: null, accessExpiresAt: Date.now(), refreshExpiresAt: null },
    );
    const before = tokenRequests().length;
    await expect(manager.accessToken(SANDBOX_ENVIRONMENT_ID, id)).rejects.toThrow(
      'Dorota needs re-authorization: There is no refresh token; authorize the user again.',
    );
    expect(store.user(SANDBOX_ENVIRONMENT_ID, id)).toMatchObject({
      status: 'needs-reauthorization',
      problem: 'There is no refresh token; authorize the user again.',
    });
    expect(tokenRequests().length).toBe(before);
  });

  it('says which client credentials are missing, and asks nothing of the endpoint', async () => {
    store.addEnvironment({ name: 'Bare', origin: sandbox.origin });
    const env = store.environments().find((e) => e.name === 'Bare')!.id;
    store.setSecret(env, 'apiKey', sandbox.apiKey);
    const { id } = store.saveUser(
      env,
      { name: 'Ewa' },
      { accessToken: 'a-token', refreshToken: 'r-token', accessExpiresAt: 0, refreshExpiresAt: null },
    );
    const before = tokenRequests().length;
    await expect(manager.accessToken(env, id)).rejects.toThrow(
      'Set the OAuth2 client id and OAuth2 client secret of Bare in Credentials first.',
    );
    expect(tokenRequests().length).toBe(before);
    expect(store.user(env, id)).toMatchObject({ status: 'authorized' });
  });

  it('says so when the user is not in the list', async () => {
    await expect(manager.accessToken(SANDBOX_ENVIRONMENT_ID, 'nobody')).rejects.toThrow(/no longer in the list/);
    await expect(manager.refresh(SANDBOX_ENVIRONMENT_ID, 'nobody')).rejects.toThrow(/no longer in the list/);
  });

  it('keeps tokens only in encrypted form on disk', async () => {
    const env = stagingEnvironment();
    const { tokens } = await authorizedUser(env);
    for (const name of readdirSync(dataDir)) {
      const text = readFileSync(join(dataDir, name), 'utf8');
      expect(text, name).not.toContain(tokens.accessToken);
      expect(text, name).not.toContain(tokens.refreshToken!);
    }
  });
});
