import { describe, expect, it } from 'vitest';
import { findHits, segmentLine, tokenizeJsonLine } from './line-tokens';

const kinds = (text: string) => tokenizeJsonLine(text).map((t) => [t.kind, text.slice(t.from, t.to)]);

describe('tokenizeJsonLine', () => {
  it('tells keys from string values, and finds numbers, literals and punctuation', () => {
    expect(kinds('    "title": "Apartment 1: 2 rooms",')).toEqual([
      ['key', '"title"'],
      ['punctuation', ':'],
      ['string', '"Apartment 1: 2 rooms"'],
      ['punctuation', ','],
    ]);
    expect(kinds('  "price": -12.5e3, "ok": true, "none": null')).toEqual([
      ['key', '"price"'],
      ['punctuation', ':'],
      ['number', '-12.5e3'],
      ['punctuation', ','],
      ['key', '"ok"'],
      ['punctuation', ':'],
      ['literal', 'true'],
      ['punctuation', ','],
      ['key', '"none"'],
      ['punctuation', ':'],
      ['literal', 'null'],
    ]);
    expect(kinds('  ],')).toEqual([
      ['punctuation', ']'],
      ['punctuation', ','],
    ]);
  });

  it('keeps escaped quotes inside a string, and takes a cut string to the end of the line', () => {
    expect(kinds('"a \\"quoted\\" word": "x')).toEqual([
      ['key', '"a \\"quoted\\" word"'],
      ['punctuation', ':'],
      ['string', '"x'],
    ]);
    expect(kinds('"ends in a backslash \\')).toEqual([['string', '"ends in a backslash \\']]);
  });

  it('marks anything else as plain', () => {
    expect(kinds('hello world')).toEqual([
      ['plain', 'hello'],
      ['plain', 'world'],
    ]);
  });
});

describe('findHits', () => {
  it('finds every occurrence, with or without case', () => {
    expect(findHits('Abc abc ABC', 'abc', true)).toEqual([[4, 7]]);
    expect(findHits('Abc abc ABC', 'abc', false)).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
    ]);
    expect(findHits('aaaa', 'aa', true)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(findHits('x', '', true)).toEqual([]);
  });
});

describe('segmentLine', () => {
  it('splits colours at hit edges and marks the current hit', () => {
    const text = '"title": "Apartment 5"';
    const segments = segmentLine(text, tokenizeJsonLine(text), findHits(text, 'part', true), 11);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments).toContainEqual({ text: 'part', kind: 'string', hit: true, current: true });
    expect(segments[0]).toEqual({ text: '"title"', kind: 'key', hit: false, current: false });
  });

  it('lets a hit span several tokens', () => {
    const text = '"a": 1';
    const segments = segmentLine(text, tokenizeJsonLine(text), [[2, 6]]);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['"', ':', ' ', '1']);
    expect(segments.filter((s) => s.hit).map((s) => s.kind)).toEqual(['key', 'punctuation', 'plain', 'number']);
  });

  it('gives one plain segment for plain text without hits', () => {
    expect(segmentLine('just text', [], [])).toEqual([
      { text: 'just text', kind: 'plain', hit: false, current: false },
    ]);
  });
});
