import { describe, expect, it } from 'vitest';
import type { CollectionsView, HistoryDetail } from '../../../../shared/collections';
import type { CredentialsView, EnvironmentView } from '../../../../shared/credentials';
import { activeData, initialState, reducer, type Action, type AppState } from '../../state';
import {
  anyDirty,
  curlActions,
  curlNotice,
  defaultSaveName,
  docFromDraft,
  effectiveAuth,
  exampleActions,
  invalidHeaderRows,
  openHistoryAction,
  outgoing,
  savedNotice,
  savePlace,
  tabsForBar,
} from './selectors';

const apply = (state: AppState, actions: Action[]) => actions.reduce(reducer, state);

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

/** A state with the saved request "Publish" of collection c1 open in a second tab. */
function withSavedRequest(
  collectionAuth: CollectionsView['collections'][number]['auth'] = { mode: 'api-key' },
): AppState {
  const collections = {
    collections: [{ id: 'c1', name: 'Ads', auth: collectionAuth, tree: [] }],
  } as unknown as CollectionsView;
  return apply(initialState(), [
    { type: 'collections', collections },
    { type: 'openRequest', collectionId: 'c1', doc },
  ]);
}

describe('savePlace', () => {
  it('saves a tab’s saved request where it is, under its name', () => {
    expect(savePlace(withSavedRequest(), null, () => 'new')).toEqual({
      collectionId: 'c1',
      parentId: null,
      requestId: 'r1',
      name: 'Publish',
    });
  });

  it('asks where when the tab edits no saved request', () => {
    expect(savePlace(initialState(), null, () => 'new')).toBeNull();
  });

  it('saves as a new request where the dialog says, even from a saved request', () => {
    const target = { collectionId: 'c2', parentId: 'f1', name: 'Publish copy' };
    expect(savePlace(withSavedRequest(), target, () => 'new')).toEqual({
      collectionId: 'c2',
      parentId: 'f1',
      requestId: 'new',
      name: 'Publish copy',
    });
  });
});

describe('the request sent and the document saved', () => {
  it('leave out captures the user has not finished and keep default header rows marked', () => {
    const state = apply(initialState(), [
      { type: 'url', url: 'https://api.test/advert/v1' },
      {
        type: 'captures',
        captures: [
          { variable: 'uuid', path: '$.data.uuid' },
          { variable: 'half', path: ' ' },
        ],
      },
    ]);
    const sent = outgoing(state, 'q1');
    expect(sent).toMatchObject({
      requestId: 'q1',
      url: 'https://api.test/advert/v1',
      environmentId: null,
      collectionId: null,
      captures: [{ variable: 'uuid', path: '$.data.uuid' }],
    });
    const saved = docFromDraft(activeData(state).draft, 'r9', 'Adverts');
    expect(saved).toMatchObject({
      id: 'r9',
      name: 'Adverts',
      url: 'https://api.test/advert/v1',
      captures: [{ variable: 'uuid', path: '$.data.uuid' }],
    });
    expect(saved.headers.find((h) => h.name === 'Accept')).toEqual({
      name: 'Accept',
      value: 'application/json',
      enabled: true,
      origin: 'default',
    });
    expect(saved.headers.every((h) => !('id' in h))).toBe(true);
  });

  it('send the collection’s auth for a request that inherits it, acting for the first authorized user', () => {
    const environment = { id: 'sandbox', users: [{ id: 'u1', status: 'authorized' }] } as unknown as EnvironmentView;
    const credentials = { environments: [environment] } as unknown as CredentialsView;
    let state = withSavedRequest({ mode: 'api-key-bearer' });
    state = apply(state, [
      { type: 'credentials', credentials },
      { type: 'target', target: 'sandbox', sandbox: { origin: 'https://127.0.0.1:9' } },
    ]);
    expect(effectiveAuth(state)).toEqual({ mode: 'api-key-bearer', bearer: 'u1' });
    expect(outgoing(state, 'q1')).toMatchObject({
      auth: { mode: 'api-key-bearer', bearer: 'u1' },
      environmentId: 'sandbox',
      collectionId: 'c1',
    });
  });
});

describe('tabs', () => {
  it('show each tab’s own method and unsaved changes, whichever tab is active', () => {
    let state = withSavedRequest();
    expect(tabsForBar(state).map((t) => [t.method, t.dirty])).toEqual([
      ['GET', false],
      ['POST', false],
    ]);
    expect(anyDirty(state)).toBe(false);
    state = reducer(state, { type: 'url', url: '{{baseUrl}}/advert/v1/x' });
    state = reducer(state, { type: 'switchTab', id: state.tabs[0]!.id });
    expect(tabsForBar(state).map((t) => [t.method, t.dirty])).toEqual([
      ['GET', false],
      ['POST', true],
    ]);
    expect(anyDirty(state)).toBe(true);
  });

  it('suggest a name for an untitled request from its method and path', () => {
    const state = apply(initialState(), [
      { type: 'method', method: 'DELETE' },
      { type: 'url', url: '{{baseUrl}}/advert/v1/abc' },
    ]);
    expect(defaultSaveName(state)).toBe('DELETE /advert/v1/abc');
    expect(defaultSaveName(reducer(state, { type: 'url', url: 'https://api.test' }))).toBe('DELETE /');
    expect(defaultSaveName(withSavedRequest())).toBe('Publish');
  });
});

describe('notices and problems', () => {
  it('say what a save did with a typed credential', () => {
    expect(savedNotice('Publish', undefined)).toBe('Saved “Publish”.');
    expect(savedNotice('Publish', { notice: 'The API key is now {{xApiKey}}.', headers: [] })).toBe(
      'Saved “Publish”. The API key is now {{xApiKey}}.',
    );
  });

  it('mark the header rows a problem points at', () => {
    const rows = invalidHeaderRows([
      { field: 'headers', row: 2, message: 'bad name' },
      { field: 'headers', message: 'too many' },
      { field: 'url', row: 5, message: 'no scheme' },
    ]);
    expect([...rows]).toEqual([2]);
  });
});

describe('requests from elsewhere', () => {
  it('open a history entry as a new unsaved tab named by its method and path', () => {
    const entry = {
      method: 'GET',
      url: 'https://127.0.0.1:9/taxonomy/v1/categories',
      request: {
        method: 'GET',
        url: '{{baseUrl}}/taxonomy/v1/categories',
        headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
        body: '',
        auth: { mode: 'api-key' },
      },
    } as unknown as HistoryDetail;
    const state = reducer(initialState(), openHistoryAction(entry));
    expect(state.tabs).toHaveLength(2);
    expect(tabsForBar(state)[1]).toMatchObject({ name: 'GET /taxonomy/v1/categories', dirty: true });
    expect(activeData(state).draft).toMatchObject({
      url: '{{baseUrl}}/taxonomy/v1/categories',
      auth: { mode: 'api-key' },
      captures: [],
    });
  });

  it('load a pasted cURL command’s method, URL, body and headers', () => {
    const state = apply(
      initialState(),
      curlActions({
        name: 'x',
        method: 'POST',
        url: 'https://api.test/a',
        headers: [{ name: 'X-Trace', value: '7', enabled: true }],
        body: '{"a":1}',
        auth: { mode: 'none' },
        captures: [],
      }),
    );
    const { draft } = activeData(state);
    expect(draft).toMatchObject({ method: 'POST', url: 'https://api.test/a', body: '{"a":1}', auth: { mode: 'none' } });
    expect(draft.headers.find((h) => h.name === 'X-Trace')?.value).toBe('7');
    expect(curlNotice([])).toBe('Imported the cURL command.');
    expect(curlNotice(['--insecure is ignored.'])).toBe(
      'Imported the cURL command. Not imported: --insecure is ignored.',
    );
  });

  it('load an example only once the sandbox runs, the 403 one with a key the sandbox does not know', () => {
    expect(exampleActions(initialState(), 'bad-key')).toEqual([]);
    const running = { ...initialState(), sandbox: { origin: 'https://127.0.0.1:9' } };
    expect(exampleActions(running, 'no-such-example')).toEqual([]);
    const forbidden = activeData(apply(running, exampleActions(running, 'bad-key'))).draft;
    expect(forbidden).toMatchObject({
      method: 'GET',
      url: 'https://127.0.0.1:9/taxonomy/v1/categories',
      auth: { mode: 'none' },
    });
    expect(forbidden.headers.find((h) => h.name === 'X-API-KEY')?.value).toBe('sbx_unknown_key_0000');
    const meta = apply(
      { ...running, lastAdvertUuid: 'u-1' },
      exampleActions({ ...running, lastAdvertUuid: 'u-1' }, 'meta'),
    );
    expect(activeData(meta).draft).toMatchObject({
      url: 'https://127.0.0.1:9/advert/v1/u-1/meta',
      auth: { mode: 'api-key-bearer' },
    });
    expect(activeData(meta).draft.headers.some((h) => h.name === 'X-API-KEY')).toBe(false);
  });
});
