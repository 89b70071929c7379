import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HeaderRow } from '../../../shared/schemas/header';
import type { HttpResponseResult, Method, NetworkErrorResult } from '../../../shared/http-types';
import type { WireRequest } from '../../../shared/schemas/outgoing-request';
import { createCertificateAuthority, createSelfSignedCertificate, type KeyAndCertificate } from '../tls/certificates';
import type { BodySink } from './body';
import { Cancellation, createHttpClient, type HttpClient } from './client';
import type { BoundSecret } from '../credentials/secret-routing';
import { tooLargeMessage } from './errors';
import { closedPort, startHttpsServer, type Handler, type TestServer } from '../../../test/support/https-servers';
import { buildTrustedCas } from './trust';

const DAY = 24 * 60 * 60 * 1000;

const ca = createCertificateAuthority('HTTP client test CA');
const serverCert = ca.issue({ hosts: ['127.0.0.1', 'localhost'] });
const trusted = buildTrustedCas({ extraPems: [ca.certPem], env: {} }).cas;

let rowCounter = 0;
function row(name: string, value: string, extra: Partial<HeaderRow> = {}): HeaderRow {
  rowCounter++;
  return { id: `r${rowCounter}`, name, value, enabled: true, origin: 'user', ...extra };
}

function request(url: string, init: { method?: Method; headers?: HeaderRow[]; body?: string } = {}): WireRequest {
  return {
    requestId: `req-${++rowCounter}`,
    method: init.method ?? 'GET',
    url,
    headers: init.headers ?? [],
    body: init.body ?? '',
  };
}

function asResponse(result: HttpResponseResult | NetworkErrorResult): HttpResponseResult {
  if (result.kind !== 'response') throw new Error(`expected a response, got ${result.code}: ${result.message}`);
  return result;
}

function asError(result: HttpResponseResult | NetworkErrorResult): NetworkErrorResult {
  if (result.kind !== 'network-error') throw new Error(`expected a network error, got ${result.status}`);
  return result;
}

/** Secrets of a collection's variable that may go only to `origin`. */
function boundTo(origin: string, ...values: string[]): BoundSecret[] {
  return values.map((value) => ({
    name: 'secret',
    scope: { kind: 'global' },
    where: 'Globals',
    value,
    origins: [origin],
  }));
}

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

async function serve(handler: Handler, cert: KeyAndCertificate = serverCert): Promise<TestServer> {
  const server = await startHttpsServer(cert, handler);
  servers.push(server);
  return server;
}

function newClient(options: { maxResponseBytes?: number; cas?: readonly string[] } = {}): HttpClient {
  const cas = options.cas ?? trusted;
  const client = createHttpClient({ getTrustedCas: () => cas, maxResponseBytes: options.maxResponseBytes });
  clients.push(client);
  return client;
}

const json =
  (status: number, value: unknown, extra: Record<string, string> = {}): Handler =>
  (_req, res) => {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...extra });
    res.end(text);
  };

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('a normal JSON response', () => {
  it('has status, headers in arrival order, a pretty body, sizes and timings', async () => {
    const server = await serve((_req, res) => {
      const text = '{"transaction_id":"t-1","data":{"uuid":"a","items":[1,2]}}';
      res.writeHead(200, 'OK', [
        ['Content-Type', 'application/json'],
        ['X-Request-Id', 'abc'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['Content-Length', String(Buffer.byteLength(text))],
      ]);
      res.end(text);
    });
    const result = asResponse(await newClient().send(request(`${server.origin}/advert/v1`), { timeoutMs: 5000 }));

    expect(result.status).toBe(200);
    expect(result.statusText).toBe('OK');
    expect(result.statusKind).toBe('success');
    expect(result.finalUrl).toBe(`${server.origin}/advert/v1`);
    expect(result.redirects).toEqual([]);
    const names = result.headers.map(([name]) => name);
    expect(names.slice(0, 5)).toEqual(['Content-Type', 'X-Request-Id', 'Set-Cookie', 'Set-Cookie', 'Content-Length']);
    expect(result.headers.filter(([name]) => name === 'Set-Cookie').map(([, v]) => v)).toEqual(['a=1', 'b=2']);
    expect(result.contentType).toBe('application/json');
    expect(result.bodyFormat).toBe('json');
    expect(result.body).toBe(
      '{\n  "transaction_id": "t-1",\n  "data": {\n    "uuid": "a",\n    "items": [\n      1,\n      2\n    ]\n  }\n}',
    );
    expect(result.bodyTruncated).toBe(false);
    expect(result.bodyBytes).toBe(58);
    expect(result.wireBytes).toBe(58);

    const t = result.timings;
    expect(t.dnsMs).toBeUndefined(); // an IP address needs no lookup
    expect(t.connectMs).toBeGreaterThanOrEqual(0);
    expect(t.tlsMs).toBeGreaterThan(0);
    expect(t.firstByteMs).toBeGreaterThan(0);
    expect(t.firstByteMs).toBeGreaterThanOrEqual((t.connectMs ?? 0) + (t.tlsMs ?? 0) - 0.05);
    expect(t.downloadMs).toBeGreaterThanOrEqual(0);
    expect(t.totalMs).toBeGreaterThanOrEqual(t.firstByteMs);
    expect(Math.abs(t.totalMs - (t.firstByteMs + t.downloadMs))).toBeLessThan(0.05);
  });

  it('times the DNS lookup when the host is a name', async () => {
    const server = await serve(json(200, { ok: true }));
    const result = asResponse(
      await newClient().send(request(`https://localhost:${server.port}/`), { timeoutMs: 5000 }),
    );
    expect(result.timings.dnsMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.tlsMs).toBeGreaterThan(0);
  });

  it('keeps big integers and number spellings exactly when pretty-printing', async () => {
    const text = '{"id":123456789012345678901234567890,"price":1.10,"small":-0.000001e-7}';
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(text);
    });
    const result = asResponse(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(result.bodyFormat).toBe('json');
    expect(result.body).toContain('"id": 123456789012345678901234567890');
    expect(result.body).toContain('"price": 1.10');
    expect(result.body).toContain('"small": -0.000001e-7');
  });

  it('shows JSON without a JSON content type as JSON, and invalid JSON as text', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/plain') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('[1,2]');
      } else {
        res.writeHead(500, 'Oops', { 'Content-Type': 'application/json' });
        res.end('{"broken":');
      }
    });
    const client = newClient();
    const plain = asResponse(await client.send(request(`${server.origin}/plain`), { timeoutMs: 5000 }));
    expect(plain.bodyFormat).toBe('json');
    expect(plain.body).toBe('[\n  1,\n  2\n]');
    const broken = asResponse(await client.send(request(`${server.origin}/broken`), { timeoutMs: 5000 }));
    expect(broken.status).toBe(500);
    expect(broken.statusText).toBe('Oops');
    expect(broken.statusKind).toBe('server-error');
    expect(broken.bodyFormat).toBe('text');
    expect(broken.body).toBe('{"broken":');
  });

  it('decodes a body in the charset the Content-Type names', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=iso-8859-1' });
      res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
    });
    const result = asResponse(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(result.bodyFormat).toBe('text');
    expect(result.body).toBe('café');
  });

  it('reports an empty body as empty (204, and HEAD)', async () => {
    const server = await serve((req, res) => {
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '120' });
        res.end();
      } else {
        res.writeHead(204);
        res.end();
      }
    });
    const client = newClient();
    const deleted = asResponse(
      await client.send(request(`${server.origin}/advert/v1/x`, { method: 'DELETE' }), { timeoutMs: 5000 }),
    );
    expect(deleted.status).toBe(204);
    expect(deleted.bodyFormat).toBe('empty');
    expect(deleted.body).toBe('');
    expect(deleted.bodyBytes).toBe(0);
    const head = asResponse(await client.send(request(server.origin, { method: 'HEAD' }), { timeoutMs: 5000 }));
    expect(head.bodyFormat).toBe('empty');
    expect(head.wireBytes).toBeUndefined();
  });
});

describe('what the server receives', () => {
  it('gets the method, exactly the user headers, and the body as typed', async () => {
    const server = await serve(json(201, { ok: true }));
    const body = '{"title": "Flat in Lisbon", "price": {"value": 250000, "currency": "EUR"}, "emoji": "ü 🏠"}';
    await newClient().send(
      request(`${server.origin}/advert/v1?x=1`, {
        method: 'POST',
        headers: [
          row('Accept', 'application/json', { origin: 'default' }),
          row('Content-Type', 'application/json', { origin: 'default' }),
          row('User-Agent', 'Acme CRM', { origin: 'default' }),
          row('X-API-KEY', 'key-123'),
          row('Authorization', 'Bearer tok'),
          row('X-Disabled', 'no', { enabled: false }),
        ],
        body,
      }),
      { timeoutMs: 5000 },
    );
    const got = server.received[0]!;
    expect(got.method).toBe('POST');
    expect(got.path).toBe('/advert/v1?x=1');
    expect(got.body).toBe(body);
    expect(got.headers['accept']).toBe('application/json');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toBe('Acme CRM');
    expect(got.headers['x-api-key']).toBe('key-123');
    expect(got.headers['authorization']).toBe('Bearer tok');
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
    expect(got.headers['x-disabled']).toBeUndefined();
    // Names go out as the user typed them.
    expect(got.rawHeaders).toContain('X-API-KEY');
    const names = got.rawHeaders
      .filter((_, i) => i % 2 === 0)
      .map((n) => n.toLowerCase())
      .sort();
    expect(names).toEqual(
      [
        'accept',
        'accept-encoding',
        'authorization',
        'connection',
        'content-length',
        'content-type',
        'host',
        'user-agent',
        'x-api-key',
      ].sort(),
    );
  });

  it('adds no axios defaults when Accept, User-Agent and Content-Type are switched off', async () => {
    const server = await serve(json(200, {}));
    await newClient().send(
      request(`${server.origin}/advert/v1`, {
        method: 'POST',
        headers: [
          row('Accept', 'application/json', { origin: 'default', enabled: false }),
          row('Content-Type', 'application/json', { origin: 'default', enabled: false }),
          row('User-Agent', 'Acme CRM', { origin: 'default', enabled: false }),
        ],
        body: '{"a":1}',
      }),
      { timeoutMs: 5000 },
    );
    const got = server.received[0]!;
    expect(got.headers['accept']).toBeUndefined();
    expect(got.headers['user-agent']).toBeUndefined();
    expect(got.headers['content-type']).toBeUndefined();
    expect(got.body).toBe('{"a":1}');
    expect(JSON.stringify(got.rawHeaders)).not.toMatch(/axios/i);
  });

  it('sends no body and no Content-Type on a GET, and the default User-Agent row is skipped when empty', async () => {
    const server = await serve(json(200, {}));
    await newClient().send(
      request(server.origin, {
        headers: [
          row('Content-Type', 'application/json', { origin: 'default' }),
          row('User-Agent', '', { origin: 'default' }),
        ],
      }),
      { timeoutMs: 5000 },
    );
    const got = server.received[0]!;
    expect(got.method).toBe('GET');
    expect(got.body).toBe('');
    expect(got.headers['content-type']).toBeUndefined();
    expect(got.headers['user-agent']).toBeUndefined();
    expect(got.headers['accept']).toBeUndefined();
  });
});

describe('redirects', () => {
  const redirecting =
    (status: number, to: string, then: Handler = json(200, { done: true })): Handler =>
    (req, res, body) => {
      if (req.url === '/start') {
        res.writeHead(status, { Location: to, 'Content-Type': 'text/plain' });
        res.end('moved');
      } else {
        then(req, res, body);
      }
    };

  it('turns a POST into a GET without a body on 302', async () => {
    const server = await serve(redirecting(302, '/next'));
    const result = asResponse(
      await newClient().send(
        request(`${server.origin}/start`, {
          method: 'POST',
          headers: [row('Content-Type', 'application/json', { origin: 'default' }), row('X-API-KEY', 'k')],
          body: '{"a":1}',
        }),
        { timeoutMs: 5000 },
      ),
    );
    expect(result.status).toBe(200);
    expect(result.redirects).toEqual([{ status: 302, url: `${server.origin}/next` }]);
    expect(result.finalUrl).toBe(`${server.origin}/next`);
    const [first, second] = server.received;
    expect(first!.method).toBe('POST');
    expect(second!.method).toBe('GET');
    expect(second!.body).toBe('');
    expect(second!.headers['content-type']).toBeUndefined();
    expect(second!.headers['content-length']).toBeUndefined();
    expect(second!.headers['x-api-key']).toBe('k'); // same origin keeps credentials
  });

  it('turns a PUT into a GET on 303', async () => {
    const server = await serve(redirecting(303, '/next'));
    await newClient().send(request(`${server.origin}/start`, { method: 'PUT', body: '{"a":1}' }), { timeoutMs: 5000 });
    expect(server.received.map((r) => r.method)).toEqual(['PUT', 'GET']);
  });

  it('keeps method and body on 307 and 308', async () => {
    for (const status of [307, 308]) {
      const server = await serve(redirecting(status, '/next'));
      const result = asResponse(
        await newClient().send(
          request(`${server.origin}/start`, {
            method: 'POST',
            headers: [row('Content-Type', 'application/json', { origin: 'default' })],
            body: '{"keep":"me"}',
          }),
          { timeoutMs: 5000 },
        ),
      );
      expect(result.redirects).toEqual([{ status, url: `${server.origin}/next` }]);
      const second = server.received[1]!;
      expect(second.method).toBe('POST');
      expect(second.body).toBe('{"keep":"me"}');
      expect(second.headers['content-type']).toBe('application/json');
    }
  });

  it('refuses a redirect to http://', async () => {
    const server = await serve(redirecting(302, 'http://127.0.0.1:1/next?token=secret'));
    const error = asError(await newClient().send(request(`${server.origin}/start`), { timeoutMs: 5000 }));
    expect(error.code).toBe('redirect-insecure');
    expect(error.statusKind).toBe('network-error');
    expect(error.message).toContain('http://127.0.0.1:1/next');
    expect(error.message).not.toContain('secret');
    expect(server.received).toHaveLength(1);
  });

  it('drops credentials when the redirect leaves the origin, keeps other headers', async () => {
    const other = await serve(json(200, { other: true }));
    const server = await serve(redirecting(307, `${other.origin}/landing`));
    const result = asResponse(
      await newClient().send(
        request(`${server.origin}/start`, {
          headers: [
            row('Authorization', 'Bearer secret-token'),
            row('x-api-key', 'key-1'),
            row('Cookie', 'sid=1'),
            row('X-Auth-Token', 't'),
            row('X-Client-Secret', 's'),
            row('X-Trace', 'keep-me'),
          ],
        }),
        { timeoutMs: 5000 },
      ),
    );
    expect(result.finalUrl).toBe(`${other.origin}/landing`);
    expect(server.received[0]!.headers['authorization']).toBe('Bearer secret-token');
    const landed = other.received[0]!.headers;
    expect(landed['authorization']).toBeUndefined();
    expect(landed['x-api-key']).toBeUndefined();
    expect(landed['cookie']).toBeUndefined();
    expect(landed['x-auth-token']).toBeUndefined();
    expect(landed['x-client-secret']).toBeUndefined();
    expect(landed['x-trace']).toBe('keep-me');
  });

  it('drops every header whose value holds a secret of the request when leaving the origin, whatever its name', async () => {
    const other = await serve(json(200, { other: true }));
    const server = await serve(redirecting(302, `${other.origin}/landing`));
    const secret = 'sv/4711+ünï';
    const basic = Buffer.from(`anna:${secret}`).toString('base64');
    asResponse(
      await newClient().send(
        request(`${server.origin}/start`, {
          headers: [
            row('apikey', secret),
            row('X-Echo', `v=${encodeURIComponent(secret)}`),
            row('X-Login', `Basic ${basic}`),
            row('X-Trace', 'keep-me'),
          ],
        }),
        { timeoutMs: 5000, secrets: boundTo(server.origin, secret) },
      ),
    );
    expect(server.received[0]!.headers['apikey']).toBe(secret);
    const landed = other.received[0]!;
    expect(landed.headers['x-trace']).toBe('keep-me');
    expect(Object.keys(landed.headers)).not.toEqual(expect.arrayContaining(['apikey']));
    expect(landed.headers['x-echo']).toBeUndefined();
    expect(landed.headers['x-login']).toBeUndefined();
  });

  it('does not re-send a body holding a secret to another origin on 307/308: it stops and says where it was going', async () => {
    for (const status of [307, 308]) {
      const other = await serve(json(200, { other: true }));
      const server = await serve(redirecting(status, `${other.origin}/landing`));
      const error = asError(
        await newClient().send(
          request(`${server.origin}/start`, { method: 'POST', body: '{"v":"body-secret-4711"}' }),
          {
            timeoutMs: 5000,
            secrets: boundTo(server.origin, 'body-secret-4711'),
          },
        ),
      );
      expect(error.code).toBe('redirect-refused');
      expect(error.message).toBe(
        `The server redirected this request to ${other.origin}, another origin, and the body holds a secret of this request, ` +
          'so the redirect was not followed and nothing was sent there.',
      );
      expect(error.hint).toContain(`send it to that address directly`);
      expect(other.received).toHaveLength(0);
    }
  });

  it('re-sends a body holding a secret on a same-origin 307, and one without secrets to another origin', async () => {
    const other = await serve(json(200, { other: true }));
    const server = await serve((req, res) => {
      res.writeHead(307, { Location: req.url === '/start' ? '/again' : `${other.origin}/x` });
      res.end();
    });
    const plain = request(`${server.origin}/start`, { method: 'POST', body: '{"v":"plain"}' });
    asResponse(await newClient().send(plain, { timeoutMs: 5000, secrets: boundTo(server.origin, 'body-secret-4711') }));
    expect(server.received.map((r) => r.body)).toEqual(['{"v":"plain"}', '{"v":"plain"}']);
    expect(other.received.map((r) => r.body)).toEqual(['{"v":"plain"}']);
    const same = await serve(redirecting(307, '/next'));
    const holding = request(`${same.origin}/start`, { method: 'POST', body: 'body-secret-4711' });
    asResponse(await newClient().send(holding, { timeoutMs: 5000, secrets: boundTo(same.origin, 'body-secret-4711') }));
    expect(same.received.map((r) => r.body)).toEqual(['body-secret-4711', 'body-secret-4711']);
  });

  it('follows no redirect when told not to: the 3xx is an error naming the target origin, and nothing goes there', async () => {
    const other = await serve(json(200, { other: true }));
    const server = await serve(redirecting(307, `${other.origin}/oauth/v1/token`));
    const post = request(`${server.origin}/start`, { method: 'POST', body: '{}' });
    const error = asError(await newClient().send(post, { timeoutMs: 5000, followRedirects: false }));
    expect(error.code).toBe('redirect-refused');
    expect(error.message).toBe(
      `The server answered with a redirect to ${other.origin}; token requests never follow redirects, so nothing was sent there.`,
    );
    expect(other.received).toHaveLength(0);
  });

  it('keeps credentials on a same-origin redirect', async () => {
    const server = await serve(redirecting(301, `/next`));
    await newClient().send(
      request(`${server.origin}/start`, { headers: [row('Authorization', 'Bearer a'), row('X-API-KEY', 'k')] }),
      { timeoutMs: 5000 },
    );
    const second = server.received[1]!;
    expect(second.headers['authorization']).toBe('Bearer a');
    expect(second.headers['x-api-key']).toBe('k');
    // The redirect's body was drained, so the same connection carried the second request.
    expect(server.connections()).toBe(1);
  });

  it('closes instead of draining a huge redirect body', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/start') {
        res.writeHead(302, { Location: '/next', 'Content-Type': 'text/plain' });
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) {
            if (res.writableLength > 1024 * 1024) break;
          }
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('error', () => {});
        pump();
      } else {
        json(200, { done: true })(req, res, Buffer.alloc(0));
      }
    });
    const result = asResponse(await newClient().send(request(`${server.origin}/start`), { timeoutMs: 5000 }));
    expect(result.status).toBe(200);
    expect(server.connections()).toBe(2);
  });

  it('stops a redirect loop after 10 redirects', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { Location: '/again' });
      res.end();
    });
    const error = asError(await newClient().send(request(`${server.origin}/start`), { timeoutMs: 5000 }));
    expect(error.code).toBe('redirect-loop');
    expect(server.received).toHaveLength(11);
  });

  it('returns a 3xx without Location as the response', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(304);
      res.end();
    });
    const result = asResponse(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(result.status).toBe(304);
    expect(result.statusKind).toBe('redirect');
  });
});

describe('compressed bodies', () => {
  const payload = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ] as const)('decodes %s', async (encoding, compress) => {
    const compressed = compress(Buffer.from(payload));
    const server = await serve((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Encoding': encoding,
        'Content-Length': String(compressed.length),
      });
      res.end(compressed);
    });
    const result = asResponse(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(server.received[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(result.bodyFormat).toBe('json');
    expect(JSON.parse(result.body)).toEqual(JSON.parse(payload));
    expect(result.bodyBytes).toBe(Buffer.byteLength(payload));
    expect(result.wireBytes).toBe(compressed.length);
    // The header as the server sent it.
    expect(result.headers).toContainEqual(['Content-Encoding', encoding]);
  });
});

describe('the response size cap', () => {
  const big = Buffer.alloc(5000, 'a');
  const asResponse = (result: unknown) => {
    expect(result).toMatchObject({ kind: 'response' });
    return result as HttpResponseResult;
  };

  it('stops at the limit when the Content-Length is over it, and keeps what came', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(big.length) });
      res.end(big);
    });
    const response = asResponse(
      await newClient({ maxResponseBytes: 1000 }).send(request(server.origin), { timeoutMs: 5000 }),
    );
    expect(response.status).toBe(200);
    expect(response.bodyBytes).toBe(1000);
    expect(response.body).toBe('a'.repeat(1000));
    expect(response.incomplete?.reason).toBe('too-large');
    expect(response.incomplete?.message).toMatch(
      /larger than 1,000 bytes, the maximum response size, so the transfer was stopped there\. What was received is shown/,
    );
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    let wrote = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => {
        if (res.destroyed || wrote > 200) {
          clearInterval(timer);
          res.destroy();
          return;
        }
        wrote++;
        res.write(Buffer.alloc(500, 'b'));
      }, 2);
    });
    const response = asResponse(
      await newClient({ maxResponseBytes: 1024 }).send(request(server.origin), { timeoutMs: 5000 }),
    );
    expect(response.incomplete?.message).toMatch(/^The response is larger than 1 KB, the maximum response size/);
    expect(response.body).toBe('b'.repeat(1024));
    expect(wrote).toBeLessThan(200);
  });

  it('counts decoded bytes, not compressed ones', async () => {
    const compressed = gzipSync(Buffer.alloc(100_000, 'x'));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' });
      res.end(compressed);
    });
    expect(compressed.length).toBeLessThan(2000);
    const response = asResponse(
      await newClient({ maxResponseBytes: 10_000 }).send(request(server.origin), { timeoutMs: 5000 }),
    );
    expect(response.bodyBytes).toBe(10_000);
    expect(response.incomplete?.reason).toBe('too-large');
  });

  it('a limit given per send wins, and names the default in MB', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(big);
    });
    const response = asResponse(
      await newClient().send(request(server.origin), { timeoutMs: 5000, maxResponseBytes: 100 }),
    );
    expect(response.bodyBytes).toBe(100);
    expect(tooLargeMessage(200 * 1024 * 1024)).toContain('larger than 200 MB, the maximum response size');
  });

  it('reports progress and the announced size as the body arrives', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(big.length) });
      res.end(big);
    });
    const seen: number[] = [];
    let announced: number | null | undefined;
    await newClient().send(request(server.origin), {
      timeoutMs: 5000,
      onHeaders: (n) => (announced = n),
      onProgress: (n) => seen.push(n),
    });
    expect(announced).toBe(5000);
    expect(seen.at(-1)).toBe(5000);
  });
});

describe('cancel while the body waits for the disk', () => {
  /** A sink whose first write waits for ever (a stalled disk): the client pauses the socket. `stalled` settles at that write. */
  const stalledSink = () => {
    let aborted = false;
    let writing!: () => void;
    const stalled = new Promise<void>((resolve) => (writing = resolve));
    const sink = (): BodySink => ({
      write: () => {
        writing();
        return new Promise<void>(() => {});
      },
      finish: async () => ({ bodyFormat: 'text', body: '', bodyTruncated: false }),
      abort: () => {
        aborted = true;
      },
    });
    return { sink, stalled, aborted: () => aborted };
  };

  for (const encoding of ['identity', 'gzip'] as const) {
    it(`cancel still ends the send (${encoding})`, async () => {
      const body = Buffer.alloc(200_000, 'z');
      const server = await serve((_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'text/plain',
          ...(encoding === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
        });
        res.end(encoding === 'gzip' ? gzipSync(body) : body);
      });
      const stalled = stalledSink();
      const cancellation = new Cancellation();
      const sent = newClient().send(request(server.origin), { timeoutMs: 20_000, cancellation, sink: stalled.sink });
      await stalled.stalled;
      cancellation.abort();
      const error = asError(await sent);
      expect(error.code).toBe('cancelled');
      expect(stalled.aborted()).toBe(true);
    });
  }

  it('a timeout ends it too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(Buffer.alloc(100_000, 'z'));
    });
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 400, sink: stalledSink().sink }));
    expect(error.code).toBe('timeout');
  });

  it('a body that cannot be kept says so, not a network problem', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('hello');
    });
    const full = (): BodySink => ({
      write: () => undefined,
      finish: async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
      abort: () => undefined,
    });
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 5000, sink: full }));
    expect(error.message).toBe(
      "The response could not be kept in the app's data folder: the disk is full, so nothing of it was kept.",
    );
    expect(error.hint).toMatch(/Free some disk space/);
  });
});

describe('timeout and cancel', () => {
  it('gives up after the timeout, saying how long it waited', async () => {
    const server = await serve(() => {
      // never answers
    });
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('300 ms');
    expect(error.message).toContain('Settings');
    expect(error.timings.totalMs).toBeGreaterThanOrEqual(290);
    expect(error.timings.totalMs).toBeLessThan(3000);
  });

  it('counts the body in the timeout', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial');
    });
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
  });

  it('cancels mid-response when the signal aborts', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items":[');
    });
    const controller = new AbortController();
    let bodyArriving!: () => void;
    const arriving = new Promise<void>((resolve) => (bodyArriving = resolve));
    const pending = newClient().send(request(server.origin), {
      timeoutMs: 10_000,
      signal: controller.signal,
      onProgress: () => bodyArriving(),
    });
    await arriving;
    controller.abort();
    const error = asError(await pending);
    expect(error.code).toBe('cancelled');
    expect(error.timings.totalMs).toBeLessThan(5000);
  });

  it('cancels before sending when the signal is already aborted', async () => {
    const server = await serve(json(200, {}));
    const controller = new AbortController();
    controller.abort();
    const error = asError(
      await newClient().send(request(server.origin), { timeoutMs: 5000, signal: controller.signal }),
    );
    expect(error.code).toBe('cancelled');
    expect(server.received).toHaveLength(0);
  });
});

describe('network failures', () => {
  it('reports a host that does not resolve', async () => {
    const error = asError(
      await newClient().send(request('https://nonexistent.invalid/advert/v1'), { timeoutMs: 10_000 }),
    );
    expect(error.code).toBe('dns');
    expect(error.message).toBe('Could not find the host nonexistent.invalid.');
    expect(error.hint).toMatch(/host name/);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(error.detail);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const error = asError(await newClient().send(request(`https://127.0.0.1:${port}/`), { timeoutMs: 5000 }));
    expect(error.code).toBe('refused');
    expect(error.detail).toBe('ECONNREFUSED');
  });

  it('reports a connection the server drops', async () => {
    const server = await serve((req) => {
      req.socket.destroy();
    });
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(error.code).toBe('reset');
    expect(error.detail).toBe('ECONNRESET');
  });

  it('reports a connection dropped in the middle of the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
      res.write('only part', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(error.code).toBe('reset');
  });

  it('refuses a self-signed certificate', async () => {
    const server = await serve(json(200, {}), createSelfSignedCertificate(['127.0.0.1']));
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(error.code).toBe('tls-self-signed');
    expect(error.detail).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.hint).toContain('Settings → Trusted certificates');
    expect(server.received).toHaveLength(0);
  });

  it('refuses a certificate from a CA it does not trust', async () => {
    const stranger = createCertificateAuthority('Untrusted test CA');
    const server = await serve(json(200, {}), stranger.issue({ hosts: ['127.0.0.1'] }));
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(error.code).toBe('tls-untrusted');
    expect(error.detail).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('refuses an expired certificate from a trusted CA', async () => {
    const expired = ca.issue({
      hosts: ['127.0.0.1'],
      notBefore: new Date(Date.now() - 30 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const server = await serve(json(200, {}), expired);
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(error.code).toBe('tls-expired');
    expect(error.detail).toBe('CERT_HAS_EXPIRED');
  });

  it('refuses a certificate for another host, naming both', async () => {
    const server = await serve(json(200, {}), ca.issue({ hosts: ['other.example'] }));
    const error = asError(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(error.code).toBe('tls-hostname');
    expect(error.detail).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error.message).toContain('127.0.0.1');
    expect(error.message).toContain('other.example');
  });

  it('throws for a URL that is not https://', async () => {
    const client = newClient();
    await expect(client.send(request('http://127.0.0.1/'), { timeoutMs: 1000 })).rejects.toThrow(
      'Only https:// URLs can be sent',
    );
    await expect(client.send(request('not a url'), { timeoutMs: 1000 })).rejects.toThrow(
      'Only https:// URLs can be sent',
    );
  });
});

describe('binary bodies', () => {
  it('come as a hex preview of the first 4 KiB', async () => {
    const bytes = Buffer.alloc(5000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end(bytes);
    });
    const result = asResponse(await newClient().send(request(server.origin), { timeoutMs: 5000 }));
    expect(result.bodyFormat).toBe('binary');
    expect(result.bodyTruncated).toBe(true);
    expect(result.bodyBytes).toBe(5000);
    const lines = result.body.split('\n');
    expect(lines).toHaveLength(256);
    expect(lines[0]).toBe('00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|');
    expect(lines[4]).toBe('00000040  40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  |@ABCDEFGHIJKLMNO|');
  });
});

describe('connections', () => {
  it('reuses a keep-alive connection: the second request has no connect or TLS phase', async () => {
    const server = await serve(json(200, { ok: true }));
    const client = newClient();
    const first = asResponse(await client.send(request(server.origin), { timeoutMs: 5000 }));
    const second = asResponse(await client.send(request(server.origin), { timeoutMs: 5000 }));
    expect(first.timings.connectMs).toBeDefined();
    expect(first.timings.tlsMs).toBeDefined();
    expect(second.timings.connectMs).toBeUndefined();
    expect(second.timings.tlsMs).toBeUndefined();
    expect(second.timings.dnsMs).toBeUndefined();
    expect(server.connections()).toBe(1);
  });

  it('picks up a changed list of trusted CAs', async () => {
    const other = createCertificateAuthority('Added later CA');
    const server = await serve(json(200, { ok: true }), other.issue({ hosts: ['127.0.0.1'] }));
    let cas: readonly string[] = trusted;
    const client = createHttpClient({ getTrustedCas: () => cas });
    clients.push(client);
    expect(asError(await client.send(request(server.origin), { timeoutMs: 5000 })).code).toBe('tls-untrusted');
    cas = buildTrustedCas({ extraPems: [ca.certPem, other.certPem], env: {} }).cas;
    expect(asResponse(await client.send(request(server.origin), { timeoutMs: 5000 })).status).toBe(200);
  });

  it('sends requests in parallel', async () => {
    const server = await serve((req, res) => {
      setTimeout(() => json(200, { path: req.url })(req, res, Buffer.alloc(0)), 50);
    });
    const client = newClient();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.send(request(`${server.origin}/n${i}`), { timeoutMs: 5000 })),
    );
    results.forEach((result, i) => expect(JSON.parse(asResponse(result).body)).toEqual({ path: `/n${i}` }));
  });
});

describe('close', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startHttpsServer(serverCert, json(200, {}));
  });
  afterAll(async () => {
    await server.close();
  });

  it('closes pooled connections', async () => {
    const client = createHttpClient({ getTrustedCas: () => trusted });
    asResponse(await client.send(request(server.origin), { timeoutMs: 5000 }));
    expect(server.connections()).toBe(1);
    client.close();
    // A send after close still works, on a new connection.
    asResponse(await client.send(request(server.origin), { timeoutMs: 5000 }));
    expect(server.connections()).toBe(2);
    client.close();
  });
});
