/**
 * A request's checks through the real dispatch, from file to file: saved and read back (and a
 * collection folder written before checks existed still opens), carried by the app's export, and
 * taken from a Postman collection's pm.test scripts into checks that the app runs on a send and that
 * the Postman export gives back to the real newman, which judges the same response the same way
 * (the real sandbox on loopback HTTPS).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionsView, CollectionSummary, ImportPreview } from '../shared/collections';
import type { HttpResponseResult, SendResult } from '../shared/http-types';
import type { Check } from '../shared/schemas/check';
import type { RequestDoc } from '../shared/schemas/request';
import { startSandbox, type Sandbox } from '../electron/main/sandbox/server';
import { openMainWorld, outgoingRequest, type MainWorld } from './support/main-world';
import { runNewman } from './support/newman';

let sandbox: Sandbox;
let scratch: string;
const worlds: MainWorld[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  scratch = mkdtempSync(join(tmpdir(), 'saved-checks-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
});
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

function open(options: Parameters<typeof openMainWorld>[0] = {}): MainWorld {
  const world = openMainWorld({ sandbox, ...options });
  worlds.push(world);
  return world;
}

const check = (on: Check['on'], op: Check['op'], expected = '', target = '', enabled = true): Check => ({
  on,
  target,
  op,
  expected,
  enabled,
});

const CHECKS: Check[] = [
  check('status', 'equals', '200'),
  check('json', 'length', '8', '$.data'),
  check('header', 'matches', '^application/json', 'Content-Type'),
  check('json', 'exists', '', '$.data[*].urn'),
  check('time', 'below', '500', '', false),
];

function categories(id: string, checks: Check[] | undefined): RequestDoc {
  return {
    id,
    name: 'Categories',
    method: 'GET',
    url: '{{baseUrl}}/taxonomy/v1/categories',
    headers: [],
    body: '',
    auth: { mode: 'api-key' },
    captures: [],
    ...(checks ? { checks } : {}),
  };
}

async function newCollection(world: MainWorld): Promise<CollectionSummary> {
  const view = await world.value<CollectionsView>('collections:create', { name: 'Checked' });
  return view.collections.at(-1)!;
}

/** The saved requests of a collection, in tree order, without their ids. */
async function requestsOf(world: MainWorld, collectionId: string): Promise<Array<Omit<RequestDoc, 'id'>>> {
  const view = await world.value<CollectionsView>('collections:list');
  const collection = view.collections.find((c) => c.id === collectionId)!;
  const ids: string[] = [];
  const walk = (nodes: CollectionSummary['tree']) => {
    for (const node of nodes) {
      if (node.kind === 'folder') walk(node.children);
      else ids.push(node.id);
    }
  };
  walk(collection.tree);
  const docs = await Promise.all(
    ids.map((requestId) => world.value<RequestDoc>('collections:getRequest', { collectionId, requestId })),
  );
  return docs.map(({ id: _id, ...doc }) => doc);
}

async function importText(world: MainWorld, text: string, fileName: string) {
  const preview = await world.value<ImportPreview>('import:preview', { text, fileName });
  const { collections } = await world.value<{ collections: CollectionsView }>('import:apply', {
    previewId: preview.previewId,
  });
  return { preview, collection: collections.collections.at(-1)! };
}

describe('checks in a saved request', () => {
  it('are saved in its file and read back the same', async () => {
    const world = open();
    const collection = await newCollection(world);
    const id = '7b0c1e8e-0000-4000-8000-000000000001';
    await world.value('collections:saveRequest', {
      collectionId: collection.id,
      parentId: null,
      request: categories(id, CHECKS),
    });
    expect(await world.value('collections:getRequest', { collectionId: collection.id, requestId: id })).toEqual(
      categories(id, CHECKS),
    );
    const file = JSON.parse(readFileSync(join(collection.location, 'categories.request.json'), 'utf8')) as {
      checks: unknown;
    };
    expect(file.checks).toEqual(CHECKS);
  });

  it('a collection folder written before checks existed opens, its requests without checks', async () => {
    const folder = join(scratch, 'before-checks');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'collection.json'),
      JSON.stringify({
        format: 'partner-api-workbench.collection',
        version: 1,
        id: 'c-before',
        name: 'Before checks',
        auth: { mode: 'api-key' },
        variables: [{ name: 'baseUrl', value: sandbox.origin, enabled: true, secret: false }],
        items: [
          { request: 'old.request.json', id: 'r-old', name: 'Old', method: 'GET' },
          { request: 'older.request.json', id: 'r-older' },
        ],
      }),
    );
    const old = {
      format: 'partner-api-workbench.request',
      version: 1,
      id: 'r-old',
      name: 'Old',
      method: 'GET',
      url: '{{baseUrl}}/taxonomy/v1/categories',
      headers: [],
      body: [],
      auth: { mode: 'inherit' },
      captures: [],
    };
    writeFileSync(join(folder, 'old.request.json'), JSON.stringify(old, null, 2));
    // Version 0, the prototype's format.
    writeFileSync(
      join(folder, 'older.request.json'),
      JSON.stringify({ id: 'r-older', name: 'Older', method: 'GET', url: '{{baseUrl}}/', headers: {}, body: '' }),
    );
    const world = open({ chooseFolder: async () => folder });
    const view = await world.value<CollectionsView>('collections:openFolder');
    const [collection] = view.collections;
    const docs = await requestsOf(world, collection!.id);
    expect(docs.map((doc) => [doc.name, doc.checks ?? []])).toEqual([
      ['Old', []],
      ['Older', []],
    ]);
    // A request without checks that is sent answers without check results.
    const sent = await world.value<SendResult>(
      'request:send',
      outgoingRequest({
        requestId: 'old-send',
        url: `${sandbox.origin}/taxonomy/v1/categories`,
        environmentId: 'sandbox',
        auth: { mode: 'api-key' },
      }),
    );
    expect(sent).toMatchObject({ kind: 'response', status: 200 });
    expect((sent as HttpResponseResult).checks).toBeUndefined();
  });

  it('go out in the app’s export and come back the same; the Postman export says which newman cannot run', async () => {
    const world = open();
    const collection = await newCollection(world);
    await world.value('collections:saveRequest', {
      collectionId: collection.id,
      parentId: null,
      request: categories('7b0c1e8e-0000-4000-8000-000000000002', CHECKS),
    });
    const own = await world.value<{ fileName: string; text: string; notes: string[] }>('export:collection', {
      collectionId: collection.id,
      format: 'workbench',
    });
    expect(own.notes).toEqual([]);
    const back = await importText(world, own.text, own.fileName);
    expect((await requestsOf(world, back.collection.id)).map((doc) => doc.checks)).toEqual([CHECKS]);

    const postman = await world.value<{ fileName: string; text: string; notes: string[] }>('export:collection', {
      collectionId: collection.id,
      format: 'postman',
    });
    expect(postman.notes).toEqual([
      "The check “$.data[*].urn exists” of 'Categories' is only a comment in the Postman export: only paths of names and indexes (such as $.items[0].id) are exported; newman has no JSONPath.",
    ]);
    const fromPostman = await importText(world, postman.text, postman.fileName);
    expect((await requestsOf(world, fromPostman.collection.id)).map((doc) => doc.checks)).toEqual([CHECKS]);
  });
});

/** A Postman collection as people write it: assertions and a value stored, in the shapes the import reads, and one it does not. */
function postmanCollection(): string {
  return JSON.stringify({
    info: {
      name: 'Partner checks',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    variable: [{ key: 'baseUrl', value: sandbox.origin }],
    item: [
      {
        name: 'Categories',
        request: {
          method: 'GET',
          url: '{{baseUrl}}/taxonomy/v1/categories',
          header: [{ key: 'X-API-KEY', value: '{{apiKey}}' }],
        },
        event: [
          {
            listen: 'test',
            script: {
              type: 'text/javascript',
              exec: [
                'pm.test("Status code is 200", function () {',
                '    pm.response.to.have.status(200);',
                '});',
                'pm.test("Created", function () { pm.expect(pm.response.code).to.eql(201); });',
                'pm.test("Has a content type", function () { pm.response.to.have.header("Content-Type"); });',
                'pm.test("First category", function () {',
                '    pm.expect(pm.response.json().data[0].urn).to.eql("urn:concept:apartments-for-sale");',
                '});',
                'pm.test("Message", function () { pm.expect(pm.response.json().message).to.eql("Nope"); });',
                'pm.environment.set("firstUrn", pm.response.json().data[0].urn);',
                'console.log("categories checked");',
              ],
            },
          },
        ],
      },
    ],
  });
}

/** A Postman collection file run by the real newman against the sandbox, with its key; the run must not fail to start. */
async function newmanRun(fileName: string, text: string) {
  const path = join(scratch, fileName);
  writeFileSync(path, text);
  const summary = await runNewman({
    collection: path,
    environment: { name: 'Sandbox', values: [{ key: 'apiKey', value: sandbox.apiKey, enabled: true }] },
    sslExtraCaCerts: sandbox.caCertPath,
    reporters: [],
    timeoutRequest: 15_000,
  });
  expect(summary.run.error ?? null).toBeNull();
  return summary;
}

describe('pm.test scripts of a Postman collection', () => {
  it('import as checks the app runs, and export back so that newman runs the same checks', async () => {
    const world = open();
    const { preview, collection } = await importText(world, postmanCollection(), 'partner.postman_collection.json');
    expect(preview.unsupported).toEqual([
      'This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log("categories checked")”, in the test script of \'Categories\'.',
    ]);
    const [doc] = await requestsOf(world, collection.id);
    expect(doc!.captures).toEqual([{ variable: 'firstUrn', path: '$.data[0].urn' }]);
    expect(doc!.checks).toEqual([
      check('status', 'equals', '200'),
      check('status', 'equals', '201'),
      check('header', 'exists', '', 'Content-Type'),
      check('json', 'equals', 'urn:concept:apartments-for-sale', '$.data[0].urn'),
      check('json', 'equals', 'Nope', '$.message'),
    ]);

    // The key from the Local sandbox's credentials (the collection's own header row names {{apiKey}} for newman).
    const sent = await world.value<SendResult>(
      'request:send',
      outgoingRequest({
        requestId: 'imported-send',
        url: doc!.url,
        environmentId: 'sandbox',
        auth: { mode: 'api-key' },
        collectionId: collection.id,
        captures: doc!.captures,
        checks: doc!.checks,
      }),
    );
    if (sent.kind !== 'response') throw new Error(JSON.stringify(sent));
    const inApp = sent.checks!.map((result) => [result.label, result.passed]);
    expect(inApp).toEqual([
      ['status is 200', true],
      ['status is 201', false],
      ['header Content-Type exists', true],
      ['$.data[0].urn is urn:concept:apartments-for-sale', true],
      ['$.message is Nope', false],
    ]);

    const exported = await world.value<{ text: string; notes: string[] }>('export:collection', {
      collectionId: collection.id,
      format: 'postman',
    });
    expect(exported.notes).toEqual([]);
    const summary = await newmanRun('partner-export.postman_collection.json', exported.text);
    const [execution] = summary.run.executions;
    expect(execution!.response?.code).toBe(200);
    expect((execution!.assertions ?? []).map((a) => [a.assertion, !a.error])).toEqual(inApp);
  }, 60_000);
});

/** A Postman collection whose collection, folder and requests each have a test script (Postman runs them in that order). */
function nestedScriptsCollection(): string {
  const test = (...exec: string[]) => [{ listen: 'test', script: { type: 'text/javascript', exec } }];
  const get = (name: string, path: string, event: unknown[] = []) => ({
    name,
    request: { method: 'GET', url: `{{baseUrl}}${path}`, header: [{ key: 'X-API-KEY', value: '{{apiKey}}' }] },
    event,
  });
  return JSON.stringify({
    info: { name: 'Nested checks', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'baseUrl', value: sandbox.origin }],
    event: test(
      'pm.test("Status code is 200", function () { pm.response.to.have.status(200); });',
      'console.log("collection checked");',
    ),
    item: [
      {
        name: 'Taxonomy',
        event: [
          ...test('pm.test("Message", function () { pm.expect(pm.response.json().message).to.eql("OK"); });'),
          { listen: 'prerequest', script: { type: 'text/javascript', exec: ['console.log("before");'] } },
        ],
        item: [
          get(
            'Categories',
            '/taxonomy/v1/categories',
            test(
              'pm.test("First category", function () { pm.expect(pm.response.json().data[0].urn).to.eql("urn:concept:apartments-for-sale"); });',
              'pm.test("Created", function () { pm.expect(pm.response.code).to.eql(201); });',
            ),
          ),
          get('Echo in folder', '/sandbox/v1/echo'),
        ],
      },
      get(
        'Echo',
        '/sandbox/v1/echo',
        test('pm.test("Has a content type", function () { pm.response.to.have.header("Content-Type"); });'),
      ),
    ],
  });
}

describe('the test scripts of a Postman collection and its folders', () => {
  it('import as checks of every request below them, judged as newman judges the original collection', async () => {
    const world = open();
    const original = nestedScriptsCollection();
    const { preview, collection } = await importText(world, original, 'nested.postman_collection.json');
    expect(preview.unsupported).toEqual([
      'This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log("collection checked")”, in the test script of the collection \'Nested checks\'.',
      "The pre-request script of the folder 'Taxonomy' was not imported: the app does not run scripts.",
    ]);
    const docs = await requestsOf(world, collection.id);
    const status200 = check('status', 'equals', '200');
    const messageOk = check('json', 'equals', 'OK', '$.message');
    expect(docs.map((doc) => [doc.name, doc.checks])).toEqual([
      [
        'Categories',
        [
          status200,
          messageOk,
          check('json', 'equals', 'urn:concept:apartments-for-sale', '$.data[0].urn'),
          check('status', 'equals', '201'),
        ],
      ],
      ['Echo in folder', [status200, messageOk]],
      ['Echo', [status200, check('header', 'exists', '', 'Content-Type')]],
    ]);

    const inApp: boolean[][] = [];
    for (const [index, doc] of docs.entries()) {
      const sent = await world.value<SendResult>(
        'request:send',
        outgoingRequest({
          requestId: `nested-${index}`,
          url: doc.url,
          environmentId: 'sandbox',
          auth: { mode: 'api-key' },
          collectionId: collection.id,
          checks: doc.checks,
        }),
      );
      if (sent.kind !== 'response') throw new Error(JSON.stringify(sent));
      inApp.push(sent.checks!.map((result) => result.passed));
    }
    expect(inApp).toEqual([
      [true, true, true, false],
      [true, false],
      [true, true],
    ]);

    const summary = await newmanRun('nested.postman_collection.json', original);
    expect(summary.run.executions.map((execution) => (execution.assertions ?? []).map((a) => !a.error))).toEqual(inApp);
  }, 60_000);
});
