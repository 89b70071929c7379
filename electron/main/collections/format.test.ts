/** The collection file format on its own: slugs, the body as lines, fixed key order, migrations. */
import { describe, expect, it } from 'vitest';
import type { RequestDoc } from '../../../shared/schemas/request';
import {
  bodyToLines,
  COLLECTION_MIGRATIONS,
  FormatError,
  isSafeRelativePath,
  linesToBody,
  NewerVersionError,
  parseCollection,
  parseRequest,
  REQUEST_MIGRATIONS,
  serializeCollection,
  serializeRequest,
  slugFits,
  slugify,
  uniqueSlug,
} from './format';

const DOC: RequestDoc = {
  id: '8d0f6f0e-1111-4c1e-9a57-000000000001',
  name: 'Publish an advert',
  method: 'POST',
  url: '{{baseUrl}}/advert/v1',
  description: 'Publishes the advert in advert.json.',
  headers: [
    { name: 'Accept', value: 'application/json', enabled: true, origin: 'default' },
    { name: 'X-Trace', value: '1', enabled: false },
  ],
  body: '{\n  "title": "Flat"\n}\n',
  auth: { mode: 'api-key-bearer', bearer: 'user-1' },
  captures: [{ variable: 'advertUuid', path: '$.data.uuid' }],
};

describe('slugs', () => {
  it('makes readable, file-safe names', () => {
    expect(slugify('Publish an advert', 'request')).toBe('publish-an-advert');
    expect(slugify('  GET /advert/v1/{uuid}/meta  ', 'request')).toBe('get-advert-v1-uuid-meta');
    expect(slugify('Zażółć gęślą jaźń — Łódź', 'request')).toBe('zazolc-gesla-jazn-lodz');
    expect(slugify('Straße & Smørrebrød', 'request')).toBe('strasse-smorrebrod');
    expect(slugify('объявления', 'folder')).toBe('folder');
    expect(slugify('!!!', 'request')).toBe('request');
    expect(slugify('a'.repeat(50) + ' ' + 'b'.repeat(50), 'request')).toBe('a'.repeat(50));
  });

  it('adds -2, -3… to keep names unique, case-insensitively by the caller, and avoids device names', () => {
    const taken = new Set(['adverts', 'adverts-2']);
    expect(uniqueSlug('adverts', (c) => taken.has(c))).toBe('adverts-3');
    expect(uniqueSlug('con', () => false)).toBe('con-2');
    expect(uniqueSlug('nul', () => false)).toBe('nul-2');
    expect(slugFits('adverts-3', 'Adverts', 'folder')).toBe(true);
    expect(slugFits('adverts', 'Adverts (old)', 'folder')).toBe(false);
  });

  it('accepts only relative paths inside the collection', () => {
    expect(isSafeRelativePath('adverts/publish.request.json')).toBe(true);
    for (const bad of ['', '/etc/passwd', '../x.request.json', 'a/../../x', 'a//b', 'C:/x', 'a\\b', './a'])
      expect(isSafeRelativePath(bad)).toBe(false);
  });
});

describe('the body as an array of lines', () => {
  const bodies = [
    '',
    '\n',
    '\n\n',
    'a',
    'a\n',
    'a\nb',
    'a\r\nb\r\n',
    '\r',
    '\r\n',
    'mixed\r\nends\nhere\r',
    '  spaces \t\n',
    'ünïcödé ✓\n',
    '{"a":1}',
  ];
  it.each(bodies.map((b) => [JSON.stringify(b), b]))('round trips %s exactly', (_label, body) => {
    expect(linesToBody(bodyToLines(body))).toBe(body);
    expect(parseRequest(serializeRequest({ ...DOC, body })).doc.body).toBe(body);
  });

  it('stores one element per line, a trailing newline as a last empty element, an empty body as []', () => {
    expect(bodyToLines('{\n  "a": 1\n}\n')).toEqual(['{', '  "a": 1', '}', '']);
    expect(bodyToLines('a\r\nb')).toEqual(['a\r', 'b']);
    expect(bodyToLines('')).toEqual([]);
  });
});

describe('request files', () => {
  it('are written with a fixed key order, 2-space indent and a trailing newline', () => {
    expect(serializeRequest(DOC)).toBe(`{
  "format": "partner-api-workbench.request",
  "version": 1,
  "id": "8d0f6f0e-1111-4c1e-9a57-000000000001",
  "name": "Publish an advert",
  "method": "POST",
  "url": "{{baseUrl}}/advert/v1",
  "description": "Publishes the advert in advert.json.",
  "headers": [
    {
      "name": "Accept",
      "value": "application/json",
      "enabled": true,
      "origin": "default"
    },
    {
      "name": "X-Trace",
      "value": "1",
      "enabled": false
    }
  ],
  "body": [
    "{",
    "  \\"title\\": \\"Flat\\"",
    "}",
    ""
  ],
  "auth": {
    "mode": "api-key-bearer",
    "bearer": "user-1"
  },
  "captures": [
    {
      "variable": "advertUuid",
      "path": "$.data.uuid"
    }
  ]
}
`);
  });

  it('write the same bytes whatever the key order of the object given', () => {
    const shuffled = {
      captures: DOC.captures,
      body: DOC.body,
      auth: { bearer: 'user-1', mode: 'api-key-bearer' },
      headers: DOC.headers,
      url: DOC.url,
      method: DOC.method,
      name: DOC.name,
      id: DOC.id,
      description: DOC.description,
    } as RequestDoc;
    expect(serializeRequest(shuffled)).toBe(serializeRequest(DOC));
  });

  it('parse back every field', () => {
    expect(parseRequest(serializeRequest(DOC))).toEqual({ doc: DOC, version: 1 });
    const { description: _d, ...withoutDescription } = DOC;
    expect(parseRequest(serializeRequest(withoutDescription)).doc).toEqual(withoutDescription);
  });

  it('refuse what is not a request, and files from a newer version', () => {
    expect(() => parseRequest('{ "format": "partner-api-workbench.request", "version": 1,')).toThrow(FormatError);
    expect(() => parseRequest('[]')).toThrow(/the request is missing or not valid/);
    expect(() => parseRequest(serializeRequest(DOC).replace('"POST"', '"FETCH"'))).toThrow(/method/);
    expect(() => parseRequest(JSON.stringify({ format: 'something.else', version: 1 }))).toThrow(/not a request file/);
    expect(() => parseRequest(serializeRequest(DOC).replace('"version": 1', '"version": 2'))).toThrow(
      NewerVersionError,
    );
  });

  it('say which field of a broken file is wrong and what to put there', () => {
    const broken = (change: (file: Record<string, unknown>) => void) => {
      const file = JSON.parse(serializeRequest(DOC)) as Record<string, unknown>;
      change(file);
      return () => parseRequest(JSON.stringify(file));
    };
    expect(broken((f) => (f.method = 'FETCH'))).toThrow(
      new FormatError('field “method” is “FETCH”; use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS'),
    );
    expect(broken((f) => delete f.url)).toThrow(new FormatError('field “url” is missing; add it as text in quotes'));
    expect(broken((f) => ((f.headers as Array<Record<string, unknown>>)[0]!.enabled = 'yes'))).toThrow(
      new FormatError('field “enabled” of entry 1 in “headers” is “yes”; it should be true or false'),
    );
    expect(broken((f) => (f.auth = { mode: 'oauth' }))).toThrow(
      new FormatError(
        'field “mode” in “auth” is “oauth”; use one of none, api-key, api-key-bearer, bearer, basic, inherit',
      ),
    );
    expect(broken((f) => (f.body = 'one string'))).toThrow(
      new FormatError('field “body” is “one string”; it should be a list in [ ]'),
    );
    expect(broken((f) => (f.colour = 'red'))).toThrow(
      new FormatError('the request has “colour”, which the app does not know; remove it'),
    );
    expect(broken((f) => (f.name = ''))).toThrow(new FormatError('field “name” is empty; fill it in'));
  });
});

describe('migrations', () => {
  it('have one step from each older version', () => {
    expect(REQUEST_MIGRATIONS.map((m) => m.from)).toEqual([0]);
    expect(COLLECTION_MIGRATIONS.map((m) => m.from)).toEqual([0]);
  });

  it('turn a version 0 request (headers map, body string) into version 1', () => {
    const v0 = JSON.stringify({
      id: 'r1',
      name: 'Old',
      method: 'PUT',
      url: 'https://x/advert/v1/1',
      headers: { Accept: 'application/json', 'X-API-KEY': '{{apiKey}}' },
      body: 'a\r\nb\n',
    });
    expect(parseRequest(v0)).toEqual({
      version: 0,
      doc: {
        id: 'r1',
        name: 'Old',
        method: 'PUT',
        url: 'https://x/advert/v1/1',
        headers: [
          { name: 'Accept', value: 'application/json', enabled: true },
          { name: 'X-API-KEY', value: '{{apiKey}}', enabled: true },
        ],
        body: 'a\r\nb\n',
        auth: { mode: 'inherit' },
        captures: [],
      },
    });
  });

  it('turn a version 0 collection (variables map, items without paths) into version 1', () => {
    const v0 = JSON.stringify({
      id: 'c1',
      name: 'Old',
      variables: { baseUrl: 'https://api.olxgroup.com' },
      items: [
        {
          folder: 'Adverts',
          id: 'f1',
          items: [
            { request: 'ads/publish.request.json', id: 'r1' },
            { folder: 'Empty one', id: 'f2', items: [] },
          ],
        },
        { request: 'token.request.json', id: 'r2' },
      ],
    });
    const parsed = parseCollection(v0);
    expect(parsed.version).toBe(0);
    expect(parsed.index).toEqual({
      id: 'c1',
      name: 'Old',
      auth: { mode: 'api-key-bearer' },
      variables: [{ name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false }],
      items: [
        {
          kind: 'folder',
          id: 'f1',
          name: 'Adverts',
          path: 'ads',
          children: [
            { kind: 'request', id: 'r1', name: '', method: 'GET', file: 'ads/publish.request.json' },
            { kind: 'folder', id: 'f2', name: 'Empty one', path: 'ads/empty-one', children: [] },
          ],
        },
        { kind: 'request', id: 'r2', name: '', method: 'GET', file: 'token.request.json' },
      ],
    });
    expect([...parsed.incomplete]).toEqual(['r1', 'r2']);
  });
});

describe('collection.json', () => {
  it('is written with a fixed key order, secret values blank', () => {
    const text = serializeCollection({
      id: 'c1',
      name: 'Partner API',
      auth: { mode: 'api-key-bearer' },
      variables: [
        { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
        { name: 'password', value: 'CANARY-do-not-write', enabled: true, secret: true },
      ],
      items: [
        {
          kind: 'folder',
          id: 'f1',
          name: 'Adverts',
          path: 'adverts',
          children: [
            {
              kind: 'request',
              id: 'r1',
              name: 'Publish an advert',
              method: 'POST',
              file: 'adverts/publish-an-advert.request.json',
            },
          ],
        },
      ],
    });
    expect(text).not.toContain('CANARY');
    expect(JSON.parse(text)).toEqual({
      format: 'partner-api-workbench.collection',
      version: 1,
      id: 'c1',
      name: 'Partner API',
      auth: { mode: 'api-key-bearer' },
      variables: [
        { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
        { name: 'password', value: '', enabled: true, secret: true },
      ],
      items: [
        {
          folder: 'Adverts',
          id: 'f1',
          path: 'adverts',
          items: [
            { request: 'adverts/publish-an-advert.request.json', id: 'r1', name: 'Publish an advert', method: 'POST' },
          ],
        },
      ],
    });
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'id', 'name', 'auth', 'variables', 'items']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('keeps a secret’s allowed origins, and reads files written before the list existed (not bound yet)', () => {
    const file = (variables: unknown[]) =>
      JSON.stringify({
        format: 'partner-api-workbench.collection',
        version: 1,
        id: 'c1',
        name: 'C',
        auth: { mode: 'none' },
        variables,
        items: [],
      });
    const old = parseCollection(file([{ name: 'token', value: '', enabled: true, secret: true }]));
    expect(old.index.variables).toEqual([{ name: 'token', value: '', enabled: true, secret: true }]);
    const listed = parseCollection(
      file([
        {
          name: 'token',
          value: '',
          enabled: true,
          secret: true,
          origins: [
            'https://API.example.com/',
            'http://clear.example',
            'https://a.example/path',
            42,
            'https://api.example.com',
          ],
        },
        { name: 'plain', value: 'x', enabled: true, secret: false, origins: ['https://a.example'] },
      ]),
    );
    expect(listed.index.variables).toEqual([
      { name: 'token', value: '', enabled: true, secret: true, origins: ['https://api.example.com'] },
      { name: 'plain', value: 'x', enabled: true, secret: false },
    ]);
    const written = JSON.parse(serializeCollection(listed.index)).variables[0];
    expect(written).toEqual({
      name: 'token',
      value: '',
      enabled: true,
      secret: true,
      origins: ['https://api.example.com'],
    });
  });

  it('says which field of a broken collection.json is wrong and what to put there', () => {
    const file = (change: Record<string, unknown>) => () =>
      parseCollection(
        JSON.stringify({
          format: 'partner-api-workbench.collection',
          version: 1,
          id: 'c1',
          name: 'C',
          auth: { mode: 'none' },
          variables: [],
          items: [],
          ...change,
        }),
      );
    expect(file({ variables: [{ name: 'v', value: 'x', enabled: 'yes', secret: false }] })).toThrow(
      new FormatError('field “enabled” of entry 1 in “variables” is “yes”; it should be true or false'),
    );
    expect(file({ auth: { mode: 'none', user: 'ann' } })).toThrow(
      new FormatError('field “auth” has “user”, which the app does not know; remove it'),
    );
    expect(file({ items: {} })).toThrow(new FormatError('field “items” is an object; it should be a list in [ ]'));
  });

  it('drops entries that are not valid (bad paths, repeated ids) with a problem each, keeping the rest', () => {
    const parsed = parseCollection(
      JSON.stringify({
        format: 'partner-api-workbench.collection',
        version: 1,
        id: 'c1',
        name: 'C',
        auth: { mode: 'none' },
        variables: [],
        items: [
          { request: '../../outside.request.json', id: 'a', name: 'A', method: 'GET' },
          { request: 'ok.request.json', id: 'b', name: 'B', method: 'GET' },
          { request: 'again.request.json', id: 'b', name: 'B again', method: 'GET' },
        ],
      }),
    );
    expect(parsed.index.items.map((n) => n.id)).toEqual(['b']);
    expect(parsed.problems).toHaveLength(2);
  });
});

describe('folder auth in collection.json', () => {
  const index = (auth?: { mode: 'basic' }) => ({
    id: 'c1',
    name: 'Partner API',
    auth: { mode: 'api-key' as const },
    variables: [],
    items: [
      {
        kind: 'folder' as const,
        id: 'f1',
        name: 'Adverts',
        path: 'adverts',
        children: [
          {
            kind: 'folder' as const,
            id: 'f2',
            name: 'Meta',
            path: 'adverts/meta',
            ...(auth ? { auth } : {}),
            children: [],
          },
        ],
      },
    ],
  });

  it('is written only when a folder sets one, and makes the file version 2, which reads back the same', () => {
    expect(JSON.parse(serializeCollection(index())).version).toBe(1);
    expect(JSON.parse(serializeCollection(index())).items[0].items[0]).not.toHaveProperty('auth');
    const text = serializeCollection(index({ mode: 'basic' }));
    expect(JSON.parse(text).version).toBe(2);
    const parsed = parseCollection(text);
    expect(parsed.version).toBe(2);
    expect(parsed.index).toEqual(index({ mode: 'basic' }));
  });

  it('refuses a collection.json from a version after folder auth', () => {
    const text = serializeCollection(index({ mode: 'basic' })).replace('"version": 2', '"version": 3');
    expect(() => parseCollection(text)).toThrow(NewerVersionError);
  });
});

describe('checks in request files', () => {
  const CHECKS: NonNullable<RequestDoc['checks']> = [
    { on: 'status', target: '', op: 'equals', expected: '202', enabled: true },
    { on: 'json', target: '$.data.uuid', op: 'exists', expected: '', enabled: true },
    { on: 'header', target: 'Content-Type', op: 'matches', expected: '^application/json', enabled: false },
  ];
  const WITH_CHECKS: RequestDoc = { ...DOC, checks: CHECKS };

  it('are written after the captures, each with a fixed key order, and read back the same', () => {
    const text = serializeRequest(WITH_CHECKS);
    expect(
      text.endsWith(`  "checks": [
    {
      "on": "status",
      "target": "",
      "op": "equals",
      "expected": "202",
      "enabled": true
    },
    {
      "on": "json",
      "target": "$.data.uuid",
      "op": "exists",
      "expected": "",
      "enabled": true
    },
    {
      "on": "header",
      "target": "Content-Type",
      "op": "matches",
      "expected": "^application/json",
      "enabled": false
    }
  ]
}
`),
    ).toBe(true);
    expect(text.indexOf('"captures"')).toBeLessThan(text.indexOf('"checks"'));
    expect(parseRequest(text)).toEqual({ doc: WITH_CHECKS, version: 1 });
  });

  it('are left out of the file of a request without any, so its bytes do not change', () => {
    expect(serializeRequest({ ...DOC, checks: [] })).toBe(serializeRequest(DOC));
    expect(serializeRequest(DOC)).not.toContain('"checks"');
  });

  it('read as none from a file written before checks existed', () => {
    const old = serializeRequest(DOC);
    expect(parseRequest(old).doc.checks ?? []).toEqual([]);
    expect(parseRequest(old).doc).toEqual(DOC);
  });

  it('say which check of a broken file is wrong and what to put there', () => {
    const file = (checks: unknown) => JSON.stringify({ ...JSON.parse(serializeRequest(DOC)), checks });
    const refused = (checks: unknown, message: string) =>
      expect(() => parseRequest(file(checks))).toThrow(new FormatError(message));
    refused(
      [CHECKS[1], { ...CHECKS[0], op: 'contains' }],
      'field “op” of entry 2 in “checks” is not valid (A status check takes equals, not-equals, one-of, between, kind, not contains)',
    );
    refused(
      [{ ...CHECKS[1], target: ' ' }],
      'field “target” of entry 1 in “checks” is not valid (A json check needs a JSONPath such as $.id)',
    );
    refused(
      [{ ...CHECKS[0], on: 'nose' }],
      'field “on” of entry 1 in “checks” is “nose”; use one of status, json, header, time, size, schema',
    );
    refused(
      [{ ...CHECKS[0], colour: 'red' }],
      'entry 1 in “checks” has “colour”, which the app does not know; remove it',
    );
    refused('all', 'field “checks” is “all”; it should be a list in [ ]');
  });
});
