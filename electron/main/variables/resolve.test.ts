/** Variables resolved at send time: scopes in order, secrets reported, and no work for requests that use none. */
import { describe, expect, it } from 'vitest';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { HeaderRow } from '../../../shared/schemas/header';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { secretMasker } from '../credentials/secret-forms';
import { substitute } from '../../../shared/variables';
import { requestLookup, resolveRequestVariables, runCaptures, type VariableSources } from './resolve';

const header = (name: string, value: string, enabled = true): HeaderRow => ({
  id: `${name}-${value}`,
  name,
  value,
  enabled,
  origin: 'user',
});
const request = (patch: Partial<OutgoingRequest> = {}): OutgoingRequest => ({
  requestId: 'r1',
  method: 'GET',
  url: 'https://api.olxgroup.com/advert/v1',
  headers: [header('Accept', 'application/json')],
  body: '',
  environmentId: 'production',
  auth: { mode: 'none' },
  collectionId: 'c1',
  captures: [],
  ...patch,
});
const v = (name: string, value: string, secret = false): VariableDef => ({ name, value, enabled: true, secret });

/** Sources that count how often each scope is read. */
function sources(
  defs: {
    globals?: VariableDef[];
    collection?: VariableDef[];
    environment?: VariableDef[];
    captured?: Record<string, string>;
  } = {},
) {
  const reads = { globals: 0, collection: 0, environment: 0, captured: 0 };
  const s: VariableSources = {
    globals: () => (reads.globals++, defs.globals ?? []),
    collection: () => (reads.collection++, defs.collection ?? []),
    environment: () => (reads.environment++, defs.environment ?? []),
    captured: () => (reads.captured++, new Map(Object.entries(defs.captured ?? {}))),
    environmentOrigin: () => 'https://api.olxgroup.com',
    scopeTitle: (scope) => scope.kind,
  };
  return { s, reads };
}

describe('resolveRequestVariables', () => {
  it('puts in values, most specific scope first, and reports the secret ones', () => {
    const { s } = sources({
      globals: [v('baseUrl', 'https://global.example'), v('who', 'global')],
      collection: [v('who', 'collection'), v('path', 'advert/v1')],
      environment: [v('baseUrl', 'https://api.olxgroup.com'), v('apiKey', 'k-123456', true)],
      captured: { uuid: 'abc' },
    });
    const outcome = resolveRequestVariables(
      request({
        url: '{{baseUrl}}/{{path}}/{{uuid}}',
        headers: [header('X-API-KEY', '{{apiKey}}'), header('X-Who', '{{ who }}'), header('X-Off', '{{nope}}', false)],
        body: '',
      }),
      s,
    );
    expect(outcome).toMatchObject({
      ok: true,
      secrets: [
        {
          name: 'apiKey',
          value: 'k-123456',
          scope: { kind: 'environment', environmentId: 'production' },
          where: 'environment',
          origins: ['https://api.olxgroup.com'],
        },
      ],
    });
    if (!outcome.ok) return;
    expect(outcome.request.url).toBe('https://api.olxgroup.com/advert/v1/abc');
    expect(outcome.request.headers.map((h) => h.value)).toEqual(['k-123456', 'collection', '{{nope}}']);
  });

  it('says which names are unknown and where, once per name and place', () => {
    const { s } = sources();
    const outcome = resolveRequestVariables(
      request({ url: 'https://x.example/{{a}}/{{a}}', body: '{"b": "{{b}}"}' }),
      s,
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => p.field)).toEqual(['url', 'body']);
    expect(outcome.problems[0]!.message).toMatch(/Unknown variable \{\{a\}\} in the URL/);
  });

  it('reads no scope and copies nothing when the request uses no variable', () => {
    const { s, reads } = sources({ globals: [v('x', '1')] });
    const written = request({ body: '{"title": "Flat"}' });
    const outcome = resolveRequestVariables(written, s);
    expect(outcome).toEqual({ ok: true, request: written, secrets: [] });
    if (outcome.ok) expect(outcome.request).toBe(written);
    expect(reads).toEqual({ globals: 0, collection: 0, environment: 0, captured: 0 });
  });

  it('copies only the header rows that use a variable, and reads the scopes once', () => {
    const { s, reads } = sources({ environment: [v('token', 't')] });
    const rows = [header('Accept', 'application/json'), header('X-Token', '{{token}}'), header('X-Other', '{{token}}')];
    const outcome = resolveRequestVariables(request({ headers: rows }), s);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.request.headers[0]).toBe(rows[0]);
    expect(outcome.request.headers[1]).toEqual({ ...rows[1], value: 't' });
    expect(rows[1]!.value).toBe('{{token}}'); // the written request is left as it was
    expect(reads).toEqual({ globals: 1, collection: 1, environment: 1, captured: 1 });
  });
});

describe('runCaptures', () => {
  it('takes values by path and says what found nothing', () => {
    const out = runCaptures(
      [
        { variable: 'id', path: '$.data.uuid' },
        { variable: 'gone', path: '$.data.missing' },
      ],
      '{"data":{"uuid":"u-1"}}',
    );
    expect(out.captured).toEqual([{ variable: 'id', value: 'u-1' }]);
    expect(out.problems).toEqual(['Nothing at $.data.missing for {{gone}}.']);
  });

  it('masks a secret in a value decoded from an escape the body’s masking does not know (\\u002B)', () => {
    const body = '{"echo":"AbC\\u002BdEf/Gh=="}';
    expect(JSON.parse(body).echo).toBe('AbC+dEf/Gh==');
    const out = runCaptures([{ variable: 'echo', path: '$.echo' }], body, secretMasker(['AbC+dEf/Gh==']));
    expect(out.captured).toEqual([{ variable: 'echo', value: '••••' }]);
  });
});

describe('resolveRequestVariables, one place at a time', () => {
  const { s } = sources({ environment: [v('id', 'u-1'), v('title', 'Flat')] });

  it('resolves a request whose only variable is in the URL', () => {
    const outcome = resolveRequestVariables(request({ url: 'https://api.olxgroup.com/advert/v1/{{id}}' }), s);
    expect(outcome.ok && outcome.request.url).toBe('https://api.olxgroup.com/advert/v1/u-1');
  });

  it('resolves a request whose only variable is in the body', () => {
    const outcome = resolveRequestVariables(request({ method: 'POST', body: '{"title": "{{title}}"}' }), s);
    expect(outcome.ok && outcome.request.body).toBe('{"title": "Flat"}');
  });

  it('names the header row of an unknown variable, once for its name and value', () => {
    const outcome = resolveRequestVariables(request({ headers: [header('X-{{nope}}', '{{nope}}')] }), s);
    expect(outcome).toEqual({
      ok: false,
      problems: [
        {
          field: 'headers',
          message: expect.stringMatching(/^Unknown variable \{\{nope\}\} in header “X-\{\{nope\}\}”\. Define it/),
        },
      ],
    });
  });
});

describe('runCaptures, when nothing can be taken', () => {
  it('says nothing when there is nothing to capture, whatever the body', () => {
    expect(runCaptures([], 'not JSON')).toEqual({ captured: [], problems: [] });
  });

  it('says so when the body is not JSON, and passes on a bad path’s sentence', () => {
    expect(runCaptures([{ variable: 'id', path: '$.id' }], '<html>')).toEqual({
      captured: [],
      problems: ['The response is not JSON, so nothing was captured.'],
    });
    expect(runCaptures([{ variable: 'id', path: 'data.id' }], '{}')).toEqual({
      captured: [],
      problems: ['“data.id” must start with $ (e.g. $.data.uuid).'],
    });
  });
});

describe('resolveRequestVariables, which variables count and where their secrets may go', () => {
  const secret = (name: string, value: string, origins?: string[]): VariableDef => ({
    ...v(name, value, true),
    ...(origins ? { origins } : {}),
  });

  it('skips a disabled or nameless variable: the next scope’s value comes instead, or the unknown-variable sentence', () => {
    const off = { ...v('id', 'env-id'), enabled: false };
    const { s } = sources({ environment: [off, v('', 'nameless')], globals: [v('id', 'global-id')] });
    const outcome = resolveRequestVariables(request({ url: 'https://api.olxgroup.com/advert/v1/{{id}}' }), s);
    expect(outcome.ok && outcome.request.url).toBe('https://api.olxgroup.com/advert/v1/global-id');
    const alone = resolveRequestVariables(
      request({ url: 'https://api.olxgroup.com/advert/v1/{{id}}' }),
      sources({ environment: [off] }).s,
    );
    expect(alone).toEqual({
      ok: false,
      problems: [{ field: 'url', message: expect.stringMatching(/^Unknown variable \{\{id\}\} in the URL\./) }],
    });
  });

  it('reports a collection’s and Globals’ secrets with their scope and own origins, unbound (null) while they have none', () => {
    const { s } = sources({
      collection: [secret('bound', 'c-secret-1', ['https://api.olxgroup.com']), secret('fresh', 'c-secret-2', [])],
      globals: [secret('shared', 'g-secret-1')],
    });
    const rows = [header('X-Bound', '{{bound}}'), header('X-Fresh', '{{fresh}}'), header('X-Shared', '{{shared}}')];
    const outcome = resolveRequestVariables(request({ headers: rows }), s);
    const collection = { kind: 'collection', collectionId: 'c1' };
    expect(outcome.ok && outcome.request.headers.map((h) => h.value)).toEqual([
      'c-secret-1',
      'c-secret-2',
      'g-secret-1',
    ]);
    expect(outcome.ok && outcome.secrets).toEqual([
      {
        name: 'bound',
        scope: collection,
        where: 'collection',
        value: 'c-secret-1',
        origins: ['https://api.olxgroup.com'],
      },
      { name: 'fresh', scope: collection, where: 'collection', value: 'c-secret-2', origins: null },
      { name: 'shared', scope: { kind: 'global' }, where: 'global', value: 'g-secret-1', origins: null },
    ]);
  });

  it('lets an environment’s secret go nowhere while the environment has no address', () => {
    const { s } = sources({ environment: [secret('apiKey', 'k-123456')] });
    const outcome = resolveRequestVariables(request({ headers: [header('X-API-KEY', '{{apiKey}}')] }), {
      ...s,
      environmentOrigin: () => null,
    });
    expect(outcome.ok && outcome.secrets.map((bound) => bound.origins)).toEqual([[]]);
  });

  it('tells a copied command which values are secret (they stay {{name}}), and captured and plain ones are not', () => {
    const { s } = sources({
      environment: [secret('apiKey', 'k-123456'), v('who', 'env')],
      globals: [secret('shared', 'g-secret-1')],
      captured: { uuid: 'u-1' },
    });
    const lookup = requestLookup(request(), s);
    expect(substitute('{{apiKey}} {{who}} {{uuid}} {{shared}}', lookup).secrets.map((use) => use.found.value)).toEqual([
      'k-123456',
      'g-secret-1',
    ]);
  });
});

describe('resolveRequestVariables, nested and dynamic', () => {
  it('reports a secret reached through another variable with its scope, its origins and the value as sent', () => {
    const { s } = sources({
      collection: [v('auth', 'Bearer {{token}}')],
      environment: [v('token', 'tok-{{region}}', true), v('region', 'eu')],
    });
    const outcome = resolveRequestVariables(request({ headers: [header('Authorization', '{{auth}}')] }), s);
    expect(outcome).toMatchObject({
      ok: true,
      secrets: [
        {
          name: 'token',
          value: 'tok-eu',
          scope: { kind: 'environment', environmentId: 'production' },
          origins: ['https://api.olxgroup.com'],
        },
      ],
    });
    expect(outcome.ok && outcome.request.headers[0]!.value).toBe('Bearer tok-eu');
  });

  it('stops a cycle and an unknown name behind another variable, where they are', () => {
    const { s } = sources({
      collection: [v('a', '{{b}}'), v('b', '{{a}}'), v('merchantId', '{{YOUR_MERCHANT_ACCOUNT}}')],
    });
    const outcome = resolveRequestVariables(
      request({ url: 'https://x.example/{{merchantId}}', body: '{"a": "{{a}}"}', method: 'POST' }),
      s,
    );
    expect(outcome).toEqual({
      ok: false,
      problems: [
        {
          field: 'url',
          message: expect.stringMatching(
            /^Unknown variable \{\{YOUR_MERCHANT_ACCOUNT\}\} \(in the value of \{\{merchantId\}\}\) in the URL\./,
          ),
        },
        {
          field: 'body',
          message: expect.stringMatching(
            /^Variables in the body refer to each other in a circle: \{\{a\}\} → \{\{b\}\} → \{\{a\}\}/,
          ),
        },
      ],
    });
  });

  it('tells no name from a secret’s value when that value uses an unknown variable or a cycle', () => {
    const { s } = sources({
      environment: [v('token', 'abc-{{privatePart}}', true), v('loop', 'x{{loop2}}', true), v('loop2', '{{loop}}')],
    });
    const outcome = resolveRequestVariables(
      request({ headers: [header('Authorization', 'Bearer {{token}}'), header('X-Loop', '{{loop}}')] }),
      s,
    );
    expect(outcome).toEqual({
      ok: false,
      problems: [
        {
          field: 'headers',
          message:
            'The value of the secret variable {{token}} used in header “Authorization” uses a variable that no scope defines. ' +
            'Check its value in Variables.',
        },
        {
          field: 'headers',
          message:
            'The value of the secret variable {{loop}} used in header “X-Loop” uses variables that refer to each other in a circle. ' +
            'Check its value in Variables.',
        },
      ],
    });
    expect(JSON.stringify(outcome)).not.toMatch(/privatePart|abc-|loop2/);
  });

  it('puts in dynamic variables after every scope, and flags an unsupported one', () => {
    const { s } = sources();
    const outcome = resolveRequestVariables(request({ url: 'https://x.example/{{$guid}}?t={{$timestamp}}' }), s);
    expect(outcome.ok && outcome.request.url).toMatch(/^https:\/\/x\.example\/[0-9a-f-]{36}\?t=\d{10}$/);
    expect(resolveRequestVariables(request({ url: 'https://x.example/{{$nope}}' }), s)).toEqual({
      ok: false,
      problems: [
        { field: 'url', message: expect.stringMatching(/^Unknown dynamic variable \{\{\$nope\}\} in the URL/) },
      ],
    });
  });
});

describe('resolveRequestVariables, what counts as a secret', () => {
  it('reports no secret for a request whose variables are all plain ones', () => {
    const { s } = sources({ environment: [v('region', 'eu'), v('path', 'adverts/{{region}}')] });
    const outcome = resolveRequestVariables(request({ url: 'https://api.olxgroup.com/{{path}}' }), s);
    expect(outcome.ok && outcome.request.url).toBe('https://api.olxgroup.com/adverts/eu');
    expect(outcome.ok && outcome.secrets).toEqual([]);
  });
});
