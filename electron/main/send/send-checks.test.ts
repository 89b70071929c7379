/**
 * Checks on request:send, through the real dispatch to the real sandbox on loopback HTTPS: the answer
 * lists each enabled check with pass or fail, the expected and the actual value, {{variables}}
 * resolved like the request's (a value captured from this very response too), a variable without a
 * value as that check's error, and a secret the server echoed masked in what is shown.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/collections';
import type { HttpResponseResult, SendResult } from '../../../shared/http-types';
import type { Check } from '../../../shared/schemas/check';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { openMainWorld, outgoingRequest, type MainWorld } from '../../../test/support/main-world';
import { startSandbox, type Sandbox } from '../sandbox/server';

let sandbox: Sandbox;
let world: MainWorld;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  world = openMainWorld({ sandbox });
});
afterEach(() => world.close());

const check = (on: Check['on'], op: Check['op'], expected = '', target = '', enabled = true): Check => ({
  on,
  target,
  op,
  expected,
  enabled,
});

/** A send to the sandbox's echo with its API key (a secret the echo sends back in the body). */
function echo(patch: Partial<OutgoingRequest> = {}, query = ''): OutgoingRequest {
  return outgoingRequest({
    requestId: `checks-${Math.random()}`,
    method: 'POST',
    url: `${sandbox.origin}/sandbox/v1/echo${query}`,
    headers: [{ id: 'h1', name: 'Content-Type', value: 'application/json', enabled: true, origin: 'user' }],
    body: '{"title":"Flat in Kraków"}',
    environmentId: 'sandbox',
    auth: { mode: 'api-key' },
    ...patch,
  });
}

async function send(request: OutgoingRequest): Promise<HttpResponseResult> {
  const result = await world.value<SendResult>('request:send', request);
  if (result.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(result)}`);
  return result;
}

describe('checks on a send', () => {
  it('come back passed or failed with the expected and the actual value, the echoed API key masked', async () => {
    await world.value('variables:set', {
      scope: { kind: 'global' },
      variables: [{ name: 'method', value: 'POST', enabled: true, secret: false }],
    });
    const result = await send(
      echo({
        checks: [
          check('status', 'equals', '200'),
          check('status', 'one-of', '201, 202'),
          check('json', 'contains', 'Kraków', '$.data.body'),
          check('json', 'equals', '{{method}}', '$.data.method'),
          check('json', 'equals', 'not-the-key', "$.data.headers['x-api-key']"),
          check('header', 'matches', '^application/json', 'Content-Type'),
          check('status', 'equals', '500', '', false),
        ],
      }),
    );
    expect(result.checks).toEqual([
      { label: 'status is 200', passed: true },
      { label: 'status is one of 201, 202', passed: false, expected: '201, 202', actual: '200' },
      { label: '$.data.body contains Kraków', passed: true },
      { label: '$.data.method is POST', passed: true },
      {
        label: "$.data.headers['x-api-key'] is not-the-key",
        passed: false,
        expected: 'not-the-key',
        actual: '"••••"',
      },
      { label: 'header Content-Type matches ^application/json', passed: true },
    ]);
    expect(JSON.stringify(result)).not.toContain(sandbox.apiKey);
  });

  it('give a check whose expected value has an unknown variable an error, and the send still answers', async () => {
    const result = await send(
      echo({ checks: [check('json', 'equals', '{{nowhere}}', '$.data.method'), check('status', 'equals', '200')] }),
    );
    expect(result.status).toBe(200);
    expect(result.checks).toEqual([
      {
        label: '$.data.method is {{nowhere}}',
        passed: false,
        error:
          'Unknown variable {{nowhere}} in the expected value. Define it in the environment, the collection or Globals, or send the request that captures it first.',
      },
      { label: 'status is 200', passed: true },
    ]);
  });

  it('resolve a variable this response captured, and mask a secret variable used as an expected value', async () => {
    await world.value('variables:set', {
      scope: { kind: 'global' },
      variables: [{ name: 'key', value: sandbox.apiKey, enabled: true, secret: true }],
    });
    const result = await send(
      echo({
        captures: [{ variable: 'echoedTitle', path: '$.data.body' }],
        checks: [
          check('json', 'equals', '{{echoedTitle}}', '$.data.body'),
          check('json', 'equals', '{{key}}', '$.data.path'),
        ],
      }),
    );
    expect(result.captured).toEqual([{ variable: 'echoedTitle', value: '{"title":"Flat in Kraków"}' }]);
    expect(result.checks).toEqual([
      { label: '$.data.body is {"title":"Flat in Kraków"}', passed: true },
      { label: '$.data.path is ••••', passed: false, expected: '••••', actual: '"/sandbox/v1/echo"' },
    ]);
  });

  it('read a large body kept in the main process, as captures do', async () => {
    const result = await send(
      echo(
        {
          checks: [
            check('json', 'length', '1200000', '$.data.padding'),
            check('json', 'equals', 'POST', '$.data.method'),
            check('size', 'below', '1000'),
          ],
        },
        '?pad=1200000',
      ),
    );
    expect(result.bodyView).toBeDefined();
    expect(result.body).toBe('');
    expect(result.checks).toEqual([
      { label: '$.data.padding length is 1200000', passed: true },
      { label: '$.data.method is POST', passed: true },
      {
        label: 'body size below 1000 bytes',
        passed: false,
        expected: 'below 1000 bytes',
        actual: `${result.bodyBytes} bytes`,
      },
    ]);
  });

  it('leave the answer without checks when none is enabled, as for a caller from before checks', async () => {
    expect((await send(echo())).checks).toBeUndefined();
    expect((await send(echo({ checks: [check('status', 'equals', '500', '', false)] }))).checks).toBeUndefined();
  });

  it('count passes and failures in the history entry, nothing more', async () => {
    await send(echo({ checks: [check('status', 'equals', '200'), check('status', 'equals', '404')] }));
    await send(echo());
    const entries = await world.value<HistoryEntry[]>('history:list', {});
    expect(entries.map((entry) => entry.checks)).toEqual([undefined, { passed: 1, failed: 1 }]);
  });
});
