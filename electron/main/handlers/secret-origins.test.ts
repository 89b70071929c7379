/**
 * Secret variables go only where their rule lets them, through the real dispatch against two
 * loopback HTTPS servers: an environment's to its address, a collection's and Globals' to their
 * allowed origins (the first send binds an empty list). The other server receives nothing, the
 * allowed one works, and the renderer gets the sentence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendResult } from '../../../shared/http-types';
import { startTwoOrigins, type TwoOrigins } from '../../../test/support/two-origins';

const ENV_SECRET = 'env-secret-value-4711';
const GLOBAL_SECRET = 'global-secret-value-0815';
const COLLECTION_SECRET = 'collection-secret-value-1234';
let world: TwoOrigins;
let environmentId = '';
let collectionId = '';

beforeAll(async () => {
  world = await startTwoOrigins((req, res) => {
    // /bounce?… sends the client on to the other origin with the query it got: a secret in it would follow.
    if (req.url?.startsWith('/bounce'))
      res.writeHead(302, { Location: `${world.other.origin}/landing${req.url.slice('/bounce'.length)}` });
    else res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
  const view = await world.call('environments:add', { name: 'Home', origin: world.home.origin });
  environmentId = view.environments.find((e) => e.name === 'Home')!.id;
  const envKey = { name: 'envKey', value: ENV_SECRET, enabled: true, secret: true };
  await world.call('variables:set', { scope: { kind: 'environment', environmentId }, variables: [envKey] });
  await world.call('variables:set', {
    scope: { kind: 'global' },
    variables: [{ name: 'globalKey', value: GLOBAL_SECRET, enabled: true, secret: true }],
  });
  const collections = await world.call('collections:create', { name: 'Adverts' });
  collectionId = collections.collections.find((c) => c.name === 'Adverts')!.id;
  await world.call('variables:set', {
    scope: { kind: 'collection', collectionId },
    variables: [
      { name: 'colKey', value: COLLECTION_SECRET, enabled: true, secret: true, origins: [`${world.home.origin}/`] },
    ],
  });
});
afterAll(() => world.close());

const header = (name: string, value: string) => ({ id: name, name, value, enabled: true, origin: 'user' as const });
const send = async (patch: Parameters<TwoOrigins['request']>[0]) =>
  (await world.call('request:send', world.request(patch))) as SendResult;
const everythingOtherGot = () => JSON.stringify(world.other.received);

describe('an environment’s secret variable', () => {
  it('goes to the environment’s address', async () => {
    const result = await send({ url: `${world.home.origin}/x?v={{envKey}}`, environmentId });
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    expect(world.home.received.at(-1)!.path).toBe(`/x?v=${ENV_SECRET}`);
  });

  it('is refused for another origin in the query, a header or the body, before anything is sent, with a sentence naming it', async () => {
    const before = world.other.received.length;
    for (const patch of [
      { url: `${world.other.origin}/x?v={{envKey}}` },
      { url: `${world.other.origin}/x`, headers: [header('X-Whatever', 'k {{envKey}}')] },
      {
        url: `${world.other.origin}/x`,
        method: 'POST' as const,
        body: '{"k":"{{envKey}}"}',
        headers: [header('Content-Type', 'application/json')],
      },
    ]) {
      const envelope = await world.raw('request:send', world.request({ ...patch, environmentId }));
      expect(envelope).toEqual({
        ok: true,
        value: {
          kind: 'rejected',
          requestId: expect.any(String),
          problems: [
            {
              field: 'url',
              message:
                `The secret variable {{envKey}} of the environment “Home” may go only to ${world.home.origin}; ` +
                `this request would send it to ${world.other.origin}, so nothing was sent. An environment’s secrets go only to its own address: ` +
                `pick the environment whose address is ${world.other.origin} as the target, or change the URL.`,
            },
          ],
        },
      });
    }
    expect(world.other.received.length).toBe(before);
  });
});

describe('a refusal', () => {
  it('masks a secret that makes up the origin it names', async () => {
    // localhost, not 127.0.0.1: a secret stays masked for the session, and the other tests name 127.0.0.1.
    const host = `localhost:${world.other.port}`;
    const hostVar = { name: 'hiddenHost', value: host, enabled: true, secret: true };
    const envKey = { name: 'envKey', value: null, enabled: true, secret: true };
    await world.call('variables:set', { scope: { kind: 'environment', environmentId }, variables: [envKey, hostVar] });
    const refused = await send({ url: 'https://{{hiddenHost}}/x', environmentId });
    const masked = 'this request would send it to https://••••, so nothing was sent';
    expect(refused).toMatchObject({ kind: 'rejected', problems: [{ message: expect.stringContaining(masked) }] });
    expect(JSON.stringify(refused)).not.toContain(host);
  });
});

describe('a Globals secret with no allowed origin yet', () => {
  it('is bound to the origin of its first send; then another origin is refused until the user allows it', async () => {
    expect((await world.call('collections:list', undefined)).globals[0]).toMatchObject({
      name: 'globalKey',
      origins: [],
    });
    expect(await send({ url: `${world.home.origin}/x`, headers: [header('apikey', '{{globalKey}}')] })).toMatchObject({
      kind: 'response',
    });
    expect((await world.call('collections:list', undefined)).globals[0]).toMatchObject({
      name: 'globalKey',
      origins: [world.home.origin],
    });
    expect(readFileSync(join(world.dataDir, 'settings.json'), 'utf8')).toContain(world.home.origin);

    const refused = await send({ url: `${world.other.origin}/x`, headers: [header('apikey', '{{globalKey}}')] });
    expect(refused).toMatchObject({ kind: 'rejected', problems: [{ field: 'url' }] });
    const sentence = (refused as { problems: Array<{ message: string }> }).problems[0]!.message;
    expect(sentence).toBe(
      `The secret variable {{globalKey}} of Globals may go only to ${world.home.origin}; this request would send it to ${world.other.origin}, ` +
        `so nothing was sent. If ${world.other.origin} should have it, add ${world.other.origin} to the allowed origins of {{globalKey}} ` +
        'in Variables (Globals); otherwise change the URL.',
    );
    expect(everythingOtherGot()).not.toContain(GLOBAL_SECRET);

    // The user allows the other origin (value null keeps the stored secret).
    await world.call('variables:set', {
      scope: { kind: 'global' },
      variables: [
        {
          name: 'globalKey',
          value: null,
          enabled: true,
          secret: true,
          origins: [world.home.origin, world.other.origin],
        },
      ],
    });
    expect(await send({ url: `${world.other.origin}/x`, headers: [header('apikey', '{{globalKey}}')] })).toMatchObject({
      kind: 'response',
      status: 200,
    });
    expect(world.other.received.at(-1)!.headers['apikey']).toBe(GLOBAL_SECRET);
  });
});

describe('two first sends at once to two origins', () => {
  it('bind the secret to one origin only: the other send is refused and its server receives nothing', async () => {
    const value = 'race-secret-value-2468';
    const globals = (await world.call('collections:list', undefined)).globals;
    const current = globals.map((v) => ({
      name: v.name,
      value: null,
      enabled: v.enabled,
      secret: v.secret,
      origins: v.origins,
    }));
    await world.call('variables:set', {
      scope: { kind: 'global' },
      variables: [...current, { name: 'raceKey', value, enabled: true, secret: true }],
    });
    const results = await Promise.all(
      [world.home.origin, world.other.origin].map((origin) =>
        send({ url: `${origin}/race`, headers: [header('X-Race', '{{raceKey}}')] }),
      ),
    );
    expect(results.map((r) => r.kind).sort()).toEqual(['rejected', 'response']);
    const reached = [world.home, world.other].filter((server) => JSON.stringify(server.received).includes(value));
    expect(reached).toHaveLength(1);
    const after = (await world.call('collections:list', undefined)).globals;
    expect(after.find((v) => v.name === 'raceKey')!.origins).toEqual([reached[0]!.origin]);
  });
});

describe('a collection’s secret with an allowed origin', () => {
  it('goes there, is refused elsewhere, and its list is kept in the collection’s file', async () => {
    expect(
      await send({ url: `${world.home.origin}/x`, collectionId, body: '{"k":"{{colKey}}"}', method: 'POST' }),
    ).toMatchObject({ kind: 'response' });
    const before = world.other.received.length;
    const refused = await send({
      url: `${world.other.origin}/x`,
      collectionId,
      body: '{"k":"{{colKey}}"}',
      method: 'POST',
    });
    const rule = `{{colKey}} of the collection “Adverts” may go only to ${world.home.origin}`;
    expect(refused).toMatchObject({ kind: 'rejected', problems: [{ message: expect.stringContaining(rule) }] });
    expect(world.other.received.length).toBe(before);
    const collections = await world.call('collections:list', undefined);
    expect(collections.collections.find((c) => c.id === collectionId)!.variables[0]).toMatchObject({
      name: 'colKey',
      origins: [world.home.origin],
    });
  });

  it('is not copied as cURL with real values for another origin', async () => {
    const request = world.request({ url: `${world.other.origin}/x?k={{colKey}}`, collectionId });
    const envelope = await world.raw('export:curl', { request, withSecrets: true });
    const refusal = `this request would send it to ${world.other.origin}, so nothing was copied.`;
    expect(envelope).toMatchObject({ ok: false, error: expect.stringContaining(refusal) });
    expect(JSON.stringify(envelope)).not.toContain(COLLECTION_SECRET);
    const plain = await world.raw('export:curl', {
      request: world.request({ url: `evil.example/x?k={{globalKey}}`, collectionId }),
      withSecrets: true,
    });
    expect(plain).toEqual({
      ok: false,
      error:
        'The URL is not a full https:// address, and secret variables go only to the https:// origins they are allowed: fix the URL first.',
    });
  });
});

describe('a redirect', () => {
  it('that would carry a secret to an origin it may not go to is not followed, and says which variable and where', async () => {
    const before = world.other.received.length;
    const result = await send({ url: `${world.home.origin}/bounce?k={{colKey}}`, collectionId });
    expect(result).toMatchObject({
      kind: 'network-error',
      code: 'redirect-refused',
      message:
        `The server redirected this request to ${world.other.origin}, where the secret variable {{colKey}} of the collection “Adverts” ` +
        'may not go, so the redirect was not followed and nothing was sent there.',
    });
    expect(JSON.stringify(result)).not.toContain(COLLECTION_SECRET);
    expect(world.other.received.length).toBe(before);
  });

  it('without secrets in it is followed to another origin as before', async () => {
    const result = await send({ url: `${world.home.origin}/bounce?k=plain`, collectionId });
    expect(result).toMatchObject({ kind: 'response', finalUrl: `${world.other.origin}/landing?k=plain` });
  });
});
