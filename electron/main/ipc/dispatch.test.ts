import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Handlers } from './dispatch';
import { createDispatch } from './dispatch';
import { INTERNAL_FAULT } from './error-sentence';

function recordingHandlers() {
  const calls: Array<[string, unknown]> = [];
  const record =
    (channel: string, value: unknown = {}) =>
    async (request: unknown) => {
      calls.push([channel, request]);
      return value;
    };
  const handlers = {
    'request:send': record('request:send'),
    'request:cancel': record('request:cancel', { cancelled: true }),
    'settings:get': record('settings:get'),
    'settings:update': record('settings:update'),
    'settings:addCertificate': record('settings:addCertificate'),
    'settings:removeCertificate': async () => {
      throw new Error('That certificate is no longer in the list.');
    },
    'sandbox:start': record('sandbox:start'),
  } as unknown as Handlers;
  return { handlers, calls };
}

const TOO_LONG_TODO = 'Use a shorter name, or a folder closer to the top of the disk.';
const trusted = (url: string | undefined) => url === 'app://renderer/index.html';
const FROM_APP = 'app://renderer/index.html';

describe('dispatch', () => {
  it('runs the handler with the parsed payload for a trusted sender', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatch(handlers, trusted);
    expect(await dispatch('request:cancel', FROM_APP, { requestId: 'r1' })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(calls).toEqual([['request:cancel', { requestId: 'r1' }]]);
  });

  it('refuses an untrusted sender before parsing or running anything', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatch(handlers, trusted)('request:cancel', 'https://evil.example/', {
      requestId: 'r1',
    });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/did not come from the app/) });
    expect(calls).toEqual([]);
  });

  it('refuses unknown channels and malformed payloads, never half-running', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatch(handlers, trusted);
    expect(await dispatch('secrets:get', FROM_APP, undefined)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Unknown channel/),
    });
    expect(await dispatch('request:cancel', FROM_APP, {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/malformed request:cancel.*requestId/),
    });
    expect(await dispatch('request:cancel', FROM_APP, { requestId: 'r', extra: 1 })).toMatchObject({ ok: false });
    expect(await dispatch('settings:update', FROM_APP, { timeoutMs: 5 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/timeoutMs/),
    });
    expect(
      await dispatch('request:send', FROM_APP, {
        requestId: 'r',
        method: 'TRACE',
        url: 'https://x',
        headers: [],
        body: '',
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/method/) });
    expect(await dispatch('settings:get', FROM_APP, { sneaky: true })).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('turns a handler error into a message for the user', async () => {
    const { handlers } = recordingHandlers();
    expect(await createDispatch(handlers, trusted)('settings:removeCertificate', FROM_APP, { id: 'x' })).toEqual({
      ok: false,
      error: 'That certificate is no longer in the list.',
    });
  });

  it('gives a sentence, not the raw text, for an error JavaScript itself raised in a handler', async () => {
    const faults = [
      () => (undefined as unknown as { x: number }).x,
      () => (1 as unknown as () => void)(),
      () => {
        const deep = (n: number): number => deep(n + 1) + 1;
        return deep(0);
      },
      () => JSON.parse('{'),
    ];
    for (const fault of faults) {
      const handlers = { 'settings:get': async () => fault() } as unknown as Handlers;
      const answer = await createDispatch(handlers, trusted)('settings:get', FROM_APP, undefined);
      expect(answer).toEqual({ ok: false, error: INTERNAL_FAULT });
    }
  });

  it('ends a refusal with one full stop when the schema’s message is a sentence', async () => {
    const { handlers } = recordingHandlers();
    const answer = await createDispatch(handlers, trusted)('collections:create', FROM_APP, {
      name: 'x'.repeat(10_000),
    });
    expect(answer).toEqual({
      ok: false,
      error: 'Refused a malformed collections:create call: name: A collection name has at most 200 characters.',
    });
  });

  it('turns a file-system error into a sentence without the absolute path or the errno text', async () => {
    const folder = join(tmpdir(), 'home-of-anna-kowalska');
    const failing = (path: string) => async () => void (await readFile(path));
    const handlers = {
      'settings:get': failing(join(tmpdir(), `${'x'.repeat(300)}.json`)),
      'credentials:get': failing(join(folder, 'credentials.json')),
    } as unknown as Handlers;
    const dispatch = createDispatch(handlers, trusted);
    const long = await dispatch('settings:get', FROM_APP, undefined);
    const missing = await dispatch('credentials:get', FROM_APP, undefined);
    const tooLong = `Could not read or write a file (${'x'.repeat(300)}.json): a file name or path is too long. ${TOO_LONG_TODO}`;
    expect(long).toEqual({ ok: false, error: tooLong });
    const gone =
      'Could not read or write a file (credentials.json): a file or folder it needs is missing. Check that the folder still exists, then try again.';
    expect(missing).toEqual({ ok: false, error: gone });
    for (const answer of [long, missing])
      expect(JSON.stringify(answer)).not.toMatch(/anna-kowalska|ENAMETOOLONG|ENOENT|\/tmp/);
  });
});
