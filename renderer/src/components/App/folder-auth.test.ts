/**
 * Folder auth through the real dispatch and the real sandbox on loopback: a folder's auth is saved
 * (its literal token in the vault, not the files), shown as what its requests inherit, sent by the
 * request the editor builds (the renderer's own selectors), copied as cURL, run by the app's runner,
 * and carried by both exports; a folder set back to inherit leaves collection.json as it was.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionsView, FolderNode } from '../../../../shared/collections';
import type { SendResult } from '../../../../shared/http-types';
import type { RequestDoc } from '../../../../shared/schemas/request';
import type { SavedAuth } from '../../../../shared/schemas/auth';
import { initialState, reducer, type AppState } from '../../state';
import { activeInheritedAuth, outgoing } from './selectors';
import { inheritedLabel } from '../AuthPicker';
import { openMainWorld, startSandbox, type MainWorld, type Sandbox } from '../../../../test/support/main-world';

const TOKEN = 'folder-typed-bearer-token-5d81ce';

let sandbox: Sandbox;
let world: MainWorld;
let collectionId: string;
let view: CollectionsView;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  world = openMainWorld({ sandbox });
  view = await world.value<CollectionsView>('collections:create', { name: 'Partner API' });
  collectionId = view.collections[0]!.id;
  view = await world.value<CollectionsView>('collections:setAuth', { collectionId, auth: { mode: 'api-key' } });
});
afterEach(() => world.close());

const collectionFile = () => join(view.collections[0]!.location, 'collection.json');

function findFolder(name: string, nodes: CollectionsView['collections'][number]['tree']): FolderNode | null {
  for (const node of nodes) {
    if (node.kind !== 'folder') continue;
    const found = node.name === name ? node : findFolder(name, node.children);
    if (found) return found;
  }
  return null;
}

function folderNamed(name: string): FolderNode {
  const found = findFolder(name, view.collections[0]!.tree);
  if (!found) throw new Error(`The collection has no folder ${name}.`);
  return found;
}

async function addFolder(name: string, parentId: string | null): Promise<string> {
  view = await world.value<CollectionsView>('collections:addFolder', { collectionId, parentId, name });
  return folderNamed(name).id;
}

async function setFolderAuth(folderId: string, auth: SavedAuth): Promise<void> {
  view = await world.value<CollectionsView>('collections:setFolderAuth', { collectionId, folderId, auth });
}

async function saveRequest(id: string, name: string, parentId: string | null): Promise<RequestDoc> {
  const request: RequestDoc = {
    id,
    name,
    method: 'GET',
    url: `${sandbox.origin}/taxonomy/v1/categories`,
    headers: [],
    body: '',
    auth: { mode: 'inherit' },
    captures: [],
  };
  view = await world.value<CollectionsView>('collections:saveRequest', { collectionId, parentId, request });
  return request;
}

/** The editor's state with a saved request open and the Local sandbox as the target, as the App builds it. */
function editorWith(doc: RequestDoc): AppState {
  return [
    { type: 'collections', collections: view } as const,
    { type: 'target', target: 'sandbox', sandbox: { origin: sandbox.origin } } as const,
    { type: 'openRequest', collectionId, doc } as const,
  ].reduce(reducer, initialState());
}

/** Sends the request the editor would send; answers the headers the sandbox received. */
async function sendFromEditor(doc: RequestDoc): Promise<Record<string, string | string[] | undefined>> {
  const before = sandbox.received.length;
  const result = await world.value<SendResult>('request:send', outgoing(editorWith(doc), `send-${doc.id}`));
  expect(result.kind).toBe('response');
  const received = sandbox.received.slice(before);
  expect(received).toHaveLength(1);
  return received[0]!.headers;
}

function filesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => [path, readFileSync(path, 'utf8')]);
}

/** Adverts › Listings (Bearer, typed literally) › Drafts (None), a request in each inner folder and one at the top; in tree order Drafts comes before List. */
async function listingsCollection() {
  const adverts = await addFolder('Adverts', null);
  const listings = await addFolder('Listings', adverts);
  const drafts = await addFolder('Drafts', listings);
  await setFolderAuth(listings, { mode: 'bearer', token: TOKEN });
  await setFolderAuth(drafts, { mode: 'none' });
  const list = await saveRequest('11111111-1111-4111-8111-111111111111', 'List', listings);
  const draft = await saveRequest('22222222-2222-4222-8222-222222222222', 'Draft', drafts);
  const top = await saveRequest('33333333-3333-4333-8333-333333333333', 'Top', null);
  return { adverts, listings, drafts, list, draft, top };
}

describe('a folder’s auth, set through collections:setFolderAuth', () => {
  it('keeps a typed token in the vault and collection.json holds {{authorization}}; the view shows each folder’s auth', async () => {
    await listingsCollection();
    expect(folderNamed('Listings').auth).toEqual({ mode: 'bearer', token: '{{authorization}}' });
    expect(folderNamed('Drafts').auth).toEqual({ mode: 'none' });
    expect(folderNamed('Adverts').auth).toBeUndefined();
    expect(view.collections[0]!.variables.map((v) => [v.name, v.secret])).toEqual([['authorization', true]]);
    for (const [path, text] of filesUnder(world.dataDir)) expect(text, path).not.toContain(TOKEN);
  });

  it('sends, from the editor, the nearest folder’s auth, a folder’s None, and the collection’s at the top', async () => {
    const { list, draft, top } = await listingsCollection();

    expect(inheritedLabel(activeInheritedAuth(editorWith(list)))).toBe(
      'Inherited from folder “Listings” (Bearer token)',
    );
    const listed = await sendFromEditor(list);
    expect(listed.authorization).toBe(`Bearer ${TOKEN}`);
    expect(listed['x-api-key']).toBeUndefined();

    expect(inheritedLabel(activeInheritedAuth(editorWith(draft)))).toBe('Inherited from folder “Drafts” (None)');
    const drafted = await sendFromEditor(draft);
    expect(drafted.authorization).toBeUndefined();
    expect(drafted['x-api-key']).toBeUndefined();

    expect(inheritedLabel(activeInheritedAuth(editorWith(top)))).toBe('Inherited from the collection (API key)');
    const topped = await sendFromEditor(top);
    expect(topped['x-api-key']).toBe(sandbox.apiKey);
    expect(topped.authorization).toBeUndefined();
  });

  it('lets the request’s own auth win over its folder’s', async () => {
    const { list } = await listingsCollection();
    const own = { ...list, auth: { mode: 'api-key' as const } };
    const headers = await sendFromEditor(own);
    expect(headers['x-api-key']).toBe(sandbox.apiKey);
    expect(headers.authorization).toBeUndefined();
  });

  it('is copied as cURL with the folder’s token as its placeholder, never its value', async () => {
    const { list } = await listingsCollection();
    const copied = await world.value<{ text: string }>('export:curl', {
      request: outgoing(editorWith(list), 'curl'),
      withSecrets: false,
    });
    expect(copied.text).toContain("--header 'Authorization: Bearer {{authorization}}'");
    expect(copied.text).not.toContain('X-API-KEY');
    expect(copied.text).not.toContain(TOKEN);
  });

  it('is run by the app’s runner: the sandbox receives each request’s inherited auth', async () => {
    await listingsCollection();
    const before = sandbox.received.length;
    const { runId } = await world.value<{ runId: string }>('runner:start', {
      collectionId,
      environmentId: 'sandbox',
      delayMs: 0,
      bail: false,
    });
    while ((await world.value<{ state: string }>('runner:progress', { runId, from: 0 })).state === 'running')
      await new Promise((resolve) => setTimeout(resolve, 10));
    const received = sandbox.received.slice(before).map((r) => [r.headers.authorization, r.headers['x-api-key']]);
    // In tree order: Drafts › Draft (None), then Listings' List (Bearer), then Top (the collection's API key).
    expect(received).toEqual([
      [undefined, undefined],
      [`Bearer ${TOKEN}`, undefined],
      [undefined, sandbox.apiKey],
    ]);
  });

  it('goes out in both exports as the folder’s auth, the token as its placeholder, and both come back in', async () => {
    await listingsCollection();
    const exported = async (format: 'postman' | 'workbench') =>
      (await world.value<{ text: string }>('export:collection', { collectionId, format })).text;
    const postmanText = await exported('postman');
    const postman = JSON.parse(postmanText);
    const adverts = postman.item[0];
    expect(adverts.auth).toBeUndefined();
    const listings = adverts.item[0];
    expect(listings.auth).toEqual({
      type: 'bearer',
      bearer: [{ key: 'token', value: '{{authorization}}', type: 'string' }],
    });
    const [drafts, list] = listings.item;
    expect(drafts.auth).toEqual({ type: 'noauth' });
    expect(drafts.item[0].request.auth).toBeUndefined();
    expect(list.request.auth).toBeUndefined();
    expect(postman.item[1].request.auth).toBeUndefined();
    expect(postman.auth.type).toBe('apikey');

    const ownText = await exported('workbench');
    for (const [text, fileName] of [
      [postmanText, 'listings.postman_collection.json'],
      [ownText, 'listings.workbench.json'],
    ] as const) {
      expect(text).not.toContain(TOKEN);
      const { previewId } = await world.value<{ previewId: string }>('import:preview', { text, fileName });
      const applied = await world.value<{ collections: CollectionsView }>('import:apply', { previewId });
      view = { ...applied.collections, collections: [applied.collections.collections.at(-1)!] };
      expect(folderNamed('Adverts').auth, fileName).toBeUndefined();
      expect(folderNamed('Listings').auth, fileName).toEqual({ mode: 'bearer', token: '{{authorization}}' });
      expect(folderNamed('Drafts').auth, fileName).toEqual({ mode: 'none' });
    }
  });

  it('set back to inherit, leaves collection.json byte for byte as before the folder had auth', async () => {
    const adverts = await addFolder('Adverts', null);
    await saveRequest('11111111-1111-4111-8111-111111111111', 'List', adverts);
    const before = readFileSync(collectionFile(), 'utf8');
    expect(before).not.toContain('"auth": { "mode": "basic"');
    await setFolderAuth(adverts, { mode: 'basic' });
    expect(readFileSync(collectionFile(), 'utf8')).not.toBe(before);
    await setFolderAuth(adverts, { mode: 'inherit' });
    expect(folderNamed('Adverts').auth).toBeUndefined();
    expect(readFileSync(collectionFile(), 'utf8')).toBe(before);
  });

  it('moves a literal token found in a folder’s auth on disk (edited by hand, or from git) out before an export', async () => {
    const dir = join(world.parent, 'from-git');
    mkdirSync(dir);
    const index = {
      format: 'partner-api-workbench.collection',
      version: 1,
      id: 'from-git-1',
      name: 'From git',
      auth: { mode: 'none' },
      variables: [],
      items: [{ folder: 'Listings', id: 'f-1', path: 'listings', auth: { mode: 'bearer', token: TOKEN }, items: [] }],
    };
    writeFileSync(join(dir, 'collection.json'), JSON.stringify(index, null, 2));
    const opener = openMainWorld({ sandbox, chooseFolder: async () => dir });
    try {
      await opener.value('collections:openFolder');
      for (const format of ['postman', 'workbench'])
        expect(
          (await opener.value<{ text: string }>('export:collection', { collectionId: 'from-git-1', format })).text,
        ).not.toContain(TOKEN);
      view = await opener.value<CollectionsView>('collections:list');
      expect(folderNamed('Listings').auth).toEqual({ mode: 'bearer', token: '{{authorization}}' });
      expect(readFileSync(join(dir, 'collection.json'), 'utf8')).not.toContain(TOKEN);
    } finally {
      await opener.close();
    }
  });

  it('refuses a folder that is not there, in a sentence', async () => {
    const answer = await world.call('collections:setFolderAuth', {
      collectionId,
      folderId: 'no-such-folder',
      auth: { mode: 'none' },
    });
    expect(answer).toEqual({ ok: false, error: 'That folder is no longer in the collection.' });
  });
});
