import { describe, expect, it } from 'vitest';
import { checksSummary } from './CheckResults';

describe('checksSummary', () => {
  it('counts the passed checks and says how many could not run', () => {
    expect(checksSummary([{ label: 'status is 200', passed: true }])).toBe('1 of 1 check passed');
    expect(
      checksSummary([
        { label: 'a', passed: true },
        { label: 'b', passed: false, expected: '1', actual: '2' },
        { label: 'c', passed: false, error: 'The body is not JSON.' },
      ]),
    ).toBe('1 of 3 checks passed, 1 could not run');
  });
});
