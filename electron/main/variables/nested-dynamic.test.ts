/**
 * Nested and dynamic variables through the real dispatch, against two loopback HTTPS servers: what
 * the server receives is the resolved request (a path variable whose value is another variable,
 * {{$guid}}, {{$timestamp}}…, fresh per send), and a secret reached through another variable's value
 * still goes only to its origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendResult } from '../../../shared/http-types';
import { startTwoOrigins, type TwoOrigins } from '../../../test/support/two-origins';

const SECRET = 'nested-secret-value-9182';
const UUID_V4 = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
let world: TwoOrigins;
let collectionId = '';

beforeAll(async () => {
  world = await startTwoOrigins();
  const collections = await world.call('collections:create', { name: 'Payments' });
  collectionId = collections.collections.find((c) => c.name === 'Payments')!.id;
  const plain = (name: string, value: string) => ({ name, value, enabled: true, secret: false });
  await world.call('variables:set', {
    scope: { kind: 'collection', collectionId },
    variables: [
      plain('merchantId', '{{YOUR_MERCHANT_ACCOUNT}}'),
      plain('YOUR_MERCHANT_ACCOUNT', 'AcmeShop{{region}}'),
      plain('region', 'EU'),
      plain('auth', 'Key {{merchantKey}}'),
      plain('loopA', '{{loopB}}'),
      plain('loopB', '{{loopA}}'),
      { name: 'merchantKey', value: SECRET, enabled: true, secret: true, origins: [world.home.origin] },
    ],
  });
});
afterAll(() => world.close());

const header = (name: string, value: string) => ({ id: name, name, value, enabled: true, origin: 'user' as const });
const send = async (patch: Parameters<TwoOrigins['request']>[0]) =>
  (await world.call('request:send', world.request({ collectionId, ...patch }))) as SendResult;

describe('a request with nested and dynamic variables', () => {
  it('arrives with every variable resolved: nested path variable, $guid, $timestamp, $randomInt', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await send({
      method: 'POST',
      url: `${world.home.origin}/merchants/{{merchantId}}/payments/{{$guid}}?t={{$timestamp}}`,
      headers: [header('Content-Type', 'application/json'), header('Idempotency-Key', '{{$randomUUID}}')],
      body: '{"amount": {{$randomInt}}, "at": "{{$isoTimestamp}}"}',
    });
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    const got = world.home.received.at(-1)!;
    const path = new RegExp(`^/merchants/AcmeShopEU/payments/(${UUID_V4})\\?t=(\\d{10})$`).exec(got.path);
    expect(path, got.path).not.toBeNull();
    expect(Number(path![2])).toBeGreaterThanOrEqual(before);
    expect(Number(path![2])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(got.headers['idempotency-key']).toMatch(new RegExp(`^${UUID_V4}$`));
    const body = JSON.parse(got.body) as { amount: number; at: string };
    expect(body.amount).toBeGreaterThanOrEqual(0);
    expect(body.amount).toBeLessThanOrEqual(1000);
    expect(Math.abs(Date.parse(body.at) - Date.now())).toBeLessThan(10_000);
  });

  it('gets fresh dynamic values on every send', async () => {
    await send({ url: `${world.home.origin}/p/{{$guid}}` });
    await send({ url: `${world.home.origin}/p/{{$guid}}` });
    const [first, second] = world.home.received.slice(-2).map((r) => r.path);
    expect(first).toMatch(new RegExp(`^/p/${UUID_V4}$`));
    expect(second).toMatch(new RegExp(`^/p/${UUID_V4}$`));
    expect(first).not.toBe(second);
  });

  it('is refused with a sentence, and nothing sent, for a cycle, an unknown name behind a variable, or an unsupported $name', async () => {
    const before = world.home.received.length;
    const cases: Array<[string, RegExp]> = [
      [
        '/{{loopA}}',
        /^Variables in the URL refer to each other in a circle: \{\{loopA\}\} → \{\{loopB\}\} → \{\{loopA\}\}, so none of them has a value\./,
      ],
      ['/{{auth}}/{{region}}/{{missingBehind}}', /^Unknown variable \{\{missingBehind\}\} in the URL\./],
      [
        '/{{$randomBankAccountIban}}',
        /^Unknown dynamic variable \{\{\$randomBankAccountIban\}\} in the URL: it is not one the app makes up values for/,
      ],
    ];
    for (const [path, message] of cases) {
      const refused = { kind: 'rejected', problems: [{ field: 'url', message: expect.stringMatching(message) }] };
      expect(await send({ url: `${world.home.origin}${path}` })).toMatchObject(refused);
    }
    expect(world.home.received.length).toBe(before);
  });
});

describe('an imported Postman request whose path variable is another variable', () => {
  it('is sent with the nested value, as newman sends it', async () => {
    const postman = {
      info: { name: 'Checkout', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      variable: [{ key: 'YOUR_MERCHANT_ACCOUNT', value: 'AcmeShop' }],
      item: [
        {
          name: 'Payment methods',
          request: {
            method: 'GET',
            url: {
              raw: `${world.home.origin}/merchants/:merchantId/paymentMethods?ref={{$guid}}`,
              variable: [{ key: 'merchantId', value: '{{YOUR_MERCHANT_ACCOUNT}}' }],
            },
          },
        },
      ],
    };
    const preview = await world.call('import:preview', {
      text: JSON.stringify(postman),
      fileName: 'checkout.postman_collection.json',
    });
    expect(preview.unsupported).toEqual([]);
    const { collections } = await world.call('import:apply', { previewId: preview.previewId });
    const imported = collections.collections.find((c) => c.name === 'Checkout')!;
    const node = imported.tree[0]!;
    const doc = await world.call('collections:getRequest', { collectionId: imported.id, requestId: node.id });
    const headers = doc.headers.map((h, i) => ({ ...h, id: `h${i}`, origin: 'user' as const }));
    const result = await world.call(
      'request:send',
      world.request({ collectionId: imported.id, url: doc.url, headers }),
    );
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    expect(world.home.received.at(-1)!.path).toMatch(
      new RegExp(`^/merchants/AcmeShop/paymentMethods\\?ref=${UUID_V4}$`),
    );
  });
});

describe('a secret reached through another variable', () => {
  it('goes to its origin', async () => {
    expect(await send({ url: `${world.home.origin}/x`, headers: [header('Authorization', '{{auth}}')] })).toMatchObject(
      { kind: 'response', status: 200 },
    );
    expect(world.home.received.at(-1)!.headers.authorization).toBe(`Key ${SECRET}`);
  });

  it('is refused for another origin before anything is sent, naming the secret, not the variable that led to it', async () => {
    const before = world.other.received.length;
    const toOther = world.request({
      collectionId,
      url: `${world.other.origin}/x`,
      headers: [header('Authorization', '{{auth}}')],
    });
    const envelope = await world.raw('request:send', toOther);
    expect(envelope).toMatchObject({
      ok: true,
      value: {
        kind: 'rejected',
        problems: [
          {
            field: 'url',
            message:
              `The secret variable {{merchantKey}} of the collection “Payments” may go only to ${world.home.origin}; ` +
              `this request would send it to ${world.other.origin}, so nothing was sent. If ${world.other.origin} should have it, ` +
              `add ${world.other.origin} to the allowed origins of {{merchantKey}} in Variables (the collection “Payments”); otherwise change the URL.`,
          },
        ],
      },
    });
    expect(JSON.stringify(envelope)).not.toContain(SECRET);
    expect(world.other.received.length).toBe(before);
  });
});
