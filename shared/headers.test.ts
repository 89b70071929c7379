import { describe, expect, it } from 'vitest';
import { conventionHeaderRows, defaultRowSkipReason, outgoingHeaders, overriddenRowIds } from './headers';
import type { HeaderRow } from './http-types';

const user = (name: string, value: string, enabled = true): HeaderRow => ({ id: `u-${name}-${value}`, name, value, enabled, origin: 'user' });

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
    const rows = [{ ...accept!, enabled: false }, contentType!, agent!, user('user-agent', 'Other CRM/2.0'), user('X-API-KEY', 'k')];
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
