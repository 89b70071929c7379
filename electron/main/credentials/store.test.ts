/** The credentials store on a real data folder: what reaches disk, in which form, and what the renderer sees. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRODUCTION_ENVIRONMENT_ID, SANDBOX_ENVIRONMENT_ID, SECRET_FIELDS } from '../../../shared/credentials';
import { safeStorage, setUserDataPath } from '../../../test/support/fake-electron';
import { createCredentialsStore, type CredentialsStore, type SandboxCredentials, type TokenSet } from './store';
import { cipherFromSafeStorage, openVault, type Vault } from './vault';

const CANARY = 'CANARY-4d81e7-api-key-value';
const cipher = cipherFromSafeStorage(safeStorage, 'linux');
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'credentials-store-'));
  setUserDataPath(dataDir);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** A store as the app opens it at start: a vault file and credentials.json in the data folder. */
function open(): { store: CredentialsStore; vault: Vault } {
  const vault = openVault({ file: join(dataDir, 'vault.json'), cipher });
  return { store: createCredentialsStore({ dataDir, vault }), vault };
}

const SANDBOX: SandboxCredentials = {
  origin: 'https://127.0.0.1:45678',
  apiKey: 'sbx_demo-api-key-9f8e7d6c',
  clientId: 'sbx-client-a1b2c3',
  clientSecret: 'demo-client-secret-5a4b3c2d',
  authorizationUrl: 'https://127.0.0.1:45678/en/crm/authorization/',
};

const TOKENS: TokenSet = {
  accessToken: 'ACCESS-TOKEN-canary-11aa22bb',
  refreshToken: 'REFRESH-TOKEN-canary-33cc44dd',
  accessExpiresAt: 1_800_000_000_000,
  refreshExpiresAt: 1_900_000_000_000,
};

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

/** The secret in every form it could be written in: plain, hex, base64 at each byte alignment. */
function expectNowhereOnDisk(secret: string): void {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [
    secret,
    bytes.toString('hex'),
    ...[0, 1, 2].map((skip) => bytes.subarray(skip).toString('base64').replace(/=+$/, '').slice(4, -4)),
  ];
  const files = filesOf(dataDir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const raw = readFileSync(file);
    const text = raw.toString('utf8');
    for (const form of forms) {
      expect(text.toLowerCase(), `${file} holds ${form}`).not.toContain(form.toLowerCase());
    }
    expect(raw.includes(bytes), file).toBe(false);
  }
}

const env = (store: CredentialsStore, id: string) => store.view().find((e) => e.id === id)!;
const credentialsFile = () =>
  JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as {
    environments: unknown[];
    users: Record<string, unknown[]>;
  };

describe('credentials store', () => {
  it('offers the Local sandbox and Production, built in', () => {
    const { store } = open();
    expect(store.environments()).toEqual([
      { id: SANDBOX_ENVIRONMENT_ID, name: 'Local sandbox', origin: null, authorizationUrl: null, builtin: true },
      {
        id: PRODUCTION_ENVIRONMENT_ID,
        name: 'Production',
        origin: 'https://api.olxgroup.com',
        authorizationUrl: 'https://www.otodom.pl/pl/crm/authorization/',
        builtin: true,
      },
    ]);
  });

  it('saves a secret encrypted in the vault: it is in no file in any form, and comes back after a restart', () => {
    const { store } = open();
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', CANARY);
    expect(store.secret(PRODUCTION_ENVIRONMENT_ID, 'apiKey')).toBe(CANARY);
    expect(readFileSync(join(dataDir, 'vault.json'), 'utf8')).toContain('env:production:apiKey');
    expectNowhereOnDisk(CANARY);
    expect(open().store.secret(PRODUCTION_ENVIRONMENT_ID, 'apiKey')).toBe(CANARY);
  });

  it('shows set and a masked hint, never the value', () => {
    const { store } = open();
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', CANARY);
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'basicPassword', 'short');
    const view = store.view();
    const production = view.find((e) => e.id === PRODUCTION_ENVIRONMENT_ID)!;
    expect(production.secrets.apiKey).toEqual({ set: true, hint: `••••${CANARY.slice(-4)}`, source: 'vault' });
    expect(production.secrets.basicPassword).toEqual({ set: true, hint: '••••', source: 'vault' });
    expect(production.secrets.clientSecret).toEqual({ set: false, hint: null, source: null });
    expect(Object.keys(production.secrets).sort()).toEqual([...SECRET_FIELDS].sort());
    const json = JSON.stringify(view);
    expect(json).not.toContain(CANARY);
    expect(json).not.toContain('short');
    // A restart shows the same.
    expect(env(open().store, PRODUCTION_ENVIRONMENT_ID).secrets.apiKey).toEqual({
      set: true,
      hint: `••••${CANARY.slice(-4)}`,
      source: 'vault',
    });
  });

  it('clears a secret', () => {
    const { store, vault } = open();
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', CANARY);
    store.clearSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey');
    expect(store.secret(PRODUCTION_ENVIRONMENT_ID, 'apiKey')).toBeUndefined();
    expect(vault.keys()).toEqual([]);
    expect(env(store, PRODUCTION_ENVIRONMENT_ID).secrets.apiKey.set).toBe(false);
    expect(() => store.setSecret('no-such-env', 'apiKey', CANARY)).toThrow('That environment no longer exists.');
  });

  it('shows the Local sandbox’s baseUrl as the running sandbox’s address, fixed, and refuses to store another', () => {
    const { store } = open();
    store.setSandbox(SANDBOX);
    expect(env(store, SANDBOX_ENVIRONMENT_ID).variables).toEqual([
      {
        name: 'baseUrl',
        value: SANDBOX.origin,
        enabled: true,
        secret: false,
        hint: null,
        fixed: expect.stringContaining('set by the app'),
      },
    ]);
    expect(() =>
      store.setVariables(SANDBOX_ENVIRONMENT_ID, [
        { name: 'baseUrl', value: 'https://x.example', enabled: true, secret: false },
      ]),
    ).toThrow(
      '“baseUrl” of the Local sandbox is the running sandbox’s address, set by the app: give your variable another name.',
    );
    store.setVariables(SANDBOX_ENVIRONMENT_ID, [{ name: 'code', value: '201', enabled: true, secret: false }]);
    expect(store.variables(SANDBOX_ENVIRONMENT_ID).map((v) => [v.name, v.value])).toEqual([
      ['code', '201'],
      ['baseUrl', SANDBOX.origin],
    ]);
  });

  it('gives the running sandbox’s demo credentials with source "sandbox", without writing them anywhere', () => {
    const { store, vault } = open();
    store.setSandbox(SANDBOX);
    expect(store.environment(SANDBOX_ENVIRONMENT_ID)).toMatchObject({
      origin: SANDBOX.origin,
      authorizationUrl: SANDBOX.authorizationUrl,
    });
    expect(store.secret(SANDBOX_ENVIRONMENT_ID, 'apiKey')).toBe(SANDBOX.apiKey);
    expect(store.secret(SANDBOX_ENVIRONMENT_ID, 'clientId')).toBe(SANDBOX.clientId);
    expect(store.secret(SANDBOX_ENVIRONMENT_ID, 'clientSecret')).toBe(SANDBOX.clientSecret);
    const secrets = env(store, SANDBOX_ENVIRONMENT_ID).secrets;
    expect(secrets.apiKey).toEqual({ set: true, hint: `••••${SANDBOX.apiKey.slice(-4)}`, source: 'sandbox' });
    expect(secrets.clientSecret).toEqual({
      set: true,
      hint: `••••${SANDBOX.clientSecret.slice(-4)}`,
      source: 'sandbox',
    });
    expect(secrets.bearerToken).toEqual({ set: false, hint: null, source: null });
    expect(JSON.stringify(store.view())).not.toContain(SANDBOX.clientSecret);
    // Demo values belong to the sandbox, not to other environments.
    expect(store.secret(PRODUCTION_ENVIRONMENT_ID, 'apiKey')).toBeUndefined();

    // Something is written (so the check below means something), but not the demo values.
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', CANARY);
    store.updateEnvironment(PRODUCTION_ENVIRONMENT_ID, {
      authorizationUrl: 'https://www.imovirtual.com/pt/crm/authorization/',
    });
    expect(vault.keys()).toEqual(['env:production:apiKey']);
    for (const demo of [SANDBOX.apiKey, SANDBOX.clientSecret]) expectNowhereOnDisk(demo);

    // Stopped: the demo values are gone.
    store.setSandbox(null);
    expect(store.secret(SANDBOX_ENVIRONMENT_ID, 'apiKey')).toBeUndefined();
    expect(env(store, SANDBOX_ENVIRONMENT_ID)).toMatchObject({
      origin: null,
      secrets: { apiKey: { set: false, source: null } },
    });
  });

  it('lets the user’s own sandbox value win over the demo value', () => {
    const { store } = open();
    store.setSandbox(SANDBOX);
    store.setSecret(SANDBOX_ENVIRONMENT_ID, 'apiKey', 'my-own-sandbox-key-7777');
    expect(store.secret(SANDBOX_ENVIRONMENT_ID, 'apiKey')).toBe('my-own-sandbox-key-7777');
    expect(env(store, SANDBOX_ENVIRONMENT_ID).secrets.apiKey).toEqual({ set: true, hint: '••••7777', source: 'vault' });
    store.clearSecret(SANDBOX_ENVIRONMENT_ID, 'apiKey');
    expect(store.secret(SANDBOX_ENVIRONMENT_ID, 'apiKey')).toBe(SANDBOX.apiKey);
  });

  it('keeps the Local sandbox’s CRM users for the session only', () => {
    const { store } = open();
    store.setSandbox(SANDBOX);
    const user = store.saveUser(SANDBOX_ENVIRONMENT_ID, { name: 'Anna' }, TOKENS);
    expect(user).toEqual({
      id: expect.any(String),
      name: 'Anna',
      status: 'authorized',
      accessExpiresAt: TOKENS.accessExpiresAt,
      refreshExpiresAt: TOKENS.refreshExpiresAt,
      problem: null,
    });
    expect(store.tokens(SANDBOX_ENVIRONMENT_ID, user.id)).toEqual(TOKENS);
    expect(env(store, SANDBOX_ENVIRONMENT_ID).users).toEqual([user]);
    // Nothing of it on disk, even once both files exist.
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', CANARY);
    store.updateEnvironment(PRODUCTION_ENVIRONMENT_ID, {
      authorizationUrl: 'https://www.imovirtual.com/pt/crm/authorization/',
    });
    expect(readFileSync(join(dataDir, 'credentials.json'), 'utf8')).not.toContain(user.id);
    expect(readFileSync(join(dataDir, 'credentials.json'), 'utf8')).not.toContain('Anna');
    expectNowhereOnDisk(TOKENS.accessToken);
    expectNowhereOnDisk(TOKENS.refreshToken!);

    // The same sandbox again (e.g. its origin re-announced) keeps them.
    store.setSandbox({ ...SANDBOX });
    expect(env(store, SANDBOX_ENVIRONMENT_ID).users).toHaveLength(1);

    // A restart: none.
    const restarted = open().store;
    restarted.setSandbox(SANDBOX);
    expect(env(restarted, SANDBOX_ENVIRONMENT_ID).users).toEqual([]);
    expect(restarted.tokens(SANDBOX_ENVIRONMENT_ID, user.id)).toBeUndefined();

    // Another sandbox (another origin): the old one's users and tokens mean nothing to it.
    store.setSandbox({ ...SANDBOX, origin: 'https://127.0.0.1:45679' });
    expect(env(store, SANDBOX_ENVIRONMENT_ID).users).toEqual([]);
    expect(store.tokens(SANDBOX_ENVIRONMENT_ID, user.id)).toBeUndefined();
    expect(store.user(SANDBOX_ENVIRONMENT_ID, user.id)).toBeUndefined();
  });

  it('keeps Production’s CRM users across restarts: metadata in credentials.json, tokens encrypted in the vault', () => {
    const { store, vault } = open();
    const user = store.saveUser(PRODUCTION_ENVIRONMENT_ID, { name: 'Anna' }, TOKENS);
    const saved = credentialsFile();
    expect(saved.users[PRODUCTION_ENVIRONMENT_ID]).toEqual([
      {
        id: user.id,
        name: 'Anna',
        status: 'authorized',
        accessExpiresAt: TOKENS.accessExpiresAt,
        refreshExpiresAt: TOKENS.refreshExpiresAt,
        problem: null,
      },
    ]);
    expect(vault.keys()).toEqual([`env:production:user:${user.id}:access`, `env:production:user:${user.id}:refresh`]);
    expectNowhereOnDisk(TOKENS.accessToken);
    expectNowhereOnDisk(TOKENS.refreshToken!);
    expect(JSON.stringify(store.view())).not.toContain(TOKENS.accessToken);

    const restarted = open().store;
    expect(restarted.user(PRODUCTION_ENVIRONMENT_ID, user.id)).toEqual(user);
    expect(restarted.tokens(PRODUCTION_ENVIRONMENT_ID, user.id)).toEqual(TOKENS);
  });

  it('replaces a user’s tokens when saved again under its id, and drops a refresh token no longer given', () => {
    const { store, vault } = open();
    const user = store.saveUser(PRODUCTION_ENVIRONMENT_ID, { name: 'Anna' }, TOKENS);
    const next: TokenSet = {
      accessToken: 'second-access-token',
      refreshToken: null,
      accessExpiresAt: 1_800_000_100_000,
      refreshExpiresAt: null,
    };
    expect(store.saveUser(PRODUCTION_ENVIRONMENT_ID, { id: user.id, name: 'Anna K.' }, next)).toMatchObject({
      id: user.id,
      name: 'Anna K.',
    });
    expect(env(store, PRODUCTION_ENVIRONMENT_ID).users).toHaveLength(1);
    expect(open().store.tokens(PRODUCTION_ENVIRONMENT_ID, user.id)).toEqual(next);
    expect(vault.keys()).toEqual([`env:production:user:${user.id}:access`]);
  });

  it('markNeedsReauthorization records the problem and deletes the tokens, on disk too', () => {
    const { store, vault } = open();
    const user = store.saveUser(PRODUCTION_ENVIRONMENT_ID, { name: 'Anna' }, TOKENS);
    store.markNeedsReauthorization(PRODUCTION_ENVIRONMENT_ID, user.id, 'The refresh was refused.');
    expect(store.user(PRODUCTION_ENVIRONMENT_ID, user.id)).toMatchObject({
      status: 'needs-reauthorization',
      problem: 'The refresh was refused.',
    });
    expect(store.tokens(PRODUCTION_ENVIRONMENT_ID, user.id)).toBeUndefined();
    expect(vault.keys()).toEqual([]);
    const restarted = open().store;
    expect(restarted.user(PRODUCTION_ENVIRONMENT_ID, user.id)).toMatchObject({
      status: 'needs-reauthorization',
      problem: 'The refresh was refused.',
    });
    expect(restarted.tokens(PRODUCTION_ENVIRONMENT_ID, user.id)).toBeUndefined();

    // Sandbox users too (in memory).
    store.setSandbox(SANDBOX);
    const anna = store.saveUser(SANDBOX_ENVIRONMENT_ID, { name: 'Anna' }, TOKENS);
    store.markNeedsReauthorization(SANDBOX_ENVIRONMENT_ID, anna.id, 'Expired.');
    expect(store.tokens(SANDBOX_ENVIRONMENT_ID, anna.id)).toBeUndefined();
    expect(store.user(SANDBOX_ENVIRONMENT_ID, anna.id)).toMatchObject({
      status: 'needs-reauthorization',
      problem: 'Expired.',
    });
  });

  it('removes a user and its tokens', () => {
    const { store, vault } = open();
    const user = store.saveUser(PRODUCTION_ENVIRONMENT_ID, { name: 'Anna' }, TOKENS);
    store.removeUser(PRODUCTION_ENVIRONMENT_ID, user.id);
    expect(vault.keys()).toEqual([]);
    expect(open().store.user(PRODUCTION_ENVIRONMENT_ID, user.id)).toBeUndefined();
    expect(() => store.removeUser(PRODUCTION_ENVIRONMENT_ID, user.id)).toThrow(
      'That CRM user is no longer in the list.',
    );
  });

  it('adds an environment with its origin only, keeps it across restarts, and refuses a duplicate name', () => {
    const { store } = open();
    store.addEnvironment({
      name: 'Staging',
      origin: 'https://Staging.Example.com:443/advert/v1?x=1',
      authorizationUrl: 'https://portal.example.com/en/crm/authorization/',
    });
    const staging = store.environments().find((e) => e.name === 'Staging')!;
    expect(staging).toEqual({
      id: expect.any(String),
      name: 'Staging',
      origin: 'https://staging.example.com',
      authorizationUrl: 'https://portal.example.com/en/crm/authorization/',
      builtin: false,
    });
    expect(open().store.environment(staging.id)).toEqual(staging);

    expect(() => store.addEnvironment({ name: 'staging', origin: 'https://other.example.com' })).toThrow(
      'There is already an environment called “staging”.',
    );
    expect(() => store.addEnvironment({ name: 'PRODUCTION', origin: 'https://other.example.com' })).toThrow(
      /already an environment called/,
    );
    expect(() => store.addEnvironment({ name: 'Local Sandbox', origin: 'https://other.example.com' })).toThrow(
      /already an environment called/,
    );
    expect(store.environments()).toHaveLength(3);
    expect(credentialsFile().environments).toHaveLength(1);
  });

  it('removes an environment with its secrets and users’ tokens from the vault; refuses the built-in ones', () => {
    const { store, vault } = open();
    store.addEnvironment({ name: 'Staging', origin: 'https://staging.example.com' });
    const id = store.environments().find((e) => e.name === 'Staging')!.id;
    for (const field of SECRET_FIELDS) store.setSecret(id, field, `${field}-value-123`);
    const user = store.saveUser(id, { name: 'Anna' }, TOKENS);
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', CANARY);
    expect(vault.keys(`env:${id}:`)).toHaveLength(SECRET_FIELDS.length + 2);

    store.removeEnvironment(id);
    expect(vault.keys(`env:${id}:`)).toEqual([]);
    expect(vault.keys()).toEqual(['env:production:apiKey']);
    expect(store.environment(id)).toBeUndefined();
    expect(store.tokens(id, user.id)).toBeUndefined();
    const restarted = open().store;
    expect(restarted.environment(id)).toBeUndefined();
    expect(restarted.secret(PRODUCTION_ENVIRONMENT_ID, 'apiKey')).toBe(CANARY);
    expect(credentialsFile().users[id]).toBeUndefined();
    expect(readFileSync(join(dataDir, 'vault.json'), 'utf8')).not.toContain(id);

    expect(() => store.removeEnvironment(PRODUCTION_ENVIRONMENT_ID)).toThrow(
      'Production is built in and cannot be removed.',
    );
    expect(() => store.removeEnvironment(SANDBOX_ENVIRONMENT_ID)).toThrow(
      'Local sandbox is built in and cannot be removed.',
    );
    expect(() => store.removeEnvironment(id)).toThrow('That environment no longer exists.');
  });

  it('updates authorization pages, except the Local sandbox’s, which the sandbox sets', () => {
    const { store } = open();
    store.setSandbox(SANDBOX);
    expect(() =>
      store.updateEnvironment(SANDBOX_ENVIRONMENT_ID, { authorizationUrl: 'https://evil.example.com/' }),
    ).toThrow('The Local sandbox’s authorization page is set by the sandbox.');
    expect(store.environment(SANDBOX_ENVIRONMENT_ID)!.authorizationUrl).toBe(SANDBOX.authorizationUrl);

    store.updateEnvironment(PRODUCTION_ENVIRONMENT_ID, {
      authorizationUrl: 'https://www.imovirtual.com/pt/crm/authorization/',
    });
    store.addEnvironment({ name: 'Staging', origin: 'https://staging.example.com' });
    const staging = store.environments().find((e) => e.name === 'Staging')!.id;
    store.updateEnvironment(staging, { authorizationUrl: 'https://portal.example.com/en/crm/authorization/' });
    const restarted = open().store;
    expect(restarted.environment(PRODUCTION_ENVIRONMENT_ID)).toMatchObject({
      builtin: true,
      origin: 'https://api.olxgroup.com',
      authorizationUrl: 'https://www.imovirtual.com/pt/crm/authorization/',
    });
    expect(restarted.environment(staging)!.authorizationUrl).toBe('https://portal.example.com/en/crm/authorization/');
    expect(restarted.environments().filter((e) => e.id === PRODUCTION_ENVIRONMENT_ID)).toHaveLength(1);
    expect(() => store.updateEnvironment('no-such-env', { authorizationUrl: 'https://x.example.com/' })).toThrow(
      'That environment no longer exists.',
    );
  });

  it('refuses a secret under 8 characters with a sentence, but keeps a short Basic user or password (masked anyway)', () => {
    const { store, vault } = open();
    expect(() => store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', 'abc1234')).toThrow(
      'The API key has fewer than 8 characters: a value that short would be masked in ordinary text and is easy to guess. Enter the whole value.',
    );
    const pin = { name: 'pin', value: '1234', enabled: true, secret: true };
    expect(() => store.setVariables(PRODUCTION_ENVIRONMENT_ID, [pin])).toThrow(
      /secret variable “pin” has fewer than 8/,
    );
    expect(vault.keys()).toEqual([]);
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'basicUser', 'bob');
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'basicPassword', 'pw');
    const view = store.view().find((e) => e.id === PRODUCTION_ENVIRONMENT_ID)!;
    expect(view.secrets.basicPassword).toEqual({ set: true, hint: '••••', source: 'vault' });
  });
});
