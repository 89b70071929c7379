import { describe, expect, it } from 'vitest';
import type { HeaderRow } from './schemas/header';
import { findProblems, urlProblem } from './validate';

const row = (name: string, value: string, enabled = true): HeaderRow => ({
  id: name + value,
  name,
  value,
  enabled,
  origin: 'user',
});
const draft = (patch: Partial<Parameters<typeof findProblems>[0]> = {}) => ({
  method: 'GET',
  url: 'https://api.olxgroup.com/advert/v1',
  headers: [row('Accept', 'application/json')],
  body: '',
  ...patch,
});

describe('urlProblem', () => {
  it('accepts https URLs', () => {
    expect(urlProblem('https://api.olxgroup.com/advert/v1/abc/meta')).toBeNull();
    expect(urlProblem('https://127.0.0.1:8443/taxonomy/v1/categories')).toBeNull();
  });

  it('refuses http with a sentence saying to use https', () => {
    expect(urlProblem('http://api.olxgroup.com/advert/v1')).toMatch(/HTTPS only.*https:\/\//);
  });

  it('explains empty, scheme-less, other-scheme and credential-bearing URLs', () => {
    expect(urlProblem('')).toMatch(/Enter a URL/);
    expect(urlProblem('api.olxgroup.com/advert/v1')).toMatch(
      /must start with https:\/\/ — e\.g\. https:\/\/api\.olxgroup\.com/,
    );
    expect(urlProblem('ftp://example.com')).toMatch(/ftp:\/\//);
    expect(urlProblem('https://user:pw@example.com/')).toMatch(/user name or password/);
    expect(urlProblem('https://exa mple.com/')).toMatch(/not valid/);
  });
});

describe('findProblems', () => {
  it('finds nothing wrong in a good request', () => {
    expect(findProblems(draft())).toEqual([]);
    expect(findProblems(draft({ method: 'POST', body: '{"title": "Flat"}' }))).toEqual([]);
  });

  it('reports invalid JSON with line and column', () => {
    const [problem] = findProblems(draft({ method: 'POST', body: '{\n  "a": 1,\n}' }));
    expect(problem).toMatchObject({ field: 'body', line: 3, column: 1 });
    expect(problem!.message).toMatch(/not valid JSON.*line 3, column 1/);
  });

  it('does not lint a body the user declared as another content type', () => {
    expect(findProblems(draft({ method: 'POST', body: 'a=1', headers: [row('Content-Type', 'text/plain')] }))).toEqual(
      [],
    );
  });

  it('refuses a body on GET and HEAD', () => {
    expect(findProblems(draft({ body: '{}' }))[0]!.message).toMatch(/GET request cannot carry a body/);
    expect(findProblems(draft({ method: 'HEAD', body: '{}' }))[0]!.message).toMatch(/HEAD request/);
  });

  it('refuses header names that are empty with a value, or not tokens, and values with line breaks', () => {
    const problems = findProblems(
      draft({ headers: [row('', 'orphan'), row('X Bad', '1'), row('X-Ok', 'a\r\nInjected: yes'), row('', '')] }),
    );
    expect(problems.map((p) => [p.row, p.message])).toEqual([
      [0, expect.stringMatching(/Header row 1 has a value but no name/)],
      [1, expect.stringMatching(/“X Bad” is not a valid header name/)],
      [2, expect.stringMatching(/value of X-Ok contains a line break/)],
    ]);
  });

  it('ignores switched-off rows', () => {
    expect(findProblems(draft({ headers: [row('Bad Name', 'x\n', false)] }))).toEqual([]);
  });

  it('lists several problems in reading order', () => {
    const fields = findProblems(
      draft({ url: 'http://x.test', method: 'POST', body: '{', headers: [row('a b', '')] }),
    ).map((p) => p.field);
    expect(fields).toEqual(['url', 'headers', 'body']);
  });
});

describe('urlProblem, read as the user typed it', () => {
  it('refuses a URL with a user name but no password, as with both', () => {
    expect(urlProblem('https://user@example.com/')).toBe(
      'The URL carries a user name or password. Remove them from the URL and use a header instead.',
    );
  });

  it('reads the scheme at the start only, after trimming spaces', () => {
    expect(urlProblem('  http://api.olxgroup.com/advert/v1 ')).toMatch(
      /^The URL uses http:\/\/\. This API accepts HTTPS only/,
    );
    expect(urlProblem('https://api.olxgroup.com/advert/v1?next=http://x.test/')).toBeNull();
    expect(urlProblem('api.olxgroup.com/login?next=https://x.test/')).toBe(
      'The URL must start with https:// — e.g. https://api.olxgroup.com/login?next=https://x.test/.',
    );
  });

  it('suggests the URL with https:// in front of what was typed, leading slashes dropped', () => {
    expect(urlProblem('api.olxgroup.com/advert/v1')).toBe(
      'The URL must start with https:// — e.g. https://api.olxgroup.com/advert/v1.',
    );
    expect(urlProblem('//api.olxgroup.com/advert/v1')).toBe(
      'The URL must start with https:// — e.g. https://api.olxgroup.com/advert/v1.',
    );
  });
});

describe('findProblems, field by field', () => {
  it('names an unknown method and the ones to pick from', () => {
    expect(findProblems(draft({ method: 'FETCH' }))).toEqual([
      { field: 'method', message: 'Unknown method “FETCH”. Pick one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.' },
    ]);
  });

  it('treats names and values of blanks as empty, and files header problems under headers', () => {
    expect(findProblems(draft({ headers: [row('  ', 'x'), row('', '   ')] }))).toEqual([
      { field: 'headers', row: 0, message: 'Header row 1 has a value but no name. Type a name or remove the row.' },
    ]);
    expect(findProblems(draft({ headers: [row('X-Ok', 'a\nb')] }))).toEqual([
      {
        field: 'headers',
        row: 0,
        message: 'Header row 1: the value of X-Ok contains a line break or NUL character. Remove it.',
      },
    ]);
  });

  it('lets a GET carry a body of blanks, and files a body problem under body', () => {
    expect(findProblems(draft({ body: ' \n ' }))).toEqual([]);
    expect(findProblems(draft({ body: '{}' }))).toEqual([
      { field: 'body', message: 'A GET request cannot carry a body. Clear the body, or switch to POST or PUT.' },
    ]);
  });

  it('reads the Content-Type row’s name with spaces around it', () => {
    expect(
      findProblems(draft({ method: 'POST', body: 'a=1', headers: [row(' Content-Type ', 'text/plain')] })),
    ).toEqual([]);
  });
});
