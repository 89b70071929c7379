import { describe, expect, it } from 'vitest';
import { layeredLookup, scopeMap, substitute, variablesIn } from './variables';
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
    expect(result.secrets).toEqual(['s3cr3t-value']);
  });

  it('leaves text without variables untouched', () => {
    expect(substitute('{"a": {"b": 1}}', lookup)).toEqual({ text: '{"a": {"b": 1}}', unknown: [], secrets: [] });
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
