import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponseResult, NetworkErrorResult } from '../../../shared/http-types';
import {
  CLIENT_NAME,
  KEY_PASSPHRASE,
  mutualTlsWorld,
  PFX_PASSPHRASE,
  startCertificateRecorder,
  startMutualTlsServer,
} from '../../../test/support/client-certificates';
import { startConnectProxy, startHttpsServer, type TestServer } from '../../../test/support/https-servers';
import {
  checkClientCertificate,
  clientCertificateFor,
  parseHostPattern,
  type ClientCertificate,
  type ClientCertificateMaterial,
} from './client-certificates';
import { createHttpClient, type HttpClient } from './client';
import { buildTrustedCas } from './trust';

const world = mutualTlsWorld();
const cas = buildTrustedCas({ extraPems: [world.serverCaPem], env: {} }).cas;
const pem: ClientCertificateMaterial = { kind: 'pem', cert: world.client.certPem, key: world.client.keyPem };

let mutual: TestServer;
let recorder: TestServer;
const clients: HttpClient[] = [];

beforeAll(async () => {
  mutual = await startMutualTlsServer(world, (req, res) => {
    if (req.url === '/elsewhere') {
      res.writeHead(302, { Location: `https://127.0.0.1:${recorder.port}/landed` }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
  recorder = await startCertificateRecorder(world, (_req, res) => res.writeHead(200).end('{}'));
});

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([mutual.close(), recorder.close()]);
});

/** A client whose certificates are `list` (host patterns as written), read on every hop. */
function clientWith(list: () => ClientCertificate[], resolveProxy?: (url: URL) => URL | null): HttpClient {
  const client = createHttpClient({
    getTrustedCas: () => cas,
    resolveProxy,
    clientCertificateFor: (url) =>
      clientCertificateFor(
        list().map((entry) => ({ ...entry, pattern: parseHostPattern(entry.host) })),
        url,
      ),
  });
  clients.push(client);
  return client;
}

function certificate(host: string, material: ClientCertificateMaterial, id = host): ClientCertificate {
  return { id, host, material };
}

const get = (client: HttpClient, url: string) =>
  client.send({ requestId: 'r', method: 'GET', url, headers: [], body: '' }, { timeoutMs: 10_000 });

function statusOf(result: HttpResponseResult | NetworkErrorResult): number | string {
  return result.kind === 'response' ? result.status : `${result.code}: ${result.message}`;
}

describe('client certificates (mutual TLS) against a server that requires one', () => {
  it('without one, says the host asked for a client certificate and where to add it', async () => {
    const result = await get(
      clientWith(() => []),
      `https://localhost:${mutual.port}/`,
    );
    expect(result).toMatchObject({
      kind: 'network-error',
      code: 'tls-client-certificate',
      message:
        'localhost asked for a client certificate and none is set for it; add one in Settings → Client certificates.',
    });
  });

  it('a TLS 1.2 server that wants one only says "handshake failure": the sentence says it may want one', async () => {
    const old = await startHttpsServer(world.server, (_req, res) => res.end('{}'), {
      requestCert: true,
      rejectUnauthorized: true,
      ca: world.clientCaPem,
      maxVersion: 'TLSv1.2',
    });
    try {
      expect(
        await get(
          clientWith(() => []),
          `https://localhost:${old.port}/`,
        ),
      ).toMatchObject({
        code: 'tls-client-certificate',
        message: 'The secure connection to localhost failed: it may want a client certificate, and none is set for it.',
      });
      expect(
        statusOf(
          await get(
            clientWith(() => [certificate('localhost', pem)]),
            `https://localhost:${old.port}/`,
          ),
        ),
      ).toBe(200);
    } finally {
      await old.close();
    }
  });

  it('presents a PEM certificate and key, an encrypted PEM key, and a PKCS#12 file: 200 each', async () => {
    const materials: ClientCertificateMaterial[] = [
      pem,
      { kind: 'pem', cert: world.client.certPem, key: world.encryptedKeyPem, passphrase: KEY_PASSPHRASE },
      { kind: 'pkcs12', pfx: world.pfx, passphrase: PFX_PASSPHRASE },
    ];
    for (const [index, material] of materials.entries()) {
      const result = await get(
        clientWith(() => [certificate('localhost', material, `c${index}`)]),
        `https://localhost:${mutual.port}/`,
      );
      expect(statusOf(result)).toBe(200);
    }
    expect(mutual.received.at(-1)?.clientCertificate).toBe(CLIENT_NAME);
  });

  it('matches host:port and *.domain, and not another port or the bare domain', () => {
    const list = ['localhost:8443', '*.example.com', 'api.example.com:9443', 'localhost'].map((host) => ({
      host,
      pattern: parseHostPattern(host),
    }));
    const hostOf = (url: string) => clientCertificateFor(list, new URL(url))?.host ?? null;
    expect(hostOf('https://localhost:8443/')).toBe('localhost:8443');
    expect(hostOf('https://localhost:9000/')).toBe('localhost');
    expect(hostOf('https://a.b.example.com/')).toBe('*.example.com');
    expect(hostOf('https://api.example.com:9443/')).toBe('api.example.com:9443');
    expect(hostOf('https://example.com/')).toBeNull();
    expect(hostOf('https://127.0.0.1/')).toBeNull();
    expect(() => parseHostPattern('https://api.example.com/path')).toThrow(
      '“https://api.example.com/path” is not a host: write it as api.example.com, api.example.com:8443 or *.example.com.',
    );
    expect(() => parseHostPattern('api.example.com:70000')).toThrow('is not a host');
  });

  it('a keep-alive connection made without a certificate is not reused once the host has one, nor back', async () => {
    let list: ClientCertificate[] = [];
    const client = clientWith(() => list);
    const url = `https://localhost:${mutual.port}/`;
    expect(statusOf(await get(client, url))).toMatch(/^tls-client-certificate/);
    list = [certificate('localhost', pem, 'added')];
    expect(statusOf(await get(client, url))).toBe(200);
    list = [];
    expect(statusOf(await get(client, url))).toMatch(/^tls-client-certificate/);
  });

  it('is presented only to the host it is for: not to another host, nor after a redirect to one', async () => {
    const client = clientWith(() => [certificate('localhost', pem)]);
    const before = recorder.received.length;
    expect(statusOf(await get(client, `https://127.0.0.1:${recorder.port}/direct`))).toBe(200);
    const redirected = await get(client, `https://localhost:${mutual.port}/elsewhere`);
    expect(redirected).toMatchObject({
      kind: 'response',
      status: 200,
      finalUrl: `https://127.0.0.1:${recorder.port}/landed`,
    });
    expect(recorder.received.slice(before).map((r) => [r.path, r.clientCertificate])).toEqual([
      ['/direct', null],
      ['/landed', null],
    ]);
  });

  it('a certificate from a CA the server does not trust: the sentence names the certificate', async () => {
    const stranger: ClientCertificateMaterial = {
      kind: 'pem',
      cert: world.stranger.certPem,
      key: world.stranger.keyPem,
    };
    const result = await get(
      clientWith(() => [certificate('localhost', stranger)]),
      `https://localhost:${mutual.port}/`,
    );
    expect(result.kind).toBe('network-error');
    expect(`${(result as NetworkErrorResult).message} ${(result as NetworkErrorResult).hint}`).toContain(
      'client certificate set for localhost',
    );
  });

  it('presents it inside a proxy CONNECT tunnel, to the target (the proxy sees only the tunnel)', async () => {
    const proxy = await startConnectProxy();
    try {
      const client = clientWith(
        () => [certificate('localhost', pem)],
        () => new URL(proxy.url),
      );
      const result = await get(client, `https://localhost:${mutual.port}/`);
      expect(statusOf(result)).toBe(200);
      expect(proxy.tunnels.map((t) => t.authority)).toEqual([`localhost:${mutual.port}`]);
      expect(proxy.seen().toString('latin1')).not.toContain('{"ok":true}');
      const without = await get(
        clientWith(
          () => [],
          () => new URL(proxy.url),
        ),
        `https://localhost:${mutual.port}/`,
      );
      expect(without).toMatchObject({ code: 'tls-client-certificate' });
    } finally {
      await proxy.close();
    }
  });

  it('never presents it to an https:// proxy that asks for one, only to the target inside the tunnel', async () => {
    const proxy = await startConnectProxy(() => null, { tls: world.server, requestCert: true });
    try {
      const client = clientWith(
        () => [certificate('localhost', pem), certificate('127.0.0.1', pem, 'proxy-host')],
        () => new URL(proxy.url),
      );
      expect(statusOf(await get(client, `https://localhost:${mutual.port}/`))).toBe(200);
      expect(proxy.tunnels.map((t) => [t.authority, t.clientCertificate])).toEqual([
        [`localhost:${mutual.port}`, null],
      ]);
      expect(mutual.received.at(-1)?.clientCertificate).toBe(CLIENT_NAME);
    } finally {
      await proxy.close();
    }
  });
});

describe('checkClientCertificate: unusable material is a sentence', () => {
  const files = { certificate: 'client.crt', key: 'client.key' };
  it('a wrong or missing passphrase, a key of another certificate, a file that is no certificate', () => {
    const cases: Array<[ClientCertificateMaterial, string]> = [
      [
        { kind: 'pkcs12', pfx: world.pfx, passphrase: 'wrong-passphrase' },
        'The passphrase for client certificate api.local does not open the PKCS#12 file client.crt; enter it again.',
      ],
      [
        { kind: 'pkcs12', pfx: world.pfx },
        'The PKCS#12 file client.crt needs a passphrase: enter it for the client certificate of api.local.',
      ],
      [
        { kind: 'pem', cert: world.client.certPem, key: world.encryptedKeyPem, passphrase: 'wrong-passphrase' },
        'The passphrase for client certificate api.local does not open the key in client.key; enter it again.',
      ],
      [
        { kind: 'pem', cert: world.client.certPem, key: world.encryptedKeyPem },
        'The key in client.key is encrypted: enter its passphrase for the client certificate of api.local.',
      ],
      [
        { kind: 'pem', cert: world.client.certPem, key: world.stranger.keyPem },
        'The key in client.key does not belong to the certificate in client.crt: choose the key made with that certificate.',
      ],
      [
        { kind: 'pem', cert: 'hello', key: world.client.keyPem },
        'client.crt holds no certificate: choose the PEM file that starts with -----BEGIN CERTIFICATE-----.',
      ],
      [
        { kind: 'pkcs12', pfx: Buffer.from('not a pfx'), passphrase: 'x' },
        'client.crt is not a PKCS#12 (.p12/.pfx) file that can be read; export the certificate and key again as PKCS#12, or choose PEM files.',
      ],
    ];
    for (const [material, sentence] of cases) {
      expect(() => checkClientCertificate(material, 'api.local', files)).toThrow(sentence);
    }
    expect(() => checkClientCertificate(pem, 'api.local', files)).not.toThrow();
  });
});
