import { describe, expect, it } from 'vitest';
import type { VariableView } from '../../../../shared/collections';
import { problemsOf, rowsFrom, scopeFromKey, scopeKey, toInputs } from './rows';

const views: VariableView[] = [
  { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false, hint: null },
  { name: 'apiKey', value: '', enabled: true, secret: true, hint: '••••abcd' },
];

describe('variable rows', () => {
  it('sends null for a secret that was not typed, and the typed value otherwise', () => {
    const rows = rowsFrom(views);
    expect(toInputs(rows)).toEqual([
      { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
      { name: 'apiKey', value: null, enabled: true, secret: true },
    ]);
    rows[1]!.value = 'new-secret';
    expect(toInputs(rows)[1]).toEqual({ name: 'apiKey', value: 'new-secret', enabled: true, secret: true });
  });

  it('leaves out empty rows and reports bad or repeated names', () => {
    const rows = [
      ...rowsFrom(views),
      { key: 'n1', name: '', value: '', enabled: true, secret: false, hint: null, original: null },
    ];
    expect(problemsOf(rows)).toEqual([]);
    expect(toInputs(rows)).toHaveLength(2);
    rows.push({ key: 'n2', name: 'base url', value: 'x', enabled: true, secret: false, hint: null, original: null });
    rows.push({ key: 'n3', name: 'baseUrl', value: 'y', enabled: true, secret: false, hint: null, original: null });
    rows.push({ key: 'n4', name: '', value: 'z', enabled: true, secret: false, hint: null, original: null });
    expect(problemsOf(rows)).toEqual([
      '“base url” is not a valid variable name: use letters, digits, _ . and -, starting with a letter or _.',
      '“baseUrl” is defined twice: each name can be used once in a scope.',
      'A variable has a value but no name.',
    ]);
  });

  it('does not lose a stored secret that is renamed or made plain without a new value', () => {
    const renamed = rowsFrom(views);
    renamed[1]!.name = 'key';
    expect(problemsOf(renamed)).toHaveLength(1);
    renamed[1]!.value = 'typed';
    expect(problemsOf(renamed)).toEqual([]);
    const plain = rowsFrom(views);
    plain[1]!.secret = false;
    expect(problemsOf(plain)[0]).toMatch(/^Type the value of “apiKey”/);
  });

  it('shows a variable the app sets but never sends it back, and keeps its name from other rows', () => {
    const rows = rowsFrom([{ ...views[0]!, fixed: 'The running sandbox’s address.' }, views[1]!]);
    expect(rows[0]!.fixed).toBe('The running sandbox’s address.');
    expect(toInputs(rows)).toEqual([{ name: 'apiKey', value: null, enabled: true, secret: true }]);
    expect(problemsOf(rows)).toEqual([]);
    rows.push({
      key: 'n1',
      name: 'baseUrl',
      value: 'https://x.example',
      enabled: true,
      secret: false,
      hint: null,
      original: null,
    });
    expect(problemsOf(rows)).toEqual(['“baseUrl” is set by the app in this scope: use another name.']);
  });

  it('round-trips scope keys', () => {
    for (const scope of [
      { kind: 'global' as const },
      { kind: 'collection' as const, collectionId: 'c:1' },
      { kind: 'environment' as const, environmentId: 'sandbox' },
    ]) {
      expect(scopeFromKey(scopeKey(scope))).toEqual(scope);
    }
  });

  it('sends a collection secret’s allowed origins, written as origins, and says which entry is not one', () => {
    const rows = rowsFrom([
      { name: 'token', value: '', enabled: true, secret: true, hint: '••••abcd', origins: ['https://a.example'] },
    ]);
    expect(rows[0]!.origins).toBe('https://a.example');
    expect(toInputs(rows, true)[0]).toEqual({
      name: 'token',
      value: null,
      enabled: true,
      secret: true,
      origins: ['https://a.example'],
    });
    rows[0]!.origins = 'https://a.example, https://B.example:8443/  https://c.example/path';
    expect(problemsOf(rows)).toEqual([
      '“https://c.example/path” (allowed origins of “token”) is not an origin: write https://host or https://host:port, without a path.',
    ]);
    rows[0]!.origins = 'https://a.example, https://B.example:8443/';
    expect(toInputs(rows, true)[0]!.origins).toEqual(['https://a.example', 'https://b.example:8443']);
    // An environment's secrets have no list of their own.
    expect(toInputs(rows)[0]).not.toHaveProperty('origins');
  });
});
