import { describe, expect, it } from 'vitest';
import type { Handlers } from './dispatch';
import { dispatchForWindow } from './window-dispatch';

const cancelled = { cancelled: true };
const handlers = { 'request:cancel': async () => cancelled } as unknown as Handlers;
const REFUSED = { ok: false, error: 'Refused: the call did not come from the app’s own window.' };

describe('dispatchForWindow', () => {
  it('answers the app’s own window and refuses any other page', async () => {
    const dispatch = dispatchForWindow(handlers);
    expect(await dispatch('request:cancel', 'app://renderer/index.html', { requestId: 'r1' })).toEqual({
      ok: true,
      value: cancelled,
    });
    expect(await dispatch('request:cancel', 'https://example.com/', { requestId: 'r1' })).toEqual(REFUSED);
    expect(await dispatch('request:cancel', undefined, { requestId: 'r1' })).toEqual(REFUSED);
  });

  it('in the bridge, answers only the origin the build is served on', async () => {
    const dispatch = dispatchForWindow(handlers, 'http://127.0.0.1:4173');
    expect(await dispatch('request:cancel', 'http://127.0.0.1:4173/index.html', { requestId: 'r1' })).toEqual({
      ok: true,
      value: cancelled,
    });
    expect(await dispatch('request:cancel', 'http://127.0.0.1:4174/index.html', { requestId: 'r1' })).toEqual(REFUSED);
    expect(await dispatch('request:cancel', 'app://renderer/index.html', { requestId: 'r1' })).toEqual(REFUSED);
  });
});
