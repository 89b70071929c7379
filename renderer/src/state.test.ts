import { describe, expect, it } from 'vitest';
import type { HttpResponseResult } from '../../shared/http-types';
import { initialState, reducer, withOrigin } from './state';

describe('withOrigin', () => {
  it('swaps the origin and keeps the path, or uses the default path', () => {
    expect(withOrigin('https://api.olxgroup.com/advert/v1?x=1', 'https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443/advert/v1?x=1');
    expect(withOrigin('', 'https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443/taxonomy/v1/categories');
    expect(withOrigin('/advert/v1', 'https://a.test')).toBe('https://a.test/advert/v1');
  });
});

describe('reducer', () => {
  const sandbox = { origin: 'https://127.0.0.1:9', apiKey: 'sbx_demo' };

  it('points the draft at the sandbox with its key, and drops that key when switching to production', () => {
    let state = reducer(initialState(), { type: 'target', target: 'sandbox', sandbox });
    expect(state.draft.url).toBe('https://127.0.0.1:9/taxonomy/v1/categories');
    expect(state.draft.headers.find((h) => h.name === 'X-API-KEY')?.value).toBe('sbx_demo');
    state = reducer(state, { type: 'target', target: 'production' });
    expect(state.draft.url).toBe('https://api.olxgroup.com/taxonomy/v1/categories');
    expect(state.draft.headers.some((h) => h.name === 'X-API-KEY')).toBe(false);
  });

  it('updates default User-Agent rows that follow the CRM name, not ones the user edited', () => {
    let state = reducer(initialState(), { type: 'settings', settings: { crmName: 'Acme', timeoutMs: 1000, certificates: [], extraCaCertsFile: null } });
    expect(state.draft.headers.find((h) => h.name === 'User-Agent')?.value).toBe('Acme');
    const id = state.draft.headers.find((h) => h.name === 'User-Agent')!.id;
    state = reducer(state, { type: 'updateHeader', id, patch: { value: 'Mine/1.0' } });
    state = reducer(state, { type: 'settings', settings: { crmName: 'Acme 2', timeoutMs: 1000, certificates: [], extraCaCertsFile: null } });
    expect(state.draft.headers.find((h) => h.name === 'User-Agent')?.value).toBe('Mine/1.0');
  });

  it('ignores a result for a request that is no longer the one in flight, and remembers a published advert', () => {
    let state = reducer(initialState(), { type: 'sendStarted', requestId: 'a', startedAt: 0 });
    const result = {
      kind: 'response',
      requestId: 'a',
      status: 202,
      bodyFormat: 'json',
      body: '{"data": {"uuid": "u-1"}}',
    } as HttpResponseResult;
    expect(reducer(state, { type: 'sendFinished', result: { ...result, requestId: 'b' } })).toBe(state);
    state = reducer(state, { type: 'sendFinished', result });
    expect(state.sending).toBeNull();
    expect(state.lastAdvertUuid).toBe('u-1');
  });
});
