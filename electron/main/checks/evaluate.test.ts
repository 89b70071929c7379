/**
 * Every subject and operator of a check, passing and failing, with what a failure shows; the
 * errors a check gives instead of throwing; masking with the app's own known-secrets registry.
 */
import { describe, expect, it } from 'vitest';
import { checkSchema, type Check } from '../../../shared/schemas/check';
import { createKnownSecrets } from '../credentials/known-secrets';
import { MASK } from '../credentials/secret-forms';
import { evaluateChecks, type CheckedResponse } from './evaluate';

const BODY = {
  id: 42,
  code: '42',
  title: 'Flat in Lisbon',
  price: { value: 250000, currency: 'EUR', text: '99.50' },
  items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
  tags: ['new', 'sea view'],
  empty: null,
  active: true,
};

function response(overrides: Partial<CheckedResponse> = {}): CheckedResponse {
  const body = JSON.stringify(BODY);
  return {
    status: 200,
    headers: [
      ['Content-Type', 'application/json; charset=utf-8'],
      ['X-Request-Id', 'req-1'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ],
    body,
    bodyBytes: Buffer.byteLength(body),
    timeMs: 120,
    ...overrides,
  };
}

/** A check as the file holds it (parsed by the real schema, so a pairing it refuses fails the test). */
function check(on: Check['on'], op: Check['op'], expected = '', target = ''): Check {
  return checkSchema.parse({ on, op, expected, target, enabled: true });
}

const asIs = (text: string) => text;

function one(c: Check, r: CheckedResponse = response(), resolve = asIs, mask = asIs) {
  const results = evaluateChecks([c], r, resolve, mask);
  expect(results).toHaveLength(1);
  return results[0]!;
}

describe('status', () => {
  it.each([
    ['equals', '200', true],
    ['equals', ' 200 ', true],
    ['equals', '201', false],
    ['not-equals', '404', true],
    ['not-equals', '200', false],
    ['one-of', '200, 201', true],
    ['one-of', '201|202 204', false],
    ['between', '200-299', true],
    ['between', '200..204', true],
    ['between', '300-399', false],
    ['kind', 'success', true],
    ['kind', 'client-error', false],
  ] as const)('%s %s → %s', (op, expected, passed) => {
    expect(one(check('status', op, expected)).passed).toBe(passed);
  });

  it('a failure shows the label, the expected code and the one that came', () => {
    expect(one(check('status', 'equals', '201'))).toEqual({
      label: 'status is 201',
      passed: false,
      expected: '201',
      actual: '200',
    });
    expect(one(check('status', 'kind', 'server-error'), response({ status: 404 }))).toEqual({
      label: 'status is a server error (5xx)',
      passed: false,
      expected: 'server-error',
      actual: '404',
    });
    expect(one(check('status', 'between', '200-299'), response({ status: 500 })).label).toBe(
      'status is between 200 and 299',
    );
  });

  it.each([
    ['equals', 'ok', 'Expected a status code such as 200, not “ok”.'],
    ['one-of', ' , ', 'Expected status codes such as 200, 201.'],
    ['between', '299-200', 'Expected a range of status codes such as 200-299, not “299-200”.'],
    [
      'kind',
      'fine',
      'Expected a kind of status: informational, success, redirect, client-error, server-error; not “fine”.',
    ],
  ] as const)('%s “%s” cannot be read: a sentence, not a throw', (op, expected, error) => {
    expect(one(check('status', op, expected))).toMatchObject({ passed: false, error });
  });
});

describe('json', () => {
  it.each([
    ['$.id', 'exists', '', true],
    ['$.empty', 'exists', '', true],
    ['$.missing', 'exists', '', false],
    ['$.missing', 'not-exists', '', true],
    ['$.id', 'not-exists', '', false],
    ['$.id', 'equals', '42', true],
    ['$.id', 'equals', '"42"', false],
    ['$.code', 'equals', '42', true],
    ['$.title', 'equals', 'Flat in Lisbon', true],
    ['$.title', 'equals', '"Flat in Lisbon"', true],
    ['$.price', 'equals', '{"currency":"EUR","value":250000,"text":"99.50"}', true],
    ['$.active', 'equals', 'true', true],
    ['$.empty', 'equals', 'null', true],
    ['$.id', 'not-equals', '43', true],
    ['$.id', 'not-equals', '42', false],
    ['$.missing', 'not-equals', '42', false],
    ['$.title', 'contains', 'Lisbon', true],
    ['$.title', 'contains', 'Porto', false],
    ['$.tags', 'contains', 'sea view', true],
    ['$.items[*].id', 'contains', 'b', true],
    ['$.tags', 'contains', 'sea', false],
    ['$.id', 'contains', '4', false],
    ['$.title', 'matches', '^Flat', true],
    ['$.title', 'matches', '/^flat/i', true],
    ['$.title', 'matches', '^flat', false],
    ['$.id', 'matches', '^\\d+$', true],
    ['$.missing', 'matches', '.*', false],
    ['$.price.value', 'lt', '300000', true],
    ['$.price.value', 'lt', '250000', false],
    ['$.price.value', 'le', '250000', true],
    ['$.price.value', 'gt', '250000', false],
    ['$.price.value', 'ge', '250000', true],
    ['$.price.text', 'gt', '99', true],
    ['$.title', 'gt', '1', false],
    ['$.items', 'length', '3', true],
    ['$.items[*]', 'length', '3', true],
    ['$.title', 'length', '14', true],
    ['$.price', 'length', '3', true],
    ['$.items', 'length', '2', false],
    ['$.id', 'length', '2', false],
    ['$.items[?@.id == "b"].id', 'equals', 'b', true],
  ] as const)('%s %s %s → %s', (target, op, expected, passed) => {
    const result = one(check('json', op, expected, target));
    expect(result.error).toBeUndefined();
    expect(result.passed).toBe(passed);
  });

  it('labels read as sentences', () => {
    const labels = evaluateChecks(
      [
        check('json', 'length', '3', '$.items'),
        check('json', 'exists', '', '$.id'),
        check('json', 'not-exists', '', '$.error'),
        check('json', 'equals', 'EUR', '$.price.currency'),
        check('json', 'le', '10', '$.price.value'),
      ],
      response(),
      asIs,
      asIs,
    ).map((r) => r.label);
    expect(labels).toEqual([
      '$.items length is 3',
      '$.id exists',
      '$.error does not exist',
      '$.price.currency is EUR',
      '$.price.value is at most 10',
    ]);
  });

  it('a failure shows the expected text and the value as JSON', () => {
    expect(one(check('json', 'equals', '43', '$.id'))).toEqual({
      label: '$.id is 43',
      passed: false,
      expected: '43',
      actual: '42',
    });
    expect(one(check('json', 'equals', '42', '$.missing'))).toMatchObject({ passed: false, actual: 'nothing' });
    expect(one(check('json', 'length', '2', '$.items'))).toMatchObject({ expected: 'length 2', actual: 'length 3' });
    expect(one(check('json', 'gt', '300000', '$.price.value'))).toMatchObject({
      expected: 'more than 300000',
      actual: '250000',
    });
    expect(one(check('json', 'equals', 'x', '$.items[*].id'))).toMatchObject({ actual: '["a","b","c"]' });
  });

  it('a body that is not JSON, a bad path and a bad pattern are errors', () => {
    expect(one(check('json', 'exists', '', '$.id'), response({ body: '<html>' }))).toEqual({
      label: '$.id exists',
      passed: false,
      error: 'The response body is not JSON.',
    });
    expect(one(check('json', 'exists', '', '$.id'), response({ body: '' })).error).toBe(
      'The response has no body to read as JSON.',
    );
    expect(one(check('json', 'exists', '', '$.items[')).error).toMatch(/character/);
    expect(one(check('json', 'matches', '(unclosed', '$.missing')).error).toBe(
      '“(unclosed” is not a valid regular expression (Unterminated group).',
    );
    expect(one(check('json', 'matches', '/x/g', '$.title')).error).toBe(
      'A regular expression takes the flags i, m, s and u, not “g”.',
    );
    expect(one(check('json', 'lt', 'many', '$.id')).error).toBe('Expected a number, not “many”.');
    expect(one(check('json', 'length', '2.5', '$.items')).error).toBe('Expected a whole number, not “2.5”.');
  });

  it('reads a body given as bytes, a byte order mark and all', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"name":"Łódź"}')]);
    expect(one(check('json', 'equals', 'Łódź', '$.name'), response({ body: bytes })).passed).toBe(true);
  });

  it('a regular expression runs on at most 1 MB', () => {
    const long = 'a'.repeat(1024 * 1024 + 1);
    const body = JSON.stringify({ long });
    expect(one(check('json', 'matches', '^a+$', '$.long'), response({ body })).error).toBe(
      'The value is over 1 MB, longer than a regular expression is run on.',
    );
    const header = one(check('header', 'matches', 'a', 'X-Long'), response({ headers: [['X-Long', long]] }));
    expect(header.error).toMatch(/over 1 MB/);
  });
});

describe('header', () => {
  it.each([
    ['content-type', 'exists', '', true],
    ['X-Missing', 'exists', '', false],
    ['X-Missing', 'not-exists', '', true],
    ['X-Request-Id', 'not-exists', '', false],
    ['x-request-id', 'equals', 'req-1', true],
    ['X-Request-Id', 'equals', 'REQ-1', false],
    ['Content-Type', 'contains', 'application/json', true],
    ['Content-Type', 'contains', 'text/html', false],
    ['Content-Type', 'matches', '^application/json', true],
    ['Content-Type', 'matches', '^text/', false],
    ['Set-Cookie', 'equals', 'a=1, b=2', true],
    ['X-Missing', 'contains', 'a', false],
  ] as const)('%s %s %s → %s', (target, op, expected, passed) => {
    expect(one(check('header', op, expected, target)).passed).toBe(passed);
  });

  it('a failure shows the header as it came, or that there was none', () => {
    expect(one(check('header', 'matches', '^text/', 'Content-Type'))).toEqual({
      label: 'header Content-Type matches ^text/',
      passed: false,
      expected: '^text/',
      actual: 'application/json; charset=utf-8',
    });
    expect(one(check('header', 'exists', '', 'ETag'))).toMatchObject({
      label: 'header ETag exists',
      expected: 'present',
      actual: 'no such header',
    });
  });
});

describe('time and size', () => {
  it('time is below a number of milliseconds', () => {
    expect(one(check('time', 'below', '500'))).toEqual({ label: 'response time below 500 ms', passed: true });
    expect(one(check('time', 'below', '100'))).toEqual({
      label: 'response time below 100 ms',
      passed: false,
      expected: 'below 100 ms',
      actual: '120 ms',
    });
  });

  it('size is below a number of bytes of the body', () => {
    const size = response().bodyBytes;
    expect(one(check('size', 'below', String(size + 1))).passed).toBe(true);
    expect(one(check('size', 'below', String(size)))).toMatchObject({
      label: `body size below ${size} bytes`,
      passed: false,
      actual: `${size} bytes`,
    });
    expect(one(check('size', 'below', 'big')).error).toBe('Expected a number, not “big”.');
  });
});

describe('schema', () => {
  const schema2020 = JSON.stringify({
    type: 'object',
    required: ['id', 'title'],
    properties: {
      id: { type: 'integer' },
      title: { type: 'string', minLength: 5 },
      items: { type: 'array', prefixItems: [{ type: 'object' }] },
    },
  });

  it('a body valid against a 2020-12 schema passes; an invalid one lists the first errors', () => {
    expect(one(check('schema', 'valid', schema2020))).toEqual({ label: 'body valid against the schema', passed: true });
    const bad = JSON.stringify({ id: 'x', items: [] });
    expect(one(check('schema', 'valid', schema2020), response({ body: bad }))).toEqual({
      label: 'body valid against the schema',
      passed: false,
      expected: 'a body valid against the schema',
      actual: "(root) must have required property 'title'; /id must be integer",
    });
  });

  it('draft-07 schemas and formats work', () => {
    const draft7 = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { email: { type: 'string', format: 'email' } },
      additionalItems: false,
    });
    expect(one(check('schema', 'valid', draft7), response({ body: '{"email":"a@example.com"}' })).passed).toBe(true);
    expect(one(check('schema', 'valid', draft7), response({ body: '{"email":"not an address"}' })).actual).toBe(
      '/email must match format "email"',
    );
  });

  it('two schemas with one $id are each used as written', () => {
    const a = JSON.stringify({ $id: 'https://example.com/advert', type: 'object' });
    const b = JSON.stringify({ $id: 'https://example.com/advert', type: 'array' });
    expect(one(check('schema', 'valid', a)).passed).toBe(true);
    expect(one(check('schema', 'valid', b)).passed).toBe(false);
  });

  it.each([
    ['{"type": ', 'The schema is not JSON: write a JSON Schema as JSON text.'],
    ['"string"', 'The schema must be a JSON object.'],
    [
      '{"type": "text"}',
      /^The schema is not valid: schema is invalid: data\/type must be equal to one of the allowed values/,
    ],
    ['{"$ref": "#/definitions/missing"}', /^The schema is not valid: can't resolve reference/],
    [
      '{"$schema": "http://json-schema.org/draft-04/schema#"}',
      "The schema's $schema is http://json-schema.org/draft-04/schema#; use draft 2020-12, 2019-09 or draft-07.",
    ],
  ])('schema %s is an error sentence', (schema, error) => {
    expect(one(check('schema', 'valid', schema)).error).toMatch(error);
  });

  it('a body that is not JSON is an error', () => {
    expect(one(check('schema', 'valid', schema2020), response({ body: 'plain' })).error).toBe(
      'The response body is not JSON.',
    );
  });
});

describe('every result', () => {
  it('skips switched-off checks and keeps the order of the others', () => {
    const off = { ...check('status', 'equals', '500'), enabled: false };
    const results = evaluateChecks(
      [check('json', 'exists', '', '$.id'), off, check('status', 'equals', '200')],
      response(),
      asIs,
      asIs,
    );
    expect(results.map((r) => r.label)).toEqual(['$.id exists', 'status is 200']);
  });

  it('resolves variables in the expected value before using it, and shows it resolved', () => {
    const variables: Record<string, string> = { advertId: '42', ok: '200' };
    const resolve = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => variables[name] ?? '');
    const results = evaluateChecks(
      [
        check('json', 'equals', '{{advertId}}', '$.code'),
        check('status', 'equals', '{{ok}}'),
        check('json', 'equals', '{{advertId}}1', '$.id'),
      ],
      response(),
      resolve,
      asIs,
    );
    expect(results).toEqual([
      { label: '$.code is 42', passed: true },
      { label: 'status is 200', passed: true },
      { label: '$.id is 421', passed: false, expected: '421', actual: '42' },
    ]);
  });

  it("a variable that cannot be resolved is the check's error", () => {
    const resolve = () => {
      throw new Error('{{nope}} is not defined in Globals, the collection or the environment.');
    };
    expect(one(check('status', 'equals', '{{nope}}'), response(), resolve)).toEqual({
      label: 'status is {{nope}}',
      passed: false,
      error: '{{nope}} is not defined in Globals, the collection or the environment.',
    });
  });

  it('cuts expected and actual values to 200 characters', () => {
    const long = 'x'.repeat(500);
    const result = one(
      check('json', 'equals', long, '$.title'),
      response({ body: JSON.stringify({ title: 'y'.repeat(500) }) }),
    );
    expect(result.expected).toHaveLength(200);
    expect(result.expected!.endsWith('x…')).toBe(true);
    expect(result.actual).toHaveLength(200);
    expect(result.label.length).toBeLessThanOrEqual(200);
  });

  it('parses the body once for all its checks, and not at all without a check that reads it', () => {
    let reads = 0;
    const body = JSON.stringify(BODY);
    const parse = JSON.parse;
    JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (text === body) reads++;
      return parse(text, reviver);
    }) as typeof JSON.parse;
    try {
      evaluateChecks(
        [check('status', 'equals', '200'), check('header', 'exists', '', 'ETag'), check('time', 'below', '9')],
        response({ body }),
        asIs,
        asIs,
      );
      expect(reads).toBe(0);
      evaluateChecks(
        [
          check('json', 'exists', '', '$.id'),
          check('json', 'length', '3', '$.items'),
          check('schema', 'valid', '{"type":"object"}'),
        ],
        response({ body }),
        asIs,
        asIs,
      );
      expect(reads).toBe(1);
    } finally {
      JSON.parse = parse;
    }
  });
});

describe('masking with the known secrets', () => {
  const TOKEN = 'tok-canary-5f1e0b7c9d';

  it('masks a secret the server echoed in the actual value, and one resolved into the expected value and label', () => {
    const secrets = createKnownSecrets();
    secrets.remember(TOKEN);
    const echoed = response({
      body: JSON.stringify({ token: TOKEN, note: `Bearer ${TOKEN} refused` }),
      headers: [['X-Echo', `key=${TOKEN}`]],
    });
    const resolve = (text: string) => text.replace('{{apiKey}}', TOKEN);
    const results = evaluateChecks(
      [
        check('json', 'equals', 'other', '$.token'),
        check('json', 'equals', '{{apiKey}}x', '$.token'),
        check('header', 'matches', '^nothing', 'X-Echo'),
        check('json', 'matches', `(${TOKEN}`, '$.note'),
      ],
      echoed,
      resolve,
      secrets.mask,
    );
    const everything = JSON.stringify(results);
    expect(everything).not.toContain(TOKEN);
    expect(results[0]).toMatchObject({ passed: false, actual: `"${MASK}"` });
    expect(results[1]).toMatchObject({ label: `$.token is ${MASK}x`, expected: `${MASK}x` });
    expect(results[2]).toMatchObject({ actual: `key=${MASK}` });
    expect(results[3]!.error).toContain(MASK);
  });

  it('masks a secret that a cut would have split', () => {
    const secrets = createKnownSecrets();
    secrets.remember(TOKEN);
    const title = `${'y'.repeat(190)}${TOKEN}`;
    const result = one(
      check('json', 'equals', 'x', '$.title'),
      response({ body: JSON.stringify({ title }) }),
      asIs,
      secrets.mask,
    );
    expect(result.actual).not.toContain(TOKEN.slice(0, 4));
  });
});
