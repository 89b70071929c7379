import { describe, expect, it } from 'vitest';
import {
  DYNAMIC_LAYER,
  MAX_NESTING,
  layeredLookup,
  scopeMap,
  substitute,
  variableProblemSentence,
  variablesIn,
} from './variables';
import { asVariableValue, evaluatePath, parsePath } from './jsonpath';

describe('variables', () => {
  const globals = scopeMap([{ name: 'baseUrl', value: 'https://global.example', enabled: true, secret: false }]);
  const env = scopeMap([
    { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
    { name: 'token', value: 's3cr3t-value', enabled: true, secret: true },
    { name: 'off', value: 'x', enabled: false, secret: false },
  ]);
  const lookup = layeredLookup([env, globals]);

  it('finds the names used, once each, in order', () => {
    expect(variablesIn('{{baseUrl}}/advert/v1/{{ advertUuid }}/{{baseUrl}}')).toEqual(['baseUrl', 'advertUuid']);
  });

  it('substitutes the most specific scope, and reports unknown names and secrets used', () => {
    const result = substitute('{{baseUrl}}/advert/v1/{{advertUuid}}?t={{token}}&o={{off}}', lookup);
    expect(result.text).toBe('https://api.olxgroup.com/advert/v1/{{advertUuid}}?t=s3cr3t-value&o={{off}}');
    expect(result.unknown).toEqual(['advertUuid', 'off']);
    expect(result.secrets.map((s) => s.value)).toEqual(['s3cr3t-value']);
  });

  it('leaves text without variables untouched', () => {
    expect(substitute('{"a": {"b": 1}}', lookup)).toEqual({
      text: '{"a": {"b": 1}}',
      unknown: [],
      secrets: [],
      problems: [],
    });
  });
});

describe('nested variables', () => {
  const vars = (entries: Record<string, string>, secret: string[] = []) =>
    layeredLookup([
      scopeMap(
        Object.entries(entries).map(([name, value]) => ({ name, value, enabled: true, secret: secret.includes(name) })),
      ),
    ]);

  it('resolves a value that refers to other variables, as Postman does', () => {
    const lookup = vars({
      merchantId: '{{YOUR_MERCHANT_ACCOUNT}}',
      YOUR_MERCHANT_ACCOUNT: 'Acme{{suffix}}',
      suffix: 'EU',
    });
    expect(substitute('/merchants/{{merchantId}}/x', lookup)).toEqual({
      text: '/merchants/AcmeEU/x',
      unknown: [],
      secrets: [],
      problems: [],
    });
  });

  it('reports a secret reached through another variable with its value as put in', () => {
    const lookup = vars({ auth: 'Bearer {{token}}', token: 'tok-{{env}}', env: 'prod' }, ['token']);
    const result = substitute('{{auth}}', lookup);
    expect(result.text).toBe('Bearer tok-prod');
    expect(result.secrets.map(({ name, value }) => ({ name, value }))).toEqual([{ name: 'token', value: 'tok-prod' }]);
  });

  it('flags an unknown name met in another variable’s value, naming the chain', () => {
    const result = substitute('{{a}}', vars({ a: 'x/{{b}}', b: '{{missing}}' }));
    expect(result.text).toBe('x/{{missing}}');
    expect(result.unknown).toEqual(['missing']);
    expect(variableProblemSentence(result.problems[0]!, 'the URL')).toBe(
      'Unknown variable {{missing}} (in the value of {{a}} → {{b}}) in the URL. ' +
        'Define it in the environment, the collection or Globals, or send the request that captures it first.',
    );
  });

  it('stops a cycle with a sentence naming it, and leaves the reference as written', () => {
    const result = substitute('{{a}}', vars({ a: '{{b}}', b: '{{a}}' }));
    expect(result.text).toBe('{{a}}');
    expect(result.problems).toEqual([{ kind: 'cycle', name: 'a', chain: ['a', 'b'] }]);
    expect(variableProblemSentence(result.problems[0]!, 'the URL')).toBe(
      'Variables in the URL refer to each other in a circle: {{a}} → {{b}} → {{a}}, so none of them has a value. Change one of their values so the chain ends.',
    );
    expect(substitute('{{self}}', vars({ self: 'x{{self}}' })).problems).toEqual([
      { kind: 'cycle', name: 'self', chain: ['self'] },
    ]);
  });

  it(`resolves ${MAX_NESTING} levels and says so when a chain goes deeper`, () => {
    const chain = (length: number) =>
      vars(Object.fromEntries(Array.from({ length }, (_, i) => [`v${i}`, i === length - 1 ? 'end' : `{{v${i + 1}}}`])));
    expect(substitute('{{v0}}', chain(MAX_NESTING))).toMatchObject({ text: 'end', problems: [] });
    const deep = substitute('{{v0}}', chain(MAX_NESTING + 1));
    expect(deep.problems).toHaveLength(1);
    expect(deep.problems[0]!.kind).toBe('too-deep');
    expect(variableProblemSentence(deep.problems[0]!, 'the body')).toBe(
      `Variables in the body refer to others more than ${MAX_NESTING} deep: {{v0}} → {{v1}} → … → {{v19}} → {{v20}}. Make the chain shorter.`,
    );
  });

  it('stops values that multiply at every level before they take the process', () => {
    const doubling = vars(
      Object.fromEntries(
        Array.from({ length: 18 }, (_, i) => [`d${i}`, i === 17 ? 'x' : `{{d${i + 1}}}{{d${i + 1}}}`]),
      ),
    );
    const result = substitute('{{d0}}', doubling);
    expect(result.problems.map((p) => p.kind)).toEqual(['too-many']);
    expect(variableProblemSentence(result.problems[0]!, 'the URL')).toBe(
      'Variables in the URL expand to more than 100,000 references (values that each use others several times). Make them simpler.',
    );
  });

  it('resolves many references in a long body, each through another variable', () => {
    const body = Array.from({ length: 20_000 }, () => '{"k": "{{a}}"}').join(',');
    const result = substitute(body, vars({ a: '{{b}}-{{c}}', b: 'x', c: 'y' }));
    expect(result.problems).toEqual([]);
    expect(result.text).toBe(Array.from({ length: 20_000 }, () => '{"k": "x-y"}').join(','));
  });
});

describe('dynamic variables', () => {
  const lookup = layeredLookup([
    scopeMap([{ name: 'id', value: '{{$guid}}', enabled: true, secret: false }]),
    DYNAMIC_LAYER,
  ]);
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('gives each occurrence a fresh value, also through another variable', () => {
    const [a, b, c, d] = substitute('{{$guid}} {{$guid}} {{id}} {{id}}', lookup).text.split(' ');
    for (const value of [a, b, c, d]) expect(value).toMatch(UUID_V4);
    expect(new Set([a, b, c, d]).size).toBe(4);
  });

  it('loses to a variable of the same name, as in Postman', () => {
    const own = layeredLookup([
      scopeMap([{ name: '$timestamp', value: 'fixed', enabled: true, secret: false }]),
      DYNAMIC_LAYER,
    ]);
    expect(substitute('{{$timestamp}}', own).text).toBe('fixed');
  });

  it('flags an unsupported one with a sentence that says which are supported', () => {
    const result = substitute('{{$nope}}', lookup);
    expect(result.unknown).toEqual(['$nope']);
    expect(variableProblemSentence(result.problems[0]!, 'the URL')).toMatch(
      new RegExp(
        String.raw`^Unknown dynamic variable \{\{\$nope\}\} in the URL: it is not one the app makes up values for \(\$guid, \$timestamp, .*\)\. ` +
          String.raw`Use one of those, or a variable of your own in its place\.$`,
      ),
    );
  });
});

describe('JSONPath-style references', () => {
  const doc = { data: { uuid: 'u-1', items: [{ id: 7 }], 'odd key': true }, n: null };

  it('parses dots, indexes and quoted names', () => {
    expect(parsePath("$.data.items[0]['id']")).toEqual(['data', 'items', 0, 'id']);
    expect(parsePath('$')).toEqual([]);
  });

  it('evaluates to the value, or undefined when nothing is there', () => {
    expect(evaluatePath(doc, '$.data.uuid')).toBe('u-1');
    expect(evaluatePath(doc, '$.data.items[0].id')).toBe(7);
    expect(evaluatePath(doc, "$.data['odd key']")).toBe(true);
    expect(evaluatePath(doc, '$.data.missing.deeper')).toBeUndefined();
    expect(evaluatePath(doc, '$.n.x')).toBeUndefined();
    expect(evaluatePath(doc, '$.data.items.length')).toBeUndefined();
    expect(evaluatePath(doc, '$.data.toString')).toBeUndefined();
  });

  it('explains a malformed reference', () => {
    expect(() => parsePath('data.uuid')).toThrow(/must start with \$/);
    expect(() => parsePath('$.data[x]')).toThrow(/\[number\] or \['name'\]/);
    expect(() => parsePath('$..a')).toThrow(/name missing after a dot/);
  });

  it('turns values into variable text', () => {
    expect(asVariableValue('u-1')).toBe('u-1');
    expect(asVariableValue(7)).toBe('7');
    expect(asVariableValue({ a: 1 })).toBe('{"a":1}');
  });
});
