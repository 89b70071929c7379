/**
 * A server that redirects to another origin gets nothing secret there, through the real dispatch:
 * a secret variable in a header of any name is dropped, a body holding one is not re-sent, and the
 * renderer gets the sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendResult } from '../../../shared/http-types';
import { startTwoOrigins, type TwoOrigins } from '../../../test/support/two-origins';

const KEY_VAR = 'home-var-secret-4711';
const API_KEY = 'home-api-key-0815';
let world: TwoOrigins;
let environmentId = '';

beforeAll(async () => {
  world = await startTwoOrigins((req, res) => {
    res.writeHead(req.url === '/post' ? 307 : 302, { Location: `${world.other.origin}/landing` });
    res.end();
  });
  const view = await world.call('environments:add', { name: 'Home', origin: world.home.origin });
  environmentId = view.environments.find((e) => e.name === 'Home')!.id;
  await world.call('credentials:setSecret', { environmentId, field: 'apiKey', value: API_KEY });
  const homeKey = { name: 'homeKey', value: KEY_VAR, enabled: true, secret: true };
  await world.call('variables:set', { scope: { kind: 'environment', environmentId }, variables: [homeKey] });
});
afterAll(() => world.close());

const header = (name: string, value: string) => ({ id: name, name, value, enabled: true, origin: 'user' as const });

describe('a redirect to another origin', () => {
  it('drops the headers that hold the request’s secrets, whatever their names', async () => {
    const result = (await world.call(
      'request:send',
      world.request({
        url: `${world.home.origin}/get`,
        environmentId,
        auth: { mode: 'api-key' },
        headers: [header('apikey', '{{homeKey}}'), header('X-Echo', 'k={{homeKey}}'), header('X-Trace', 'keep')],
      }),
    )) as SendResult;
    expect(result).toMatchObject({ kind: 'response', status: 200, finalUrl: `${world.other.origin}/landing` });
    expect(world.home.received.at(-1)!.headers['apikey']).toBe(KEY_VAR);
    const landed = world.other.received.at(-1)!;
    expect(landed.headers['x-trace']).toBe('keep');
    expect(landed.rawHeaders.join('\n')).not.toContain(KEY_VAR);
    expect(landed.rawHeaders.join('\n')).not.toContain(API_KEY);
  });

  it('does not re-send a body holding a secret variable on 307: the renderer gets a sentence, the other origin nothing', async () => {
    const before = world.other.received.length;
    const envelope = await world.raw(
      'request:send',
      world.request({
        method: 'POST',
        url: `${world.home.origin}/post`,
        environmentId,
        body: '{"k":"{{homeKey}}"}',
        headers: [header('Content-Type', 'application/json')],
      }),
    );
    expect(envelope).toMatchObject({
      ok: true,
      value: {
        kind: 'network-error',
        code: 'redirect-refused',
        message:
          `The server redirected this request to ${world.other.origin}, another origin, and the body holds a secret of this request, ` +
          'so the redirect was not followed and nothing was sent there.',
      },
    });
    expect(JSON.stringify(envelope)).not.toContain(KEY_VAR);
    expect(world.other.received.length).toBe(before);
  });
});
