import { describe, expect, it } from 'vitest';
import { MAX_INDENT_DEPTH, prettyPrintJson } from '../../../shared/json';
import { createJsonStreamFormatter, MAX_DEPTH } from './json-stream';
import { seededRandom as random } from '../../../test/support/seeded-random';

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const WHITESPACE = ['', '', '', ' ', '\n', '\t', '\r\n', '  \n    ', ' \t\r\n'];
const STRING_PARTS = [
  'a',
  'Z',
  ' ',
  'item',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  'é',
  'zażółć',
  '中文',
  '😀',
  '👩‍💻',
  '\u2028',
  '\u007f',
  '\\"',
  '\\\\',
  '\\/',
  '\\b',
  '\\f',
  '\\n',
  '\\r',
  '\\t',
  '\\u00e9',
  '\\u00E9',
  '\\uD83D\\uDE00',
  '\\ud83d',
  '\\u0000',
];
const NUMBERS = [
  '0',
  '-0',
  '7',
  '-12',
  '123.45',
  '0.5',
  '-0.000001',
  '1e5',
  '1E+5',
  '2.5e-10',
  '-3.0E+300',
  '12345678901234567890123456789',
  '1.7976931348623157e309',
];

function genString(rng: Rng): string {
  let s = '"';
  const parts = Math.floor(rng() * 6);
  for (let k = 0; k < parts; k++) s += pick(rng, STRING_PARTS);
  return s + '"';
}

function genValue(rng: Rng, depth: number): string {
  const ws = () => pick(rng, WHITESPACE);
  const roll = rng();
  if (depth < 5 && roll < 0.25) {
    const count = rng() < 0.15 ? 0 : 1 + Math.floor(rng() * 4);
    if (count === 0) return '{' + ws() + '}';
    const members: string[] = [];
    for (let k = 0; k < count; k++)
      members.push(ws() + genString(rng) + ws() + ':' + ws() + genValue(rng, depth + 1) + ws());
    return '{' + members.join(',') + '}';
  }
  if (depth < 5 && roll < 0.45) {
    const count = rng() < 0.15 ? 0 : 1 + Math.floor(rng() * 4);
    if (count === 0) return '[' + ws() + ']';
    const items: string[] = [];
    for (let k = 0; k < count; k++) items.push(ws() + genValue(rng, depth + 1) + ws());
    return '[' + items.join(',') + ']';
  }
  if (roll < 0.65) return genString(rng);
  if (roll < 0.85) return pick(rng, NUMBERS);
  return pick(rng, ['true', 'false', 'null']);
}

function genDocument(rng: Rng): string {
  return pick(rng, WHITESPACE) + genValue(rng, rng() < 0.1 ? 4 : 0) + pick(rng, WHITESPACE);
}

/** Cuts text at random places; sometimes into single characters. */
function split(rng: Rng, text: string): string[] {
  if (rng() < 0.2) return Array.from({ length: text.length }, (_, i) => text[i]!);
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    const size = 1 + Math.floor(rng() * (rng() < 0.5 ? 4 : 40));
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  if (rng() < 0.3) pieces.splice(Math.floor(rng() * (pieces.length + 1)), 0, '');
  return pieces;
}

function format(pieces: readonly string[]) {
  const lines: string[] = [];
  const folds: Array<[number, number]> = [];
  const formatter = createJsonStreamFormatter({
    line: (text) => lines.push(text),
    fold: (start, end) => folds.push([start, end]),
  });
  for (const piece of pieces) formatter.write(piece);
  const result = formatter.end();
  expect(formatter.lineCount).toBe(lines.length);
  return { lines, folds, result, valid: formatter.valid };
}

/** The folds the pretty text implies: every line ending in an opening bracket, to the line that closes it. */
function expectedFolds(lines: readonly string[]): Array<[number, number]> {
  const open: number[] = [];
  const folds: Array<[number, number]> = [];
  lines.forEach((line, index) => {
    const first = line.trimStart()[0];
    if (first === '}' || first === ']') folds.push([open.pop()!, index]);
    if (line.endsWith('{') || line.endsWith('[')) open.push(index);
  });
  return folds;
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('createJsonStreamFormatter', () => {
  it('formats like prettyPrintJson and reports the folds', () => {
    const { lines, folds, result } = format(['{"a":[1,2],"b":{ },"c":{"d":null}}']);
    expect(result).toEqual({ valid: true });
    expect(lines).toEqual([
      '{',
      '  "a": [',
      '    1,',
      '    2',
      '  ],',
      '  "b": {},',
      '  "c": {',
      '    "d": null',
      '  }',
      '}',
    ]);
    expect(folds).toEqual([
      [1, 4],
      [6, 8],
      [0, 9],
    ]);
  });

  it('keeps numbers, strings and escapes as sent', () => {
    const text = ' [12345678901234567890, 1.50, -0e-0, "\\u00E9\\/\\n", "😀"] ';
    expect(format([text]).lines).toEqual(prettyPrintJson(text)!.split('\n'));
    expect(format([text]).lines[1]).toBe('  12345678901234567890,');
  });

  it('formats a top-level scalar as one line', () => {
    for (const text of ['"abc"', ' 42 ', '-1.5e3', 'true', 'null', '{}', ' [ ] ']) {
      const { lines, folds, result } = format([text]);
      expect(result.valid).toBe(true);
      expect(lines).toEqual([prettyPrintJson(text)]);
      expect(folds).toEqual([]);
    }
  });

  it('matches prettyPrintJson for random documents split at random places', () => {
    const rng = random(20240611);
    for (let round = 0; round < 1500; round++) {
      const text = genDocument(rng);
      const pretty = prettyPrintJson(text);
      expect(pretty, text).not.toBeNull();
      const expected = pretty!.split('\n');
      const { lines, folds, result } = format(split(rng, text));
      expect(result, text).toEqual({ valid: true });
      expect(lines, text).toEqual(expected);
      expect(folds, text).toEqual(expectedFolds(expected));
    }
  });

  it('splits inside surrogate pairs, escapes, numbers and literals, and between brackets', () => {
    const text = '{"e":"😀\\uD83D\\uDE00","n":[-12.5e+10,true,false,null],"x":{ },"y":[\n]}';
    const expected = prettyPrintJson(text)!.split('\n');
    for (let cut = 0; cut <= text.length; cut++) {
      expect(format([text.slice(0, cut), text.slice(cut)]).lines, `cut at ${cut}`).toEqual(expected);
    }
    expect(format(Array.from(text)).lines).toEqual(expected);
  });

  it('accepts and rejects what JSON.parse does, for random corruptions', () => {
    const rng = random(7);
    const inserts = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      ' ',
      'a',
      '1',
      '0',
      '-',
      '.',
      'e',
      '+',
      't',
      'n',
      '\u0001',
      '\n',
      '\uFEFF',
    ];
    let invalid = 0;
    for (let round = 0; round < 3000; round++) {
      let text = genDocument(rng);
      const at = Math.floor(rng() * (text.length + 1));
      const how = rng();
      if (how < 0.3) text = text.slice(0, at) + text.slice(at + 1);
      else if (how < 0.6) text = text.slice(0, at) + pick(rng, inserts) + text.slice(at);
      else if (how < 0.8) text = text.slice(0, at) + pick(rng, inserts) + text.slice(at + 1);
      else if (how < 0.9) text = text.slice(0, at);
      else text = text + pick(rng, [' 1', '{}', '"x"', ',', ']', 'x']);
      const valid = isValidJson(text);
      if (!valid) invalid++;
      const { lines, result } = format(split(rng, text));
      expect(result.valid, JSON.stringify(text)).toBe(valid);
      if (valid) expect(lines).toEqual(prettyPrintJson(text)!.split('\n'));
      else expect((result as { message: string }).message).toMatch(/^not valid JSON: /);
    }
    expect(invalid).toBeGreaterThan(1000);
  });

  it('rejects what JSON.parse rejects, with a message that says where', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['  \n ', /empty/],
      ['{"a":1,}', /trailing comma .* at character 8$/],
      ['[1,]', /at character 4$/],
      ['[1 2]', /expected "," or "\]", found "2" at character 4/],
      ['{"a" 1}', /expected ":"/],
      ['{a:1}', /property name/],
      ['{1:1}', /property name/],
      ['"a\u0001"', /control character inside a string at character 3/],
      ['"a\nb"', /line break/],
      ['"\\x"', /bad escape/],
      ['"\\u12G4"', /bad \\u escape/],
      ['01', /after the JSON value/],
      ['-', /ends before/],
      ['-a', /in a number/],
      ['1.', /ends before/],
      ['1.e5', /in a number/],
      ['1e', /ends before/],
      ['.5', /unexpected "\."/],
      ['+1', /unexpected "\+"/],
      ['tru', /ends before/],
      ['trUe', /unexpected "U"/],
      ['NaN', /unexpected "N"/],
      ['{"a":1', /ends before/],
      ['[', /ends before/],
      ['1 2', /after the JSON value at character 3/],
      ['{}{}', /after the JSON value/],
      ['\uFEFF{}', /unexpected/],
      ['"abc', /ends before/],
    ];
    for (const [text, message] of cases) {
      expect(isValidJson(text), text).toBe(false);
      const result = format([text]).result;
      expect(result.valid, text).toBe(false);
      expect((result as { message: string }).message, text).toMatch(message);
      expect((result as { message: string }).message.length).toBeLessThan(120);
    }
  });

  it('stops early on invalid input and shows what arrived of a truncated document', () => {
    const lines: string[] = [];
    const formatter = createJsonStreamFormatter({ line: (text) => lines.push(text), fold: () => undefined });
    formatter.write('{"a": [1, 2');
    expect(formatter.valid).toBe(true);
    expect(formatter.end()).toMatchObject({ valid: false });
    expect(lines).toEqual(['{', '  "a": [', '    1,', '    2']);

    const after: string[] = [];
    const broken = createJsonStreamFormatter({ line: (text) => after.push(text), fold: () => undefined });
    broken.write('[1,,');
    expect(broken.valid).toBe(false);
    const count = after.length;
    broken.write(', 2, 3]'.repeat(1000));
    expect(after.length).toBe(count);
    expect(broken.end().valid).toBe(false);
  });

  it('refuses to format a document nested deeper than its maximum depth, and caps the indentation', () => {
    const deep = (levels: number) => '['.repeat(levels) + '1' + ']'.repeat(levels);
    const formatWithin = (text: string, maxDepth: number) => {
      const lines: string[] = [];
      let folds = 0;
      const formatter = createJsonStreamFormatter({ line: (t) => lines.push(t), fold: () => folds++ }, 2, maxDepth);
      formatter.write(text);
      return { lines, folds, result: formatter.end() };
    };
    expect(MAX_DEPTH).toBe(1_000_000);
    const { lines, folds, result } = formatWithin(deep(1000), 1000);
    expect(result.valid).toBe(true);
    expect(lines).toHaveLength(2 * 1000 + 1);
    expect(folds).toBe(1000);
    expect(lines[1000]).toBe(' '.repeat(2 * MAX_INDENT_DEPTH) + '1');
    expect(lines).toEqual(prettyPrintJson(deep(1000))!.split('\n'));
    const tooDeep = formatWithin(deep(1001), 1000).result;
    expect(tooDeep).toEqual({ valid: false, message: expect.stringMatching(/nested more than 1000 levels deep/) });
  });

  it('indents by the given width', () => {
    const text = '{"a":{"b":[1]}}';
    expect(format([text]).lines).toEqual(prettyPrintJson(text)!.split('\n'));
    const lines: string[] = [];
    const formatter = createJsonStreamFormatter({ line: (t) => lines.push(t), fold: () => undefined }, 4);
    formatter.write(text);
    formatter.end();
    expect(lines).toEqual(prettyPrintJson(text, 4)!.split('\n'));
  });

  it('keeps a long string in one line across many pieces', () => {
    const value = 'x'.repeat(100_000) + '\\n' + 'é'.repeat(1000);
    const text = `{"long":"${value}"}`;
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += 777) pieces.push(text.slice(at, at + 777));
    expect(format(pieces).lines).toEqual(['{', `  "long": "${value}"`, '}']);
  });
});
