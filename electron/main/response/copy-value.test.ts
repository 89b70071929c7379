import { describe, expect, it } from 'vitest';
import { valueFromLines } from './copy-value';

describe('valueFromLines', () => {
  it('drops the key and trailing comma, and unquotes a string', () => {
    expect(valueFromLines('    "name": "Flat \\"A\\" \\u00e9",')).toBe('Flat "A" é');
    expect(valueFromLines('    "price": 12.50,')).toBe('12.50');
    expect(valueFromLines('  true')).toBe('true');
    expect(valueFromLines('  "just a string"')).toBe('just a string');
  });

  it('re-indents an object to the left', () => {
    const text = ['    "price": {', '      "value": 1,', '      "currency": "PLN"', '    },'].join('\n');
    expect(valueFromLines(text)).toBe('{\n  "value": 1,\n  "currency": "PLN"\n}');
  });
});
