/** Credentials put into requests at send time, sent for real to the sandbox to see what arrives. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MANUAL_BEARER } from '../../../shared/auth-modes';
import { PRODUCTION_ENVIRONMENT_ID, SANDBOX_ENVIRONMENT_ID } from '../../../shared/credentials';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { exampleAdvert } from '../../../shared/examples';
import { conventionHeaderRows } from '../../../shared/headers';
import type { Method } from '../../../shared/http-types';
import type { HeaderRow } from '../../../shared/schemas/header';
import { setUserDataPath } from '../../../test/support/fake-electron';
import type { HttpClient } from '../http/client';
import { clientTrusting, openTestStore } from '../../../test/support/credentials-world';
import { requestTokens } from '../oauth/token-client';
import { createTokenManager, type TokenManager } from '../oauth/tokens';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { codeFor, REDIRECT_URI } from '../../../test/support/sandbox-client';
import {
  redactSecrets,
  resolveAuth,
  saysTokenExpired,
  withAuthHeaders,
  type AuthOutcome,
  type ResolvedAuth,
} from './auth';
import type { CredentialsStore } from './store';

let sandbox: Sandbox;
let client: HttpClient;
let dataDir: string;
let store: CredentialsStore;
let tokens: TokenManager;
let sent = 0;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = clientTrusting(sandbox);
});
afterAll(async () => {
  client.close();
  await sandbox.close();
});
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'auth-'));
  setUserDataPath(dataDir);
  store = openTestStore(dataDir);
  tokens = createTokenManager({ store, client, timeoutMs: () => 10_000, userAgent: () => 'Acme CRM' });
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function startSandboxTarget(): void {
  store.setSandbox({
    origin: sandbox.origin,
    apiKey: sandbox.apiKey,
    clientId: sandbox.oauthClient.clientId,
    clientSecret: sandbox.oauthClient.clientSecret,
    authorizationUrl: sandbox.authorizationUrl,
  });
}

function addEnvironment(name: string, origin: string): string {
  store.addEnvironment({ name, origin });
  return store.environments().find((e) => e.name === name)!.id;
}

const resolve = (url: string, environmentId: string | null, auth: AuthSelection) =>
  resolveAuth({ url, environmentId, auth }, { store, tokens });

function ok(outcome: AuthOutcome): ResolvedAuth {
  if (!outcome.ok)
    throw new Error(`expected credentials, got problems: ${outcome.problems.map((p) => p.message).join(' ')}`);
  return outcome.auth;
}

function problem(outcome: AuthOutcome): string {
  if (outcome.ok) throw new Error('expected a problem, got credentials');
  expect(outcome.problems).toHaveLength(1);
  expect(outcome.problems[0]!.field).toBe('auth');
  return outcome.problems[0]!.message;
}

const header = (auth: ResolvedAuth, name: string) =>
  auth.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);

/** Sends the request with the user's rows and the auth's rows, as request:send does; returns what the sandbox received and answered. */
async function sendWith(
  auth: ResolvedAuth,
  method: Method,
  path: string,
  rows: HeaderRow[] = conventionHeaderRows({ crmName: 'Acme CRM' }),
  body = '',
) {
  const before = sandbox.received.length;
  sent += 1;
  const result = await client.send(
    {
      requestId: `auth-test-${sent}`,
      method,
      url: `${sandbox.origin}${path}`,
      headers: withAuthHeaders(rows, auth),
      body,
    },
    { timeoutMs: 10_000 },
  );
  if (result.kind !== 'response') throw new Error(`no response: ${result.message}`);
  const received = sandbox.received.slice(before);
  expect(received).toHaveLength(1);
  return { result, received: received[0]! };
}

/** A CRM user of the Local sandbox, authorized for real. */
async function sandboxUser(name = 'Anna'): Promise<string> {
  const code = await codeFor(sandbox, name);
  const set = await requestTokens(
    client,
    tokens.endpoint(SANDBOX_ENVIRONMENT_ID),
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
    { timeoutMs: 10_000 },
  );
  return store.saveUser(SANDBOX_ENVIRONMENT_ID, { name }, set).id;
}

const categories = () => `${sandbox.origin}/taxonomy/v1/categories`;

describe('resolveAuth', () => {
  it('adds nothing for Auth None, with or without an environment', async () => {
    expect(await resolve(categories(), null, { mode: 'none' })).toEqual({
      ok: true,
      auth: { headers: [], secrets: [], bearerUser: null, bound: [] },
    });
    expect(
      ok(await resolve('https://anywhere.example.com/', PRODUCTION_ENVIRONMENT_ID, { mode: 'none' })).headers,
    ).toEqual([]);
  });

  it('API key: the running sandbox’s demo key, which the sandbox accepts', async () => {
    startSandboxTarget();
    const auth = ok(await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key' }));
    expect(auth.headers).toEqual([
      expect.objectContaining({ name: 'X-API-KEY', value: sandbox.apiKey, enabled: true }),
    ]);
    expect(auth.secrets).toEqual([sandbox.apiKey]);
    expect(auth.bearerUser).toBeNull();
    const { result, received } = await sendWith(auth, 'GET', '/taxonomy/v1/categories');
    expect(result.status).toBe(200);
    expect(received.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(received.headers.authorization).toBeUndefined();
  });

  it('API key: the user’s own value wins over the sandbox’s', async () => {
    startSandboxTarget();
    store.setSecret(SANDBOX_ENVIRONMENT_ID, 'apiKey', 'sbx_users-own-key-0001');
    const auth = ok(await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key' }));
    const { result, received } = await sendWith(auth, 'GET', '/taxonomy/v1/categories');
    expect(received.headers['x-api-key']).toBe('sbx_users-own-key-0001');
    expect(result.status).toBe(403);
  });

  it('sends credentials only to their environment’s origin, and names both origins', async () => {
    startSandboxTarget();
    const message = problem(
      await resolve('https://api.olxgroup.com/taxonomy/v1/categories', SANDBOX_ENVIRONMENT_ID, { mode: 'api-key' }),
    );
    expect(message).toBe(
      `The credentials of Local sandbox go only to ${sandbox.origin}; this URL goes to https://api.olxgroup.com. Change the URL, pick the matching environment, or set Auth to None.`,
    );
    // Same host, another port is another origin.
    const port = Number(new URL(sandbox.origin).port);
    const elsewhere = `https://127.0.0.1:${port + 1}/taxonomy/v1/categories`;
    expect(problem(await resolve(elsewhere, SANDBOX_ENVIRONMENT_ID, { mode: 'api-key' }))).toContain(
      `https://127.0.0.1:${port + 1}`,
    );
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', 'production-key-1234');
    expect(problem(await resolve(categories(), PRODUCTION_ENVIRONMENT_ID, { mode: 'api-key' }))).toContain(
      `go only to https://api.olxgroup.com; this URL goes to ${sandbox.origin}.`,
    );
  });

  it('treats a default port and letter case as the same origin', async () => {
    store.setSecret(PRODUCTION_ENVIRONMENT_ID, 'apiKey', 'production-key-1234');
    const auth = ok(
      await resolve('https://API.olxgroup.com:443/advert/v1', PRODUCTION_ENVIRONMENT_ID, { mode: 'api-key' }),
    );
    expect(header(auth, 'X-API-KEY')).toEqual(['production-key-1234']);
  });

  it('needs an environment for any credentials', async () => {
    expect(problem(await resolve(categories(), null, { mode: 'api-key' }))).toBe(
      'Credentials are sent only within an environment: pick one as the target, or set Auth to None.',
    );
    expect(problem(await resolve(categories(), 'removed-env', { mode: 'basic' }))).toBe(
      'The environment of this request no longer exists. Pick another target.',
    );
    // The Local sandbox before it was started has no address.
    expect(problem(await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key' }))).toBe(
      'Local sandbox has no address yet: pick it as the target to start it.',
    );
  });

  it('names the environment whose API key, token or Basic parts are missing', async () => {
    const staging = addEnvironment('Staging', sandbox.origin);
    expect(problem(await resolve(categories(), staging, { mode: 'api-key' }))).toBe(
      'No API key is set for Staging. Add it in Credentials.',
    );
    expect(problem(await resolve(categories(), staging, { mode: 'api-key-bearer', bearer: MANUAL_BEARER }))).toBe(
      'No API key is set for Staging. Add it in Credentials.',
    );
    store.setSecret(staging, 'apiKey', sandbox.apiKey);
    expect(problem(await resolve(categories(), staging, { mode: 'api-key-bearer', bearer: MANUAL_BEARER }))).toBe(
      'No Bearer token is entered for Staging. Enter one in Credentials, or pick an authorized CRM user.',
    );
    expect(problem(await resolve(categories(), staging, { mode: 'api-key-bearer' }))).toBe(
      'Pick the CRM user this request acts for (Auth → Acts for).',
    );
    expect(problem(await resolve(categories(), staging, { mode: 'basic' }))).toBe(
      'Basic auth needs a user and a password for Staging. Set them in Credentials.',
    );
    store.setSecret(staging, 'basicUser', 'agent');
    expect(problem(await resolve(categories(), staging, { mode: 'basic' }))).toContain('for Staging');
    store.clearSecret(staging, 'basicUser');
    store.setSecret(staging, 'basicPassword', 'pass-word');
    expect(problem(await resolve(categories(), staging, { mode: 'basic' }))).toContain('for Staging');
  });

  it('Basic: base64(user:password), as the server receives it', async () => {
    const staging = addEnvironment('Staging', sandbox.origin);
    store.setSecret(staging, 'basicUser', 'agent.zoë');
    store.setSecret(staging, 'basicPassword', 'p@ss:w0rd');
    const auth = ok(await resolve(categories(), staging, { mode: 'basic' }));
    const encoded = Buffer.from('agent.zoë:p@ss:w0rd', 'utf8').toString('base64');
    expect(header(auth, 'Authorization')).toEqual([`Basic ${encoded}`]);
    expect(header(auth, 'X-API-KEY')).toEqual([]);
    expect(auth.secrets).toEqual(expect.arrayContaining(['p@ss:w0rd', encoded]));
    const { received } = await sendWith(auth, 'GET', '/sandbox/v1/echo');
    expect(received.headers.authorization).toBe(`Basic ${encoded}`);
  });

  it('Bearer entered by hand, with the API key', async () => {
    const staging = addEnvironment('Staging', sandbox.origin);
    store.setSecret(staging, 'apiKey', sandbox.apiKey);
    store.setSecret(staging, 'bearerToken', 'hand-made-token-42');
    const auth = ok(await resolve(categories(), staging, { mode: 'api-key-bearer', bearer: MANUAL_BEARER }));
    expect(auth.headers.map((h) => [h.name, h.value])).toEqual([
      ['X-API-KEY', sandbox.apiKey],
      ['Authorization', 'Bearer hand-made-token-42'],
    ]);
    expect(auth.secrets).toEqual([sandbox.apiKey, 'hand-made-token-42']);
    expect(auth.bearerUser).toBeNull();
    const { result, received } = await sendWith(auth, 'GET', '/advert/v1/00000000-0000-4000-8000-000000000000');
    expect(received.headers.authorization).toBe('Bearer hand-made-token-42');
    expect(result.status).toBe(401); // not a token the sandbox issued
  });

  it('Bearer of a CRM user: the token manager’s token, which the sandbox accepts for a publish', async () => {
    startSandboxTarget();
    const userId = await sandboxUser();
    const auth = ok(
      await resolve(`${sandbox.origin}/advert/v1`, SANDBOX_ENVIRONMENT_ID, { mode: 'api-key-bearer', bearer: userId }),
    );
    const token = store.tokens(SANDBOX_ENVIRONMENT_ID, userId)!.accessToken;
    expect(header(auth, 'Authorization')).toEqual([`Bearer ${token}`]);
    expect(auth.bearerUser).toEqual({ environmentId: SANDBOX_ENVIRONMENT_ID, userId });
    expect(auth.secrets).toEqual([sandbox.apiKey, token]);
    const { result, received } = await sendWith(
      auth,
      'POST',
      '/advert/v1',
      conventionHeaderRows({ crmName: 'Acme CRM' }),
      JSON.stringify(exampleAdvert()),
    );
    expect(result.status).toBe(202);
    expect(received.headers).toMatchObject({ 'x-api-key': sandbox.apiKey, authorization: `Bearer ${token}` });
  });

  it('a CRM user that needs re-authorization, or is gone, is a problem', async () => {
    startSandboxTarget();
    const userId = await sandboxUser('Bartek');
    store.markNeedsReauthorization(SANDBOX_ENVIRONMENT_ID, userId, 'The refresh was refused.');
    expect(
      problem(await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key-bearer', bearer: userId })),
    ).toBe('Bartek needs re-authorization: The refresh was refused. Authorize again in Credentials.');
    expect(
      problem(await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key-bearer', bearer: 'gone' })),
    ).toMatch(/no longer in the list/);
  });
});

describe('withAuthHeaders', () => {
  const row = (name: string, value: string, enabled = true): HeaderRow => ({
    id: `${name}-${value}`,
    name,
    value,
    enabled,
    origin: 'user',
  });
  const auth = (rows: HeaderRow[]): ResolvedAuth => ({ headers: rows, secrets: [], bearerUser: null, bound: [] });

  it('replaces the user’s rows of the same names, whatever their case, and keeps the rest in order', () => {
    const user = [
      row('Accept', 'application/json'),
      row('x-api-key', 'typed-by-hand'),
      row(' AUTHORIZATION ', 'Bearer old', false),
      row('User-Agent', 'Acme'),
    ];
    const added = [row('X-API-KEY', 'from-vault'), row('Authorization', 'Bearer new')];
    expect(withAuthHeaders(user, auth(added)).map((r) => `${r.name}: ${r.value}`)).toEqual([
      'Accept: application/json',
      'User-Agent: Acme',
      'X-API-KEY: from-vault',
      'Authorization: Bearer new',
    ]);
  });

  it('leaves the rows alone when the auth adds none', () => {
    const user = [row('X-API-KEY', 'typed-by-hand')];
    expect(withAuthHeaders(user, auth([]))).toBe(user);
  });

  it('the server receives one X-API-KEY: the vault’s, not the one typed in a row', async () => {
    startSandboxTarget();
    const resolved = ok(await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key' }));
    const { received, result } = await sendWith(resolved, 'GET', '/taxonomy/v1/categories', [
      row('x-api-key', 'typed-by-hand'),
      row('Accept', 'application/json'),
    ]);
    expect(received.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(result.status).toBe(200);
  });
});

describe('saysTokenExpired', () => {
  it('is true for the sandbox’s 401 to an expired access token, false for an unknown one', async () => {
    startSandboxTarget();
    const userId = await sandboxUser('Celina');
    const resolved = ok(
      await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key-bearer', bearer: userId }),
    );
    sandbox.expireAccessTokens();
    const { result } = await sendWith(resolved, 'GET', '/advert/v1/00000000-0000-4000-8000-000000000000');
    expect(result.status).toBe(401);
    expect(saysTokenExpired(result.status, result.headers, result.body)).toBe(true);

    const unknown = ok(await resolve(categories(), SANDBOX_ENVIRONMENT_ID, { mode: 'api-key' }));
    const forged = {
      ...unknown,
      headers: [
        ...unknown.headers,
        { id: 'a', name: 'Authorization', value: 'Bearer sbx_at_forged', enabled: true, origin: 'user' as const },
      ],
    };
    const refused = await sendWith(forged, 'GET', '/advert/v1/00000000-0000-4000-8000-000000000000');
    expect(refused.result.status).toBe(401);
    expect(saysTokenExpired(refused.result.status, refused.result.headers, refused.result.body)).toBe(false);

    const missing = await sendWith(
      { headers: [], secrets: [], bearerUser: null, bound: [] },
      'GET',
      '/taxonomy/v1/categories',
    );
    expect(missing.result.status).toBe(401);
    expect(saysTokenExpired(missing.result.status, missing.result.headers, missing.result.body)).toBe(false);
  });

  it('reads the WWW-Authenticate challenge (any case) or the body, and only for 401', () => {
    expect(
      saysTokenExpired(
        401,
        [['WWW-Authenticate', 'Bearer error="invalid_token", error_description="The access token expired"']],
        '',
      ),
    ).toBe(true);
    expect(
      saysTokenExpired(
        401,
        [['www-authenticate', 'Bearer error="invalid_token", error_description="Token EXPIRED"']],
        '{}',
      ),
    ).toBe(true);
    expect(saysTokenExpired(401, [], '{"error":{"detail":"The access token expired"}}')).toBe(true);
    expect(saysTokenExpired(401, [], '{"message":"expired_token"}')).toBe(true);
    expect(
      saysTokenExpired(401, [['WWW-Authenticate', 'Bearer']], '{"error":{"detail":"The access token is not valid"}}'),
    ).toBe(false);
    expect(
      saysTokenExpired(
        403,
        [['WWW-Authenticate', 'Bearer error_description="The access token expired"']],
        'token expired',
      ),
    ).toBe(false);
    expect(saysTokenExpired(200, [], 'token expired')).toBe(false);
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactSecrets('key=abcd1234; again abcd1234; token tok-9999.', ['abcd1234', 'tok-9999'])).toBe(
      'key=••••; again ••••; token ••••.',
    );
  });

  it('masks secrets shorter than 4 characters only where they stand alone, so ordinary words stay whole', () => {
    expect(redactSecrets('a cat sat on the mat', ['at', ''])).toBe('a cat sat on the mat');
    expect(redactSecrets('user "at" signed in as at.', ['at'])).toBe('user "••••" signed in as ••••.');
    expect(redactSecrets('pin 1234 and 123 and 1234123', ['1234', '123'])).toBe('pin •••• and •••• and ••••123');
  });

  it('treats secrets as text, not patterns', () => {
    expect(redactSecrets('x a.b*c+ y a.b*c+', ['a.b*c+'])).toBe('x •••• y ••••');
    expect(redactSecrets('nothing here', ['$&$&'])).toBe('nothing here');
  });
});
