/**
 * Well-typed but hostile payloads through the real dispatch: ids that are names of Object's own
 * properties, unknown ids, a cURL file reference to `constructor`, names of 10 MB, and imports
 * nested 20,000 folders deep. Each is answered with a sentence, and nothing is stored for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionsView } from '../shared/collections';
import { openMainWorld, type MainWorld } from './support/main-world';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];
const RAW = /TypeError|Cannot read properties|is not a function|Maximum call stack|\bat .+:\d+:\d+/;

let world: MainWorld;
beforeEach(() => {
  world = openMainWorld();
});
afterEach(() => world.close());

async function refusal(channel: string, payload: unknown): Promise<string> {
  const answer = await world.call(channel, payload);
  expect(answer.ok, `${channel} ${JSON.stringify(payload).slice(0, 120)}`).toBe(false);
  const error = (answer as { error: string }).error;
  expect(error).not.toMatch(RAW);
  return error;
}

const credentialsFile = () => readFileSync(join(world.dataDir, 'credentials.json'), 'utf8');

describe('environment ids that are names of Object’s properties', () => {
  it('are an environment that does not exist, on every channel that takes one', async () => {
    for (const environmentId of PROTOTYPE_NAMES) {
      for (const [channel, payload] of [
        ['oauth:refresh', { environmentId, userId: 'u1' }],
        ['oauth:removeUser', { environmentId, userId: 'u1' }],
        ['credentials:setSecret', { environmentId, field: 'apiKey', value: 'a-key-of-some-length' }],
        ['credentials:clearSecret', { environmentId, field: 'apiKey' }],
        ['environments:update', { environmentId, authorizationUrl: 'https://portal.example/auth' }],
        ['environments:remove', { environmentId }],
        ['oauth:authorize', { environmentId, userName: 'Anna' }],
        ['variables:set', { scope: { kind: 'environment', environmentId }, variables: [] }],
      ] as const) {
        expect(await refusal(channel, payload)).toMatch(
          /That (environment no longer exists|CRM user is no longer in the list)\./,
        );
      }
    }
  });

  it('leave no key behind: an unknown id is never stored', async () => {
    for (const environmentId of [...PROTOTYPE_NAMES, 'ghost-environment']) {
      await refusal('oauth:removeUser', { environmentId, userId: 'u1' });
      await refusal('oauth:refresh', { environmentId, userId: 'u1' });
    }
    // Something that does write the file, afterwards.
    await world.value('environments:add', { name: 'Staging', origin: 'https://staging.example' });
    const stored = JSON.parse(credentialsFile()) as { users: object; variables: object };
    expect(Object.keys(stored.users)).toEqual([]);
    expect(Object.keys(stored.variables)).toEqual([]);
    expect(credentialsFile()).not.toMatch(/ghost-environment|__proto__|"constructor"/);
  });
});

describe('cURL', () => {
  it('-d @constructor names a file that was not given, not Object’s constructor', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const { request, unsupported } = await world.value<{ request: { body: string }; unsupported: string[] }>(
        'import:curl',
        {
          text: `curl https://api.example/x -d @${name}`,
        },
      );
      expect(request.body).toBe('');
      expect(unsupported.join(' ')).toContain(`The body comes from the file ${name}; choose that file to include it.`);
    }
  });
});

describe('names', () => {
  const huge = 'n'.repeat(10 * 1024 * 1024);

  it('of 10 MB are refused with a sentence naming the limit', async () => {
    const view = await world.value<CollectionsView>('collections:create', { name: 'Adverts' });
    const collectionId = view.collections[0]!.id;
    const cases: Array<[string, unknown, RegExp]> = [
      ['collections:create', { name: huge }, /A collection name has at most 200 characters\.$/],
      ['collections:rename', { collectionId, name: huge }, /A collection name has at most 200 characters\.$/],
      [
        'collections:addFolder',
        { collectionId, parentId: null, name: huge },
        /A folder name has at most 200 characters\.$/,
      ],
      [
        'environments:add',
        { name: huge, origin: 'https://x.example' },
        /An? environment name has at most 100 characters\.$/,
      ],
      [
        'variables:set',
        { scope: { kind: 'global' }, variables: [{ name: huge, value: 'v', enabled: true, secret: false }] },
        /A variable name has at most 200 characters\.$/,
      ],
      [
        'collections:saveRequest',
        {
          collectionId,
          parentId: null,
          request: {
            id: 'r1',
            name: huge,
            method: 'GET',
            url: '',
            headers: [],
            body: '',
            auth: { mode: 'inherit' },
            captures: [],
          },
        },
        /A request name has at most 300 characters\.$/,
      ],
    ];
    for (const [channel, payload, sentence] of cases) expect(await refusal(channel, payload)).toMatch(sentence);
  });

  it('of 10 MB in an imported file are shortened, and such variable names are left out with a sentence', async () => {
    const postman = {
      info: { name: huge, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      variable: [{ key: `v${'x'.repeat(300)}`, value: '1' }],
      item: [{ name: huge, item: [{ name: huge, request: { method: 'GET', url: 'https://api.example/x' } }] }],
    };
    const preview = await world.value<{ previewId: string; unsupported: string[] }>('import:preview', {
      text: JSON.stringify(postman),
    });
    expect(preview.unsupported).toEqual([
      `The variable 'v${'x'.repeat(78)}…' of the collection '${'n'.repeat(79)}…' was not imported: a name has at most 200 characters.`,
    ]);
    expect(JSON.stringify(preview).length).toBeLessThan(10_000);
    const { collections } = await world.value<{ collections: CollectionsView }>('import:apply', {
      previewId: preview.previewId,
    });
    const [imported] = collections.collections;
    expect(imported!.name.length).toBeLessThanOrEqual(300);
    const folder = imported!.tree[0]!;
    expect(folder.name.length).toBeLessThanOrEqual(300);
    expect(folder.kind === 'folder' && folder.children[0]!.name.length).toBeLessThanOrEqual(300);
    expect(imported!.variables).toEqual([]);
  });
});

describe('deep nesting', () => {
  /** A Postman collection with `depth` folders inside each other, built without recursion. */
  function nestedPostman(depth: number): string {
    let item = '[{"name":"leaf","request":{"method":"GET","url":"https://api.example/x"}}]';
    for (let i = 0; i < depth; i++) item = `[{"name":"f${i}","item":${item}}]`;
    return `{"info":{"name":"Deep","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":${item}}`;
  }

  it('20,000 nested folders in an import are refused with a sentence, not a stack overflow', async () => {
    expect(await refusal('import:preview', { text: nestedPostman(20_000) })).toMatch(
      /nests its folders or data more than 256 levels deep/,
    );
  });

  it('100 nested folders import; folders made in the app stop at 100 levels with a sentence', async () => {
    const preview = await world.value<{ previewId: string }>('import:preview', { text: nestedPostman(100) });
    await world.value('import:apply', { previewId: preview.previewId });
    const view = await world.value<CollectionsView>('collections:create', { name: 'Nest' });
    const collectionId = view.collections.find((c) => c.name === 'Nest')!.id;
    let parentId: string | null = null;
    for (let level = 1; level <= 100; level++) {
      const after: CollectionsView = await world.value('collections:addFolder', { collectionId, parentId, name: 'f' });
      let nodes = after.collections.find((c) => c.id === collectionId)!.tree;
      for (let i = 1; i < level; i++) nodes = (nodes[0] as { children: typeof nodes }).children;
      parentId = nodes[0]!.id;
    }
    expect(await refusal('collections:addFolder', { collectionId, parentId, name: 'one too many' })).toMatch(
      /Folders can be nested at most 100 deep/,
    );
  });
});

describe('checks', () => {
  const status200 = { on: 'status', target: '', op: 'equals', expected: '200', enabled: true };
  const request = (checks: unknown) => ({
    id: 'r1',
    name: 'Checked',
    method: 'GET',
    url: '',
    headers: [],
    body: '',
    auth: { mode: 'inherit' },
    captures: [],
    checks,
  });

  it('that are too many, of no known shape or named after Object’s properties are refused with a sentence', async () => {
    const view = await world.value<CollectionsView>('collections:create', { name: 'Checked' });
    const collectionId = view.collections[0]!.id;
    const save = (checks: unknown) =>
      refusal('collections:saveRequest', { collectionId, parentId: null, request: request(checks) });
    expect(await save(Array.from({ length: 101 }, () => status200))).toMatch(/A request has at most 100 checks\.$/);
    expect(await save([{ ...status200, op: 'matches' }])).toMatch(
      /A status check takes equals, not-equals, one-of, between, kind, not matches\.$/,
    );
    expect(await save([{ ...status200, on: '__proto__' }])).toMatch(
      /request\.checks\.0\.on: Invalid option: expected one of/,
    );
    const own = JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(status200).slice(1)}`) as unknown;
    expect(await save([own])).toMatch(/request\.checks\.0: Unrecognized key: "__proto__"/);
    expect(await save({ length: 1, 0: status200 })).toMatch(/request\.checks: Invalid input: expected array/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const listed = await world.value<CollectionsView>('collections:list');
    expect(listed.collections[0]!.tree).toEqual([]);
  });

  it('of a Postman script with thousands of assertions are cut at the limit with a sentence', async () => {
    const exec = Array.from(
      { length: 2000 },
      (_, i) => `pm.test("t${i}", function () { pm.response.to.have.status(${200 + (i % 5)}); });`,
    );
    const postman = {
      info: { name: 'Many', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'Many',
          request: { method: 'GET', url: 'https://api.example/x' },
          event: [{ listen: 'test', script: { exec } }],
        },
      ],
    };
    const preview = await world.value<{ previewId: string; unsupported: string[] }>('import:preview', {
      text: JSON.stringify(postman),
    });
    expect(preview.unsupported).toEqual(["The test script of 'Many' has 2000 checks; the first 100 were imported."]);
    const { collections } = await world.value<{ collections: CollectionsView }>('import:apply', {
      previewId: preview.previewId,
    });
    const [imported] = collections.collections;
    const node = imported!.tree[0]!;
    const doc = await world.value<{ checks: unknown[] }>('collections:getRequest', {
      collectionId: imported!.id,
      requestId: node.id,
    });
    expect(doc.checks).toHaveLength(100);
  });
});
