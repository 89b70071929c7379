import { describe, expect, it } from 'vitest';
import { findJsonError, offsetToLineColumn, prettyPrintJson } from './json';

describe('findJsonError', () => {
  it('returns null for valid JSON', () => {
    expect(findJsonError('{"a": [1, 2, {"b": null}]}')).toBeNull();
  });

  it('gives the line and column of a missing comma', () => {
    const text = '{\n  "title": "Flat"\n  "price": 1\n}';
    const error = findJsonError(text);
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error?.message).not.toMatch(/position|line/);
  });

  it('points at the end for truncated input', () => {
    const text = '{\n  "a": [1, 2';
    expect(findJsonError(text)).toMatchObject({ line: 2, column: 13 });
  });

  it('does not echo the whole input in its message', () => {
    const text = `{"a": 1,, "long": "${'x'.repeat(500)}"}`;
    expect(findJsonError(text)!.message.length).toBeLessThan(80);
  });
});

describe('offsetToLineColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(offsetToLineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(offsetToLineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('prettyPrintJson', () => {
  it('indents objects and arrays and keeps empty containers on one line', () => {
    expect(prettyPrintJson('{"a":[1,{"b":{}}],"c":[]}')).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": {}\n    }\n  ],\n  "c": []\n}',
    );
  });

  it('keeps numbers, escapes and structural characters inside strings exactly', () => {
    const text = '{"id":12345678901234567890123,"s":"a,b:{c}[d] \\"q\\" \\u00e9","f":1.50e+3}';
    const pretty = prettyPrintJson(text)!;
    expect(pretty).toContain('12345678901234567890123');
    expect(pretty).toContain('"a,b:{c}[d] \\"q\\" \\u00e9"');
    expect(pretty).toContain('1.50e+3');
    expect(JSON.parse(pretty)).toEqual(JSON.parse(text));
  });

  it('re-indents already formatted JSON the same way', () => {
    const once = prettyPrintJson('{"a": {"b": [true, false, null]}}')!;
    expect(prettyPrintJson(once)).toBe(once);
  });

  it('returns null for invalid JSON', () => {
    expect(prettyPrintJson('{"a":')).toBeNull();
  });
});

describe('findJsonError messages and positions, the same in every engine', () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ['{"title": }', 1, 11, /Unexpected "}"/],
    ['{"a": 1,}', 1, 9, /Trailing comma before }/],
    ['[1, 2,]', 1, 7, /Trailing comma before ]/],
    ["{'a': 1}", 1, 2, /property name in double quotes/],
    ['{"a" 1}', 1, 6, /Expected ':'/],
    ['{"a": 1 "b": 2}', 1, 9, /Expected ',' or '}'/],
    ['{"a": "line\nbreak"}', 1, 12, /control character inside a string/],
    ['{"a": tru}', 1, 10, /Unexpected "}"/],
    ['{"a": 01}', 1, 8, /Expected ',' or '}'/],
    ['{"a": 1} x', 1, 10, /after the JSON value/],
    ['', 1, 1, /end of input/],
    ['{"a": "\\x"}', 1, 9, /Bad escape/],
  ];
  it.each(cases)('%j fails at line %i, column %i', (text, line, column, message) => {
    const error = findJsonError(text)!;
    expect(error).toMatchObject({ line, column });
    expect(error.message).toMatch(message);
  });
});
