import { describe, expect, it } from 'vitest';
import { secretForms } from './secret-forms';

describe('secretForms', () => {
  it('gives a plain token once', () => {
    expect(secretForms(['abcd1234'])).toEqual(['abcd1234']);
  });

  it('adds the forms a JSON body or a URL gives a token with slashes, plus signs and quotes', () => {
    const forms = secretForms(['a/b+c"d']);
    expect(forms).toEqual(expect.arrayContaining(['a/b+c"d', 'a/b+c\\"d', 'a\\/b+c\\"d', 'a%2Fb%2Bc%22d']));
    // each form, echoed inside JSON.stringify or a query string, is found as it is
    expect(JSON.stringify({ echo: 'a/b+c"d' })).toContain(forms.find((f) => f === 'a/b+c\\"d'));
    expect(`https://x.test/?t=${encodeURIComponent('a/b+c"d')}`).toContain('a%2Fb%2Bc%22d');
  });

  it('adds non-ASCII escaped as \\uXXXX and spaces as + in a form', () => {
    expect(secretForms(['pässwörd x'])).toEqual(expect.arrayContaining(['p\\u00e4ssw\\u00f6rd x', 'p%C3%A4ssw%C3%B6rd+x', 'p%C3%A4ssw%C3%B6rd%20x']));
  });

  it('drops short secrets and repeats, and puts the longest first', () => {
    const forms = secretForms(['abc', 'token-1', 'token-1', 'token-1-longer']);
    expect(forms).toEqual(['token-1-longer', 'token-1']);
  });
});
