import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_NAME } from '../../../shared/names';
import type { ImportResult, ImportedNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import { requestDocSchema } from '../../../shared/schemas/request';
import { importAny } from './detect';
import { importOpenApi } from './openapi';
import { exampleFromSchema } from './openapi-schema';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/openapi/${name}`, import.meta.url), 'utf8');

type Request = Omit<RequestDoc, 'id'> & { folder: string };
function requests(nodes: ImportedNode[], path = ''): Request[] {
  return nodes.flatMap((n) => (n.kind === 'request' ? [{ ...n.request, folder: path }] : requests(n.children, n.name)));
}
const all = (result: ImportResult) => requests(result.collections[0]!.items);
const byName = (result: ImportResult, name: string) => {
  const found = all(result).find((r) => r.name === name);
  if (!found) throw new Error(`no request ${name}`);
  return found;
};
const variables = (result: ImportResult) =>
  Object.fromEntries(result.collections[0]!.variables.map((v) => [v.name, v.value]));

/** A small 3.1 document in the Partner API's shape, to test the mapping rules one by one. */
const PARTNER_31 = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Partner API', description: 'Adverts and taxonomy.' },
  servers: [
    { url: 'https://{host}/', variables: { host: { default: 'api.olxgroup.com', enum: ['api.olxgroup.com'] } } },
  ],
  security: [{ apiKey: [], crmUser: [] }],
  tags: [{ name: 'Taxonomy' }, { name: 'Adverts' }],
  paths: {
    '/advert/v1': {
      post: {
        tags: ['Adverts'],
        summary: 'Publish an advert',
        description: 'Publishes.\n\nMore details here.',
        requestBody: { $ref: '#/components/requestBodies/Advert' },
        callbacks: { published: { '{$request.body#/callback}': { post: { responses: {} } } } },
      },
    },
    '/advert/v1/{uuid}/meta': {
      parameters: [
        {
          name: 'uuid',
          in: 'path',
          required: true,
          schema: { type: 'string', format: 'uuid' },
          example: 'e5d1c2b4-0000-4000-8000-000000000001',
        },
      ],
      get: {
        tags: ['Adverts'],
        operationId: 'getMeta',
        parameters: [
          { name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-Debug', in: 'header', schema: { type: 'boolean', default: false } },
          { name: 'Accept', in: 'header', schema: { type: 'string' } },
          { name: 'session', in: 'cookie', schema: { type: 'string' } },
          {
            name: 'fields',
            in: 'query',
            required: true,
            schema: { type: 'array', items: { type: 'string' } },
            example: ['state', 'uuid'],
          },
          { name: 'page', in: 'query', schema: { type: 'integer' } },
          { name: 'lang', in: 'query', required: true, schema: { type: 'string' } },
        ],
      },
    },
    '/taxonomy/v1/categories': { get: { tags: ['Taxonomy'], summary: 'Categories', security: [{ apiKey: [] }] } },
    '/oauth/v1/token': {
      post: {
        summary: 'Token',
        security: [{ clientBasic: [] }],
        requestBody: {
          content: { 'application/json': { examples: { code: { $ref: '#/components/examples/CodeGrant' } } } },
        },
      },
    },
    '/public/v1/ping': { get: { summary: 'Ping', security: [] } },
    '/legacy/v1/upload': {
      post: {
        summary: 'Upload',
        requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } },
        security: [{ implicitOnly: [] }],
      },
    },
    '/other/v1/thing': { get: { summary: 'Thing', security: [{ otherHeader: [] }, { apiKey: [] }] } },
    '/tree/v1': {
      post: {
        summary: 'Tree',
        requestBody: { content: { 'application/vnd.api+json': { schema: { $ref: '#/components/schemas/Node' } } } },
      },
    },
  },
  webhooks: { advertChanged: { post: { requestBody: { content: { 'application/json': {} } } } } },
  components: {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-KEY' },
      crmUser: {
        type: 'oauth2',
        flows: {
          authorizationCode: {
            authorizationUrl: 'https://www.otodom.pl/pl/crm/authorization/',
            tokenUrl: 'https://api.olxgroup.com/oauth/v1/token',
            scopes: {},
          },
        },
      },
      clientBasic: { type: 'http', scheme: 'basic' },
      implicitOnly: { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://x.example/auth', scopes: {} } } },
      otherHeader: { type: 'apiKey', in: 'header', name: 'X-Partner-Token' },
    },
    requestBodies: { Advert: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Advert' } } } } },
    examples: { CodeGrant: { value: { grant_type: 'authorization_code', code: 'abc' } } },
    schemas: {
      Advert: {
        type: 'object',
        required: ['title'],
        properties: {
          uuid: { type: 'string', readOnly: true },
          title: { type: 'string', examples: ['Sunny flat'] },
          price: { $ref: '#/components/schemas/Price' },
          site_urn: { type: 'string', enum: ['urn:site:otodompl', 'urn:site:storiaro'] },
          images: { type: 'array', items: { type: 'object', properties: { url: { type: 'string', format: 'uri' } } } },
          exact: { type: ['boolean', 'null'] },
          contact: {
            oneOf: [{ type: 'object', properties: { email: { type: 'string', format: 'email' } } }, { type: 'string' }],
          },
        },
      },
      Price: {
        allOf: [
          { type: 'object', properties: { value: { type: 'number', minimum: 1 } } },
          { type: 'object', properties: { currency: { type: 'string', default: 'PLN' } } },
        ],
      },
      Node: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
        },
      },
    },
  },
});

describe('importOpenApi: the mapping rules', () => {
  const result = importOpenApi(PARTNER_31);

  it('names the collection, takes baseUrl from the first server with its variables', () => {
    expect(result.format).toBe('OpenAPI 3.1');
    expect(result.collections[0]).toMatchObject({ name: 'Partner API', description: 'Adverts and taxonomy.' });
    expect(variables(result).baseUrl).toBe('https://api.olxgroup.com');
  });

  it('groups by first tag, in the order of the tags list; untagged at the top level, after folders', () => {
    const items = result.collections[0]!.items;
    expect(items.map((n) => (n.kind === 'folder' ? `[${n.name}]` : n.request.name))).toEqual([
      '[Taxonomy]',
      '[Adverts]',
      'Token',
      'Ping',
      'Upload',
      'Thing',
      'Tree',
    ]);
  });

  it('API key + OAuth2 authorization code → API key + Bearer from a CRM user, for the collection', () => {
    expect(result.collections[0]!.auth).toEqual({ mode: 'api-key-bearer' });
    expect(byName(result, 'Publish an advert').auth).toEqual({ mode: 'inherit' });
    expect(byName(result, 'Categories').auth).toEqual({ mode: 'api-key' });
    expect(byName(result, 'Token').auth).toEqual({ mode: 'basic' });
    expect(byName(result, 'Ping').auth).toEqual({ mode: 'none' });
  });

  it('a JSON body from the schema: refs resolved, readOnly left out, examples, enums, defaults, allOf, oneOf', () => {
    const publish = byName(result, 'Publish an advert');
    expect(publish.url).toBe('{{baseUrl}}/advert/v1');
    expect(publish.headers).toEqual([{ name: 'Content-Type', value: 'application/json', enabled: true }]);
    expect(JSON.parse(publish.body)).toEqual({
      title: 'Sunny flat',
      price: { value: 1, currency: 'PLN' },
      site_urn: 'urn:site:otodompl',
      images: [{ url: 'https://example.com' }],
      exact: false,
      contact: { email: 'user@example.com' },
    });
    expect(publish.body).toBe(JSON.stringify(JSON.parse(publish.body), null, 2));
    expect(publish.description).toBe('Publishes.');
  });

  it('a body from a named example ($ref to components/examples)', () => {
    expect(JSON.parse(byName(result, 'Token').body)).toEqual({ grant_type: 'authorization_code', code: 'abc' });
  });

  it('parameters: path → {{variable}} with its example, required query with example or {{name}}, headers', () => {
    const meta = byName(result, 'getMeta');
    expect(meta.url).toBe('{{baseUrl}}/advert/v1/{{uuid}}/meta?fields=state%2Cuuid&lang={{lang}}');
    expect(variables(result)).toMatchObject({ uuid: 'e5d1c2b4-0000-4000-8000-000000000001', lang: '' });
    expect(meta.headers).toEqual([
      { name: 'X-Request-Id', value: '{{X-Request-Id}}', enabled: true },
      { name: 'X-Debug', value: 'false', enabled: false },
    ]);
  });

  it('a cycle in the schema stops; +json media types count as JSON', () => {
    const tree = byName(result, 'Tree');
    expect(tree.headers).toEqual([{ name: 'Content-Type', value: 'application/vnd.api+json', enabled: true }]);
    expect(JSON.parse(tree.body)).toEqual({ name: 'string', children: [null] });
  });

  it('an API key in another header becomes a header row with a secret variable', () => {
    expect(byName(result, 'Thing').headers).toEqual([
      { name: 'X-Partner-Token', value: '{{otherHeader}}', enabled: true },
    ]);
    expect(result.collections[0]!.variables.find((v) => v.name === 'otherHeader')).toEqual({
      name: 'otherHeader',
      value: '',
      enabled: true,
      secret: true,
    });
  });

  it('lists what was not imported, by operation', () => {
    expect(result.unsupported).toEqual([
      "The callbacks of 'Publish an advert' (published) were not imported: the app sends requests; it does not receive them.",
      "The cookie parameter 'session' of 'getMeta' was not imported: the app does not manage cookies; add a Cookie header if it is needed.",
      "The request body of 'Upload' (multipart/form-data) was not imported: the app sends JSON and form (urlencoded) bodies only.",
      'The webhooks advertChanged were not imported: the app sends requests; it does not receive them.',
      "The OAuth2 implicit flow of 'implicitOnly' was not imported (used by 'Upload'): the app runs the OAuth2 authorization code flow itself.",
    ]);
  });
});

describe('importOpenApi: real documents', () => {
  it('petstore (3.0, YAML): tags, path parameters', () => {
    const result = importOpenApi(fixture('petstore-3.0.yaml'));
    expect(result.format).toBe('OpenAPI 3.0');
    expect(all(result).map((r) => `${r.folder} ${r.method} ${r.url} ${r.name}`)).toEqual([
      'pets GET {{baseUrl}}/pets List all pets',
      'pets POST {{baseUrl}}/pets Create a pet',
      'pets GET {{baseUrl}}/pets/{{petId}} Info for a specific pet',
    ]);
    expect(variables(result)).toEqual({ baseUrl: 'http://petstore.swagger.io/v1', petId: '' });
    expect(result.unsupported).toEqual([]);
  });

  it('petstore expanded (3.0, JSON): operationId names, body skeleton through allOf', () => {
    const result = importOpenApi(fixture('petstore-expanded-3.0.json'));
    expect(all(result).map((r) => r.name)).toEqual(['findPets', 'addPet', 'find pet by id', 'deletePet']);
    expect(JSON.parse(byName(result, 'addPet').body)).toEqual({ name: 'string', tag: 'string' });
    expect(byName(result, 'findPets').description!.length).toBeLessThanOrEqual(500);
  });

  it('the Swagger petstore (3.0.2): relative server, implicit OAuth2, an api_key header, XML and octet-stream bodies', () => {
    const result = importOpenApi(fixture('swagger-petstore-3.0.yaml'));
    expect(all(result)).toHaveLength(19);
    expect(result.collections[0]!.items.map((n) => (n.kind === 'folder' ? n.name : ''))).toEqual([
      'pet',
      'store',
      'user',
    ]);
    expect(byName(result, 'Add a new pet to the store').auth).toEqual({ mode: 'inherit' });
    expect(JSON.parse(byName(result, 'Add a new pet to the store').body)).toMatchObject({
      id: 10,
      name: 'doggie',
      category: { id: 1, name: 'Dogs' },
      photoUrls: ['string'],
    });
    expect(byName(result, 'Find pet by ID').headers).toEqual([
      { name: 'api_key', value: '{{api_key}}', enabled: true },
    ]);
    expect(result.unsupported).toEqual([
      "The server URL /v3 is relative: set baseUrl to the API's full address (for example https://api.example.com/v3).",
      "The request body of 'uploads an image' (application/octet-stream) was not imported: the app sends JSON and form (urlencoded) bodies only.",
      "The OAuth2 implicit flow of 'petstore_auth' was not imported (used by 'Add a new pet to the store', 'Update an existing pet', 'Finds Pets by status', 'Finds Pets by tags', 'Updates a pet in the store with form data', 'Deletes a pet', 'uploads an image'): the app runs the OAuth2 authorization code flow itself.",
    ]);
  });

  it('USPTO (3.0.1): server variables, path defaults, a form body from the schema defaults', () => {
    const result = importOpenApi(fixture('uspto-3.0.yaml'));
    expect(variables(result)).toEqual({
      baseUrl: 'https://developer.uspto.gov/ds-api',
      dataset: 'oa_citations',
      version: 'v1',
    });
    expect(all(result).map((r) => r.url)).toEqual([
      '{{baseUrl}}/',
      '{{baseUrl}}/{{dataset}}/{{version}}/fields',
      '{{baseUrl}}/{{dataset}}/{{version}}/records',
    ]);
    const search = all(result)[2]!;
    expect(search.headers).toEqual([
      { name: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true },
    ]);
    expect(search.body).toBe('criteria=*%3A*&start=0&rows=100');
    expect(result.unsupported).toEqual([]);
  });

  it('Twilio Accounts (3.0.1, YAML): 20 operations, every form body imported with its Content-Type', () => {
    const result = importOpenApi(fixture('twilio-accounts-v1.yaml'));
    const requests = all(result);
    expect(requests).toHaveLength(20);
    expect(result.collections[0]!.items).toHaveLength(8);
    expect(variables(result).baseUrl).toBe('https://accounts.twilio.com');
    const withBodies = requests.filter((r) => r.body !== '');
    expect(withBodies.map((r) => r.name)).toEqual([
      'Create a new AWS Credential',
      'Modify the properties of a given Account',
      'CreateBulkConsents',
      'CreateBulkContacts',
      'UpdateMessagingGeopermissions',
      'Create a new Public Key Credential',
      'Modify the properties of a given Account',
      'Add a new phone number or phone number 1k prefix to SafeList.',
    ]);
    const form = { name: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true };
    for (const request of withBodies) expect(request.headers).toContainEqual(form);
    const aws = byName(result, 'Create a new AWS Credential').body;
    expect(aws).toBe(
      'AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&FriendlyName=friendly_name&Credentials=aws_credentials',
    );
    expect(byName(result, 'Add a new phone number or phone number 1k prefix to SafeList.').body).toBe(
      'PhoneNumber=%2B18001234567',
    );
    // An array field is repeated, as Twilio reads it; what a server decodes is the example's items.
    const consents = new URLSearchParams(byName(result, 'CreateBulkConsents').body);
    const correlations = consents.getAll('Items').map((item) => JSON.parse(item).correlation_id);
    expect(correlations).toEqual(['ad388b5a46b33b874b0d41f7226db2ef', '02520cfa6c432f0e3ec3a38c122d428d']);
    expect(result.unsupported).toEqual([]);
  });

  it("Stripe's form bodies: deepObject fields with brackets, from the schema when there is no example", () => {
    // Stripe's shape (spec3.json, POST /v1/customers), written small: its full document is 6 MB.
    const stripe = {
      openapi: '3.0.0',
      info: { title: 'Stripe API', version: '2024-06-20' },
      servers: [{ url: 'https://api.stripe.com/' }],
      paths: {
        '/v1/customers': {
          post: {
            operationId: 'PostCustomers',
            summary: 'Create a customer',
            requestBody: {
              content: {
                'application/x-www-form-urlencoded': {
                  encoding: {
                    address: { explode: true, style: 'deepObject' },
                    expand: { explode: true, style: 'deepObject' },
                    metadata: { explode: true, style: 'deepObject' },
                  },
                  schema: {
                    type: 'object',
                    additionalProperties: false,
                    properties: {
                      address: {
                        anyOf: [
                          {
                            type: 'object',
                            properties: { city: { type: 'string', maxLength: 5000 }, country: { type: 'string' } },
                          },
                          { type: 'string', enum: [''] },
                        ],
                      },
                      balance: { type: 'integer' },
                      email: { type: 'string', maxLength: 512 },
                      expand: { type: 'array', items: { type: 'string', maxLength: 5000 } },
                      metadata: {
                        anyOf: [
                          { type: 'object', additionalProperties: { type: 'string' } },
                          { type: 'string', enum: [''] },
                        ],
                        example: { order_id: '6735' },
                      },
                      tax_exempt: { type: 'string', enum: ['exempt', 'none', 'reverse'] },
                    },
                  },
                },
              },
              required: false,
            },
            responses: { '200': { description: 'Successful response.' } },
          },
        },
      },
    };
    const customer = byName(importOpenApi(JSON.stringify(stripe)), 'Create a customer');
    expect(customer.headers).toEqual([
      { name: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true },
    ]);
    expect(customer.body).toBe(
      'address[city]=string&address[country]=string&balance=0&email=string&expand[0]=string&metadata[order_id]=6735&tax_exempt=exempt',
    );
  });

  it('refuses a document split over several files, naming the first other file, once', () => {
    const split = [
      'openapi: 3.0.3',
      'info: { title: Split, version: "1" }',
      'paths:',
      '  /pets:',
      '    $ref: resources/pets.yaml',
      '  /pets/{id}:',
      '    get:',
      '      responses: { "200": { $ref: "responses/Pet.yaml#/Pet" } }',
    ].join('\n');
    const sentence =
      "This OpenAPI document is split over several files (it refers to 'resources/pets.yaml'), so it cannot be imported on its own: " +
      'bundle it into one file first (for example with npx @redocly/cli bundle or swagger-cli bundle), then import the bundled file.';
    expect(() => importOpenApi(split)).toThrow(sentence);
    expect(() => importAny(split, 'openapi.yaml')).toThrow(sentence);
  });

  it('names fit what saving accepts: long, multi-line summaries and tags are made one line and clipped', () => {
    const long = `Retrieve ${'the details of a resource, '.repeat(15)}\nand more on a second line`;
    const paths = { '/a': { get: { summary: long, tags: [long] } } };
    const doc = { openapi: '3.0.0', info: { title: 'Long' }, servers: [{ url: 'https://example.com' }], paths };
    const result = importOpenApi(JSON.stringify(doc));
    const folder = result.collections[0]!.items[0]!;
    expect(folder.kind).toBe('folder');
    const name = all(result)[0]!.name;
    for (const text of [name, folder.kind === 'folder' ? folder.name : '']) {
      expect(text.length).toBe(MAX_NAME);
      expect(text).not.toContain('\n');
      expect(text.endsWith('…')).toBe(true);
    }
    const { folder: _folder, ...request } = all(result)[0]!;
    expect(requestDocSchema.safeParse({ ...request, id: 'r1' }).error).toBeUndefined();
  });

  it('callbacks (3.0): listed; a required query parameter takes its schema example', () => {
    const result = importOpenApi(fixture('callback-example-3.0.yaml'));
    expect(byName(result, 'POST /streams').url).toBe('{{baseUrl}}/streams?callbackUrl=https%3A%2F%2Ftonys-server.com');
    expect(result.unsupported).toEqual([
      "The document names no server: set baseUrl to the API's address.",
      "The callbacks of 'POST /streams' (onData) were not imported: the app sends requests; it does not receive them.",
    ]);
  });

  it('webhooks (3.1, YAML)', () => {
    const result = importOpenApi(fixture('webhook-example-3.1.yaml'));
    expect(result.format).toBe('OpenAPI 3.1');
    expect(result.unsupported).toContain(
      'The webhooks newPet were not imported: the app sends requests; it does not receive them.',
    );
  });

  it('Bearer without an API key (3.1, JSON): API key + Bearer by hand, and a sentence', () => {
    const result = importOpenApi(fixture('non-oauth-scopes-3.1.json'));
    expect(byName(result, 'GET /users').auth).toEqual({ mode: 'api-key-bearer', bearer: 'manual' });
    expect(result.unsupported).toContain(
      "Some requests use a Bearer token without an API key ('GET /users'): the app sends the two together (API key + Bearer). If this API needs no X-API-KEY, choose auth None for them and add an Authorization header.",
    );
  });

  it('alternatives: mutual TLS skipped for the authorization code alternative (3.1)', () => {
    const result = importOpenApi(fixture('security-schemes-3.1.yaml'));
    expect(byName(result, 'List all pets').auth).toEqual({ mode: 'api-key-bearer' });
  });

  it('refuses Swagger 2.0 with what to do', () => {
    expect(() => importOpenApi(fixture('swagger-2.0-petstore-minimal.json'))).toThrow(
      /This is a Swagger 2\.0 document, not OpenAPI 3\. Convert it to OpenAPI 3 first/,
    );
  });

  it('refuses what is not OpenAPI, and bad YAML', () => {
    expect(() => importOpenApi('title: hello')).toThrow(/not an OpenAPI document/);
    expect(() => importOpenApi('openapi: [1, 2')).toThrow(/could not be read as YAML/);
  });
});

describe('exampleFromSchema', () => {
  it('stops at the depth limit', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20; i++) schema = { type: 'object', properties: { next: schema } };
    const example = exampleFromSchema(schema, { root: {}, onExternal: () => undefined });
    expect(JSON.stringify(example).match(/next/g)!.length).toBeLessThanOrEqual(9);
  });
});
