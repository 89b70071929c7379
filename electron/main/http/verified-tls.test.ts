/**
 * NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment (and in this process, where Node's TLS reads
 * it) changes nothing: through the real dispatch, a self-signed server gets no request and no API
 * key, directly, through an HTTPS proxy, and as a token endpoint.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as https from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conventionHeaderRows } from '../../../shared/headers';
import type { SendResult } from '../../../shared/http-types';
import type { HeaderRow } from '../../../shared/schemas/header';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { temporaryServices, withProcessEnv, type RendererSide } from '../../../test/support/main-services';
import { createCertificateAuthority, createSelfSignedCertificate, type KeyAndCertificate } from '../tls/certificates';
import { startConnectProxy, startHttpsServer, type TestServer } from '../../../test/support/https-servers';
import { ignoredTlsVariableWarning, verifiedTls } from './verified-tls';

const OFF = { NODE_TLS_REJECT_UNAUTHORIZED: '0' };
const API_KEY = 'api-key-for-the-real-server-only-4f1c';
let selfSigned: KeyAndCertificate;
let server: TestServer;

beforeAll(async () => {
  selfSigned = createSelfSignedCertificate(['127.0.0.1']);
  server = await startHttpsServer(selfSigned, (_req, res) => res.end('{"accepted": true}'));
});

afterAll(() => server.close());

/** Runs `test` with the variable set in process.env and in the services' env, as a developer's shell would. */
const withVerificationOff = (test: (side: RendererSide) => Promise<void>) =>
  withProcessEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0', () => temporaryServices({ env: OFF }, test));

const key = (value: string): HeaderRow => ({ id: 'k', name: 'X-API-KEY', value, enabled: true, origin: 'user' });
const send = (url: string): OutgoingRequest => ({
  requestId: `r-${Math.random().toString(36).slice(2)}`,
  method: 'GET',
  url,
  headers: [...conventionHeaderRows({ crmName: 'Acme CRM' }), key(API_KEY)],
  body: '',
  environmentId: null,
  auth: { mode: 'none' },
  collectionId: null,
  captures: [],
});

/** What Node itself does in this process with the variable set and rejectUnauthorized left out: it accepts the server. */
function nodeDefaultAccepts(origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    https
      .get(`${origin}/node-default`, { agent: false }, (res) => {
        res.resume();
        resolve(true);
      })
      .on('error', () => resolve(false));
  });
}

describe('NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored', () => {
  it('the variable does switch Node’s own default off in this process (so the tests below can fail)', async () => {
    await withProcessEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0', async () => {
      const before = server.received.length;
      expect(await nodeDefaultAccepts(server.origin)).toBe(true);
      expect(server.received.slice(before).map((r) => r.path)).toEqual(['/node-default']);
    });
  });

  it('a self-signed server receives no request and no API key; the answer is the certificate refusal', async () => {
    await withVerificationOff(async ({ invoke }) => {
      const before = server.received.length;
      const result: SendResult = await invoke('request:send', send(`${server.origin}/advert/v1`));
      expect(result).toMatchObject({ kind: 'network-error', code: 'tls-self-signed' });
      expect(server.received.length).toBe(before);
    });
  });

  it('through an HTTPS proxy: a self-signed proxy gets no CONNECT, a trusted one tunnels to a target that gets nothing', async () => {
    const ca = createCertificateAuthority('Company proxy CA');
    const selfSignedProxy = await startConnectProxy(undefined, { tls: createSelfSignedCertificate(['127.0.0.1']) });
    const trustedProxy = await startConnectProxy(undefined, { tls: ca.issue({ hosts: ['127.0.0.1'] }) });
    try {
      await withVerificationOff(async ({ invoke }) => {
        await invoke('settings:addCertificate', { name: 'proxy-ca.pem', pem: ca.certPem });
        const through = async (proxyUrl: string) => {
          await invoke('settings:update', { proxy: { mode: 'custom', url: proxyUrl, bypass: '', username: '' } });
          return invoke('request:send', send(`${server.origin}/advert/v1`));
        };
        const before = server.received.length;
        expect(await through(selfSignedProxy.url)).toMatchObject({
          kind: 'network-error',
          code: 'proxy',
          detail: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        });
        expect(selfSignedProxy.tunnels).toHaveLength(0);
        expect(await through(trustedProxy.url)).toMatchObject({ kind: 'network-error', code: 'tls-self-signed' });
        expect(trustedProxy.tunnels.map((t) => t.authority)).toEqual([`127.0.0.1:${server.port}`]);
        expect(trustedProxy.seen().includes(API_KEY)).toBe(false);
        expect(server.received.length).toBe(before);
      });
    } finally {
      await selfSignedProxy.close();
      await trustedProxy.close();
    }
  });

  it('a self-signed token endpoint receives neither the code nor the client secret; the sign-in fails with the refusal', async () => {
    const clientSecret = 'client-secret-for-the-real-endpoint-9d2e';
    await withProcessEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0', () =>
      temporaryServices(
        {
          env: OFF,
          // The "browser": the user allows at once, so the portal redirects to the app's listener with a code.
          openAuthorizationPage: async (url) => {
            const page = new URL(url);
            const back = new URL(page.searchParams.get('redirect_uri')!);
            back.searchParams.set('code', 'authorization-code-1');
            back.searchParams.set('state', page.searchParams.get('state')!);
            void fetch(back).catch(() => null);
          },
        },
        async ({ invoke }) => {
          const authorizationUrl = 'https://portal.example/en/crm/authorization/';
          const view = await invoke('environments:add', { name: 'Impostor', origin: server.origin, authorizationUrl });
          const environmentId = view.environments.find((e) => e.name === 'Impostor')!.id;
          await invoke('credentials:setSecret', { environmentId, field: 'apiKey', value: API_KEY });
          await invoke('credentials:setSecret', { environmentId, field: 'clientId', value: 'client-id-1' });
          await invoke('credentials:setSecret', { environmentId, field: 'clientSecret', value: clientSecret });
          const before = server.received.length;
          await expect(invoke('oauth:authorize', { environmentId, userName: 'Anna' })).rejects.toThrow(
            /^Could not reach the token endpoint: .*certificate/i,
          );
          expect(server.received.length).toBe(before);
        },
      ),
    );
  });

  it('is named once in the services’ warnings (for the console and Settings), and not when unset', async () => {
    await withVerificationOff(async ({ services, invoke }) => {
      expect(services.warnings()).toEqual([ignoredTlsVariableWarning(OFF)]);
      expect((await invoke('settings:get', undefined)).warnings).toEqual([ignoredTlsVariableWarning(OFF)]);
    });
    expect(ignoredTlsVariableWarning({ NODE_TLS_REJECT_UNAUTHORIZED: '1' })).toBeNull();
    expect(ignoredTlsVariableWarning({})).toBeNull();
  });

  it('every module of the app that opens TLS connections goes through verifiedTls', () => {
    const mainDir = fileURLToPath(new URL('..', import.meta.url));
    const opensTls =
      /\b(https\.(request|get)\(|tls\.connect\(|new https\.Agent\(|extends https\.Agent\b|https\.Agent\.prototype)/;
    // Servers and test helpers open none for the app.
    const apart = /(\.test\.ts|\/test-[a-z-]+\.ts|\/sandbox\/server\.ts)$/;
    const forgetful = readdirSync(mainDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !apart.test(`/${file}`))
      .filter((file) => {
        const source = readFileSync(join(mainDir, file), 'utf8');
        return opensTls.test(source) && !source.includes('verifiedTls(');
      });
    expect(forgetful).toEqual([]);
  });

  it('verifiedTls overrides any rejectUnauthorized it is given', () => {
    expect(verifiedTls({ rejectUnauthorized: false, servername: 'x' })).toEqual({
      rejectUnauthorized: true,
      servername: 'x',
    });
  });
});
