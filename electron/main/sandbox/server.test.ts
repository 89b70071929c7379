/**
 * The sandbox over real HTTPS on loopback: clients trust the sandbox's CA (TLS checks stay on),
 * nothing is mocked.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validAdvert } from './fixtures';
import { largeItem, MAX_LARGE_BYTES, startSandbox, type Sandbox } from './server';
import {
  UUID,
  call,
  jsonHeaders,
  publish,
  signIn,
  userHeaders,
  userTokens,
  waitFor,
  withKey,
  type Answer,
} from '../../../test/support/sandbox-client';

describe('sandbox server', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
    userTokens.set(sandbox, (await signIn(sandbox)).access_token);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  describe('start-up and TLS', () => {
    it('listens on 127.0.0.1 with a generated key and writes its CA to caCertPath', () => {
      expect(sandbox.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.apiKey).toMatch(/^sbx_[0-9a-f]{32}$/);
      expect(readFileSync(sandbox.caCertPath, 'utf8')).toBe(sandbox.caCertPem);
      expect(sandbox.caCertPem).toContain('-----BEGIN CERTIFICATE-----');
    });

    it('is trusted by a client given its CA, and refused by one that is not', async () => {
      expect((await call(sandbox, 'GET', '/sandbox/v1/echo')).status).toBe(200);
      await expect(call(sandbox, 'GET', '/sandbox/v1/echo', { ca: null })).rejects.toMatchObject({
        code: expect.stringMatching(
          /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/,
        ),
      });
    });

    it('has a certificate valid for localhost too', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const port = new URL(sandbox.origin).port;
        const req = request(
          {
            host: '127.0.0.1',
            servername: 'localhost',
            port,
            path: '/sandbox/v1/echo',
            ca: sandbox.caCertPem,
            agent: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
    });

    it('accepts the API keys it is given', async () => {
      const own = await startSandbox({ apiKeys: ['key-one', 'key-two'] });
      try {
        expect(own.apiKey).toBe('key-one');
        const second = await call(own, 'GET', '/taxonomy/v1/categories', { headers: { 'X-API-KEY': 'key-two' } });
        expect(second.status).toBe(200);
      } finally {
        await own.close();
      }
    });
  });

  describe('API key', () => {
    it('answers 401 when X-API-KEY is missing', async () => {
      const answer = await call(sandbox, 'GET', '/taxonomy/v1/categories');
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.json.error).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(answer.json.error.detail).toMatch(/X-API-KEY header is missing/);
      expect(answer.json.error.validation).toBeUndefined();
    });

    it('answers 401 before anything else, even on an unknown API path or a bad body', async () => {
      expect((await call(sandbox, 'GET', '/advert/v1/some/thing/else')).status).toBe(401);
      expect((await call(sandbox, 'POST', '/advert/v1', { body: '{oops' })).status).toBe(401);
    });

    it('answers 403 for a key it does not know', async () => {
      const answer = await call(sandbox, 'GET', '/taxonomy/v1/categories', {
        headers: { 'X-API-KEY': 'sbx_not-a-real-key' },
      });
      expect(answer.status).toBe(403);
      expect(answer.json.error).toMatchObject({ status: 403, title: 'Forbidden' });
    });
  });

  describe('request bodies', () => {
    it('answers 400 to a POST without a JSON content type', async () => {
      const answer = await call(sandbox, 'POST', '/advert/v1', {
        headers: userHeaders(sandbox, { 'Content-Type': 'text/plain' }),
        body: JSON.stringify(validAdvert()),
      });
      expect(answer.status).toBe(400);
      expect(answer.json.error.detail).toMatch(/Content-Type: application\/json/);

      const none = await call(sandbox, 'PUT', '/advert/v1/4b1f0e55-0000-4000-8000-000000000000', {
        headers: userHeaders(sandbox),
        body: JSON.stringify(validAdvert()),
      });
      expect(none.status).toBe(400);
    });

    it('accepts a charset parameter on the JSON content type', async () => {
      const answer = await call(sandbox, 'POST', '/advert/v1', {
        headers: userHeaders(sandbox, { 'Content-Type': 'application/json; charset=utf-8' }),
        body: JSON.stringify(validAdvert()),
      });
      expect(answer.status).toBe(202);
    });

    it('answers 400 with the parse error to malformed JSON', async () => {
      const answer = await call(sandbox, 'POST', '/advert/v1', {
        headers: jsonHeaders(sandbox),
        body: '{"title": "unfinished',
      });
      expect(answer.status).toBe(400);
      expect(answer.json.error.detail).toMatch(/^The request body is not valid JSON: .+/);
    });

    it('answers 400 "size too large" to a body over the default 1 MiB limit', async () => {
      const body = JSON.stringify({ ...validAdvert(), description: 'x'.repeat(1_500_000) });
      const answer = await call(sandbox, 'POST', '/advert/v1', { headers: jsonHeaders(sandbox), body });
      expect(answer.status).toBe(400);
      expect(answer.json.error.detail).toMatch(/size too large/);
      const logged = sandbox.received.at(-1)!;
      expect(Buffer.byteLength(logged.body)).toBe(1024 * 1024);
    });

    it('answers "size too large" at once, without waiting for the rest of the body', async () => {
      const small = await startSandbox({ maxBodyBytes: 1024, requireUserToken: false });
      try {
        const answer = await new Promise<Answer>((resolve, reject) => {
          const req = request(small.origin + '/advert/v1', {
            method: 'POST',
            ca: small.caCertPem,
            agent: false,
            headers: { 'X-API-KEY': small.apiKey, 'Content-Type': 'application/json', 'Content-Length': 10_000_000 },
          });
          req.on('response', (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                raw: Buffer.from(text),
                text,
                json: JSON.parse(text),
              });
              req.destroy(); // the client never sends the other 9.99 MB
            });
          });
          req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
          req.write('{"title": "' + 'a'.repeat(4000)); // …and then nothing more
        });
        expect(answer.status).toBe(400);
        expect(answer.json.error.detail).toBe('Request body size too large: the limit is 1024 bytes.');
      } finally {
        await small.close();
      }
    });
  });

  describe('adverts', () => {
    it('rejects an invalid advert with a validation list', async () => {
      const advert = {
        ...validAdvert(),
        title: 'Flat',
        description: 'Too short.',
        site_urn: 'urn:site:olxpl',
        images: [{ url: 'https://images.example.com/1.jpg' }, { caption: 'no url' }],
        price: { value: '849000', currency: 'PLN' },
        contact: 'call me',
      } as Record<string, unknown>;
      delete advert.category_urn;
      const answer = await publish(sandbox, advert);
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ status: 400, title: 'Bad Request' });
      const fields = (answer.json.error.validation as Array<{ field: string; title: string; detail: string }>).map(
        (item) => item.field,
      );
      expect(fields.sort()).toEqual(
        ['category_urn', 'contact', 'description', 'images[1].url', 'price.value', 'site_urn', 'title'].sort(),
      );
      for (const item of answer.json.error.validation) {
        expect(item.title).toEqual(expect.any(String));
        expect(item.detail).toEqual(expect.any(String));
      }
    });

    it('checks the image count and the title length limit', async () => {
      const tooMany = {
        ...validAdvert(),
        images: Array.from({ length: 25 }, (_, i) => ({ url: `https://images.example.com/${i}.jpg` })),
      };
      const none = { ...validAdvert(), images: [] };
      const longTitle = { ...validAdvert(), title: 'x'.repeat(71) };
      for (const [advert, field] of [
        [tooMany, 'images'],
        [none, 'images'],
        [longTitle, 'title'],
      ] as const) {
        const answer = await publish(sandbox, advert);
        expect(answer.status).toBe(400);
        expect(answer.json.error.validation.map((item: { field: string }) => item.field)).toEqual([field]);
      }
      expect((await publish(sandbox, { ...validAdvert(), title: 'x'.repeat(70) })).status).toBe(202);
    });

    it('rejects a body that is not an object', async () => {
      const answer = await call(sandbox, 'POST', '/advert/v1', { headers: jsonHeaders(sandbox), body: '[1, 2]' });
      expect(answer.status).toBe(400);
      expect(answer.json.error.validation[0].field).toBe('body');
    });

    it('accepts a valid advert with 202 and a new uuid, then serves it and its meta', async () => {
      const answer = await publish(sandbox);
      expect(answer.status).toBe(202);
      expect(answer.json.transaction_id).toMatch(UUID);
      expect(answer.json.message).toBe('Advert accepted for publication');
      const uuid = answer.json.data.uuid as string;
      expect(uuid).toMatch(UUID);
      expect(answer.json.data.custom_fields).toEqual(validAdvert().custom_fields);

      const advert = await call(sandbox, 'GET', `/advert/v1/${uuid}`, { headers: userHeaders(sandbox) });
      expect(advert.status).toBe(200);
      expect(advert.json.data).toMatchObject({ ...validAdvert(), uuid });

      const meta = await call(sandbox, 'GET', `/advert/v1/${uuid}/meta`, { headers: userHeaders(sandbox) });
      expect(meta.status).toBe(200);
      expect(meta.json.data).toMatchObject({ uuid, last_action_status: 'published', state: { code: 'active' } });
      expect(meta.json.data.state.url).toMatch(
        /^https:\/\/www\.otodom\.pl\/pl\/oferta\/sunny-3-room-apartment-.+-ID[0-9a-f]{8}$/,
      );
    });

    it('answers 409 to a PUT for an advert that was never created', async () => {
      const answer = await call(sandbox, 'PUT', '/advert/v1/0d4f6c8e-1111-4222-8333-444455556666', {
        headers: jsonHeaders(sandbox),
        body: JSON.stringify(validAdvert()),
      });
      expect(answer.status).toBe(409);
      expect(answer.json.error).toMatchObject({ status: 409, title: 'Conflict' });
    });

    it('accepts a PUT for a created advert with 202, validating it the same way', async () => {
      const uuid = (await publish(sandbox)).json.data.uuid as string;
      const changed = { ...validAdvert(), price: { value: 829000, currency: 'PLN' } };
      const answer = await call(sandbox, 'PUT', `/advert/v1/${uuid}`, {
        headers: jsonHeaders(sandbox),
        body: JSON.stringify(changed),
      });
      expect(answer.status).toBe(202);
      expect(answer.json.data.uuid).toBe(uuid);

      const advert = await call(sandbox, 'GET', `/advert/v1/${uuid}`, { headers: userHeaders(sandbox) });
      expect(advert.json.data.price).toEqual({ value: 829000, currency: 'PLN' });
      const meta = await call(sandbox, 'GET', `/advert/v1/${uuid}/meta`, { headers: userHeaders(sandbox) });
      expect(meta.json.data.last_action_status).toBe('updated');

      const invalid = await call(sandbox, 'PUT', `/advert/v1/${uuid}`, {
        headers: jsonHeaders(sandbox),
        body: JSON.stringify({ ...validAdvert(), title: '' }),
      });
      expect(invalid.status).toBe(400);
      expect(invalid.json.error.validation[0].field).toBe('title');
    });

    it('deactivates and activates a created advert with 202, and answers 404 for an unknown one', async () => {
      const uuid = (await publish(sandbox)).json.data.uuid as string;
      const deactivated = await call(sandbox, 'POST', `/advert/v1/${uuid}/deactivate`, {
        headers: userHeaders(sandbox),
      });
      expect(deactivated.status).toBe(202);
      let meta = await call(sandbox, 'GET', `/advert/v1/${uuid}/meta`, { headers: userHeaders(sandbox) });
      expect(meta.json.data).toMatchObject({ last_action_status: 'deactivated', state: { code: 'inactive' } });

      const activated = await call(sandbox, 'POST', `/advert/v1/${uuid}/activate`, {
        headers: jsonHeaders(sandbox),
        body: '{}',
      });
      expect(activated.status).toBe(202);
      meta = await call(sandbox, 'GET', `/advert/v1/${uuid}/meta`, { headers: userHeaders(sandbox) });
      expect(meta.json.data).toMatchObject({ last_action_status: 'activated', state: { code: 'active' } });

      const unknown = await call(sandbox, 'POST', '/advert/v1/0d4f6c8e-1111-4222-8333-444455556666/activate', {
        headers: userHeaders(sandbox),
      });
      expect(unknown.status).toBe(404);
      const unknownDeactivate = await call(
        sandbox,
        'POST',
        '/advert/v1/0d4f6c8e-1111-4222-8333-444455556666/deactivate',
        { headers: userHeaders(sandbox) },
      );
      expect(unknownDeactivate.status).toBe(404);
    });

    it('deletes a created advert with 204 and no body, then knows it no more', async () => {
      const uuid = (await publish(sandbox)).json.data.uuid as string;
      const deleted = await call(sandbox, 'DELETE', `/advert/v1/${uuid}`, { headers: userHeaders(sandbox) });
      expect(deleted.status).toBe(204);
      expect(deleted.raw.length).toBe(0);

      expect((await call(sandbox, 'DELETE', `/advert/v1/${uuid}`, { headers: userHeaders(sandbox) })).status).toBe(404);
      expect((await call(sandbox, 'GET', `/advert/v1/${uuid}`, { headers: userHeaders(sandbox) })).status).toBe(404);
      const meta = await call(sandbox, 'GET', `/advert/v1/${uuid}/meta`, { headers: userHeaders(sandbox) });
      expect(meta.status).toBe(404);
      expect(meta.json.error).toMatchObject({ status: 404, title: 'Not Found' });
    });
  });

  describe('taxonomy, locations and routing', () => {
    it('lists categories', async () => {
      const answer = await call(sandbox, 'GET', '/taxonomy/v1/categories', { headers: withKey(sandbox) });
      expect(answer.status).toBe(200);
      expect(answer.json.transaction_id).toMatch(UUID);
      const urns = (answer.json.data as Array<{ urn: string }>).map((category) => category.urn);
      expect(urns).toEqual(
        expect.arrayContaining([
          'urn:concept:apartments-for-sale',
          'urn:concept:houses-for-sale',
          'urn:concept:apartments-for-rent',
        ]),
      );
    });

    it('lists the cities of a site, with the URN written plainly or percent-encoded', async () => {
      const plain = await call(sandbox, 'GET', '/locations/v1/urn:site:otodompl/cities', { headers: withKey(sandbox) });
      expect(plain.status).toBe(200);
      expect(plain.json.data.map((city: { name: string }) => city.name)).toContain('Warszawa');
      const encoded = await call(sandbox, 'GET', '/locations/v1/urn%3Asite%3Astoriaro/cities', {
        headers: withKey(sandbox),
      });
      expect(encoded.status).toBe(200);
      expect(
        (await call(sandbox, 'GET', '/locations/v1/urn:site:nowhere/cities', { headers: withKey(sandbox) })).status,
      ).toBe(404);
    });

    it('answers 404 to an unknown route and 405 with Allow to a wrong verb', async () => {
      const unknown = await call(sandbox, 'GET', '/advert/v2/whatever', { headers: userHeaders(sandbox) });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.status).toBe(404);
      expect((await call(sandbox, 'GET', '/nothing-here')).status).toBe(404);

      const wrongVerb = await call(sandbox, 'PATCH', '/advert/v1/0d4f6c8e-1111-4222-8333-444455556666', {
        headers: userHeaders(sandbox),
      });
      expect(wrongVerb.status).toBe(405);
      expect(wrongVerb.headers.allow).toBe('GET, PUT, DELETE');
      const getList = await call(sandbox, 'GET', '/advert/v1', { headers: userHeaders(sandbox) });
      expect(getList.status).toBe(405);
      expect(getList.headers.allow).toBe('POST');
      expect((await call(sandbox, 'POST', '/sandbox/v1/slow?ms=1')).headers.allow).toBe('GET');
    });
  });

  describe('test helper routes', () => {
    it('answers 500 from a route whose handler crashes', async () => {
      const answer = await call(sandbox, 'GET', '/sandbox/v1/error');
      expect(answer.status).toBe(500);
      expect(answer.json.error).toMatchObject({ status: 500, title: 'Internal Server Error' });
      // …and keeps serving.
      expect((await call(sandbox, 'GET', '/sandbox/v1/echo')).status).toBe(200);
    });

    it('answers any status code asked for', async () => {
      const teapot = await call(sandbox, 'GET', '/sandbox/v1/status/418');
      expect(teapot.status).toBe(418);
      expect(teapot.json.error).toMatchObject({ status: 418, title: "I'm a Teapot" });
      const created = await call(sandbox, 'GET', '/sandbox/v1/status/201');
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ transaction_id: expect.stringMatching(UUID), data: { status: 201 } });
      const noContent = await call(sandbox, 'GET', '/sandbox/v1/status/204');
      expect(noContent.status).toBe(204);
      expect(noContent.raw.length).toBe(0);
      const notModified = await call(sandbox, 'GET', '/sandbox/v1/status/304');
      expect(notModified.status).toBe(304);
      expect(notModified.raw.length).toBe(0);
      expect((await call(sandbox, 'GET', '/sandbox/v1/status/503')).status).toBe(503);
      expect((await call(sandbox, 'GET', '/sandbox/v1/status/101')).status).toBe(400);
      expect((await call(sandbox, 'GET', '/sandbox/v1/status/600')).status).toBe(400);
      expect((await call(sandbox, 'GET', '/sandbox/v1/status/abc')).status).toBe(400);
    });

    it('answers slowly when asked', async () => {
      const started = Date.now();
      const answer = await call(sandbox, 'GET', '/sandbox/v1/slow?ms=300');
      expect(answer.status).toBe(200);
      expect(answer.json.data).toEqual({ waited_ms: 300 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect((await call(sandbox, 'GET', '/sandbox/v1/slow?ms=120001')).status).toBe(400);
    });

    it('stops the slow timer when the client goes away', async () => {
      const req = request(sandbox.origin + '/sandbox/v1/slow?ms=60000', { ca: sandbox.caCertPem, agent: false });
      const failed = new Promise<Error>((resolve) => req.on('error', resolve));
      req.end();
      await waitFor(() => sandbox.pendingSlowResponses() === 1);
      req.destroy();
      await failed;
      await waitFor(() => sandbox.pendingSlowResponses() === 0, 1000);
    });

    it('streams a large JSON document of the size asked for', async () => {
      const bytes = 3_000_000;
      const answer = await call(sandbox, 'GET', `/sandbox/v1/large?bytes=${bytes}`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-length']).toBe(String(bytes));
      expect(answer.raw.length).toBe(bytes);
      expect(answer.json.last).toBe(true);
      expect(answer.json.items.length).toBeGreaterThan(10_000);
      expect(answer.json.items[0]).toMatchObject({ id: 0, title: expect.any(String), price: expect.any(Number) });
      expect(answer.text.endsWith('"last":true}')).toBe(true);

      const tiny = await call(sandbox, 'GET', '/sandbox/v1/large?bytes=0');
      expect(tiny.json).toEqual({ items: [], last: true });
      expect((await call(sandbox, 'GET', `/sandbox/v1/large?bytes=${MAX_LARGE_BYTES + 1}`)).status).toBe(400);
    });

    it('pads each item of the large document with ?pad=N, and trickles it with ?rate=N bytes a second', async () => {
      const padded = await call(sandbox, 'GET', '/sandbox/v1/large?bytes=100000&pad=5000');
      expect(padded.raw.length).toBe(100_000);
      expect(padded.json.items[3]).toEqual(JSON.parse(largeItem(3, 5000)));
      expect(padded.json.items[3].notes).toBe('n'.repeat(5000));

      const started = Date.now();
      const trickled = await call(sandbox, 'GET', '/sandbox/v1/large?bytes=3000&rate=10000');
      expect(trickled.raw.length).toBe(3000);
      expect(trickled.json.last).toBe(true);
      // 3000 bytes at 10 KB/s: about 0.3 s, not at once.
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect((await call(sandbox, 'GET', '/sandbox/v1/large?bytes=10&rate=0')).status).toBe(400);
      expect((await call(sandbox, 'GET', '/sandbox/v1/large?bytes=10&pad=x')).status).toBe(400);
    });

    it('gzips the large document when asked with ?gzip=1 and Accept-Encoding: gzip', async () => {
      const bytes = 2_000_000;
      const answer = await call(sandbox, 'GET', `/sandbox/v1/large?bytes=${bytes}&gzip=1`, {
        headers: { 'Accept-Encoding': 'gzip, deflate' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe('gzip');
      expect(answer.raw.length).toBeLessThan(bytes / 4);
      const text = gunzipSync(answer.raw).toString('utf8');
      expect(text.length).toBe(bytes);
      expect(JSON.parse(text).last).toBe(true);

      const notAccepted = await call(sandbox, 'GET', `/sandbox/v1/large?bytes=1000&gzip=1`);
      expect(notAccepted.headers['content-encoding']).toBeUndefined();
      expect(notAccepted.json.last).toBe(true);
    });

    it('redirects to any URL with the status asked for', async () => {
      const found = await call(
        sandbox,
        'GET',
        '/sandbox/v1/redirect?to=' + encodeURIComponent('http://example.org/elsewhere?x=1'),
      );
      expect(found.status).toBe(302);
      expect(found.headers.location).toBe('http://example.org/elsewhere?x=1');
      const temporary = await call(
        sandbox,
        'GET',
        '/sandbox/v1/redirect?status=307&to=' + encodeURIComponent('/sandbox/v1/echo'),
      );
      expect(temporary.status).toBe(307);
      expect(temporary.headers.location).toBe('/sandbox/v1/echo');
      expect((await call(sandbox, 'GET', '/sandbox/v1/redirect')).status).toBe(400);
      expect((await call(sandbox, 'GET', '/sandbox/v1/redirect?to=/x&status=200')).status).toBe(400);
    });

    it('echoes what it received, for any method', async () => {
      const answer = await call(sandbox, 'PATCH', '/sandbox/v1/echo?a=1&b=two', {
        headers: { 'X-Custom': 'hello', 'Content-Type': 'text/plain' },
        body: 'plain body ✓',
      });
      expect(answer.status).toBe(200);
      expect(answer.json.data).toMatchObject({
        method: 'PATCH',
        path: '/sandbox/v1/echo?a=1&b=two',
        headers: { 'x-custom': 'hello', 'content-type': 'text/plain' },
        body: 'plain body ✓',
      });
    });

    it('drops the connection without answering', async () => {
      const failure = await call(sandbox, 'GET', '/sandbox/v1/drop').then(
        () => undefined,
        (error: NodeJS.ErrnoException) => error,
      );
      expect(failure).toBeDefined();
      expect(failure!.code === 'ECONNRESET' || /socket hang up/.test(failure!.message)).toBe(true);
    });
  });

  describe('received log', () => {
    it('records method, path with query, headers and body of every request, newest last', async () => {
      const body = JSON.stringify({ ...validAdvert(), title: 'Logged advert title' });
      await call(sandbox, 'POST', '/advert/v1?dry=1', {
        headers: { ...jsonHeaders(sandbox), 'X-Trace': 'log-test' },
        body,
      });
      const last = sandbox.received.at(-1)!;
      expect(last).toMatchObject({ method: 'POST', path: '/advert/v1?dry=1', body });
      expect(last.headers['x-trace']).toBe('log-test');
      expect(last.headers['x-api-key']).toBe(sandbox.apiKey);
      expect(Math.abs(Date.now() - last.at)).toBeLessThan(5000);

      await call(sandbox, 'GET', '/not/a/route');
      expect(sandbox.received.at(-1)).toMatchObject({ method: 'GET', path: '/not/a/route', body: '' });
    });

    it('keeps the last 200 requests', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      try {
        await Promise.all(
          Array.from({ length: 210 }, (_, i) => call(sandbox, 'GET', `/sandbox/v1/echo?n=${i}`, { agent })),
        );
      } finally {
        agent.destroy();
      }
      expect(sandbox.received.length).toBe(200);
      const numbers = sandbox.received.map((entry) => Number(new URL(entry.path, 'https://x').searchParams.get('n')));
      expect(new Set(numbers).size).toBe(200);
      expect(numbers).toContain(209);
    });
  });

  describe('close()', () => {
    it('returns promptly with keep-alive and in-flight connections, and stops listening', async () => {
      const own = await startSandbox();
      const agent = new Agent({ keepAlive: true });
      expect((await call(own, 'GET', '/sandbox/v1/echo', { agent })).status).toBe(200); // idle keep-alive socket
      const inFlight = call(own, 'GET', '/sandbox/v1/slow?ms=60000').catch((error: Error) => error);
      await waitFor(() => own.pendingSlowResponses() === 1);

      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(own.pendingSlowResponses()).toBe(0);
      expect(await inFlight).toBeInstanceOf(Error);
      await expect(call(own, 'GET', '/sandbox/v1/echo')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      agent.destroy();
    });
  });
});
