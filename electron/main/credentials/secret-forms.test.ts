import { describe, expect, it } from 'vitest';
import {
  recentlyBuilt,
  secretForms,
  secretMasker,
  secretPattern,
  shortSecretForms,
  tooShortSecret,
} from './secret-forms';

describe('secretForms', () => {
  it('gives a plain token once', () => {
    expect(secretForms(['abcd1234'])).toEqual(['abcd1234']);
  });

  it('covers the token as JSON.stringify, PHP (\\/) and URL encoders write it', () => {
    const secret = 'a/b+c"d ü';
    const forms = secretForms([secret]);
    const echoes = [
      JSON.stringify({ echo: secret }),
      JSON.stringify({ echo: secret }).replaceAll('/', '\\/'),
      JSON.stringify({ echo: secret }).replace(
        /[\u0080-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
      `https://x.test/?t=${encodeURIComponent(secret)}`,
      `https://x.test/?t=${encodeURIComponent(secret).toLowerCase()}`,
      new URLSearchParams({ t: secret }).toString(),
    ];
    for (const echo of echoes)
      expect(
        forms.some((form) => echo.includes(form)),
        echo,
      ).toBe(true);
  });

  it('does not fail on a secret that cannot be percent-encoded (a lone surrogate)', () => {
    expect(secretForms(['abc\ud800def'])).toContain('abc\ud800def');
  });

  it('adds non-ASCII escaped as \\uXXXX and spaces as + in a form', () => {
    expect(secretForms(['pässwörd x'])).toEqual(
      expect.arrayContaining(['p\\u00e4ssw\\u00f6rd x', 'p%C3%A4ssw%C3%B6rd+x', 'p%C3%A4ssw%C3%B6rd%20x']),
    );
  });

  it('drops short secrets and repeats, and puts the longest first', () => {
    const forms = secretForms(['abc', 'token-1', 'token-1', 'token-1-longer']);
    expect(forms).toEqual(['token-1-longer', 'token-1']);
  });

  it('covers the lower-case form, as a host name from a secret variable is written once parsed', () => {
    expect(secretMasker(['CanaryHost-7'])('getaddrinfo ENOTFOUND canaryhost-7.invalid')).toBe(
      'getaddrinfo ENOTFOUND ••••.invalid',
    );
  });

  it('builds the pattern of a set of secrets once, and another for another set', () => {
    expect(secretPattern(['token-1', 'token-2'])).toBe(secretPattern(['token-1', 'token-2']));
    expect(secretPattern(['token-1'])).not.toBe(secretPattern(['token-1', 'token-2']));
    expect(secretPattern([])).toBeNull();
  });
});

describe('secretMasker', () => {
  it('puts •••• in place of every form of every secret, and leaves other text as it was', () => {
    const mask = secretMasker(['pässwörd x', 'k3y!']);
    expect(mask('a=pässwörd x&b=p%c3%a4ssw%c3%b6rd+x&c=p%C3%A4ssw%C3%B6rd%20x k3y! k3y')).toBe(
      'a=••••&b=••••&c=•••• •••• k3y',
    );
    expect(mask('nothing secret here')).toBe('nothing secret here');
  });

  it('masks a secret of the shortest length anywhere, and a shorter one only as a word of its own', () => {
    expect(secretForms(['abcd'])).toEqual(['abcd']);
    expect(secretMasker(['abcd'])('id=abcd xabcdx')).toBe('id=•••• x••••x');
    expect(secretForms(['abc'])).toEqual([]);
    expect(secretMasker(['abc'])('id=abc xabcx')).toBe('id=•••• xabcx');
  });

  it('gives a lone surrogate only its JSON forms (it has no percent-encoded one)', () => {
    expect(secretForms(['abc\ud800def'])).toEqual(['abc\\ud800def', 'abc\ud800def']);
  });
});

describe('secret-forms refusals, short secrets and the cache', () => {
  it('refuses a stored secret under 8 characters with a sentence saying why and what to do', () => {
    expect(tooShortSecret('The API key')).toBe(
      'The API key has fewer than 8 characters: a value that short would be masked in ordinary text and is easy to guess. Enter the whole value.',
    );
  });

  it('leaves text as it was when there is no secret, or only an empty one (a Basic login without a password)', () => {
    expect(secretMasker([])('null, undefined and text')).toBe('null, undefined and text');
    expect(secretMasker([''])('a, b; c')).toBe('a, b; c');
    expect(shortSecretForms([''])).toEqual([]);
  });

  it('masks each of several short secrets as a word of its own', () => {
    expect(secretMasker(['ab', 'x9'])('user ab, pass x9; abx9 and x9ab kept')).toBe(
      'user ••••, pass ••••; abx9 and x9ab kept',
    );
  });

  it('counts only secrets under 4 characters as short', () => {
    expect(shortSecretForms(['abcd', 'long-secret', 'x9'])).toEqual(['x9']);
  });

  it('keeps the last few values built and builds again one that has dropped out', () => {
    const built: string[] = [];
    const cached = recentlyBuilt<string>(2);
    const get = (key: string) => cached(key, () => (built.push(key), key.toUpperCase()));
    expect([get('a'), get('b'), get('a'), get('c')]).toEqual(['A', 'B', 'A', 'C']);
    expect(built).toEqual(['a', 'b', 'c']);
    get('a'); // still kept: it was used after b
    get('b'); // dropped when c came
    expect(built).toEqual(['a', 'b', 'c', 'b']);
  });
});
