import { describe, expect, it } from 'vitest';
import {
  conventionHeaderRows,
  defaultRowSkipReason,
  headerValueProblem,
  isValidHeaderName,
  outgoingHeaders,
  overriddenRowIds,
} from './headers';
import type { HeaderRow } from './schemas/header';

const user = (name: string, value: string, enabled = true): HeaderRow => ({
  id: `u-${name}-${value}`,
  name,
  value,
  enabled,
  origin: 'user',
});

describe('convention headers', () => {
  it('seeds Accept, Content-Type and User-Agent from the CRM name', () => {
    const rows = conventionHeaderRows({ crmName: 'Acme CRM' });
    expect(rows.map((r) => [r.name, r.value, r.origin])).toEqual([
      ['Accept', 'application/json', 'default'],
      ['Content-Type', 'application/json', 'default'],
      ['User-Agent', 'Acme CRM', 'default'],
    ]);
  });

  it('sends Content-Type only with a body, and User-Agent only when named', () => {
    const rows = conventionHeaderRows({ crmName: '' });
    expect(outgoingHeaders(rows, 'GET', '')).toEqual([['Accept', 'application/json']]);
    expect(outgoingHeaders(rows, 'POST', '{}')).toEqual([
      ['Accept', 'application/json'],
      ['Content-Type', 'application/json'],
    ]);
    expect(defaultRowSkipReason(rows[1]!, 'GET', '')).toMatch(/only with a body/);
    expect(defaultRowSkipReason(rows[2]!, 'GET', '')).toMatch(/CRM name/);
  });

  it('lets the user switch a default off or override it with a later row', () => {
    const [accept, contentType, agent] = conventionHeaderRows({ crmName: 'Acme' });
    const rows = [
      { ...accept!, enabled: false },
      contentType!,
      agent!,
      user('user-agent', 'Other CRM/2.0'),
      user('X-API-KEY', 'k'),
    ];
    expect(outgoingHeaders(rows, 'PUT', '{}')).toEqual([
      ['Content-Type', 'application/json'],
      ['user-agent', 'Other CRM/2.0'],
      ['X-API-KEY', 'k'],
    ]);
    expect(overriddenRowIds(rows)).toEqual(new Set([agent!.id]));
  });

  it('skips rows without a name', () => {
    expect(outgoingHeaders([user('', 'x'), user('  ', '')], 'GET', '')).toEqual([]);
  });
});

describe('header names and values the app refuses', () => {
  it('takes RFC 9110 tokens as names, whole', () => {
    expect(['X-API-KEY', 'a', "x!#$%&'*+-.^_`|~9"].map(isValidHeaderName)).toEqual([true, true, true]);
    expect(['', 'X Bad', 'a:b', ' X', 'X ', 'é'].map(isValidHeaderName)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('says what is wrong with a value: a line break or NUL, or another control character; tabs are fine', () => {
    expect(['a\rb', 'a\nb', 'a\0b'].map(headerValueProblem)).toEqual(
      Array(3).fill('contains a line break or NUL character'),
    );
    expect(['a\x01b', 'a\x1fb', 'a\x7f'].map(headerValueProblem)).toEqual(
      Array(3).fill('contains a control character'),
    );
    expect(['plain value', 'a\tb', ''].map(headerValueProblem)).toEqual([null, null, null]);
    expect(headerValueProblem('\x01')).toBe('contains a control character'); // nothing but the bad character
  });
});

describe('which rows go out', () => {
  /** The default rows, made in each test (a failure to make them then fails the test, not the file's collection). */
  const defaults = () => {
    const [accept, contentType, agent] = conventionHeaderRows({ crmName: 'Acme CRM' });
    return { accept: accept!, contentType: contentType!, agent: agent! };
  };

  it('gives every row its own id', () => {
    const ids = [...conventionHeaderRows({ crmName: 'a' }), ...conventionHeaderRows({ crmName: 'b' })].map((r) => r.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('sends a user’s own Content-Type even on a GET without a body', () => {
    const own = user('Content-Type', 'text/plain');
    expect(defaultRowSkipReason(own, 'GET', '')).toBeNull();
    expect(outgoingHeaders([own], 'GET', '')).toEqual([['Content-Type', 'text/plain']]);
  });

  it('holds back the default Content-Type when a POST has no body or only blanks, also under a padded name', () => {
    const { contentType } = defaults();
    expect(defaultRowSkipReason(contentType, 'POST', '')).toBe('sent only with a body');
    expect(defaultRowSkipReason(contentType, 'POST', ' \n')).toBe('sent only with a body');
    expect(defaultRowSkipReason({ ...contentType, name: ' Content-Type ' }, 'HEAD', '')).toBe('sent only with a body');
    expect(defaultRowSkipReason(contentType, 'PUT', '{}')).toBeNull();
  });

  it('has no reason for a switched-off row, a User-Agent with a name, or an empty Accept', () => {
    const { accept, contentType, agent } = defaults();
    expect(defaultRowSkipReason({ ...contentType, enabled: false }, 'GET', '')).toBeNull();
    expect(defaultRowSkipReason(agent, 'GET', '')).toBeNull();
    expect(defaultRowSkipReason({ ...agent, value: '  ' }, 'GET', '')).toBe('set a CRM name in Settings');
    expect(defaultRowSkipReason({ ...accept, value: '' }, 'GET', '')).toBeNull();
  });

  it('marks a row overridden only by a later enabled row of the same name, however it is written', () => {
    const first = user('X-Trace', '1');
    const later = user(' x-trace ', '2');
    expect(overriddenRowIds([first, later])).toEqual(new Set([first.id]));
    expect(overriddenRowIds([first, { ...later, enabled: false }])).toEqual(new Set());
    expect(outgoingHeaders([first, later], 'GET', '')).toEqual([['x-trace', '2']]);
  });
});
