/** The token endpoint client against the real sandbox: what it sends, what it makes of the answers. */
import { createServer } from 'node:net';
import { rootCertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../http/client';
import { startHttpsServer } from '../../../test/support/https-servers';
import { createCertificateAuthority } from '../tls/certificates';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { call, codeFor, REDIRECT_URI, withKey } from '../../../test/support/sandbox-client';
import { requestTokens, TokenRefused, type TokenEndpoint } from './token-client';

let sandbox: Sandbox;
let client: HttpClient;
let endpoint: TokenEndpoint;
const options = { timeoutMs: 10_000 };

beforeAll(async () => {
  sandbox = await startSandbox();
  const cas = [...rootCertificates, sandbox.caCertPem];
  client = createHttpClient({ getTrustedCas: () => cas });
  endpoint = { origin: sandbox.origin, apiKey: sandbox.apiKey, ...sandbox.oauthClient, userAgent: 'Acme CRM' };
});
afterAll(async () => {
  client.close();
  await sandbox.close();
});
afterEach(() => sandbox.setTokenLifetimes({ accessSeconds: 3600, refreshSeconds: 365 * 24 * 3600 }));

const tokenRequests = () => sandbox.received.filter((r) => r.path.startsWith('/oauth/'));

/** An advert call with the token: 404 for an unknown advert means the token was accepted (401 otherwise). */
async function statusWithToken(accessToken: string): Promise<number> {
  const answer = await call(sandbox, 'GET', '/advert/v1/00000000-0000-4000-8000-000000000000', {
    headers: withKey(sandbox, { Authorization: `Bearer ${accessToken}` }),
  });
  return answer.status;
}

/** The error a grant fails with: a TokenRefused whose message is exactly the sentence given. */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRefused);
  return (error as Error).message;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('requestTokens', () => {
  it('exchanges a code: POST /oauth/v1/token with Basic client credentials, the API key and a JSON body', async () => {
    const code = await codeFor(sandbox, 'Anna');
    const before = sandbox.received.length;
    const tokens = await requestTokens(
      client,
      endpoint,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      options,
    );

    const sent = sandbox.received.slice(before);
    expect(sent).toHaveLength(1);
    const received = sent[0]!;
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/oauth/v1/token');
    const basic = Buffer.from(`${sandbox.oauthClient.clientId}:${sandbox.oauthClient.clientSecret}`, 'utf8').toString(
      'base64',
    );
    expect(received.headers).toMatchObject({
      authorization: `Basic ${basic}`,
      'x-api-key': sandbox.apiKey,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'Acme CRM',
    });
    expect(JSON.parse(received.body)).toEqual({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });

    expect(tokens.accessToken).toMatch(/^sbx_at_[0-9a-f]{48}$/);
    expect(tokens.refreshToken).toMatch(/^sbx_rt_[0-9a-f]{48}$/);
    expect(await statusWithToken(tokens.accessToken)).toBe(404);
    // Neither the code nor a token ever travels in a URL.
    for (const request of tokenRequests()) {
      for (const secret of [code, tokens.accessToken, tokens.refreshToken!]) expect(request.path).not.toContain(secret);
    }
  });

  it('computes the expiry from expires_in, on the clock it is given', async () => {
    sandbox.setTokenLifetimes({ accessSeconds: 120 });
    const now = 1_700_000_000_000;
    const tokens = await requestTokens(
      client,
      endpoint,
      { grant_type: 'authorization_code', code: await codeFor(sandbox) },
      { ...options, now: () => now },
    );
    expect(tokens.accessExpiresAt).toBe(now + 120_000);
    // The sandbox does not say how long refresh tokens live: the documented year is assumed.
    expect(tokens.refreshExpiresAt).toBe(now + 365 * 24 * 3600 * 1000);

    const real = await requestTokens(
      client,
      endpoint,
      { grant_type: 'authorization_code', code: await codeFor(sandbox) },
      options,
    );
    expect(real.accessExpiresAt! - Date.now()).toBeGreaterThan(110_000);
    expect(real.accessExpiresAt! - Date.now()).toBeLessThanOrEqual(120_000);
  });

  it('refreshes with the refresh_token grant: new tokens, and the old refresh token stops working', async () => {
    const first = await requestTokens(
      client,
      endpoint,
      { grant_type: 'authorization_code', code: await codeFor(sandbox) },
      options,
    );
    const before = sandbox.received.length;
    const second = await requestTokens(
      client,
      endpoint,
      { grant_type: 'refresh_token', refresh_token: first.refreshToken! },
      options,
    );

    const received = sandbox.received[before]!;
    expect(received).toMatchObject({ method: 'POST', path: '/oauth/v1/token' });
    expect(received.headers.authorization).toBe(
      `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString('base64')}`,
    );
    expect(received.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(JSON.parse(received.body)).toEqual({ grant_type: 'refresh_token', refresh_token: first.refreshToken });
    expect(received.path).not.toContain(first.refreshToken!);

    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).toMatch(/^sbx_rt_/);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await statusWithToken(second.accessToken)).toBe(404);

    const reuse = requestTokens(
      client,
      endpoint,
      { grant_type: 'refresh_token', refresh_token: first.refreshToken! },
      options,
    );
    await expect(reuse).rejects.toBeInstanceOf(TokenRefused);
    await expect(reuse).rejects.toThrow(/^The token endpoint answered 400: The refresh token was already used/);
  });

  it('throws TokenRefused with the endpoint’s words for a bad code', async () => {
    const attempt = requestTokens(client, endpoint, { grant_type: 'authorization_code', code: 'not-a-code' }, options);
    expect(await refusal(attempt)).toBe('The token endpoint answered 400: The authorization code is not valid.');
  });

  it('throws TokenRefused for a code used twice, or sent with another redirect URI', async () => {
    const code = await codeFor(sandbox);
    const wrongRedirect = requestTokens(
      client,
      endpoint,
      { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/elsewhere' },
      options,
    );
    await expect(wrongRedirect).rejects.toThrow(/^The token endpoint answered 400: redirect_uri does not match/);
    await requestTokens(
      client,
      endpoint,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      options,
    );
    const again = requestTokens(
      client,
      endpoint,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      options,
    );
    await expect(again).rejects.toBeInstanceOf(TokenRefused);
    await expect(again).rejects.toThrow(/already used/);
  });

  it('throws TokenRefused for a wrong client secret, and the secret sent is the wrong one', async () => {
    const code = await codeFor(sandbox);
    const before = sandbox.received.length;
    const attempt = requestTokens(
      client,
      { ...endpoint, clientSecret: 'wrong-secret' },
      { grant_type: 'authorization_code', code },
      options,
    );
    expect(await refusal(attempt)).toBe(
      'The token endpoint answered 401: The client credentials are not valid (unknown client_id or wrong client_secret).',
    );
    expect(sandbox.received[before]!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${endpoint.clientId}:wrong-secret`).toString('base64')}`,
    );
    // The code was not spent by the refused attempt.
    await expect(
      requestTokens(client, endpoint, { grant_type: 'authorization_code', code }, options),
    ).resolves.toMatchObject({
      accessToken: expect.stringMatching(/^sbx_at_/),
    });
  });

  it('throws TokenRefused with the detail of an API error body (wrong API key)', async () => {
    const attempt = requestTokens(
      client,
      { ...endpoint, apiKey: 'sbx_wrong' },
      { grant_type: 'authorization_code', code: await codeFor(sandbox) },
      options,
    );
    expect(await refusal(attempt)).toBe(
      'The token endpoint answered 403: The API key in the X-API-KEY header is not valid.',
    );
  });

  it('throws a plain Error, not TokenRefused, when the endpoint cannot be reached', async () => {
    const port = await closedPort();
    let error: unknown;
    try {
      await requestTokens(
        client,
        { ...endpoint, origin: `https://127.0.0.1:${port}` },
        { grant_type: 'refresh_token', refresh_token: 'sbx_rt_x' },
        options,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TokenRefused);
    expect((error as Error).message).toMatch(/^Could not reach the token endpoint: /);
    expect((error as Error).message).not.toContain('sbx_rt_x');
  });

  it('follows no redirect: a 307 to another origin is an error, and the refresh token goes nowhere else', async () => {
    const ca = createCertificateAuthority('Token redirect test CA');
    const moved = await startHttpsServer(ca.issue({ hosts: ['127.0.0.1'] }), (_req, res) => {
      res.writeHead(307, { Location: `${sandbox.origin}/oauth/v1/token` });
      res.end();
    });
    const cas = [...rootCertificates, sandbox.caCertPem, ca.certPem];
    const both = createHttpClient({ getTrustedCas: () => cas });
    const before = sandbox.received.length;
    try {
      const attempt = requestTokens(
        both,
        { ...endpoint, origin: moved.origin },
        { grant_type: 'refresh_token', refresh_token: 'sbx_rt_moved-4711' },
        options,
      );
      await expect(attempt).rejects.not.toBeInstanceOf(TokenRefused);
      await expect(attempt).rejects.toThrow(
        `The server answered with a redirect to ${sandbox.origin}; token requests never follow redirects, so nothing was sent there. ` +
          'Check the environment’s address in Credentials',
      );
      expect(moved.received).toHaveLength(1);
      expect(sandbox.received.slice(before)).toEqual([]);
    } finally {
      both.close();
      await moved.close();
    }
  });
});
