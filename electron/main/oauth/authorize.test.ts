/**
 * The whole authorization code flow against the real sandbox: the app opens the portal's page,
 * a "browser" (test/support/authorization-browser.ts) presses Allow or Deny and follows the redirect to the app's
 * loopback listener, the app exchanges the code and saves the CRM user.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ENVIRONMENT_ID } from '../../../shared/credentials';
import { setUserDataPath } from '../../../test/support/fake-electron';
import type { CredentialsStore } from '../credentials/store';
import type { HttpClient } from '../http/client';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { call, waitFor, withKey } from '../../../test/support/sandbox-client';
import { createAuthorizer, type Authorizer, type AuthorizerDeps } from './authorize';
import { clientTrusting, openTestStore } from '../../../test/support/credentials-world';
import { fetchText, visitAuthorizationPage, type BrowserVisit } from '../../../test/support/authorization-browser';
import { createTokenManager } from './tokens';

let sandbox: Sandbox;
let client: HttpClient;
let dataDir: string;
let store: CredentialsStore;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = clientTrusting(sandbox);
});
afterAll(async () => {
  client.close();
  await sandbox.close();
});
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'authorize-'));
  setUserDataPath(dataDir);
  store = openTestStore(dataDir, sandbox);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

interface Harness {
  authorizer: Authorizer;
  /** Every authorization page URL the app opened. */
  pages: string[];
  /** What the "browser" saw at the end of each visit (the loopback listener's page). */
  visits: Array<Promise<{ status: number; text: string }>>;
  closed: number;
}

/** visit = null: the page is opened, but nobody answers it (the user walked away). */
function harness(visit: BrowserVisit | null = {}, extra: Partial<AuthorizerDeps> = {}): Harness {
  const tokens = createTokenManager({ store, client, timeoutMs: () => 10_000, userAgent: () => 'Acme CRM' });
  const h: Harness = { authorizer: undefined!, pages: [], visits: [], closed: 0 };
  h.authorizer = createAuthorizer({
    store,
    tokens,
    client,
    timeoutMs: () => 10_000,
    openAuthorizationPage: async (url) => {
      h.pages.push(url);
      // The user answers in the background, as a browser would while the app waits.
      if (visit) {
        const visiting = visitAuthorizationPage(sandbox, url, visit);
        visiting.catch(() => undefined);
        h.visits.push(visiting);
      }
    },
    closeAuthorizationPage: () => void (h.closed += 1),
    ...extra,
  });
  return h;
}

const tokenRequests = () => sandbox.received.filter((r) => r.method === 'POST' && r.path === '/oauth/v1/token');
const sandboxUsers = () => store.view().find((e) => e.id === SANDBOX_ENVIRONMENT_ID)!.users;

function connectionError(url: string): Promise<string> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('authorizer', () => {
  it('authorizes a CRM user: page, Allow, redirect, code exchange; the user is saved with working tokens', async () => {
    const h = harness({ user: 'Anna Kowalska' });
    const before = tokenRequests().length;
    const user = await h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });

    expect(user).toMatchObject({ name: 'Anna', status: 'authorized', problem: null });
    expect(user.accessExpiresAt! - Date.now()).toBeGreaterThan(3500_000);
    expect(sandboxUsers()).toEqual([user]);
    const saved = store.tokens(SANDBOX_ENVIRONMENT_ID, user.id)!;
    expect(saved.accessToken).toMatch(/^sbx_at_/);
    expect(saved.refreshToken).toMatch(/^sbx_rt_/);
    // The token works at the API: an unknown advert answers 404 (a refused token would get 401).
    const check = await call(sandbox, 'GET', '/advert/v1/00000000-0000-4000-8000-000000000000', {
      headers: withKey(sandbox, { Authorization: `Bearer ${saved.accessToken}` }),
    });
    expect(check.status).toBe(404);

    // The browser ended on the app's page saying it may close the window.
    const end = await h.visits[0]!;
    expect(end.status).toBe(200);
    expect(end.text).toContain('You can close this window');

    // The page the app opened.
    expect(h.pages).toHaveLength(1);
    const page = new URL(h.pages[0]!);
    expect(`${page.origin}${page.pathname}`).toBe(sandbox.authorizationUrl);
    expect(page.searchParams.get('response_type')).toBe('code');
    expect(page.searchParams.get('client_id')).toBe(sandbox.oauthClient.clientId);
    const state = page.searchParams.get('state')!;
    expect(state).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(state, 'base64url').length).toBeGreaterThanOrEqual(32);
    const redirectUri = page.searchParams.get('redirect_uri')!;
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);

    // One token request: the code, with the same redirect URI, Basic client credentials and the API key.
    const sent = tokenRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body)).toEqual({
      grant_type: 'authorization_code',
      code: expect.stringMatching(/^[0-9a-f]{40}$/),
      redirect_uri: redirectUri,
      code_verifier: expect.any(String),
    });
    expect(sent[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${sandbox.oauthClient.clientId}:${sandbox.oauthClient.clientSecret}`).toString('base64')}`,
    );
    expect(sent[0]!.headers['x-api-key']).toBe(sandbox.apiKey);

    // Done: not busy, listener closed, app window closed.
    expect(h.authorizer.busy()).toBe(false);
    expect(await connectionError(redirectUri)).toBe('ECONNREFUSED');
    expect(h.closed).toBe(1);
  });

  it('uses a new state each time', async () => {
    const h = harness();
    await h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });
    await h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Bartek' });
    const states = h.pages.map((url) => new URL(url).searchParams.get('state'));
    expect(states[0]).not.toBe(states[1]);
    expect(sandboxUsers().map((u) => u.name)).toEqual(['Anna', 'Bartek']);
  });

  it('Deny: says access was not granted, saves no user, asks for no token', async () => {
    const h = harness({ decision: 'deny' });
    const before = tokenRequests().length;
    await expect(h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' })).rejects.toThrow(
      /^Access was not granted on the authorization page\.$/,
    );
    expect(sandboxUsers()).toEqual([]);
    expect(tokenRequests().length).toBe(before);
    expect((await h.visits[0]!).text).toContain('The authorization was not granted');
    expect(h.authorizer.busy()).toBe(false);
  });

  it('a redirect with another state gets an error page and changes nothing; the right one then completes', async () => {
    const forged: Array<{ status: number; text: string }> = [];
    const h = harness({
      // Something else on this computer hits the listener first, with a state of its own.
      before: async (location) => {
        const fake = new URL(location);
        fake.searchParams.set('state', 'forged-by-someone-else');
        fake.searchParams.set('code', 'a-code-of-its-own');
        forged.push(await fetchText(fake));
      },
    });
    const before = tokenRequests().length;
    const user = await h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });
    expect(forged).toHaveLength(1);
    expect(forged[0]!.status).toBe(400);
    expect(forged[0]!.text).toContain('state mismatch');
    expect(user).toMatchObject({ name: 'Anna', status: 'authorized' });
    expect((await h.visits[0]!).status).toBe(200);
    // One token request, with the genuine code.
    const sent = tokenRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body).code).not.toBe('a-code-of-its-own');
  });

  it('sends a PKCE challenge (S256) and the matching verifier; a code without the verifier is refused by the sandbox', async () => {
    const h = harness();
    const before = tokenRequests().length;
    await h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });
    const page = new URL(h.pages[0]!);
    expect(page.searchParams.get('code_challenge_method')).toBe('S256');
    const challenge = page.searchParams.get('code_challenge')!;
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = JSON.parse(tokenRequests().slice(before)[0]!.body) as { code_verifier: string };
    expect(body.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createHash('sha256').update(body.code_verifier).digest('base64url')).toBe(challenge);
    // Each authorization has its own verifier.
    await h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Bartek' });
    expect(new URL(h.pages[1]!).searchParams.get('code_challenge')).not.toBe(challenge);
  });

  it('is busy while waiting, refuses a second authorization, and cancel() ends the wait', async () => {
    const h = harness(null);
    expect(h.authorizer.busy()).toBe(false);
    expect(h.authorizer.cancel()).toBe(false);
    const waiting = h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });
    waiting.catch(() => undefined);
    await waitFor(() => h.pages.length === 1);
    expect(h.authorizer.busy()).toBe(true);
    await expect(h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Bartek' })).rejects.toThrow(
      'An authorization is already waiting for the portal. Finish or cancel it first.',
    );
    expect(h.pages).toHaveLength(1);

    expect(h.authorizer.cancel()).toBe(true);
    await expect(waiting).rejects.toThrow(/^The authorization was cancelled\.$/);
    expect(h.authorizer.busy()).toBe(false);
    expect(h.authorizer.cancel()).toBe(false);
    expect(sandboxUsers()).toEqual([]);
    // The redirect arriving after the cancel finds nobody listening.
    expect(await connectionError(new URL(h.pages[0]!).searchParams.get('redirect_uri')!)).toBe('ECONNREFUSED');
  });

  it('refuses a second authorization started at the same moment (a double click)', async () => {
    const h = harness(null);
    const first = h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });
    const second = h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });
    first.catch(() => undefined);
    second.catch(() => undefined);
    expect(h.authorizer.busy()).toBe(true);
    await expect(second).rejects.toThrow(
      'An authorization is already waiting for the portal. Finish or cancel it first.',
    );
    await waitFor(() => h.pages.length === 1);
    expect(h.authorizer.cancel()).toBe(true);
    await expect(first).rejects.toThrow(/cancelled/);
    expect(h.pages).toHaveLength(1);
    expect(h.authorizer.busy()).toBe(false);
  });

  it('gives up after its timeout with a sentence, and closes the app window', async () => {
    const h = harness(null, { authorizationTimeoutMs: 2000 });
    await expect(h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' })).rejects.toThrow(
      /^No answer from the authorization page after 2 seconds\. Start it again\.$/,
    );
    expect(h.authorizer.busy()).toBe(false);
    expect(h.closed).toBe(1);
  });

  it('ends the wait when the page cannot be opened', async () => {
    const h = harness(null, {
      openAuthorizationPage: async () => {
        throw new Error('No browser could be opened.');
      },
    });
    await expect(h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' })).rejects.toThrow(
      'No browser could be opened.',
    );
    expect(h.authorizer.busy()).toBe(false);
    const again = harness({});
    await expect(
      again.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' }),
    ).resolves.toMatchObject({ status: 'authorized' });
  });

  it('re-authorizing a user keeps its id, replaces its tokens and clears its problem', async () => {
    const h = harness();
    const first = await h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna' });
    const oldTokens = store.tokens(SANDBOX_ENVIRONMENT_ID, first.id)!;
    store.markNeedsReauthorization(SANDBOX_ENVIRONMENT_ID, first.id, 'The refresh was refused.');

    const again = await h.authorizer.authorize({
      environmentId: SANDBOX_ENVIRONMENT_ID,
      userName: 'Anna K.',
      userId: first.id,
    });
    expect(again).toMatchObject({ id: first.id, name: 'Anna K.', status: 'authorized', problem: null });
    expect(sandboxUsers()).toEqual([again]);
    const newTokens = store.tokens(SANDBOX_ENVIRONMENT_ID, first.id)!;
    expect(newTokens.accessToken).toMatch(/^sbx_at_/);
    expect(newTokens.accessToken).not.toBe(oldTokens.accessToken);
    expect(newTokens.refreshToken).not.toBe(oldTokens.refreshToken);
  });

  it('re-authorizing a user that is no longer in the list opens no page', async () => {
    const h = harness();
    await expect(
      h.authorizer.authorize({ environmentId: SANDBOX_ENVIRONMENT_ID, userName: 'Anna', userId: 'gone' }),
    ).rejects.toThrow('That CRM user is no longer in the list.');
    expect(h.pages).toEqual([]);
    expect(h.authorizer.busy()).toBe(false);
  });

  it('says what is missing before opening any page', async () => {
    const h = harness();
    store.addEnvironment({ name: 'Staging', origin: sandbox.origin });
    const staging = store.environments().find((e) => e.name === 'Staging')!.id;
    await expect(h.authorizer.authorize({ environmentId: staging, userName: 'Anna' })).rejects.toThrow(
      'Set the authorization page of Staging first.',
    );
    store.updateEnvironment(staging, { authorizationUrl: sandbox.authorizationUrl });
    await expect(h.authorizer.authorize({ environmentId: staging, userName: 'Anna' })).rejects.toThrow(
      'Set the API key, OAuth2 client id and OAuth2 client secret of Staging in Credentials first.',
    );
    await expect(h.authorizer.authorize({ environmentId: 'no-such-env', userName: 'Anna' })).rejects.toThrow(
      'That environment no longer exists.',
    );
    expect(h.pages).toEqual([]);
    expect(h.authorizer.busy()).toBe(false);
  });

  it('authorizes a user of a saved environment, its tokens kept in the vault', async () => {
    store.addEnvironment({ name: 'Staging', origin: sandbox.origin, authorizationUrl: sandbox.authorizationUrl });
    const staging = store.environments().find((e) => e.name === 'Staging')!.id;
    store.setSecret(staging, 'apiKey', sandbox.apiKey);
    store.setSecret(staging, 'clientId', sandbox.oauthClient.clientId);
    store.setSecret(staging, 'clientSecret', sandbox.oauthClient.clientSecret);
    const user = await harness().authorizer.authorize({ environmentId: staging, userName: 'Anna' });
    expect(store.tokens(staging, user.id)?.accessToken).toMatch(/^sbx_at_/);
    expect(store.user(staging, user.id)).toMatchObject({ status: 'authorized' });
  });
});
