/**
 * The sandbox's OAuth2 side over real HTTPS on loopback: the CRM authorization page and its
 * decision, the token endpoint's two grants, and Bearer access tokens on advert calls.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validAdvert } from './fixtures';
import { startSandbox, type Sandbox } from './server';
import {
  REDIRECT_URI,
  authorizationPath,
  authorize,
  basicAuth,
  call,
  codeFor,
  formOf,
  postForm,
  signIn,
  tokenCall,
  userHeaders,
  withKey,
  type Answer,
  type TokenBody,
} from '../../../test/support/sandbox-client';

const EXPIRED_HEADER = 'Bearer error="invalid_token", error_description="The access token expired"';
const INVALID_HEADER = 'Bearer error="invalid_token", error_description="The access token is not valid"';

function expectProblemPage(answer: Answer, mention: RegExp): void {
  expect(answer.status).toBe(400);
  expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(answer.headers.location).toBeUndefined();
  expect(answer.text).toMatch(mention);
  expect(answer.text).not.toMatch(/<script/i);
}

function expectOAuthError(answer: Answer, status: number, error: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.json).toEqual({ error, error_description: expect.any(String) });
}

async function publishAs(sandbox: Sandbox, accessToken: string): Promise<Answer> {
  return call(sandbox, 'POST', '/advert/v1', {
    headers: userHeaders(sandbox, { 'Content-Type': 'application/json' }, accessToken),
    body: JSON.stringify(validAdvert()),
  });
}

describe('sandbox OAuth2', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  describe('client', () => {
    it('generates one client at start and tells where the authorization page is', () => {
      expect(sandbox.oauthClient.clientId).toMatch(/^sbx-client-[0-9a-f]+$/);
      expect(sandbox.oauthClient.clientSecret).toMatch(/^[0-9a-f]{32,}$/);
      expect(sandbox.authorizationUrl).toBe(`${sandbox.origin}/en/crm/authorization/`);
    });

    it('takes the clients it is given, the first being oauthClient, and refuses unusable ones', async () => {
      const own = await startSandbox({
        oauthClients: [
          { clientId: 'crm-one', clientSecret: 's1' },
          { clientId: 'crm-two', clientSecret: 's2' },
        ],
      });
      try {
        expect(own.oauthClient).toEqual({ clientId: 'crm-one', clientSecret: 's1' });
        const page = await call(own, 'GET', authorizationPath(own, { client_id: 'crm-two' }));
        expect(page.status).toBe(200);
      } finally {
        await own.close();
      }
      await expect(startSandbox({ oauthClients: [{ clientId: 'a:b', clientSecret: 's' }] })).rejects.toThrow(
        /must not contain ":"/,
      );
      await expect(startSandbox({ oauthClients: [{ clientId: 'x', clientSecret: '' }] })).rejects.toThrow(
        /clientSecret/,
      );
    });
  });

  describe('authorization page', () => {
    it('serves a plain form without an API key, for any two-letter locale', async () => {
      const page = await call(sandbox, 'GET', authorizationPath(sandbox, { state: 'xyz "<&>"' }, 'pl'));
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      const { clientId } = sandbox.oauthClient;
      expect(page.text).toContain(`<title>Authorize ${clientId}</title>`);
      expect(page.text).not.toMatch(/<script|\son\w+=/i);

      // A text input labelled "CRM user", named user, prefilled; Allow and Deny submit buttons.
      const label = /<label for="([^"]+)">CRM user<\/label>/.exec(page.text);
      expect(label).not.toBeNull();
      expect(page.text).toMatch(new RegExp(`<input type="text" id="${label![1]}" name="user" value="Demo agent"`));
      expect(page.text).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
      expect(page.text).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);

      const form = formOf(page.text);
      expect(form).toEqual({
        method: 'post',
        action: '/pl/crm/authorization/decision',
        fields: { client_id: clientId, state: 'xyz "<&>"', redirect_uri: REDIRECT_URI },
      });
      // CSP-friendly: no script at all, styles by hash, forms only here and to the redirect URI's origin.
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).toContain("form-action 'self' http://127.0.0.1:53682");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers['x-frame-options']).toBe('DENY');
    });

    it('answers 400 with a page saying what is wrong, and never redirects, to a bad request', async () => {
      const cases: Array<[Parameters<typeof authorizationPath>[1], RegExp]> = [
        [
          { client_id: 'sbx-client-unknown' },
          /client_id &#34;sbx-client-unknown&#34; is not a client the sandbox knows/,
        ],
        [{ client_id: null }, /client_id is missing/],
        [{ state: null }, /state is missing/],
        [{ state: '' }, /state is missing/],
        [{ response_type: 'token' }, /response_type must be &#34;code&#34;/],
        [{ response_type: null }, /response_type is missing/],
        [{ redirect_uri: null }, /redirect_uri is missing/],
        [{ redirect_uri: 'https://crm.example.com/callback' }, /redirect_uri must point at this computer/],
        [{ redirect_uri: 'http://127.0.0.1.nip.io:8080/callback' }, /redirect_uri must point at this computer/],
        [{ redirect_uri: 'crm-app://callback' }, /redirect_uri must be an http:\/\/ or https:\/\/ URL/],
        [{ redirect_uri: 'not a url' }, /redirect_uri is not an absolute URL/],
        [{ redirect_uri: 'http://127.0.0.1:5000/cb#frag' }, /must not contain a fragment/],
        [{ redirect_uri: 'http://user:pw@localhost:5000/cb' }, /must not contain a user name or password/],
      ];
      for (const [params, mention] of cases) {
        const answer = await call(sandbox, 'GET', authorizationPath(sandbox, params));
        expectProblemPage(answer, mention);
        expect(answer.text).not.toContain('name="decision"');
      }
      // Every problem is listed, and what the client sent is escaped.
      const many = await call(
        sandbox,
        'GET',
        authorizationPath(sandbox, {
          client_id: '<script>alert(1)</script>',
          state: null,
          redirect_uri: 'https://evil.example/',
        }),
      );
      expectProblemPage(many, /client_id[\s\S]*state is missing[\s\S]*redirect_uri must point at this computer/);
    });

    it('accepts localhost and https loopback redirect URIs, and only two-letter locales', async () => {
      for (const redirect of ['http://localhost:8765/cb', 'https://127.0.0.1:8765/cb?app=1', 'http://[::1]:8765/cb']) {
        expect((await call(sandbox, 'GET', authorizationPath(sandbox, { redirect_uri: redirect }))).status).toBe(200);
      }
      expect((await call(sandbox, 'GET', authorizationPath(sandbox, {}, 'eng'))).status).toBe(404);
      expect((await call(sandbox, 'GET', authorizationPath(sandbox, {}, 'p1'))).status).toBe(404);
    });
  });

  describe('decision', () => {
    it('Allow redirects to the redirect URI with a code and the state, keeping its own query', async () => {
      const state = 'a b&c=d/é';
      const location = await authorize(sandbox, {
        params: { state, redirect_uri: 'http://localhost:4000/cb?app=crm' },
      });
      expect(location.origin + location.pathname).toBe('http://localhost:4000/cb');
      expect(location.searchParams.get('app')).toBe('crm');
      expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{40}$/);
      expect(location.searchParams.get('state')).toBe(state);
      expect(location.searchParams.has('error')).toBe(false);
    });

    it('Deny redirects with error=access_denied and the state, and no code', async () => {
      const location = await authorize(sandbox, { decision: 'deny', params: { state: 'deny-me' } });
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'deny-me' });
    });

    it('checks the posted fields again: no redirect to a URI, or for a client, it did not validate', async () => {
      const fields = {
        client_id: sandbox.oauthClient.clientId,
        state: 's',
        redirect_uri: REDIRECT_URI,
        user: 'Agent',
        decision: 'allow',
      };
      const path = '/en/crm/authorization/decision';
      expectProblemPage(
        await postForm(sandbox, path, { ...fields, redirect_uri: 'https://evil.example/steal' }),
        /redirect_uri must point at this computer/,
      );
      expectProblemPage(
        await postForm(sandbox, path, { ...fields, decision: 'deny', redirect_uri: 'https://evil.example/steal' }),
        /redirect_uri/,
      );
      expectProblemPage(
        await postForm(sandbox, path, { ...fields, client_id: 'nobody' }),
        /not a client the sandbox knows/,
      );
      expectProblemPage(await postForm(sandbox, path, { ...fields, state: '' }), /state is missing/);
      expectProblemPage(
        await postForm(sandbox, path, { ...fields, decision: 'maybe' }),
        /decision must be &#34;allow&#34; or &#34;deny&#34;/,
      );
      expectProblemPage(
        await postForm(sandbox, path, fields, 'application/json'),
        /application\/x-www-form-urlencoded/,
      );
      expect((await postForm(sandbox, '/en/crm/authorization/decision', fields)).status).toBe(302);
    });

    it('shows the form again, with an alert, when Allow is pressed without a CRM user name', async () => {
      const answer = await postForm(sandbox, '/de/crm/authorization/decision', {
        client_id: sandbox.oauthClient.clientId,
        state: 'keep-me',
        redirect_uri: REDIRECT_URI,
        user: '   ',
        decision: 'allow',
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.location).toBeUndefined();
      expect(answer.text).toMatch(/role="alert">Enter the name of the CRM user/);
      expect(formOf(answer.text)).toMatchObject({
        action: '/de/crm/authorization/decision',
        fields: { state: 'keep-me' },
      });
    });
  });

  describe('token endpoint', () => {
    it('needs the API key like every API call: 401 without, 403 with an unknown one', async () => {
      const code = await codeFor(sandbox);
      const body = { grant_type: 'authorization_code', code };
      const headers = { 'Content-Type': 'application/json', Authorization: basicAuth(sandbox.oauthClient) };
      const missing = await call(sandbox, 'POST', '/oauth/v1/token', { headers, body: JSON.stringify(body) });
      expect(missing.status).toBe(401);
      expect(missing.json.error).toMatchObject({
        status: 401,
        detail: expect.stringMatching(/X-API-KEY header is missing/),
      });
      const wrong = await call(sandbox, 'POST', '/oauth/v1/token', {
        headers: { ...headers, 'X-API-KEY': 'sbx_wrong' },
        body: JSON.stringify(body),
      });
      expect(wrong.status).toBe(403);
      // The refusals did not use the code up.
      expect((await tokenCall(sandbox, body)).status).toBe(200);
    });

    it('answers 401 invalid_client without Basic credentials, or with wrong ones', async () => {
      const code = await codeFor(sandbox);
      const body = { grant_type: 'authorization_code', code };
      const { clientId, clientSecret } = sandbox.oauthClient;
      for (const authorization of [
        undefined,
        'Bearer something',
        'Basic !!!',
        basicAuth({ clientId, clientSecret: clientSecret + 'x' }),
        basicAuth({ clientId: 'sbx-client-nobody', clientSecret }),
        'Basic ' + Buffer.from(clientId).toString('base64'),
      ]) {
        const headers = withKey(sandbox, {
          'Content-Type': 'application/json',
          ...(authorization ? { Authorization: authorization } : {}),
        });
        const answer = await call(sandbox, 'POST', '/oauth/v1/token', { headers, body: JSON.stringify(body) });
        expectOAuthError(answer, 401, 'invalid_client');
        expect(answer.headers['www-authenticate']).toMatch(/^Basic realm=/);
      }
      expect((await tokenCall(sandbox, body)).status).toBe(200);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const code = await codeFor(sandbox);
      const form = await tokenCall(sandbox, `grant_type=authorization_code&code=${code}`, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expectOAuthError(form, 400, 'invalid_request');
      expect(form.json.error_description).toMatch(/Content-Type: application\/json/);
      expectOAuthError(await tokenCall(sandbox, '{"grant_type": '), 400, 'invalid_request');
      expectOAuthError(await tokenCall(sandbox, '["authorization_code"]'), 400, 'invalid_request');
    });

    it('exchanges a code for a bearer access token of 1 hour and a refresh token', async () => {
      const code = await codeFor(sandbox);
      const answer = await tokenCall(sandbox, { grant_type: 'authorization_code', code });
      expect(answer.status).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.json).toEqual({
        access_token: expect.stringMatching(/^sbx_at_[0-9a-f]{48}$/),
        token_type: 'bearer',
        expires_in: 3600,
        refresh_token: expect.stringMatching(/^sbx_rt_[0-9a-f]{48}$/),
        scope: 'v2 read write',
      });
      expect((await publishAs(sandbox, answer.json.access_token)).status).toBe(202);
    });

    it('takes a code once: using it again fails and revokes the tokens it gave', async () => {
      const code = await codeFor(sandbox);
      const first = await tokenCall(sandbox, { grant_type: 'authorization_code', code });
      expect(first.status).toBe(200);
      const again = await tokenCall(sandbox, { grant_type: 'authorization_code', code });
      expectOAuthError(again, 400, 'invalid_grant');
      expect(again.json.error_description).toMatch(/already used/);
      expect((await publishAs(sandbox, first.json.access_token)).headers['www-authenticate']).toBe(INVALID_HEADER);
      expectOAuthError(
        await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token }),
        400,
        'invalid_grant',
      );
    });

    it('refuses a code that is unknown, of another client, or for another redirect URI', async () => {
      expectOAuthError(
        await tokenCall(sandbox, { grant_type: 'authorization_code', code: 'f'.repeat(40) }),
        400,
        'invalid_grant',
      );

      const own = await startSandbox({
        oauthClients: [
          { clientId: 'crm-one', clientSecret: 's1' },
          { clientId: 'crm-two', clientSecret: 's2' },
        ],
      });
      try {
        const code = await codeFor(own);
        const stolen = await tokenCall(
          own,
          { grant_type: 'authorization_code', code },
          { client: { clientId: 'crm-two', clientSecret: 's2' } },
        );
        expectOAuthError(stolen, 400, 'invalid_grant');
        expect(stolen.json.error_description).toMatch(/another client/);
        const elsewhere = await tokenCall(own, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'http://127.0.0.1:1/other',
        });
        expectOAuthError(elsewhere, 400, 'invalid_grant');
        expect(elsewhere.json.error_description).toMatch(/redirect_uri does not match/);
        // Neither refusal used the code up.
        expect(
          (await tokenCall(own, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })).status,
        ).toBe(200);
      } finally {
        await own.close();
      }
    });

    it('lets a code expire (5 minutes by default; settable)', async () => {
      const own = await startSandbox({ authorizationCodeTtlSeconds: 1 });
      try {
        const code = await codeFor(own);
        own.advanceClock(1000);
        const answer = await tokenCall(own, { grant_type: 'authorization_code', code });
        expectOAuthError(answer, 400, 'invalid_grant');
        expect(answer.json.error_description).toMatch(/expired/);
      } finally {
        await own.close();
      }
    });

    it('refreshes: a new access token and a new refresh token, the old refresh token stops working', async () => {
      const first = await signIn(sandbox, 'Refresh agent');
      const refreshed = await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(refreshed.status).toBe(200);
      const second = refreshed.json as TokenBody;
      expect(second).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'v2 read write' });
      expect(second.access_token).toMatch(/^sbx_at_/);
      expect(second.refresh_token).toMatch(/^sbx_rt_/);
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);

      const reused = await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expectOAuthError(reused, 400, 'invalid_grant');
      expect(reused.json.error_description).toMatch(/already used/);

      // The new tokens act for the same CRM user.
      const uuid = (await publishAs(sandbox, second.access_token)).json.data.uuid as string;
      const meta = await call(sandbox, 'GET', `/advert/v1/${uuid}/meta`, {
        headers: userHeaders(sandbox, {}, second.access_token),
      });
      expect(meta.json.data.crm_user).toBe('Refresh agent');
      expect(
        (await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: second.refresh_token })).status,
      ).toBe(200);
    });

    it('refuses a refresh token that is unknown or of another client', async () => {
      expectOAuthError(
        await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: 'sbx_rt_nothing' }),
        400,
        'invalid_grant',
      );
      const own = await startSandbox({
        oauthClients: [
          { clientId: 'crm-one', clientSecret: 's1' },
          { clientId: 'crm-two', clientSecret: 's2' },
        ],
      });
      try {
        const tokens = await signIn(own);
        const other = await tokenCall(
          own,
          { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
          { client: { clientId: 'crm-two', clientSecret: 's2' } },
        );
        expectOAuthError(other, 400, 'invalid_grant');
      } finally {
        await own.close();
      }
    });

    it('answers unsupported_grant_type to other grants, and invalid_request to incomplete ones', async () => {
      for (const grantType of ['client_credentials', 'password', 42]) {
        expectOAuthError(await tokenCall(sandbox, { grant_type: grantType }), 400, 'unsupported_grant_type');
      }
      expectOAuthError(await tokenCall(sandbox, {}), 400, 'invalid_request');
      expectOAuthError(await tokenCall(sandbox, { grant_type: 'authorization_code' }), 400, 'invalid_request');
      expectOAuthError(
        await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: '' }),
        400,
        'invalid_request',
      );
    });
  });

  describe('PKCE (RFC 7636)', () => {
    const verifier = 'v'.repeat(20) + '-._~' + 'A1'.repeat(10);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };

    it('carries an S256 challenge through the form to the code', async () => {
      const page = await call(sandbox, 'GET', authorizationPath(sandbox, pkce));
      expect(page.status).toBe(200);
      expect(formOf(page.text).fields).toMatchObject(pkce);
    });

    it('refuses a code with a missing or wrong code_verifier (invalid_grant), without using it up', async () => {
      const code = (await authorize(sandbox, { params: pkce })).searchParams.get('code')!;
      const missing = await tokenCall(sandbox, { grant_type: 'authorization_code', code });
      expectOAuthError(missing, 400, 'invalid_grant');
      expect(missing.json.error_description).toMatch(/code_verifier is missing/);
      for (const wrong of [verifier.slice(0, -1) + 'B', 'short']) {
        const answer = await tokenCall(sandbox, { grant_type: 'authorization_code', code, code_verifier: wrong });
        expectOAuthError(answer, 400, 'invalid_grant');
        expect(answer.json.error_description).toMatch(/code_verifier/);
      }
      expectOAuthError(
        await tokenCall(sandbox, { grant_type: 'authorization_code', code, code_verifier: 42 }),
        400,
        'invalid_request',
      );
      const right = await tokenCall(sandbox, { grant_type: 'authorization_code', code, code_verifier: verifier });
      expect(right.status).toBe(200);
      expect((await publishAs(sandbox, right.json.access_token)).status).toBe(202);
    });

    it('refuses a code_verifier for a code that had no challenge', async () => {
      const code = await codeFor(sandbox);
      const answer = await tokenCall(sandbox, { grant_type: 'authorization_code', code, code_verifier: verifier });
      expectOAuthError(answer, 400, 'invalid_grant');
      expect(answer.json.error_description).toMatch(/no code_challenge/);
    });

    it('shows a problem page for a plain or malformed challenge', async () => {
      const cases: Array<[Parameters<typeof authorizationPath>[1], RegExp]> = [
        [{ code_challenge: challenge, code_challenge_method: 'plain' }, /code_challenge_method must be &#34;S256&#34;/],
        [{ code_challenge: challenge }, /code_challenge_method must be &#34;S256&#34; \(got none\)/],
        [
          { code_challenge: 'too-short', code_challenge_method: 'S256' },
          /code_challenge must be the base64url SHA-256/,
        ],
        [{ code_challenge_method: 'S256' }, /without a code_challenge/],
      ];
      for (const [params, mention] of cases)
        expectProblemPage(await call(sandbox, 'GET', authorizationPath(sandbox, params)), mention);
    });
  });

  describe('token lifetimes', () => {
    it('takes lifetimes as options, and reports the current one in expires_in', async () => {
      const own = await startSandbox({ accessTokenTtlSeconds: 2, refreshTokenTtlSeconds: 5 });
      try {
        expect((await signIn(own)).expires_in).toBe(2);
        own.setTokenLifetimes({ accessSeconds: 7200 });
        expect((await signIn(own)).expires_in).toBe(7200);
      } finally {
        await own.close();
      }
      await expect(startSandbox({ accessTokenTtlSeconds: 0 })).rejects.toThrow(/accessSeconds must be a whole number/);
    });

    it('expires access and refresh tokens after the lifetimes set at run time', async () => {
      const own = await startSandbox();
      try {
        own.setTokenLifetimes({ accessSeconds: 1, refreshSeconds: 1 });
        const tokens = await signIn(own, 'Short-lived agent');
        expect(tokens.expires_in).toBe(1);
        expect((await publishAs(own, tokens.access_token)).status).toBe(202);
        own.advanceClock(1000);

        const expired = await publishAs(own, tokens.access_token);
        expect(expired.status).toBe(401);
        expect(expired.headers['www-authenticate']).toBe(EXPIRED_HEADER);
        expect(expired.json.error).toMatchObject({
          status: 401,
          title: 'Unauthorized',
          detail: 'The access token expired',
        });

        const refresh = await tokenCall(own, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
        expectOAuthError(refresh, 400, 'invalid_grant');
        expect(refresh.json.error_description).toMatch(/expired/);

        expect(() => own.setTokenLifetimes({ accessSeconds: 1.5 })).toThrow(RangeError);
        expect(() => own.setTokenLifetimes({ refreshSeconds: -1 })).toThrow(RangeError);
      } finally {
        await own.close();
      }
    });

    it('expireAccessTokens() expires every access token issued so far; refreshing gives a working one', async () => {
      const own = await startSandbox();
      try {
        const tokens = await signIn(own);
        own.expireAccessTokens();
        const expired = await publishAs(own, tokens.access_token);
        expect(expired.status).toBe(401);
        expect(expired.headers['www-authenticate']).toBe(EXPIRED_HEADER);
        const refreshed = await tokenCall(own, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
        expect(refreshed.status).toBe(200);
        expect((await publishAs(own, refreshed.json.access_token)).status).toBe(202);
      } finally {
        await own.close();
      }
    });
  });

  describe('advert calls act for a CRM user', () => {
    let agent: TokenBody;

    beforeAll(async () => {
      agent = await signIn(sandbox, 'Agent Smith');
    });

    it('answers 401 without a Bearer access token, after the API key check', async () => {
      const noBearer = await call(sandbox, 'POST', '/advert/v1', {
        headers: withKey(sandbox, { 'Content-Type': 'application/json' }),
        body: JSON.stringify(validAdvert()),
      });
      expect(noBearer.status).toBe(401);
      expect(noBearer.json.error).toMatchObject({
        status: 401,
        title: 'Unauthorized',
        detail: 'This call acts for a CRM user: send Authorization: Bearer <access token>.',
      });
      expect(noBearer.headers['www-authenticate']).toBe('Bearer');
      const basic = await call(sandbox, 'GET', '/advert/v1/0d4f6c8e-1111-4222-8333-444455556666', {
        headers: withKey(sandbox, { Authorization: basicAuth(sandbox.oauthClient) }),
      });
      expect(basic.status).toBe(401);
      expect(basic.json.error.detail).toMatch(/send Authorization: Bearer/);

      // The API key is checked first.
      const noKey = await call(sandbox, 'GET', '/advert/v1/0d4f6c8e-1111-4222-8333-444455556666/meta');
      expect(noKey.status).toBe(401);
      expect(noKey.json.error.detail).toMatch(/X-API-KEY header is missing/);
      const badKey = await call(sandbox, 'GET', '/advert/v1/0d4f6c8e-1111-4222-8333-444455556666/meta', {
        headers: { 'X-API-KEY': 'sbx_wrong', Authorization: `Bearer ${agent.access_token}` },
      });
      expect(badKey.status).toBe(403);
    });

    it('answers 401 with WWW-Authenticate invalid_token to an unknown token', async () => {
      for (const token of ['sbx_at_nothing', agent.refresh_token]) {
        const answer = await publishAs(sandbox, token);
        expect(answer.status).toBe(401);
        expect(answer.headers['www-authenticate']).toBe(INVALID_HEADER);
        expect(answer.json.error.detail).toBe('The access token is not valid');
      }
    });

    it('records the CRM user who published an advert in its meta', async () => {
      const published = await publishAs(sandbox, agent.access_token);
      expect(published.status).toBe(202);
      const uuid = published.json.data.uuid as string;
      const meta = await call(sandbox, 'GET', `/advert/v1/${uuid}/meta`, {
        headers: userHeaders(sandbox, {}, agent.access_token),
      });
      expect(meta.json.data).toMatchObject({ uuid, crm_user: 'Agent Smith' });
      // Every call is in the received log, the refused ones too.
      await call(sandbox, 'DELETE', `/advert/v1/${uuid}`, { headers: withKey(sandbox) });
      expect(sandbox.received.at(-1)).toMatchObject({ method: 'DELETE', path: `/advert/v1/${uuid}` });
      const deleted = await call(sandbox, 'DELETE', `/advert/v1/${uuid}`, {
        headers: userHeaders(sandbox, {}, agent.access_token),
      });
      expect(deleted.status).toBe(204);
      expect(sandbox.received.at(-1)!.headers.authorization).toBe(`Bearer ${agent.access_token}`);
    });

    it('keeps taxonomy and locations app-level: the API key is enough, a Bearer is ignored', async () => {
      expect((await call(sandbox, 'GET', '/taxonomy/v1/categories', { headers: withKey(sandbox) })).status).toBe(200);
      expect(
        (
          await call(sandbox, 'GET', '/taxonomy/v1/categories', {
            headers: withKey(sandbox, { Authorization: 'Bearer sbx_at_nothing' }),
          })
        ).status,
      ).toBe(200);
      expect(
        (await call(sandbox, 'GET', '/locations/v1/urn:site:otodompl/cities', { headers: withKey(sandbox) })).status,
      ).toBe(200);
    });

    it('with requireUserToken: false, advert calls need only the API key', async () => {
      const own = await startSandbox({ requireUserToken: false });
      try {
        const published = await call(own, 'POST', '/advert/v1', {
          headers: withKey(own, { 'Content-Type': 'application/json' }),
          body: JSON.stringify(validAdvert()),
        });
        expect(published.status).toBe(202);
        const uuid = published.json.data.uuid as string;
        const meta = await call(own, 'GET', `/advert/v1/${uuid}/meta`, { headers: withKey(own) });
        expect(meta.status).toBe(200);
        expect(meta.json.data.crm_user).toBeNull();
        expect((await call(own, 'DELETE', `/advert/v1/${uuid}`, { headers: withKey(own) })).status).toBe(204);

        // A working Bearer still names the user; one that does not work is ignored.
        const tokens = await signIn(own, 'Optional agent');
        const named = (await publishAs(own, tokens.access_token)).json.data.uuid as string;
        expect((await call(own, 'GET', `/advert/v1/${named}/meta`, { headers: withKey(own) })).json.data.crm_user).toBe(
          'Optional agent',
        );
        expect((await publishAs(own, 'sbx_at_nothing')).status).toBe(202);
        // The API key is still required.
        expect((await call(own, 'GET', `/advert/v1/${named}`)).status).toBe(401);
      } finally {
        await own.close();
      }
    });
  });
});
