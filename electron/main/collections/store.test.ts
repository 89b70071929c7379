/** The collections store on real folders: what reaches disk, in which form, and what survives a restart. */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderNode, ImportedCollection, TreeNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import { serializeRequest } from './format';
import { openCollectionsStore, type CollectionsStore, type StoredCollection } from './store';

const CANARY = 'CANARY-5e1f-secret-variable-value';
let dataDir: string;
let writes: string[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'collections-store-'));
  writes = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const open = (): CollectionsStore =>
  openCollectionsStore({ dataDir, onWrite: (file) => writes.push(relative(dataDir, file).split('\\').join('/')) });

function request(name: string, patch: Partial<RequestDoc> = {}): RequestDoc {
  return {
    id: randomUUID(),
    name,
    method: 'GET',
    url: 'https://api.olxgroup.com/taxonomy/v1/categories',
    headers: [],
    body: '',
    auth: { mode: 'inherit' },
    captures: [],
    ...patch,
  };
}

/** Every file under a folder, relative, sorted. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

const read = (path: string) => readFileSync(path, 'utf8');
const shape = (nodes: TreeNode[]): unknown[] =>
  nodes.map((n) => (n.kind === 'request' ? n.name : { [n.name]: shape(n.children) }));

/** Writes collection.json and request files by hand, as a teammate's git checkout would. */
function writeCollectionByHand(dir: string, collection: object, requests: Record<string, object | string>) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'collection.json'), JSON.stringify(collection, null, 2));
  for (const [path, body] of Object.entries(requests)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  }
}

const IMPORTED: ImportedCollection = {
  name: 'Partner API',
  description: 'The OLX Group real-estate Partner API.',
  auth: { mode: 'api-key-bearer' },
  variables: [
    { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
    { name: 'clientSecret', value: CANARY, enabled: true, secret: true },
  ],
  items: [
    {
      kind: 'folder',
      name: 'Adverts',
      children: [
        {
          kind: 'request',
          request: {
            name: 'Publish an advert',
            method: 'POST',
            url: '{{baseUrl}}/advert/v1',
            headers: [{ name: 'Content-Type', value: 'application/json', enabled: true, origin: 'default' }],
            body: '{\n  "title": "Flat"\n}\n',
            auth: { mode: 'inherit' },
            captures: [{ variable: 'advertUuid', path: '$.data.uuid' }],
          },
        },
        {
          kind: 'request',
          request: {
            name: 'Publish an advert',
            method: 'POST',
            url: '{{baseUrl}}/advert/v1',
            headers: [],
            body: '',
            auth: { mode: 'inherit' },
            captures: [],
          },
        },
        {
          kind: 'folder',
          name: 'Meta',
          children: [
            {
              kind: 'request',
              request: {
                name: 'Advert meta',
                method: 'GET',
                url: '{{baseUrl}}/advert/v1/{{advertUuid}}/meta',
                headers: [],
                body: '',
                auth: { mode: 'api-key' },
                captures: [],
              },
            },
          ],
        },
      ],
    },
    { kind: 'folder', name: 'Empty', children: [] },
    {
      kind: 'request',
      request: {
        name: 'Get a token',
        method: 'POST',
        url: '{{baseUrl}}/oauth/v1/token',
        headers: [],
        body: '{"grant_type":"refresh_token"}',
        auth: { mode: 'basic' },
        captures: [],
        description: 'Refreshes the CRM user token.',
      },
    },
  ],
};

const findNode = (nodes: TreeNode[], name: string): TreeNode => {
  for (const node of nodes) {
    if (node.name === name) return node;
    if (node.kind === 'folder') {
      try {
        return findNode(node.children, name);
      } catch {
        // not in this folder
      }
    }
  }
  throw new Error(`no node ${name}`);
};

describe('creating, saving and reading requests', () => {
  it('creates a collection folder with collection.json and remembers it across restarts', () => {
    const store = open();
    const created = store.create('  Partner API ');
    expect(created).toMatchObject({
      name: 'Partner API',
      tree: [],
      variables: [],
      auth: { mode: 'api-key-bearer' },
      problems: [],
    });
    expect(created.location).toBe(join(dataDir, 'collections', 'partner-api'));
    expect(files(created.location)).toEqual(['collection.json']);
    expect(JSON.parse(read(join(created.location, 'collection.json')))).toEqual({
      format: 'partner-api-workbench.collection',
      version: 1,
      id: created.id,
      name: 'Partner API',
      auth: { mode: 'api-key-bearer' },
      variables: [],
      items: [],
    });
    const second = store.create('Partner API');
    expect(second.location).toBe(join(dataDir, 'collections', 'partner-api-2'));
    expect(
      open()
        .list()
        .map((c) => c.id),
    ).toEqual([created.id, second.id]);
    expect(() => store.create('   ')).toThrow('Give the collection a name.');
    expect(() => store.get('nope')).toThrow('That collection is no longer open.');
  });

  it('round trips every field of a request, through a restart', () => {
    const store = open();
    const { id } = store.create('Partner API');
    const doc: RequestDoc = {
      id: randomUUID(),
      name: 'Publish an advert — ünïcödé',
      method: 'PUT',
      url: '{{baseUrl}}/advert/v1/{{advertUuid}}?a=1&b=%20',
      description: 'Line one\nline two',
      headers: [
        { name: 'Accept', value: 'application/json', enabled: true, origin: 'default' },
        { name: 'X-Off', value: '', enabled: false },
      ],
      body: '{\r\n  "title": "Mieszkanie, Łódź",\r\n  "tab": "\t"\r\n}\r\n\n',
      auth: { mode: 'api-key-bearer', bearer: 'manual' },
      captures: [
        { variable: 'advertUuid', path: '$.data.uuid' },
        { variable: 'odd', path: "$['odd key'][0]" },
      ],
    };
    store.saveRequest(id, doc);
    expect(store.getRequest(id, doc.id)).toEqual(doc);
    expect(open().getRequest(id, doc.id)).toEqual(doc);
    const text = read(join(store.get(id).location, 'publish-an-advert-unicode.request.json'));
    expect(text).toBe(serializeRequest(doc));
    expect(JSON.parse(text).body).toEqual([
      '{\r',
      '  "title": "Mieszkanie, Łódź",\r',
      '  "tab": "\t"\r',
      '}\r',
      '',
      '',
    ]);
    const minimal = request('Minimal');
    store.saveRequest(id, minimal);
    expect(open().getRequest(id, minimal.id)).toEqual(minimal);
    expect(JSON.parse(read(join(store.get(id).location, 'collection.json'))).items).toEqual([
      { request: 'publish-an-advert-unicode.request.json', id: doc.id, name: doc.name, method: 'PUT' },
      { request: 'minimal.request.json', id: minimal.id, name: 'Minimal', method: 'GET' },
    ]);
  });

  it('writes identical bytes for the same request, and nothing at all for a save that changes nothing', () => {
    const store = open();
    const { id, location } = store.create('C');
    const doc = request('Get categories', { body: 'x\n' });
    store.saveRequest(id, doc);
    const file = join(location, 'get-categories.request.json');
    const bytes = read(file);
    const indexBytes = read(join(location, 'collection.json'));
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    utimesSync(join(location, 'collection.json'), past, past);
    const mtimes = () => [statSync(file).mtimeMs, statSync(join(location, 'collection.json')).mtimeMs];
    const before = mtimes();
    writes = [];

    store.saveRequest(id, { ...doc, headers: [], captures: [] });
    open().saveRequest(id, structuredClone(doc));
    expect(writes).toEqual([]);
    expect(mtimes()).toEqual(before);
    expect(read(file)).toBe(bytes);
    expect(read(join(location, 'collection.json'))).toBe(indexBytes);
  });

  it('rewrites only the request file when its content changes, and collection.json too only when name or method change', () => {
    const store = open();
    const { id, location } = store.create('C');
    const doc = request('Get categories');
    const other = request('Other');
    store.saveRequest(id, doc);
    store.saveRequest(id, other);
    const otherBytes = read(join(location, 'other.request.json'));
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(location, 'collection.json'), past, past);
    const indexMtime = statSync(join(location, 'collection.json')).mtimeMs;
    writes = [];

    store.saveRequest(id, { ...doc, body: 'changed', url: 'https://api.olxgroup.com/x' });
    expect(writes).toEqual(['collections/c/get-categories.request.json']);
    expect(statSync(join(location, 'collection.json')).mtimeMs).toBe(indexMtime);

    writes = [];
    store.saveRequest(id, { ...doc, body: 'changed', url: 'https://api.olxgroup.com/x', method: 'POST' });
    expect(writes.sort()).toEqual(['collections/c/collection.json', 'collections/c/get-categories.request.json']);

    writes = [];
    store.saveRequest(id, {
      ...doc,
      body: 'changed',
      url: 'https://api.olxgroup.com/x',
      method: 'POST',
      name: 'List categories',
    });
    expect(writes.sort()).toEqual(['collections/c/collection.json', 'collections/c/list-categories.request.json']);
    expect(files(location)).toEqual(['collection.json', 'list-categories.request.json', 'other.request.json']);
    expect(read(join(location, 'other.request.json'))).toBe(otherBytes);
    expect(store.get(id).tree).toEqual([
      { kind: 'request', id: doc.id, name: 'List categories', method: 'POST' },
      { kind: 'request', id: other.id, name: 'Other', method: 'GET' },
    ]);
  });

  it('refuses requests that are not valid with a sentence', () => {
    const store = open();
    const { id } = store.create('C');
    expect(() => store.saveRequest(id, request('  '))).toThrow('Give the request a name.');
    expect(() => store.saveRequest(id, { ...request('x'), method: 'FETCH' as never })).toThrow(
      'The request cannot be saved: its field “method” is “FETCH”; use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.',
    );
    expect(() => store.saveRequest(id, request('x'), 'no-such-folder')).toThrow(
      'That folder is no longer in the collection.',
    );
    expect(() => store.getRequest(id, 'nope')).toThrow('That item is no longer in the collection.');
  });
});

/** A collection with a folder "Adverts" holding two requests and a folder "Meta", and a request at the top level. */
function fixture() {
  const store = open();
  const c = store.create('Partner API');
  const adverts = store.addFolder(c.id, null, 'Adverts');
  const publish = request('Publish an advert', { method: 'POST', body: '{"a":1}\n' });
  const update = request('Update an advert', { method: 'PUT' });
  const readMeta = request('Read meta');
  const token = request('Get a token', { method: 'POST' });
  store.saveRequest(c.id, publish, adverts.id);
  store.saveRequest(c.id, update, adverts.id);
  const meta = store.addFolder(c.id, adverts.id, 'Meta');
  store.saveRequest(c.id, readMeta, meta.id);
  store.saveRequest(c.id, token, null);
  return { store, id: c.id, dir: c.location, adverts, meta, publish, update, readMeta, token };
}

describe('tree operations', () => {
  it('adds folders and requests as folders and files named after them', () => {
    const { store, id, dir, adverts } = fixture();
    expect(shape(store.get(id).tree)).toEqual([
      { Adverts: ['Publish an advert', 'Update an advert', { Meta: ['Read meta'] }] },
      'Get a token',
    ]);
    store.saveRequest(id, request('Publish an advert'), adverts.id);
    store.addFolder(id, adverts.id, 'meta');
    expect(files(dir)).toEqual([
      'adverts/meta/read-meta.request.json',
      'adverts/publish-an-advert-2.request.json',
      'adverts/publish-an-advert.request.json',
      'adverts/update-an-advert.request.json',
      'collection.json',
      'get-a-token.request.json',
    ]);
    expect(existsSync(join(dir, 'adverts', 'meta-2'))).toBe(true);
    expect(() => store.addFolder(id, null, '')).toThrow('Give the folder a name.');
  });

  it('renames files and folders with their nodes, keeping ids and contents', () => {
    const { store, id, dir, adverts, meta, publish, readMeta } = fixture();
    store.renameNode(id, publish.id, 'Publish a flat');
    store.renameNode(id, adverts.id, 'Listings');
    store.renameNode(id, meta.id, 'Metadata');
    expect(files(dir)).toEqual([
      'collection.json',
      'get-a-token.request.json',
      'listings/metadata/read-meta.request.json',
      'listings/publish-a-flat.request.json',
      'listings/update-an-advert.request.json',
    ]);
    const reopened = open();
    expect(shape(reopened.get(id).tree)).toEqual([
      { Listings: ['Publish a flat', 'Update an advert', { Metadata: ['Read meta'] }] },
      'Get a token',
    ]);
    expect(reopened.getRequest(id, publish.id)).toEqual({ ...publish, name: 'Publish a flat' });
    expect(reopened.getRequest(id, readMeta.id)).toEqual(readMeta);
    // a name whose slug does not change keeps the file
    writes = [];
    reopened.renameNode(id, publish.id, 'PUBLISH a flat');
    expect(writes.sort()).toEqual([
      'collections/partner-api/collection.json',
      'collections/partner-api/listings/publish-a-flat.request.json',
    ]);
  });

  it('duplicates a request right after it, and a folder with everything in it under new ids', () => {
    const { store, id, dir, adverts, publish } = fixture();
    const copy = store.duplicateNode(id, publish.id);
    expect(copy).toMatchObject({ kind: 'request', name: 'Copy of Publish an advert', method: 'POST' });
    expect(store.getRequest(id, copy.id)).toEqual({ ...publish, id: copy.id, name: 'Copy of Publish an advert' });
    const folderCopy = store.duplicateNode(id, adverts.id) as FolderNode;
    expect(shape(store.get(id).tree)).toEqual([
      { Adverts: ['Publish an advert', 'Copy of Publish an advert', 'Update an advert', { Meta: ['Read meta'] }] },
      {
        'Copy of Adverts': [
          'Publish an advert',
          'Copy of Publish an advert',
          'Update an advert',
          { Meta: ['Read meta'] },
        ],
      },
      'Get a token',
    ]);
    const ids = JSON.stringify(store.get(id).tree).match(/"id":"[^"]+"/g)!;
    expect(new Set(ids).size).toBe(ids.length);
    expect(files(join(dir, 'copy-of-adverts'))).toEqual([
      'copy-of-publish-an-advert.request.json',
      'meta/read-meta.request.json',
      'publish-an-advert.request.json',
      'update-an-advert.request.json',
    ]);
    const copiedPublish = findNode(folderCopy.children, 'Publish an advert');
    expect(open().getRequest(id, copiedPublish.id)).toEqual({ ...publish, id: copiedPublish.id });
  });

  it('moves nodes between folders (moving their files) and within a folder, and refuses a folder into itself', () => {
    const { store, id, dir, adverts, meta, publish, token } = fixture();
    store.moveNode(id, token.id, adverts.id, 0);
    store.moveNode(id, publish.id, meta.id, 5);
    expect(shape(store.get(id).tree)).toEqual([
      { Adverts: ['Get a token', 'Update an advert', { Meta: ['Read meta', 'Publish an advert'] }] },
    ]);
    store.moveNode(id, meta.id, null, 0);
    expect(shape(store.get(id).tree)).toEqual([
      { Meta: ['Read meta', 'Publish an advert'] },
      { Adverts: ['Get a token', 'Update an advert'] },
    ]);
    expect(files(dir)).toEqual([
      'adverts/get-a-token.request.json',
      'adverts/update-an-advert.request.json',
      'collection.json',
      'meta/publish-an-advert.request.json',
      'meta/read-meta.request.json',
    ]);
    writes = [];
    store.moveNode(id, adverts.id, null, 0);
    expect(writes).toEqual(['collections/partner-api/collection.json']);
    store.moveNode(id, adverts.id, null, 0); // already there: nothing written
    expect(writes).toHaveLength(1);
    expect(() => store.moveNode(id, meta.id, meta.id, 0)).toThrow('A folder cannot be moved into itself.');
    store.moveNode(id, meta.id, adverts.id, 99);
    expect(() => store.moveNode(id, adverts.id, meta.id, 0)).toThrow('A folder cannot be moved into itself.');
    const reopened = open();
    expect(shape(reopened.get(id).tree)).toEqual([
      { Adverts: ['Get a token', 'Update an advert', { Meta: ['Read meta', 'Publish an advert'] }] },
    ]);
    expect(reopened.getRequest(id, publish.id)).toEqual(publish);
    expect(reopened.get(id).problems).toEqual([]);
  });
});

describe('deleting to the trash, and undo', () => {
  it('deletes a request to the trash and undo puts back the same file at the same place', () => {
    const { store, id, dir, publish } = fixture();
    const path = join(dir, 'adverts', 'publish-an-advert.request.json');
    const bytes = read(path);
    const before = store.get(id).tree;
    const { undoId } = store.deleteNode(id, publish.id);
    expect(existsSync(path)).toBe(false);
    expect(shape(store.get(id).tree)).toEqual([
      { Adverts: ['Update an advert', { Meta: ['Read meta'] }] },
      'Get a token',
    ]);
    expect(existsSync(join(dataDir, 'trash', undoId, 'manifest.json'))).toBe(true);
    open().undo(undoId); // survives a restart
    const store2 = open();
    expect(store2.get(id).tree).toEqual(before);
    expect(read(path)).toBe(bytes);
    expect(() => store2.undo(undoId)).toThrow('That can no longer be undone.');
    expect(() => store2.undo('../../etc')).toThrow('That can no longer be undone.');
  });

  it('deletes a nested folder with its files and undo restores it exactly, even when its name was taken meanwhile', () => {
    const { store, id, dir, adverts, readMeta } = fixture();
    const before = store.get(id).tree;
    const filesBefore = files(dir);
    const { undoId } = store.deleteNode(id, adverts.id);
    expect(files(dir)).toEqual(['collection.json', 'get-a-token.request.json']);
    expect(existsSync(join(dir, 'adverts'))).toBe(false);
    store.undo(undoId);
    expect(store.get(id).tree).toEqual(before);
    expect(files(dir)).toEqual(filesBefore);

    const again = store.deleteNode(id, adverts.id);
    store.addFolder(id, null, 'Adverts'); // takes adverts/
    store.undo(again.undoId);
    expect(shape(store.get(id).tree)).toEqual([
      { Adverts: ['Publish an advert', 'Update an advert', { Meta: ['Read meta'] }] },
      'Get a token',
      { Adverts: [] },
    ]);
    expect(files(dir)).toContain('adverts-2/meta/read-meta.request.json');
    expect(open().getRequest(id, readMeta.id)).toEqual(readMeta);
  });

  it('restores a deleted node at the top level when its folder is gone, and keeps the last 20 deletions', () => {
    const { store, id, meta, readMeta, adverts } = fixture();
    const first = store.deleteNode(id, readMeta.id);
    store.deleteNode(id, adverts.id);
    store.undo(first.undoId);
    expect(shape(store.get(id).tree)).toEqual(['Read meta', 'Get a token']);
    expect(() => store.getRequest(id, meta.id)).toThrow('That item is no longer in the collection.');
    for (let i = 0; i < 25; i++) {
      const doc = request(`Temp ${i}`);
      store.saveRequest(id, doc);
      store.deleteNode(id, doc.id);
    }
    expect(readdirSync(join(dataDir, 'trash'))).toHaveLength(20);
  });

  it('says when a removed collection leaves the trash for good (not for requests, not once undone)', () => {
    const purged: string[] = [];
    const store = openCollectionsStore({ dataDir, onCollectionPurged: (id) => purged.push(id) });
    const gone = store.create('Gone for good');
    const back = store.create('Brought back');
    store.remove(gone.id);
    store.undo(store.remove(back.id).undoId);
    for (let i = 0; i < 20; i++) {
      const c = store.create(`Temp ${i}`);
      const doc = request(`Request ${i}`);
      store.saveRequest(c.id, doc);
      store.deleteNode(c.id, doc.id);
    }
    // 21 entries went into the trash after `gone`'s removal: its entry left first, then a request's.
    expect(purged).toEqual([gone.id]);
    expect(store.get(back.id).name).toBe('Brought back');
  });
});

describe('import, variables and auth', () => {
  it('imports a collection with nested folders, and never writes a secret variable value', () => {
    const store = open();
    const imported = store.importCollection(IMPORTED);
    expect(shape(imported.tree)).toEqual([
      { Adverts: ['Publish an advert', 'Publish an advert', { Meta: ['Advert meta'] }] },
      { Empty: [] },
      'Get a token',
    ]);
    expect(imported).toMatchObject({
      name: 'Partner API',
      description: 'The OLX Group real-estate Partner API.',
      auth: { mode: 'api-key-bearer' },
      problems: [],
    });
    expect(imported.variables).toEqual([
      { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
      { name: 'clientSecret', value: '', enabled: true, secret: true },
    ]);
    expect(files(imported.location)).toEqual([
      'adverts/meta/advert-meta.request.json',
      'adverts/publish-an-advert-2.request.json',
      'adverts/publish-an-advert.request.json',
      'collection.json',
      'get-a-token.request.json',
    ]);
    expect(existsSync(join(imported.location, 'empty'))).toBe(true);
    const reopened = open().get(imported.id);
    expect(reopened.tree).toEqual(imported.tree);
    const token = findNode(reopened.tree, 'Get a token');
    expect(open().getRequest(imported.id, token.id)).toEqual({
      id: token.id,
      ...(IMPORTED.items[2] as { request: Omit<RequestDoc, 'id'> }).request,
    });

    store.setVariables(imported.id, [
      { name: 'clientSecret', value: CANARY, enabled: true, secret: true },
      { name: 'plain', value: 'visible', enabled: false, secret: false },
    ]);
    expect(store.get(imported.id).variables).toEqual([
      { name: 'clientSecret', value: '', enabled: true, secret: true },
      { name: 'plain', value: 'visible', enabled: false, secret: false },
    ]);
    const everything = files(dataDir).map((f) => read(join(dataDir, f)));
    expect(everything.length).toBeGreaterThan(5);
    for (const text of everything) expect(text).not.toContain(CANARY);
    expect(readdirSync(join(dataDir, 'collections'))).toEqual(['partner-api']); // no staging folder left
  });

  it('stores the collection auth', () => {
    const store = open();
    const { id } = store.create('C');
    store.setAuth(id, { mode: 'api-key-bearer', bearer: 'user-7' });
    expect(open().get(id).auth).toEqual({ mode: 'api-key-bearer', bearer: 'user-7' });
    expect(() => store.setAuth(id, { mode: 'magic' } as never)).toThrow('That auth choice is not valid.');
  });
});

describe('folder auth', () => {
  const folderAuthOf = (store: CollectionsStore, id: string, name: string) =>
    (findNode(store.get(id).tree, name) as FolderNode).auth;

  it('is saved in collection.json, read back after a restart, kept by duplicate and undo, and cleared to the same bytes', () => {
    const { store, id, dir, adverts, meta } = fixture();
    const before = read(join(dir, 'collection.json'));
    store.setFolderAuth(id, meta.id, { mode: 'bearer', token: '{{metaToken}}' });
    store.setFolderAuth(id, adverts.id, { mode: 'none' });
    const saved = JSON.parse(read(join(dir, 'collection.json')));
    expect(saved.version).toBe(2);
    expect(saved.items[0]).toMatchObject({ folder: 'Adverts', path: 'adverts', auth: { mode: 'none' } });
    expect(Object.keys(saved.items[0])).toEqual(['folder', 'id', 'path', 'auth', 'items']);
    expect(saved.items[0].items[2]).toMatchObject({ folder: 'Meta', auth: { mode: 'bearer', token: '{{metaToken}}' } });

    const reopened = open();
    expect(folderAuthOf(reopened, id, 'Meta')).toEqual({ mode: 'bearer', token: '{{metaToken}}' });
    expect(folderAuthOf(reopened, id, 'Adverts')).toEqual({ mode: 'none' });

    const copy = reopened.duplicateNode(id, meta.id);
    expect(copy).toMatchObject({ kind: 'folder', auth: { mode: 'bearer', token: '{{metaToken}}' } });
    reopened.deleteNode(id, copy.id);
    const { undoId } = reopened.deleteNode(id, adverts.id);
    reopened.undo(undoId);
    expect(folderAuthOf(open(), id, 'Meta')).toEqual({ mode: 'bearer', token: '{{metaToken}}' });

    store.setFolderAuth(id, meta.id, null);
    open().setFolderAuth(id, adverts.id, null);
    const cleared = open();
    expect(folderAuthOf(cleared, id, 'Adverts')).toBeUndefined();
    expect(read(join(dir, 'collection.json'))).toBe(before);
  });

  it('refuses an auth that is not one, and a folder that is not there', () => {
    const { store, id, adverts, publish } = fixture();
    expect(() => store.setFolderAuth(id, adverts.id, { mode: 'magic' } as never)).toThrow(
      'That auth choice is not valid.',
    );
    expect(() => store.setFolderAuth(id, publish.id, { mode: 'none' })).toThrow(
      'That folder is no longer in the collection.',
    );
  });

  it('comes in with an imported folder', () => {
    const store = open();
    const withAuth: ImportedCollection = {
      ...IMPORTED,
      items: [{ kind: 'folder', name: 'Listings', auth: { mode: 'basic' }, children: [] }],
    };
    const imported = store.importCollection(withAuth);
    expect(folderAuthOf(open(), imported.id, 'Listings')).toEqual({ mode: 'basic' });
  });

  it('opens a collection.json saved before folders had auth without writing it: its bytes stay as they were', () => {
    const dir = join(dataDir, 'collections', 'older');
    const text = `${JSON.stringify(
      {
        format: 'partner-api-workbench.collection',
        version: 1,
        id: 'older-1',
        name: 'Older',
        auth: { mode: 'api-key' },
        variables: [],
        items: [
          {
            folder: 'Adverts',
            id: 'f-1',
            path: 'adverts',
            items: [{ request: 'adverts/list.request.json', id: 'r-1', name: 'List', method: 'GET' }],
          },
        ],
      },
      null,
      2,
    )}\n`;
    writeCollectionByHand(
      dir,
      {},
      { 'adverts/list.request.json': serializeRequest({ ...request('List'), id: 'r-1' }) },
    );
    writeFileSync(join(dir, 'collection.json'), text);
    const store = open();
    expect(store.list().map((c) => c.name)).toEqual(['Older']);
    expect((store.get('older-1').tree[0] as FolderNode).auth).toBeUndefined();
    store.getRequest('older-1', 'r-1');
    expect(writes.filter((f) => f.endsWith('collection.json'))).toEqual([]);
    expect(read(join(dir, 'collection.json'))).toBe(text);
  });

  it('reads a folder auth that is not valid as None, with a problem, rather than the collection’s credentials', () => {
    const { id, dir } = fixture();
    const index = JSON.parse(read(join(dir, 'collection.json')));
    index.items[0].auth = { mode: 'oauth' };
    writeFileSync(join(dir, 'collection.json'), JSON.stringify(index, null, 2));
    const store = open();
    expect(folderAuthOf(store, id, 'Adverts')).toEqual({ mode: 'none' });
    expect(store.get(id).problems).toEqual([
      'The auth of the folder “Adverts” in collection.json is not valid, so its requests send no credentials until you set its auth again.',
    ]);
  });
});

describe('collections as folders', () => {
  it('renames a collection (and its folder), removes it to the trash, and undo brings it back in place', () => {
    const store = open();
    const a = store.create('A');
    const b = store.importCollection(IMPORTED);
    const c = store.create('C');
    store.rename(b.id, 'Partner API (OLX)');
    const location = store.get(b.id).location;
    expect(location).toBe(join(dataDir, 'collections', 'partner-api-olx'));
    const before = files(location).map((f) => [f, read(join(location, f))]);
    const { undoId } = store.remove(b.id);
    expect(existsSync(location)).toBe(false);
    expect(() => store.get(b.id)).toThrow('That collection is no longer open.');
    expect(
      open()
        .list()
        .map((x) => x.name),
    ).toEqual(['A', 'C']);
    const store2 = open();
    store2.undo(undoId);
    expect(store2.list().map((x) => x.name)).toEqual(['A', 'Partner API (OLX)', 'C']);
    expect(files(location).map((f) => [f, read(join(location, f))])).toEqual(before);
    expect(
      open()
        .list()
        .map((x) => x.id),
    ).toEqual([a.id, b.id, c.id]);
  });

  it('opens a collection folder kept elsewhere (e.g. in a git repository), and removing it only closes it', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'collections-repo-'));
    try {
      const store = open();
      const made = store.importCollection(IMPORTED);
      const repoDir = join(elsewhere, 'api-collection');
      mkdirSync(repoDir);
      for (const f of files(made.location)) {
        mkdirSync(join(repoDir, f, '..'), { recursive: true });
        writeFileSync(join(repoDir, f), read(join(made.location, f)));
      }
      mkdirSync(join(repoDir, '.git', 'objects'), { recursive: true });
      writeFileSync(join(repoDir, '.git', 'objects', 'x.request.json'), 'not a request');
      expect(() => store.openFolder(repoDir)).toThrow(/same collection \(same id\)/);
      store.remove(made.id);

      expect(() => store.openFolder(elsewhere)).toThrow(
        `${elsewhere} holds no collection.json; choose the folder of a collection.`,
      );
      expect(() => store.openFolder('relative/path')).toThrow('Choose the collection folder by its full path.');
      const opened = store.openFolder(repoDir);
      expect(opened).toMatchObject({ name: 'Partner API', location: repoDir, problems: [] });
      expect(store.openFolder(repoDir).id).toBe(opened.id);
      const reopened = open();
      expect(reopened.list().map((x) => x.location)).toEqual([repoDir]);
      const { undoId } = reopened.remove(opened.id);
      expect(existsSync(join(repoDir, 'collection.json'))).toBe(true);
      expect(open().list()).toEqual([]);
      open().undo(undoId);
      expect(
        open()
          .list()
          .map((x) => x.location),
      ).toEqual([repoDir]);
      expect(files(repoDir)).toContain('.git/objects/x.request.json');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('files that cannot be read', () => {
  it('sets aside a collection.json that cannot be parsed, names it in the problems, and opens the others', () => {
    const store = open();
    const good = store.importCollection(IMPORTED);
    const bad = store.create('Broken one');
    writeFileSync(
      join(bad.location, 'collection.json'),
      '{ "format": "partner-api-workbench.collection", <<<<<<< HEAD',
    );
    const reopened = open();
    expect(reopened.list().map((c) => c.id)).toEqual([good.id]);
    expect(reopened.problems()).toEqual([
      expect.stringMatching(
        /^The collection in .*broken-one could not be read because it is not valid JSON; its collection\.json was set aside as collection\.json\.broken-[\dTZ-]+ and the collection was not opened\.$/,
      ),
    ]);
    expect(readdirSync(bad.location)).toEqual([expect.stringMatching(/^collection\.json\.broken-/)]);
    const third = open();
    expect(third.problems()).toEqual([]);
    expect(third.list().map((c) => c.id)).toEqual([good.id]);
  });

  it('leaves a collection from a newer version of the app as it is', () => {
    const store = open();
    const c = store.create('Future');
    const text = read(join(c.location, 'collection.json')).replace('"version": 1', '"version": 7');
    writeFileSync(join(c.location, 'collection.json'), text);
    const reopened = open();
    expect(reopened.list()).toEqual([]);
    expect(reopened.problems()).toEqual([
      `The collection in ${c.location} was not opened: it was saved by a newer version of Partner API Workbench; update the app to open it.`,
    ]);
    expect(read(join(c.location, 'collection.json'))).toBe(text);
  });

  it('sets aside a request file that cannot be parsed when it is read: the node is dropped with a problem, the rest works', () => {
    const store = open();
    const c = store.importCollection(IMPORTED);
    const meta = findNode(c.tree, 'Advert meta');
    const token = findNode(c.tree, 'Get a token');
    writeFileSync(
      join(c.location, 'adverts', 'meta', 'advert-meta.request.json'),
      '{"format":"partner-api-workbench.request","version":1,"id":',
    );
    const reopened = open();
    expect(reopened.getRequest(c.id, token.id).name).toBe('Get a token');
    expect(() => reopened.getRequest(c.id, meta.id)).toThrow(
      /^“Advert meta” could not be read because it is not valid JSON; its file was set aside as advert-meta\.request\.json\.broken-[\dTZ-]+ and it was removed from the collection\.$/,
    );
    const after = reopened.get(c.id);
    expect(shape(after.tree)).toEqual([
      { Adverts: ['Publish an advert', 'Publish an advert', { Meta: [] }] },
      { Empty: [] },
      'Get a token',
    ]);
    expect(after.problems).toEqual([
      expect.stringMatching(
        /^“Advert meta” was set aside as adverts\/meta\/advert-meta\.request\.json\.broken-[\dTZ-]+ because it is not valid JSON\.$/,
      ),
    ]);
    expect(readdirSync(join(c.location, 'adverts', 'meta'))).toEqual([
      expect.stringMatching(/^advert-meta\.request\.json\.broken-/),
    ]);
    const third = open().get(c.id);
    expect(third.problems).toEqual([]);
    expect(third.tree).toEqual(after.tree);
  });

  it('verify() reads every request file at once and reports the broken ones', () => {
    const store = open();
    const c = store.importCollection(IMPORTED);
    writeFileSync(
      join(c.location, 'get-a-token.request.json'),
      JSON.stringify({ format: 'partner-api-workbench.request', version: 1, id: 'x', name: 'Get a token' }),
    );
    const reopened = open();
    expect(reopened.verify(c.id)).toEqual([
      expect.stringMatching(
        /^“Get a token” was set aside as get-a-token\.request\.json\.broken-.* because field “method” is missing; add it as one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS\.$/,
      ),
    ]);
    expect(shape(reopened.get(c.id).tree)).toEqual([
      { Adverts: ['Publish an advert', 'Publish an advert', { Meta: ['Advert meta'] }] },
      { Empty: [] },
    ]);
    expect(reopened.verify(c.id)).toEqual([]);
  });

  it('drops a request whose file is missing, and adds request files nobody lists (a fresh id for a copied file)', () => {
    const store = open();
    const c = store.importCollection(IMPORTED);
    const meta = findNode(c.tree, 'Advert meta');
    rmSync(join(c.location, 'adverts', 'meta', 'advert-meta.request.json'));
    const token = findNode(c.tree, 'Get a token');
    const tokenText = read(join(c.location, 'get-a-token.request.json'));
    writeFileSync(
      join(c.location, 'adverts', 'copied-token.request.json'),
      tokenText.replace('"Get a token"', '"Copied token"'),
    );
    const added = request('Added in git', { method: 'DELETE' });
    writeFileSync(join(c.location, 'added-in-git.request.json'), serializeRequest(added));
    writeFileSync(join(c.location, 'adverts', 'notes.md'), '# not a request');

    const reopened = open();
    const after = reopened.get(c.id);
    expect(after.problems).toEqual([
      '“Advert meta” was left out: its file adverts/meta/advert-meta.request.json is missing.',
    ]);
    expect(shape(after.tree)).toEqual([
      { Adverts: ['Publish an advert', 'Publish an advert', { Meta: [] }, 'Copied token'] },
      { Empty: [] },
      'Get a token',
      'Added in git',
    ]);
    expect(findNode(after.tree, 'Added in git').id).toBe(added.id);
    const copied = findNode(after.tree, 'Copied token');
    expect(copied.id).not.toBe(token.id);
    expect(reopened.getRequest(c.id, copied.id)).toMatchObject({ id: copied.id, name: 'Copied token', method: 'POST' });
    expect(JSON.parse(read(join(c.location, 'adverts', 'copied-token.request.json'))).id).toBe(copied.id);
    expect(() => reopened.getRequest(c.id, meta.id)).toThrow('That item is no longer in the collection.');
    expect(open().get(c.id).problems).toEqual([]); // collection.json was brought in step
  });

  it('cleans up temp files left by a killed writer, and recreates empty folders git did not keep', () => {
    const store = open();
    const c = store.importCollection(IMPORTED);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(c.location, `collection.json.${deadPid}.a1b2c3d4e5f6.tmp`), '{"format": "partner-api');
    writeFileSync(join(c.location, 'adverts', `publish-an-advert.request.json.${deadPid}.0a0b0c0d0e0f.tmp`), '{');
    rmSync(join(c.location, 'empty'), { recursive: true });
    const reopened = open();
    expect(reopened.get(c.id).problems).toEqual([]);
    expect(files(c.location)).toEqual([
      'adverts/meta/advert-meta.request.json',
      'adverts/publish-an-advert-2.request.json',
      'adverts/publish-an-advert.request.json',
      'collection.json',
      'get-a-token.request.json',
    ]);
    const empty = findNode(reopened.get(c.id).tree, 'Empty');
    const doc = request('First in empty');
    reopened.saveRequest(c.id, doc, empty.id);
    expect(files(join(c.location, 'empty'))).toEqual(['first-in-empty.request.json']);
  });

  it('takes the name and method from a request file edited by hand', () => {
    const store = open();
    const c = store.importCollection(IMPORTED);
    const token = findNode(c.tree, 'Get a token');
    const path = join(c.location, 'get-a-token.request.json');
    writeFileSync(path, read(path).replace('"Get a token"', '"Get a fresh token"').replace('"POST"', '"GET"'));
    const reopened = open();
    expect(reopened.getRequest(c.id, token.id)).toMatchObject({ name: 'Get a fresh token', method: 'GET' });
    expect(findNode(open().get(c.id).tree, 'Get a fresh token')).toEqual({
      kind: 'request',
      id: token.id,
      name: 'Get a fresh token',
      method: 'GET',
    });
  });
});

describe('migration from version 0', () => {
  it('opens a version 0 collection folder and rewrites its files in the current format', () => {
    const dir = join(dataDir, 'collections', 'old-collection');
    writeCollectionByHand(
      dir,
      {
        id: 'old-collection-id',
        name: 'Old collection',
        variables: { baseUrl: 'https://api.olxgroup.com', crm: 'Acme' },
        items: [
          {
            folder: 'Adverts',
            id: 'folder-1',
            items: [
              { request: 'adverts/publish.request.json', id: 'req-1' },
              { folder: 'Nothing yet', id: 'folder-2', items: [] },
            ],
          },
          { request: 'token.request.json', id: 'req-2' },
        ],
      },
      {
        'adverts/publish.request.json': {
          id: 'req-1',
          name: 'Publish',
          method: 'POST',
          url: '{{baseUrl}}/advert/v1',
          headers: { 'Content-Type': 'application/json', 'User-Agent': '{{crm}}' },
          body: '{\r\n  "title": "Flat"\r\n}\r\n',
        },
        'token.request.json': {
          id: 'req-2',
          name: 'Token',
          method: 'POST',
          url: '{{baseUrl}}/oauth/v1/token',
          headers: {},
          body: '',
          description: 'From the prototype.',
        },
      },
    );
    const store = open();
    const [c] = store.list() as [StoredCollection];
    expect(c).toMatchObject({
      id: 'old-collection-id',
      name: 'Old collection',
      auth: { mode: 'api-key-bearer' },
      problems: [],
    });
    expect(c.variables).toEqual([
      { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
      { name: 'crm', value: 'Acme', enabled: true, secret: false },
    ]);
    expect(c.tree).toEqual([
      {
        kind: 'folder',
        id: 'folder-1',
        name: 'Adverts',
        children: [
          { kind: 'request', id: 'req-1', name: 'Publish', method: 'POST' },
          { kind: 'folder', id: 'folder-2', name: 'Nothing yet', children: [] },
        ],
      },
      { kind: 'request', id: 'req-2', name: 'Token', method: 'POST' },
    ]);
    const publish = {
      id: 'req-1',
      name: 'Publish',
      method: 'POST',
      url: '{{baseUrl}}/advert/v1',
      headers: [
        { name: 'Content-Type', value: 'application/json', enabled: true },
        { name: 'User-Agent', value: '{{crm}}', enabled: true },
      ],
      body: '{\r\n  "title": "Flat"\r\n}\r\n',
      auth: { mode: 'inherit' },
      captures: [],
    };
    expect(store.getRequest(c.id, 'req-1')).toEqual(publish);
    // rewritten on load, in the current format
    const index = JSON.parse(read(join(dir, 'collection.json')));
    expect(index).toMatchObject({ format: 'partner-api-workbench.collection', version: 1 });
    expect(index.items[0]).toEqual({
      folder: 'Adverts',
      id: 'folder-1',
      path: 'adverts',
      items: [
        { request: 'adverts/publish.request.json', id: 'req-1', name: 'Publish', method: 'POST' },
        { folder: 'Nothing yet', id: 'folder-2', path: 'adverts/nothing-yet', items: [] },
      ],
    });
    expect(read(join(dir, 'adverts', 'publish.request.json'))).toBe(serializeRequest(publish as RequestDoc));
    expect(JSON.parse(read(join(dir, 'token.request.json')))).toMatchObject({
      format: 'partner-api-workbench.request',
      version: 1,
      body: [],
      description: 'From the prototype.',
    });
    writes = [];
    expect(open().get(c.id).tree).toEqual(c.tree);
    expect(writes).toEqual([]); // once migrated, opening writes nothing
  });

  it('migrates a version 0 request file met later (merged from an old branch) when it is read', () => {
    const store = open();
    const c = store.create('C');
    const doc = request('Old one');
    store.saveRequest(c.id, doc);
    const path = join(c.location, 'old-one.request.json');
    writeFileSync(
      path,
      JSON.stringify({
        id: doc.id,
        name: 'Old one',
        method: 'GET',
        url: doc.url,
        headers: { Accept: '*/*' },
        body: 'x',
      }),
    );
    expect(open().getRequest(c.id, doc.id)).toEqual({
      ...doc,
      headers: [{ name: 'Accept', value: '*/*', enabled: true }],
      body: 'x',
    });
    expect(JSON.parse(read(path))).toMatchObject({ format: 'partner-api-workbench.request', version: 1, body: ['x'] });
  });
});
