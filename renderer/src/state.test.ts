import { describe, expect, it } from 'vitest';
import type { CredentialsView, EnvironmentView } from '../../shared/credentials';
import type { HttpResponseResult } from '../../shared/http-types';
import { DEFAULT_PROXY } from '../../shared/settings';
import { activeData, activeTab, initialState, isDirty, reducer, withOrigin } from './state';

describe('withOrigin', () => {
  it('swaps the origin and keeps the path, or uses the default path', () => {
    expect(withOrigin('https://api.olxgroup.com/advert/v1?x=1', 'https://127.0.0.1:8443')).toBe(
      'https://127.0.0.1:8443/advert/v1?x=1',
    );
    expect(withOrigin('', 'https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443/taxonomy/v1/categories');
    expect(withOrigin('/advert/v1', 'https://a.test')).toBe('https://a.test/advert/v1');
  });
});

describe('reducer', () => {
  const sandbox = { origin: 'https://127.0.0.1:9' };

  const environment = (id: string, origin: string | null, users: Array<{ id: string; name: string }> = []) =>
    ({
      id,
      name: id,
      origin,
      authorizationUrl: null,
      builtin: true,
      secrets: {},
      users: users.map((u) => ({
        ...u,
        status: 'authorized',
        accessExpiresAt: null,
        refreshExpiresAt: null,
        problem: null,
      })),
    }) as unknown as EnvironmentView;
  const credentials = (environments: EnvironmentView[]): CredentialsView => ({
    vault: { protection: 'os', weakAllowed: false, warning: null },
    environments,
    authWindow: 'app-window',
    authorizing: false,
  });

  it('points the draft at an environment with its credentials, and at no credentials for any URL', () => {
    let state = reducer(initialState(), {
      type: 'credentials',
      credentials: credentials([environment('sandbox', null), environment('production', 'https://api.olxgroup.com')]),
    });
    state = reducer(state, { type: 'target', target: 'sandbox', sandbox });
    expect(activeData(state).draft.url).toBe('https://127.0.0.1:9/taxonomy/v1/categories');
    expect(activeData(state).draft.auth).toEqual({ mode: 'api-key' });
    // The key is not typed into a header row: the main process adds it at send time.
    expect(activeData(state).draft.headers.some((h) => h.name === 'X-API-KEY')).toBe(false);
    state = reducer(state, { type: 'target', target: 'production' });
    expect(activeData(state).draft.url).toBe('https://api.olxgroup.com/taxonomy/v1/categories');
    state = reducer(state, { type: 'target', target: 'any' });
    expect(activeData(state).draft.auth).toEqual({ mode: 'none' });
  });

  it('acts for the first authorized CRM user by default, and drops a user who was removed', () => {
    let state = reducer(initialState(), {
      type: 'credentials',
      credentials: credentials([environment('sandbox', 'https://127.0.0.1:9', [{ id: 'u1', name: 'Anna' }])]),
    });
    state = reducer(state, { type: 'target', target: 'sandbox', sandbox });
    state = reducer(state, { type: 'auth', auth: { mode: 'api-key-bearer' } });
    expect(activeData(state).draft.auth).toEqual({ mode: 'api-key-bearer', bearer: 'u1' });
    state = reducer(state, {
      type: 'credentials',
      credentials: credentials([environment('sandbox', 'https://127.0.0.1:9')]),
    });
    expect(activeData(state).draft.auth).toEqual({ mode: 'api-key-bearer', bearer: undefined });
  });

  it('updates default User-Agent rows that follow the CRM name, not ones the user edited', () => {
    let state = reducer(initialState(), {
      type: 'settings',
      settings: {
        crmName: 'Acme',
        timeoutMs: 1000,
        maxResponseMb: 200,
        authWindow: 'app-window',
        theme: 'system',
        codeTarget: 'curl',
        certificates: [],
        clientCertificates: [],
        extraCaCertsFile: null,
        proxy: DEFAULT_PROXY,
        proxyPassword: { set: false, hint: null, cleared: null },
        warnings: [],
      },
    });
    expect(activeData(state).draft.headers.find((h) => h.name === 'User-Agent')?.value).toBe('Acme');
    const id = activeData(state).draft.headers.find((h) => h.name === 'User-Agent')!.id;
    state = reducer(state, { type: 'updateHeader', id, patch: { value: 'Mine/1.0' } });
    state = reducer(state, {
      type: 'settings',
      settings: {
        crmName: 'Acme 2',
        timeoutMs: 1000,
        maxResponseMb: 200,
        authWindow: 'app-window',
        theme: 'system',
        codeTarget: 'curl',
        certificates: [],
        clientCertificates: [],
        extraCaCertsFile: null,
        proxy: DEFAULT_PROXY,
        proxyPassword: { set: false, hint: null, cleared: null },
        warnings: [],
      },
    });
    expect(activeData(state).draft.headers.find((h) => h.name === 'User-Agent')?.value).toBe('Mine/1.0');
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
    expect(activeData(state).sending).toBeNull();
    expect(state.lastAdvertUuid).toBe('u-1');
  });
});

describe('tabs', () => {
  it('opens saved requests in tabs, marks unsaved changes, and keeps each tab’s own draft', () => {
    let state = reducer(initialState(), {
      type: 'settings',
      settings: {
        crmName: 'Acme',
        timeoutMs: 1000,
        maxResponseMb: 200,
        authWindow: 'app-window',
        theme: 'system',
        codeTarget: 'curl',
        certificates: [],
        clientCertificates: [],
        extraCaCertsFile: null,
        proxy: DEFAULT_PROXY,
        proxyPassword: { set: false, hint: null, cleared: null },
        warnings: [],
      },
    });
    const first = state.tabs[0]!;
    expect(isDirty(first)).toBe(false);
    const doc = {
      id: 'r1',
      name: 'Publish',
      method: 'POST' as const,
      url: '{{baseUrl}}/advert/v1',
      headers: [],
      body: '{}',
      auth: { mode: 'inherit' as const },
      captures: [],
    };
    state = reducer(state, { type: 'openRequest', collectionId: 'c1', doc });
    expect(state.tabs).toHaveLength(2);
    expect(activeData(state).draft.url).toBe('{{baseUrl}}/advert/v1');
    state = reducer(state, { type: 'url', url: '{{baseUrl}}/advert/v1/x' });
    const second = activeTab(state);
    expect(isDirty(second)).toBe(true);
    state = reducer(state, { type: 'switchTab', id: first.id });
    expect(activeData(state).draft.url).toBe('');
    state = reducer(state, { type: 'openRequest', collectionId: 'c1', doc });
    expect(state.tabs).toHaveLength(2);
    expect(activeData(state).draft.url).toBe('{{baseUrl}}/advert/v1/x');
    state = reducer(state, { type: 'saved', collectionId: 'c1', requestId: 'r1', name: 'Publish' });
    expect(isDirty(activeTab(state))).toBe(false);
    state = reducer(state, { type: 'closeTab', id: state.activeTab });
    expect(state.tabs).toHaveLength(1);
    expect(activeData(state).draft.url).toBe('');
  });

  it('after a save that moved a typed key into a secret variable, the row shows the variable and the tab is not marked changed', () => {
    let state = reducer(initialState(), { type: 'addHeader' });
    const row = activeData(state).draft.headers.at(-1)!;
    state = reducer(state, {
      type: 'updateHeader',
      id: row.id,
      patch: { name: 'X-API-KEY', value: 'typed-key-123456' },
    });
    const index = activeData(state).draft.headers.findIndex((h) => h.id === row.id);
    state = reducer(state, {
      type: 'saved',
      collectionId: 'c1',
      requestId: 'r1',
      name: 'Publish',
      headerValues: [{ index, value: '{{xApiKey}}' }],
    });
    expect(activeData(state).draft.headers[index]).toMatchObject({
      id: row.id,
      name: 'X-API-KEY',
      value: '{{xApiKey}}',
    });
    expect(activeData(state).draft.headers.map((h) => h.value)).not.toContain('typed-key-123456');
    expect(isDirty(activeTab(state))).toBe(false);
  });

  it('after a save that moved a typed Bearer token into a secret variable, the Token field shows the variable', () => {
    let state = reducer(initialState(), { type: 'auth', auth: { mode: 'bearer', token: 'typed-token-123456' } });
    state = reducer(state, {
      type: 'saved',
      collectionId: 'c1',
      requestId: 'r1',
      name: 'Publish',
      token: '{{authorization}}',
    });
    expect(activeData(state).draft.auth).toEqual({ mode: 'bearer', token: '{{authorization}}' });
    expect(isDirty(activeTab(state))).toBe(false);
  });

  it('puts a send’s answer in the tab that sent it, after the user switched away', () => {
    let state = reducer(initialState(), { type: 'url', url: 'https://api.test/a' });
    const first = state.activeTab;
    state = reducer(state, { type: 'sendStarted', requestId: 'q1', startedAt: 0 });
    state = reducer(state, { type: 'newTab' });
    const result = {
      kind: 'response',
      requestId: 'q1',
      status: 200,
      bodyFormat: 'json',
      body: '{}',
    } as HttpResponseResult;
    state = reducer(state, { type: 'sendFinished', result });
    expect(activeData(state).result).toBeNull();
    state = reducer(state, { type: 'switchTab', id: first });
    expect(activeData(state)).toMatchObject({
      sending: null,
      result: { requestId: 'q1', status: 200 },
      draft: { url: 'https://api.test/a' },
    });
  });
});
