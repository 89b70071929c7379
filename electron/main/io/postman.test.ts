import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportResult, ImportedCollection, ImportedNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import { describeGroup, groupNotImported } from '../../../shared/import-summary';
import { starterCollection } from '../../../shared/starter-collection';
import { captureScript, readCaptureScript } from './capture-script';
/** The parts of an exported Postman collection these tests read. */
interface PostmanOut {
  info: unknown;
  auth?: unknown;
  item: PostmanItem[];
  variable: Array<{ key: string; value: string }>;
}
interface PostmanItem {
  request: {
    auth?: { type: string; apikey?: unknown };
    header: Array<{ key: string; value: string; disabled?: boolean }>;
    body?: unknown;
    url?: unknown;
  };
  item?: PostmanItem[];
  event?: Array<{ listen: string; script: { exec: string[] } }>;
}

import {
  CAPTURE_SCRIPT_MARKER,
  POSTMAN_SCHEMA_V21,
  exportPostman,
  importPostman,
  importPostmanEnvironment,
  postmanUrl,
  type ExportCollection,
  type ExportNode,
} from './postman';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/postman/${name}`, import.meta.url), 'utf8'));

type Request = Omit<RequestDoc, 'id'>;

/** Requests in tree order, with their folder path. */
function requests(nodes: ImportedNode[], path: string[] = []): Array<Request & { folder: string }> {
  return nodes.flatMap((node) =>
    node.kind === 'request'
      ? [{ ...node.request, folder: path.join('/') }]
      : requests(node.children, [...path, node.name]),
  );
}

const byName = (result: ImportResult, name: string) => {
  const found = requests(result.collections[0]!.items).find((r) => r.name === name);
  if (!found) throw new Error(`no request ${name}`);
  return found;
};

describe('importPostman: real collections', () => {
  it("newman's sample collection (v2.0): raw bodies, a test script read as a check", () => {
    const result = importPostman(fixture('newman-sample-collection-v2.0.json'));
    expect(result.format).toBe('Postman Collection v2.0');
    const [get, text, json] = requests(result.collections[0]!.items);
    expect(get).toMatchObject({
      name: 'A simple GET request',
      method: 'GET',
      url: 'https://echo.getpostman.com/get?source=newman-sample-github-collection',
      body: '',
      auth: { mode: 'inherit' },
      checks: [{ on: 'status', target: '', op: 'equals', expected: '200', enabled: true }],
    });
    expect(text).toMatchObject({
      method: 'POST',
      body: 'Duis posuere augue vel cursus pharetra. In luctus a ex nec pretium...',
      headers: [{ name: 'Content-Type', value: 'text/plain', enabled: true }],
    });
    expect(JSON.parse(json!.body)).toEqual({
      text: 'Duis posuere augue vel cursus pharetra. In luctus a ex nec pretium...',
    });
    expect(result.collections[0]!.auth).toEqual({ mode: 'none' });
    expect(result.unsupported).toEqual([]);
  });

  it('auth helpers (v2.0, object-shaped auth): basic kept as a choice, its values not; others listed', () => {
    const result = importPostman(fixture('transformer-helpers-v2.0.json'));
    expect(byName(result, 'basicAuth')).toMatchObject({ url: 'httpbin.org/get', auth: { mode: 'basic' }, body: '' });
    expect(byName(result, 'OAuth')).toMatchObject({ method: 'POST', url: 'httpbin.org/post', auth: { mode: 'none' } });
    expect(result.unsupported).toEqual([
      "The oauth1 auth of 'OAuth' was not imported: the app sends API key, Bearer and Basic credentials only.",
      'These statements were not imported (the app reads checks and captures, and runs no scripts): “var oldNonce = environment.oldNonce”, “tests["NewNonce"]=(oldNonce != newNonce)”, “tests["HasNonce"]=data.form.oauth_nonce” and 2 more, in the test script of \'OAuth\'.',
      "The Basic user and password of 'basicAuth' were not imported; enter them in Credentials → Basic.",
      'This statement was not imported (the app reads checks and captures, and runs no scripts): “tests["Correct Basic Signature generated"] = data.headers.Authorization.has("Basic YWJoaWppdDprYW5l…”, in the test script of \'basicAuth\'.',
      "The digest auth of 'DigestAuth' was not imported: the app sends API key, Bearer and Basic credentials only.",
      'These statements were not imported (the app reads checks and captures, and runs no scripts): “tests["DigestAuth"] = data.headers.Authorization.has("Digest")”, “tests["Correct response signature generated"]=data.headers.Authorization.has("8ef925a22b7fa71b5f63d…”, in the test script of \'DigestAuth\'.',
    ]);
    const text = JSON.stringify(result.collections);
    for (const secret of ['kane', 'asdgf', 'abhijit']) expect(text).not.toContain(secret);
  });

  it('auth helpers (v2.1, list-shaped auth, "events" spelling): bearer stays Bearer, the header postman-runtime sends', () => {
    const result = importPostman(fixture('transformer-helpers-v2.1.json'));
    expect(result.format).toBe('Postman Collection v2.1');
    // The literal token is taken out into a secret variable when the import is stored (test/postman-import-secrets.test.ts).
    expect(byName(result, 'test bearer auth success')).toMatchObject({
      url: 'http://echo.getpostman.com/auth/bearer',
      auth: { mode: 'bearer', token: 'wkjehbxoqnunc2k3' },
      headers: [],
    });
    expect(result.unsupported.join('\n')).not.toMatch(/bearer token/i);
    expect(result.unsupported).toContain(
      "This statement was not imported (the app reads checks and captures, and runs no scripts): “tests['Bearer auth should pass'] = response.status === 'pass'”, in the test script of 'test bearer auth success'.",
    );
    expect(byName(result, 'OAuth').description).toBe('Description');
  });

  it('nested entities: collection, folder and request auth and scripts', () => {
    const result = importPostman(fixture('transformer-nested-entities-v2.1.json'));
    const collection = result.collections[0]!;
    expect(collection).toMatchObject({
      name: 'auth-v1',
      description: 'A simple V1 collection to elucidate nested auth helpers, variables, and scripts',
      auth: { mode: 'basic' },
    });
    expect(collection.items.map((n) => n.kind)).toEqual(['folder', 'request']);
    expect(byName(result, 'Basic')).toMatchObject({
      folder: 'F1',
      auth: { mode: 'basic' },
      url: 'https://postman-echo.com/get',
    });
    expect(byName(result, 'OAuth1').auth).toEqual({ mode: 'none' });
    expect(result.unsupported).toEqual([
      "The Basic user and password of the collection 'auth-v1' were not imported; enter them in Credentials → Basic.",
      "This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log('Collection level test script')”, in the test script of the collection 'auth-v1'.",
      "The pre-request script of the collection 'auth-v1' was not imported: the app does not run scripts.",
      "The Basic user and password of the folder 'F1' were not imported; enter them in Credentials → Basic.",
      "This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log('Folder level test script')”, in the test script of the folder 'F1'.",
      "The pre-request script of the folder 'F1' was not imported: the app does not run scripts.",
      "The Basic user and password of 'Basic' were not imported; enter them in Credentials → Basic.",
      "This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log('Request level test script')”, in the test script of 'Basic'.",
      "The pre-request script of 'Basic' was not imported: the app does not run scripts.",
      "The oauth1 auth of 'OAuth1' was not imported: the app sends API key, Bearer and Basic credentials only.",
      "This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log('Request level test script')”, in the test script of 'OAuth1'.",
      "The pre-request script of 'OAuth1' was not imported: the app does not run scripts.",
    ]);
    expect(JSON.stringify(collection)).not.toContain('D+EdQ-gs$-%@2Nu7');
  });

  it('urlencoded body (schema.postman.com address): a=1&b=2 text and a Content-Type', () => {
    const result = importPostman(fixture('transformer-urlencoded-v2.1.json'));
    const request = byName(result, 'http://httpbin.org/post');
    expect(request.body).toBe('akshay=bald&yakshay=ybald');
    expect(request.headers).toEqual([
      { name: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true },
    ]);
    expect(result.unsupported).toEqual([]);
  });

  it('a Postman app export: URL objects whose parts disagree with raw are sent as newman sends them, and said so', () => {
    const result = importPostman(fixture('epr-backend.postman_collection.json'));
    const all = requests(result.collections[0]!.items);
    expect(all.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET {{host}}/health',
      'POST {{host}}/send-email',
      'POST {{host}}/send-email',
      'POST {{host}}/send-email',
      'POST {{host}}/send-email',
    ]);
    expect(JSON.parse(all[1]!.body)).toMatchObject({ template: 'registration' });
    expect(result.unsupported).toHaveLength(3);
    expect(result.unsupported[0]).toBe(
      "The URL of '/v1/apply/organisation' was imported as Postman's runner sends it ({{host}}/send-email): " +
        'its raw text ({{host}}/v1/apply/organisation) disagrees with its parts.',
    );
  });
});

describe('importPostman: details', () => {
  const collection = (items: unknown[], extra: Record<string, unknown> = {}) => ({
    info: { name: 'C', schema: POSTMAN_SCHEMA_V21 },
    item: items,
    ...extra,
  });

  it('variables: secret type, disabled, invalid names', () => {
    const result = importPostman(
      collection([], {
        variable: [
          { key: 'baseUrl', value: 'https://api.olxgroup.com' },
          { key: 'apiSecret', value: 's3', type: 'secret' },
          { key: 'off', value: 1, disabled: true },
          { key: 'bad name', value: 'x' },
        ],
      }),
    );
    expect(result.collections[0]!.variables).toEqual([
      { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
      { name: 'apiSecret', value: 's3', enabled: true, secret: true },
      { name: 'off', value: '1', enabled: false, secret: false },
    ]);
    expect(result.unsupported).toEqual([
      "The variable 'bad name' of the collection 'C' was not imported: names start with a letter or _ and use letters, digits, _ . and -.",
    ]);
  });

  it('literal values under secret-looking names become secret variables; addresses and {{references}} do not', () => {
    const variables = [
      { key: 'client_secret', value: 'cs-8f2e' },
      { key: 'password', value: 'hunter2' },
      { key: 'tokenUrl', value: 'https://auth.example/token' },
      { key: 'apiKey', value: '{{sharedKey}}' },
      { key: 'region', value: 'eu' },
    ];
    const environment = importPostmanEnvironment({ name: 'E', values: variables }).environments[0]!;
    expect(environment.variables.map((v) => [v.name, v.secret])).toEqual([
      ['client_secret', true],
      ['password', true],
      ['tokenUrl', false],
      ['apiKey', false],
      ['region', false],
    ]);
    const body = {
      mode: 'urlencoded',
      urlencoded: [
        { key: 'client_secret', value: 'cs-8f2e' },
        { key: 'client_id', value: 'id-1' },
      ],
    };
    const result = importPostman(
      collection([{ name: 'Token', request: { method: 'POST', url: 'https://h.example/token', body } }], {
        variable: variables,
      }),
    );
    expect(byName(result, 'Token').body).toBe('client_secret={{client_secret}}&client_id=id-1');
  });

  it('headers: disabled ones kept switched off; the v2.0 string form', () => {
    const result = importPostman(
      collection([
        {
          name: 'A',
          request: {
            method: 'get',
            url: 'https://h.example/',
            header: [
              { key: 'X-On', value: '1' },
              { key: 'X-Off', value: '2', disabled: true },
            ],
          },
        },
        { name: 'B', request: { url: 'https://h.example/', header: 'Accept: application/json\n//X-Old: gone\n' } },
      ]),
    );
    expect(byName(result, 'A').headers).toEqual([
      { name: 'X-On', value: '1', enabled: true },
      { name: 'X-Off', value: '2', enabled: false },
    ]);
    expect(byName(result, 'B').headers).toEqual([
      { name: 'Accept', value: 'application/json', enabled: true },
      { name: 'X-Old', value: 'gone', enabled: false },
    ]);
  });

  it('URL objects without raw, path variables, descriptions as objects', () => {
    const result = importPostman(
      collection([
        {
          name: 'Meta',
          request: {
            method: 'GET',
            url: {
              protocol: 'https',
              host: ['api', 'olxgroup', 'com'],
              path: ['advert', 'v1', ':uuid', 'meta'],
              query: [
                { key: 'a', value: '1' },
                { key: 'off', value: '2', disabled: true },
              ],
              variable: [{ key: 'uuid', value: 'abc' }],
            },
            description: { content: 'Shows the meta.', type: 'text/markdown' },
          },
        },
      ]),
    );
    expect(byName(result, 'Meta')).toMatchObject({
      url: 'https://api.olxgroup.com/advert/v1/abc/meta?a=1',
      description: 'Shows the meta.',
    });
    expect(result.collections[0]!.variables).toEqual([]);
  });

  it('raw JSON bodies get the Content-Type Postman would add', () => {
    const result = importPostman(
      collection([
        {
          name: 'J',
          request: {
            method: 'POST',
            url: 'https://h.example/',
            body: { mode: 'raw', raw: '{"a":1}', options: { raw: { language: 'json' } } },
          },
        },
      ]),
    );
    expect(byName(result, 'J').headers).toEqual([{ name: 'Content-Type', value: 'application/json', enabled: true }]);
  });

  it('form-data and file bodies are listed, not imported', () => {
    const result = importPostman(
      collection([
        {
          name: 'Form',
          request: {
            method: 'POST',
            url: 'https://h.example/',
            body: { mode: 'formdata', formdata: [{ key: 'f', type: 'file', src: 'a.png' }] },
          },
        },
        {
          name: 'File',
          request: { method: 'POST', url: 'https://h.example/', body: { mode: 'file', file: { src: 'advert.json' } } },
        },
      ]),
    );
    expect(result.unsupported).toEqual([
      "The form-data body of 'Form' was not imported: the app sends JSON and text bodies only.",
      "The file body of 'File' was not imported: paste the file's content as the body instead.",
    ]);
  });

  it('GraphQL bodies become the JSON postman-runtime sends, with its Content-Type', () => {
    const graphql = { query: 'query ($id: ID!) { advert(id: $id) { title } }', variables: '{"id": "{{advertUuid}}"}' };
    const body = { mode: 'graphql', graphql };
    const result = importPostman(
      collection([{ name: 'Graph', request: { method: 'POST', url: 'https://h.example/graphql', body } }]),
    );
    const request = byName(result, 'Graph');
    expect(request.body).toBe(
      '{"query":"query ($id: ID!) { advert(id: $id) { title } }","variables":{"id": "{{advertUuid}}"}}',
    );
    expect(request.headers).toEqual([{ name: 'Content-Type', value: 'application/json', enabled: true }]);
    expect(result.unsupported).toEqual([]);
  });

  it('query parameters only in url.query are kept (disabled ones not), as postman-collection builds the URL', () => {
    const query = [
      { key: 'version', value: '{{cart-version}}' },
      { key: 'off', value: '1', disabled: true },
      { key: 'q', value: 'a&b#c' },
      { key: 'flag', value: null },
    ];
    const url = {
      raw: '{{host}}/carts/key={{cart-key}}',
      host: ['{{host}}'],
      path: ['carts', 'key={{cart-key}}'],
      query,
    };
    const result = importPostman(collection([{ name: 'Cart', request: { method: 'GET', url } }]));
    expect(byName(result, 'Cart').url).toBe(
      '{{host}}/carts/key={{cart-key}}?version={{cart-version}}&q=a%26b%23c&flag',
    );
    expect(result.unsupported).toEqual([]);
  });

  it('a disabled Authorization: Basic header stays a switched-off row and does not switch the auth', () => {
    const header = [{ key: 'Authorization', value: 'Basic dXNlcjpwYXNz', disabled: true }];
    const result = importPostman(
      collection([{ name: 'Off', request: { method: 'GET', url: 'https://h.example/', header } }]),
    );
    const request = byName(result, 'Off');
    expect(request.auth).toEqual({ mode: 'inherit' });
    expect(request.headers).toEqual([{ name: 'Authorization', value: 'Basic dXNlcjpwYXNz', enabled: false }]);
  });

  it('saved example responses are listed by name', () => {
    const response = [
      { name: '200 OK', code: 200 },
      { name: 'Not found', code: 404 },
    ];
    const result = importPostman(
      collection([{ name: 'Get', request: { method: 'GET', url: 'https://h.example/' }, response }]),
    );
    expect(result.unsupported).toEqual([
      "The saved example responses of 'Get' ('200 OK', 'Not found') were not imported: the app does not keep examples.",
    ]);
  });

  it('auth levels: collection api key, folder bearer kept on the folder, request inherit/noauth', () => {
    const result = importPostman(
      collection(
        [
          {
            name: 'Adverts',
            auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}' }] },
            item: [
              { name: 'Publish', request: { method: 'POST', url: '{{baseUrl}}/advert/v1' } },
              { name: 'Open', request: { method: 'GET', url: '{{baseUrl}}/x', auth: { type: 'noauth' } } },
              { name: 'Explicit', request: { method: 'GET', url: '{{baseUrl}}/y', auth: { type: 'inherit' } } },
            ],
          },
          { name: 'Categories', request: { method: 'GET', url: '{{baseUrl}}/taxonomy/v1/categories' } },
        ],
        {
          auth: {
            type: 'apikey',
            apikey: [
              { key: 'key', value: 'X-API-KEY' },
              { key: 'value', value: 'live-key-123' },
              { key: 'in', value: 'header' },
            ],
          },
        },
      ),
    );
    expect(result.collections[0]!.auth).toEqual({ mode: 'api-key' });
    expect(result.collections[0]!.items[0]).toMatchObject({
      kind: 'folder',
      name: 'Adverts',
      auth: { mode: 'api-key-bearer', bearer: 'manual' },
    });
    expect(byName(result, 'Publish').auth).toEqual({ mode: 'inherit' });
    expect(byName(result, 'Open').auth).toEqual({ mode: 'none' });
    expect(byName(result, 'Explicit').auth).toEqual({ mode: 'inherit' });
    expect(byName(result, 'Categories').auth).toEqual({ mode: 'inherit' });
    expect(result.unsupported).toEqual([
      "The API key of the collection 'C' was not imported; enter it in Credentials.",
    ]);
    expect(JSON.stringify(result.collections)).not.toContain('live-key-123');
  });

  it("Postman's Bearer with its token variable stays Bearer, on the collection and on a request, and exports back the same", () => {
    const bearer = (value: string) => ({ type: 'bearer', bearer: [{ key: 'token', value }] });
    const json = collection(
      [
        { name: 'Inherits', request: { method: 'GET', url: 'https://h.example/a' } },
        { name: 'Own', request: { method: 'GET', url: 'https://h.example/b', auth: bearer(' {{otherToken}} ') } },
      ],
      { auth: bearer('{{accessTokenSabre}}') },
    );
    const result = importPostman(json);
    const imported = result.collections[0]!;
    expect(imported.auth).toEqual({ mode: 'bearer', token: '{{accessTokenSabre}}' });
    expect(byName(result, 'Inherits')).toMatchObject({ auth: { mode: 'inherit' }, headers: [] });
    expect(byName(result, 'Own')).toMatchObject({ auth: { mode: 'bearer', token: '{{otherToken}}' }, headers: [] });
    expect(result.unsupported).toEqual([]);

    const items = imported.items.flatMap((n, i): ExportNode[] =>
      n.kind === 'request' ? [{ kind: 'request', request: { ...n.request, id: `r${i}` } }] : [],
    );
    const out = exportPostman({ ...imported, items }) as unknown as PostmanOut;
    const token = (value: string) => ({ type: 'bearer', bearer: [{ key: 'token', value, type: 'string' }] });
    expect(out.auth).toEqual(token('{{accessTokenSabre}}'));
    expect(out.item.map((item) => item.request.auth)).toEqual([undefined, token('{{otherToken}}')]);
    // No API key, and no placeholder variables: Postman's Bearer names its own token variable.
    expect(out.item.flatMap((item) => item.request.header)).toEqual([]);
    expect(out.variable.map((v) => v.key)).not.toContain('apiKey');
  });

  it('an API key in another header stays as a header when it is a {{variable}}; elsewhere it is listed', () => {
    const result = importPostman(
      collection([
        {
          name: 'V',
          request: {
            url: 'https://h.example/',
            auth: {
              type: 'apikey',
              apikey: [
                { key: 'key', value: 'api_key' },
                { key: 'value', value: '{{petKey}}' },
              ],
            },
          },
        },
        {
          name: 'Q',
          request: {
            url: 'https://h.example/',
            auth: {
              type: 'apikey',
              apikey: [
                { key: 'key', value: 'k' },
                { key: 'value', value: 'x' },
                { key: 'in', value: 'query' },
              ],
            },
          },
        },
      ]),
    );
    expect(byName(result, 'V').headers).toEqual([{ name: 'api_key', value: '{{petKey}}', enabled: true }]);
    expect(result.unsupported).toEqual([
      "The API key auth of 'Q' (k in the query) was not imported: the app sends API keys in X-API-KEY, from Credentials.",
    ]);
  });

  it('literal credentials in header rows are not imported either', () => {
    const result = importPostman(
      collection([
        {
          name: 'Publish',
          request: {
            method: 'POST',
            url: 'https://h.example/',
            header: [
              { key: 'X-API-KEY', value: 'abc123' },
              { key: 'Authorization', value: 'Bearer tok-999' },
            ],
          },
        },
      ]),
    );
    expect(byName(result, 'Publish')).toMatchObject({
      headers: [],
      auth: { mode: 'api-key-bearer', bearer: 'manual' },
    });
    expect(result.unsupported).toEqual([
      "The API key in the X-API-KEY header of 'Publish' was not imported: enter it in Credentials, so that it is never saved in a collection file.",
      "The Bearer token in the Authorization header of 'Publish' was not imported: enter it in Credentials (Bearer token by hand) or authorize a CRM user.",
    ]);
  });

  it('a method the app does not send is listed and skipped', () => {
    const result = importPostman(
      collection([{ name: 'Purge', request: { method: 'PURGE', url: 'https://h.example/' } }]),
    );
    expect(result.collections[0]!.items).toEqual([]);
    expect(result.unsupported).toEqual([
      "'Purge' uses the method PURGE, which the app does not send; it was not imported.",
    ]);
  });

  it('refuses v1 and things that are not collections', () => {
    expect(() =>
      importPostman({
        info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v1.0.0/collection.json' },
        item: [],
      }),
    ).toThrow(/Collection v1/);
    expect(() => importPostman({ values: [] })).toThrow(/not a Postman collection/);
  });
});

describe('importPostman: test scripts', () => {
  it('lists the statements it did not read so that the summary groups the same ones across requests', () => {
    const exec = [
      'pm.test("ok", function () { pm.response.to.have.status(200); });',
      "console.log('checked');",
      'postman.setNextRequest(null);',
    ];
    const result = importPostman({
      info: { name: 'Scripts', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: ['Login', 'Get user', 'Logout', 'Delete user'].map((name) => ({
        name,
        request: { method: 'GET', url: 'https://api.example/x' },
        event: [{ listen: 'test', script: { exec } }],
      })),
    });
    expect(requests(result.collections[0]!.items).map((r) => r.checks)).toEqual(
      Array.from({ length: 4 }, () => [{ on: 'status', target: '', op: 'equals', expected: '200', enabled: true }]),
    );
    expect(groupNotImported(result.unsupported).map(describeGroup)).toEqual([
      "4 × These statements were not imported (the app reads checks and captures, and runs no scripts): “console.log(…)”, “postman.setNextRequest(null)”, in the test script of …. (e.g. 'Login', 'Get user', 'Logout' and 1 more)",
    ]);
  });
});

describe("importPostman: the collection's and folders' test scripts", () => {
  const V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
  const test = (...exec: string[]) => [{ listen: 'test', script: { exec } }];
  const status = (code: string) => ({ on: 'status', target: '', op: 'equals', expected: code, enabled: true });
  const header = (name: string) => ({ on: 'header', target: name, op: 'exists', expected: '', enabled: true });
  const get = (name: string, event?: unknown) => ({
    name,
    request: { method: 'GET', url: `https://api.example/${name}` },
    ...(event ? { event } : {}),
  });

  it("apply to every request below them in Postman's order; what is not read is named once per script", () => {
    const result = importPostman({
      info: { name: 'Nested', schema: V21 },
      event: test('pm.test("ok", function () { pm.response.to.have.status(200); });', "console.log('collection');"),
      item: [
        {
          name: 'Outer',
          event: test(
            'pm.test("typed", function () { pm.response.to.have.header("Content-Type"); });',
            'pm.environment.set("token", pm.response.json().token);',
            "console.log('outer');",
          ),
          item: [
            {
              name: 'Inner',
              event: [
                ...test('pm.test("etag", function () { pm.response.to.have.header("ETag"); });'),
                { listen: 'prerequest', script: { exec: ["console.log('before')"] } },
              ],
              item: [
                get('deep', test('pm.test("created", function () { pm.response.to.have.status(201); });')),
                get('plain'),
              ],
            },
            get('middle'),
          ],
        },
        get('top'),
      ],
    });
    const token = { variable: 'token', path: '$.token' };
    const found = requests(result.collections[0]!.items).map(({ name, checks, captures }) => ({
      name,
      checks,
      captures,
    }));
    expect(found).toEqual([
      {
        name: 'deep',
        checks: [status('200'), header('Content-Type'), header('ETag'), status('201')],
        captures: [token],
      },
      { name: 'plain', checks: [status('200'), header('Content-Type'), header('ETag')], captures: [token] },
      { name: 'middle', checks: [status('200'), header('Content-Type')], captures: [token] },
      { name: 'top', checks: [status('200')], captures: [] },
    ]);
    expect(result.unsupported).toEqual([
      "This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log('collection')”, in the test script of the collection 'Nested'.",
      "This statement was not imported (the app reads checks and captures, and runs no scripts): “console.log('outer')”, in the test script of the folder 'Outer'.",
      "The pre-request script of the folder 'Inner' was not imported: the app does not run scripts.",
    ]);
  });

  it("keeps the first checks when the collection's and a request's scripts give more than the limit, and says so", () => {
    const many = (count: number, code: number) =>
      Array.from(
        { length: count },
        (_, i) => `pm.test("c${i}", function () { pm.response.to.have.status(${code}); });`,
      );
    const result = importPostman({
      info: { name: 'Big', schema: V21 },
      event: test(...many(60, 200)),
      item: [get('one', test(...many(60, 201))), get('two', test(...many(10, 201)))],
    });
    const [one, two] = requests(result.collections[0]!.items);
    expect(one!.checks).toHaveLength(100);
    expect(one!.checks!.filter((c) => c.expected === '201')).toHaveLength(40);
    expect(two!.checks).toHaveLength(70);
    expect(result.unsupported).toEqual([
      "'one' gets checks from its test script and those of the folders and collection it is in: 120 checks; the first 100 were imported.",
    ]);
  });
});

describe('importPostmanEnvironment', () => {
  it('a Postman 11 export', () => {
    const result = importPostmanEnvironment(fixture('epr-local.postman_environment.json'));
    expect(result).toEqual({
      format: 'Postman environment',
      collections: [],
      environments: [
        { name: 'Local', variables: [{ name: 'host', value: 'http://0.0.0.0:3001', enabled: true, secret: false }] },
      ],
      unsupported: [],
    });
  });

  it('a Postman 8 export and a disabled value', () => {
    expect(
      importPostmanEnvironment(fixture('forgerock-qa.postman_environment.json')).environments[0]!.variables,
    ).toHaveLength(12);
    expect(importPostmanEnvironment(fixture('newman-overrides-env.json')).environments[0]!.variables).toEqual([
      { name: 'dummyVar', value: 'bar', enabled: false, secret: false },
    ]);
  });

  it('secret values are marked secret', () => {
    const result = importPostmanEnvironment({
      name: 'Prod',
      values: [
        { key: 'apiKey', value: 'k', type: 'secret', enabled: true },
        { key: 'baseUrl', value: 'https://api.olxgroup.com', type: 'default' },
      ],
    });
    expect(result.environments[0]!.variables).toEqual([
      { name: 'apiKey', value: 'k', enabled: true, secret: true },
      { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
    ]);
  });
});

describe('capture script', () => {
  const run = (exec: string[], body: unknown) => {
    const set: Record<string, string> = {};
    const pm = {
      response: { json: () => (typeof body === 'string' ? JSON.parse(body) : body) },
      collectionVariables: { set: (k: string, v: string) => (set[k] = v) },
    };
    new Function('pm', exec.join('\n'))(pm);
    return set;
  };

  it('does what the captures do, in Postman', () => {
    const exec = captureScript([
      { variable: 'advertUuid', path: '$.data.uuid' },
      { variable: 'first', path: '$.items[1].id' },
      { variable: 'odd', path: "$['odd key']['it\\'s']" },
      { variable: 'object', path: '$.data' },
      { variable: 'missing', path: '$.nope.deeper' },
    ]);
    expect(exec[0]).toBe(CAPTURE_SCRIPT_MARKER);
    const set = run(exec, { data: { uuid: 'u-1' }, items: [{ id: 1 }, { id: 2 }], 'odd key': { "it's": true } });
    expect(set).toEqual({ advertUuid: 'u-1', first: '2', odd: 'true', object: '{"uuid":"u-1"}' });
    expect(run(exec, 'not json')).toEqual({});
  });

  it('is read back into the same captures; other scripts are not', () => {
    const captures = [
      { variable: 'advertUuid', path: '$.data.uuid' },
      { variable: 'x', path: '$.items[0].id' },
      { variable: 'y', path: "$['a b']" },
    ];
    expect(readCaptureScript(captureScript(captures))).toEqual(captures);
    expect(readCaptureScript(["pm.test('ok', () => {});"])).toBeNull();
  });

  it('a path it cannot read becomes a comment, not code', () => {
    const exec = captureScript([{ variable: 'bad', path: '$..deep' }]);
    expect(exec.at(-1)).toMatch(/^\/\/ Not exported: bad ← \$\.\.deep/);
  });
});

describe('exportPostman', () => {
  const doc = (over: Partial<RequestDoc>): RequestDoc => ({
    id: 'r1',
    name: 'R',
    method: 'GET',
    url: 'https://h.example/',
    headers: [],
    body: '',
    auth: { mode: 'inherit' },
    captures: [],
    ...over,
  });

  it('writes Collection v2.1 with placeholders for every auth, never a secret value', () => {
    const out = exportPostman(
      {
        name: 'Partner API',
        description: 'About it',
        variables: [
          { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
          { name: 'clientSecret', value: 'TOP-SECRET', enabled: true, secret: true },
        ],
        auth: { mode: 'api-key-bearer', bearer: 'user-1' },
        items: [
          {
            kind: 'request',
            request: doc({
              name: 'Publish',
              method: 'POST',
              url: '{{baseUrl}}/advert/v1',
              body: '{}',
              headers: [{ name: 'Content-Type', value: 'application/json', enabled: true, origin: 'default' }],
            }),
          },
          {
            kind: 'folder',
            name: 'Other',
            children: [
              { kind: 'request', request: doc({ name: 'Basic', auth: { mode: 'basic' } }) },
              { kind: 'request', request: doc({ name: 'Key', auth: { mode: 'api-key' } }) },
              { kind: 'request', request: doc({ name: 'Open', auth: { mode: 'none' } }) },
            ],
          },
        ],
      },
      { postmanId: 'id-1' },
    ) as unknown as PostmanOut;
    expect(out.info).toEqual({
      name: 'Partner API',
      _postman_id: 'id-1',
      description: 'About it',
      schema: POSTMAN_SCHEMA_V21,
    });
    expect(out.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] });
    expect(JSON.stringify(out)).not.toContain('TOP-SECRET');
    expect(out.variable.map((v) => [v.key, v.value])).toEqual([
      ['baseUrl', 'https://api.olxgroup.com'],
      ['clientSecret', ''],
      ['apiKey', ''],
      ['accessToken', ''],
      ['basicUser', ''],
      ['basicPassword', ''],
    ]);
    const publish = out.item[0]!;
    expect(publish.request.header).toEqual([
      { key: 'Content-Type', value: 'application/json', type: 'text' },
      { key: 'X-API-KEY', value: '{{apiKey}}', type: 'text' },
    ]);
    expect(publish.request.body).toEqual({ mode: 'raw', raw: '{}', options: { raw: { language: 'json' } } });
    expect(publish.request.url).toEqual({
      raw: '{{baseUrl}}/advert/v1',
      host: ['{{baseUrl}}'],
      path: ['advert', 'v1'],
    });
    const [basic, key, open] = out.item[1]!.item!;
    expect(basic!.request.auth).toEqual({
      type: 'basic',
      basic: [
        { key: 'username', value: '{{basicUser}}', type: 'string' },
        { key: 'password', value: '{{basicPassword}}', type: 'string' },
      ],
    });
    expect(key!.request.auth!.type).toBe('apikey');
    expect(key!.request.auth!.apikey).toContainEqual({ key: 'key', value: 'X-API-KEY', type: 'string' });
    expect(open!.request.auth).toEqual({ type: 'noauth' });
  });

  it('a default Content-Type row without a body goes out switched off; captures become the test script', () => {
    const out = exportPostman({
      name: 'C',
      variables: [],
      auth: { mode: 'none' },
      items: [
        {
          kind: 'request',
          request: doc({
            headers: [{ name: 'Content-Type', value: 'application/json', enabled: true, origin: 'default' }],
            captures: [{ variable: 'id', path: '$.id' }],
          }),
        },
      ],
    }) as unknown as PostmanOut;
    const [item] = out.item;
    expect(item!.request.header[0]!.disabled).toBe(true);
    expect(item!.event![0]!.listen).toBe('test');
    expect(item!.event![0]!.script.exec[0]).toBe(CAPTURE_SCRIPT_MARKER);
    expect(out.variable).toEqual([]);
  });

  it('splits URLs the way Postman does', () => {
    expect(postmanUrl('https://127.0.0.1:8443/advert/v1/{{advertUuid}}/meta?a=1&flag#top')).toEqual({
      raw: 'https://127.0.0.1:8443/advert/v1/{{advertUuid}}/meta?a=1&flag#top',
      protocol: 'https',
      host: ['127', '0', '0', '1'],
      port: '8443',
      path: ['advert', 'v1', '{{advertUuid}}', 'meta'],
      query: [
        { key: 'a', value: '1' },
        { key: 'flag', value: null },
      ],
      hash: 'top',
    });
  });
});

describe('round trip: importPostman(exportPostman(x)) ≈ x', () => {
  /** ≈: ids are not kept, a CRM user as bearer comes back as "by hand", header origins are not kept, secret values stay blank. */
  function normalise(collection: ImportedCollection): unknown {
    const node = (n: ImportedNode): unknown =>
      n.kind === 'folder'
        ? { folder: n.name, children: n.children.map(node) }
        : {
            ...n.request,
            headers: n.request.headers.map(({ name, value, enabled }) => ({ name, value, enabled })),
            auth:
              n.request.auth.mode === 'api-key-bearer' ? { mode: 'api-key-bearer', bearer: 'manual' } : n.request.auth,
          };
    return {
      name: collection.name,
      description: collection.description,
      auth: collection.auth.mode === 'api-key-bearer' ? { mode: 'api-key-bearer', bearer: 'manual' } : collection.auth,
      variables: collection.variables.map((v) => ({ ...v, value: v.secret ? '' : v.value })),
      items: collection.items.map(node),
    };
  }

  let nextId = 0;
  const withIds = (nodes: ImportedNode[]): ExportNode[] =>
    nodes.map((n) =>
      n.kind === 'folder'
        ? { kind: 'folder', name: n.name, children: withIds(n.children) }
        : { kind: 'request', request: { id: `id-${nextId++}`, ...n.request } },
    );
  const exported = (c: ImportedCollection): ExportCollection => ({ ...c, items: withIds(c.items) });

  it('the starter collection', () => {
    const starter = starterCollection();
    const back = importPostman(exportPostman(exported(starter)));
    expect(back.unsupported).toEqual([]);
    expect(normalise(back.collections[0]!)).toEqual(normalise(starter));
  });

  it('query parameters kept only in url.query, Bearer and GraphQL survive import and export (commercetools, Contentstack)', () => {
    for (const name of [
      'commercetools-checkout.postman_collection.json',
      'contentstack-graphql.postman_collection.json',
    ]) {
      const first = importPostman(fixture(name)).collections[0]!;
      const again = importPostman(exportPostman(exported(first))).collections[0]!;
      const sent = (c: ImportedCollection) => requests(c.items).map((r) => [r.method, r.url, r.headers, r.body]);
      expect(sent(again)).toEqual(sent(first));
    }
    const commercetools = importPostman(fixture('commercetools-checkout.postman_collection.json')).collections[0]!;
    const versioned = requests(commercetools.items).filter((r) => r.url.includes('?version='));
    expect(versioned.length).toBeGreaterThan(0);
  });

  it('every auth mode, disabled headers, odd captures, secret variables, nested folders', () => {
    const x: ImportedCollection = {
      name: 'Mixed',
      variables: [
        { name: 'baseUrl', value: 'https://h.example', enabled: true, secret: false },
        { name: 'token', value: 'hidden', enabled: true, secret: true },
        { name: 'off', value: 'x', enabled: false, secret: false },
      ],
      auth: { mode: 'basic' },
      items: [
        {
          kind: 'folder',
          name: 'Outer',
          children: [
            {
              kind: 'folder',
              name: 'Inner',
              children: [
                {
                  kind: 'request',
                  request: {
                    name: 'Bearer',
                    method: 'PATCH',
                    url: '{{baseUrl}}/a?x=1&y={{v}}',
                    headers: [
                      { name: 'Content-Type', value: 'application/json', enabled: true },
                      { name: 'X-Off', value: 'no', enabled: false },
                    ],
                    body: '{\n  "a": "it\'s"\n}',
                    auth: { mode: 'api-key-bearer', bearer: 'manual' },
                    captures: [
                      { variable: 'a', path: '$.data[0].id' },
                      { variable: 'b', path: "$['odd key']" },
                    ],
                    description: 'Does a thing.',
                  },
                },
              ],
            },
            {
              kind: 'request',
              request: {
                name: 'Key',
                method: 'DELETE',
                url: '{{baseUrl}}/b',
                headers: [],
                body: '',
                auth: { mode: 'api-key' },
                captures: [],
              },
            },
          ],
        },
        {
          kind: 'request',
          request: {
            name: 'None',
            method: 'PUT',
            url: 'https://h.example/c',
            headers: [{ name: 'Content-Type', value: 'text/plain', enabled: true }],
            body: 'plain text',
            auth: { mode: 'none' },
            captures: [],
          },
        },
        {
          kind: 'request',
          request: {
            name: 'Inherit',
            method: 'HEAD',
            url: 'https://h.example/d',
            headers: [],
            body: '',
            auth: { mode: 'inherit' },
            captures: [],
          },
        },
      ],
    };
    const out = exportPostman(exported(x));
    expect(JSON.stringify(out)).not.toContain('hidden');
    const back = importPostman(out);
    expect(back.unsupported).toEqual([]);
    expect(normalise(back.collections[0]!)).toEqual(normalise(x));
    expect(back.collections[0]!.variables.find((v) => v.name === 'token')).toEqual({
      name: 'token',
      value: '',
      enabled: true,
      secret: true,
    });
  });
});
