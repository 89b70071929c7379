import { describe, expect, it } from 'vitest';
import { checkRunForm, scopeOptions } from './run-form';

describe('checkRunForm', () => {
  it('reads whole numbers, spaces around them allowed', () => {
    expect(checkRunForm({ iterations: ' 3 ', delayMs: '250' })).toEqual({
      ok: true,
      value: { iterations: 3, delayMs: 250 },
    });
    expect(checkRunForm({ iterations: '1', delayMs: '0' })).toEqual({ ok: true, value: { iterations: 1, delayMs: 0 } });
  });

  it('says what to type for each wrong field', () => {
    const check = checkRunForm({ iterations: '0', delayMs: '-5' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.iterations).toBe('Iterations must be a whole number from 1 to 10,000, e.g. 1.');
    expect(check.problems.delayMs).toMatch(/^The delay must be a whole number of milliseconds from 0 to 600,000/);
  });

  it('refuses fractions, words and numbers past the limits', () => {
    for (const iterations of ['1.5', 'two', '', '10001'])
      expect(checkRunForm({ iterations, delayMs: '0' }).ok, iterations).toBe(false);
    expect(checkRunForm({ iterations: '1', delayMs: '600001' }).ok).toBe(false);
  });
});

describe('scopeOptions', () => {
  it('lists the collection, then its folders by path in tree order, with their request counts', () => {
    const tree = [
      { kind: 'request' as const, id: 'r1', name: 'Ping' },
      {
        kind: 'folder' as const,
        id: 'f1',
        name: 'Adverts',
        children: [
          { kind: 'request' as const, id: 'r2', name: 'Publish' },
          {
            kind: 'folder' as const,
            id: 'f2',
            name: 'Drafts',
            children: [{ kind: 'request' as const, id: 'r3', name: 'Read' }],
          },
        ],
      },
      { kind: 'folder' as const, id: 'f3', name: 'Empty', children: [] },
    ];
    expect(scopeOptions({ name: 'Partner API', tree })).toEqual([
      { value: '', label: 'Partner API (whole collection)', requests: 3 },
      { value: 'f1', label: 'Adverts', requests: 2 },
      { value: 'f2', label: 'Adverts / Drafts', requests: 1 },
      { value: 'f3', label: 'Empty', requests: 0 },
    ]);
  });
});
