/**
 * The Local sandbox the app starts itself (no sandbox given), through the real dispatch: started
 * once on sandbox:start, its CA trusted for the session and its demo key used by the Local sandbox
 * environment, and closed with the app.
 */
import { request as httpsRequest } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import type { SendResult } from '../../../shared/http-types';
import { openMainWorld, outgoingRequest, type MainWorld } from '../../../test/support/main-world';

let world: MainWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

/** How a plain connection to `origin` ends: 'refused' once nothing listens there. */
function connect(origin: string): Promise<string> {
  return new Promise((resolve) => {
    const req = httpsRequest(`${origin}/taxonomy/v1/categories`, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(`status ${res.statusCode}`);
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)),
    );
    req.end();
  });
}

describe('sandbox:start without a given sandbox', () => {
  it('starts one sandbox, trusts its CA for the session, sends with its demo key, and closes it with the app', async () => {
    world = openMainWorld();
    const trustedBefore = world.services.extraTrustedPems().length;
    const { origin } = await world.invoke('sandbox:start', undefined);
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await world.invoke('sandbox:start', undefined)).origin).toBe(origin);
    expect(world.services.extraTrustedPems().length).toBe(trustedBefore + 1);

    const result = (await world.invoke(
      'request:send',
      outgoingRequest({
        requestId: 's1',
        url: `${origin}/taxonomy/v1/categories`,
        environmentId: 'sandbox',
        auth: { mode: 'api-key' },
      }),
    )) as SendResult;
    expect(result).toMatchObject({ kind: 'response', status: 200 });

    await world.close();
    world = null;
    expect(await connect(origin)).toBe('refused');
  });
});
