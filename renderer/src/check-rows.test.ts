import { describe, expect, it } from 'vitest';
import { checkSchema, type Check } from '../../shared/schemas/check';
import { checkRowProblem, NEW_CHECK, QUICK_CHECKS, withOperator, withSubject } from './check-rows';

const row = (patch: Partial<Check>): Check => ({ ...NEW_CHECK, ...patch });

describe('check rows', () => {
  it('refuse what the schema refuses, with its sentence', () => {
    const header = row({ on: 'header', op: 'exists', target: ' ' });
    expect(checkRowProblem(header)).toBe('A header check needs a header name.');
    expect(checkSchema.safeParse(header).success).toBe(false);
    const pairing = row({ on: 'time', op: 'equals', expected: '5' });
    expect(checkRowProblem(pairing)).toBe('A time check takes below, not equals.');
  });

  it('accept what the schema accepts, and ask for a value an operator needs', () => {
    for (const { check } of QUICK_CHECKS) expect(checkRowProblem(check)).toBeNull();
    expect(checkRowProblem(NEW_CHECK)).toBeNull();
    expect(checkSchema.safeParse(NEW_CHECK).success).toBe(true);
    expect(checkRowProblem(row({ op: 'equals', expected: ' ' }))).toBe('Type the expected value.');
    expect(checkRowProblem(row({ target: 'data.id' }))).toBe('A JSONPath starts with $, such as $.data.uuid.');
  });

  it('keep a row valid when its subject or operator changes', () => {
    const header = withSubject(row({ target: '$.id', op: 'matches', expected: 'x' }), 'header');
    expect(header).toMatchObject({ on: 'header', target: '', op: 'matches' });
    const time = withSubject(header, 'time');
    expect(time).toEqual({ on: 'time', target: '', op: 'below', expected: '1000', enabled: true });
    expect(checkRowProblem(time)).toBeNull();
    const kind = withOperator(withSubject(time, 'status'), 'kind');
    expect(kind.expected).toBe('success');
    expect(withOperator(kind, 'equals').expected).toBe('200');
  });
});
