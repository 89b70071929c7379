/** Masked handlers keep the dispatch's sentences: a fault of the app's own or a file-system error never reaches the renderer raw. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createKnownSecrets } from '../credentials/known-secrets';
import { createDispatch, type Handlers } from './dispatch';
import { INTERNAL_FAULT } from './error-sentence';
import { maskedHandlers } from './masked-handlers';

const FROM_APP = 'app://renderer/index.html';
const trusted = (url: string | undefined) => url === FROM_APP;

function dispatchOf(fail: () => Promise<unknown>) {
  const known = createKnownSecrets();
  known.remember('canary-secret-0815');
  const handlers = maskedHandlers({ 'settings:get': fail } as unknown as Handlers, known);
  return createDispatch(handlers, trusted);
}

describe('masked handlers', () => {
  it('give the plain sentence for an error JavaScript itself raised', async () => {
    const answer = await dispatchOf(async () => (undefined as unknown as { x: number }).x)(
      'settings:get',
      FROM_APP,
      undefined,
    );
    expect(answer).toEqual({ ok: false, error: INTERNAL_FAULT });
  });

  it('give a file-system error as a sentence without its path or errno', async () => {
    const missing = join(tmpdir(), 'home-of-canary-secret-0815', 'settings.json');
    const answer = await dispatchOf(async () => readFile(missing))('settings:get', FROM_APP, undefined);
    expect(answer).toMatchObject({
      ok: false,
      error: expect.stringContaining('Could not read or write a file (settings.json)'),
    });
    expect(JSON.stringify(answer)).not.toMatch(/ENOENT|home-of|canary-secret/);
  });

  it('mask a secret in a handler’s own sentence', async () => {
    const answer = await dispatchOf(async () => {
      throw new Error('The server refused canary-secret-0815.');
    })('settings:get', FROM_APP, undefined);
    expect(answer).toEqual({ ok: false, error: 'The server refused ••••.' });
  });
});
