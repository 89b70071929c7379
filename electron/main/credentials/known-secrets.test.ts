import { describe, expect, it } from 'vitest';
import { basicCredentials, createKnownSecrets } from './known-secrets';

describe('createKnownSecrets', () => {
  it('masks every string of a structure, keys included, in every form of every secret it was told', () => {
    const known = createKnownSecrets();
    known.remember('Alpha-secret/1', undefined, null, '');
    known.rememberBasic('the-user', 'the-password');
    const masked = known.maskDeep({
      statusText: 'OK Alpha-secret/1',
      list: [
        'alpha-secret/1',
        `Basic ${basicCredentials('the-user', 'the-password')}`,
        'Alpha-secret%2F1',
        7,
        null,
        true,
      ],
      ['the-password']: { nested: '{"t":"Alpha-secret\\/1"}' },
    });
    expect(masked).toEqual({
      statusText: 'OK ••••',
      list: ['••••', 'Basic ••••', '••••', 7, null, true],
      ['••••']: { nested: '{"t":"••••"}' },
    });
    // A user name alone (a proxy's) stays readable.
    expect(known.mask('the-user')).toBe('the-user');
  });

  it('keeps masking a secret after it was replaced or deleted, and learns new ones at once', () => {
    const known = createKnownSecrets();
    expect(known.mask('refresh-token-1')).toBe('refresh-token-1');
    known.remember('refresh-token-1');
    expect(known.mask('refused refresh-token-1')).toBe('refused ••••');
    known.remember('refresh-token-2');
    expect(known.mask('refresh-token-1 refresh-token-2')).toBe('•••• ••••');
    expect(known.values()).toEqual(['refresh-token-1', 'refresh-token-2']);
  });

  it('returns the value itself while nothing is known, and a masked error keeps its sentence', () => {
    const known = createKnownSecrets();
    const value = { a: 'b' };
    expect(known.maskDeep(value)).toBe(value);
    known.remember('pw');
    expect(known.mask('Basic pw, not pwd or upw.')).toBe('Basic ••••, not pwd or upw.');
  });
});
