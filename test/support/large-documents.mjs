// Large import documents made deterministically (no randomness), for the import bench and the tests
// of large imports: an OpenAPI 3.0 document shaped like a big vendor's (Stripe's and GitHub's run to
// several MB: hundreds of tagged operations, path and query parameters, JSON and form bodies that
// refer to shared schemas, long descriptions), and a Postman collection of many folders and requests.
// Shared by bench/import.mjs and the vitest files (plain .mjs so both can load it; types beside it).
import { stringify } from 'yaml';

const WORDS = 'the customer account invoice payment charge refund subscription price product balance'.split(' ');
const text = (n, seed) => Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(' ');

function schema(i) {
  return {
    type: 'object',
    description: text(40, i),
    properties: {
      id: { type: 'string', readOnly: true, example: `obj_${i}` },
      amount: { type: 'integer', minimum: 1 },
      currency: { type: 'string', enum: ['usd', 'eur', 'pln'] },
      created: { type: 'string', format: 'date-time' },
      email: { type: 'string', format: 'email' },
      metadata: { type: 'object', additionalProperties: { type: 'string' } },
      items: { type: 'array', items: { $ref: `#/components/schemas/Item${i % 50}` } },
      owner: { $ref: `#/components/schemas/Resource${(i + 1) % 200}` },
    },
    required: ['amount', 'currency'],
  };
}

function operation(i, method, tag, hasBody) {
  const op = {
    operationId: `${method}Resource${i}`,
    summary: `${method === 'get' ? 'Retrieve' : 'Update'} resource ${i}: ${text(6, i)}`,
    description: text(60, i + 1),
    tags: [tag],
    parameters: [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: `res_${i}` },
      { name: 'expand', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' } } },
      { name: 'limit', in: 'query', required: true, schema: { type: 'integer', default: 10 } },
    ],
    responses: {
      200: {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/Resource${i % 200}` } } },
      },
    },
  };
  if (hasBody) {
    const media = i % 2 === 0 ? 'application/json' : 'application/x-www-form-urlencoded';
    op.requestBody = { content: { [media]: { schema: { $ref: `#/components/schemas/Resource${i % 200}` } } } };
  }
  return op;
}

/** An OpenAPI 3.0 document of about `bytes` bytes as `write` writes it (YAML by default). */
export function largeOpenApi(bytes, write = stringify) {
  const schemas = {};
  for (let i = 0; i < 50; i++)
    schemas[`Item${i}`] = { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'integer' } } };
  for (let i = 0; i < 200; i++) schemas[`Resource${i}`] = schema(i);
  const doc = {
    openapi: '3.0.3',
    info: { title: 'Large API', version: '1.0.0', description: text(30, 1) },
    servers: [{ url: 'https://api.example.com/v1' }],
    security: [{ bearerAuth: [] }],
    tags: Array.from({ length: 40 }, (_, t) => ({ name: `Area ${t}`, description: text(10, t) })),
    paths: {},
    components: { schemas, securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
  const base = write(doc).length;
  const samplePath = { get: operation(1, 'get', 'Area 1', false), post: operation(1, 'post', 'Area 1', true) };
  const perPath = write({ ...doc, paths: { '/v1/resources1000/{id}': samplePath } }).length - base;
  const paths = Math.max(1, Math.round((bytes - base) / perPath));
  for (let i = 0; i < paths; i++) {
    const tag = `Area ${i % 40}`;
    doc.paths[`/v1/resources${i}/{id}`] = {
      get: operation(i, 'get', tag, false),
      post: operation(i, 'post', tag, true),
    };
  }
  return doc;
}

/** A Postman v2.1 collection of about `bytes` bytes as JSON. */
export function largePostman(bytes) {
  const request = (f, r) => ({
    name: `Request ${f}.${r} ${text(5, r)}`,
    request: {
      method: r % 3 === 0 ? 'GET' : 'POST',
      header: [
        { key: 'Accept', value: 'application/json' },
        { key: 'X-Trace', value: `{{trace}}-${r}` },
      ],
      url: {
        raw: `{{baseUrl}}/v1/folder${f}/items/${r}?page=1`,
        host: ['{{baseUrl}}'],
        path: ['v1', `folder${f}`, 'items', String(r)],
        query: [{ key: 'page', value: '1' }],
      },
      body: {
        mode: 'raw',
        raw: JSON.stringify({ title: text(8, r), amount: r, description: text(40, f + r) }, null, 2),
        options: { raw: { language: 'json' } },
      },
    },
  });
  const folder = (f) => ({ name: `Folder ${f}`, item: Array.from({ length: 20 }, (_, r) => request(f, r)) });
  const perFolder = JSON.stringify(folder(1)).length;
  const folders = Math.max(1, Math.round(bytes / perFolder));
  return {
    info: { name: 'Large collection', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'baseUrl', value: 'https://api.example.com' }],
    item: Array.from({ length: folders }, (_, f) => folder(f)),
  };
}
