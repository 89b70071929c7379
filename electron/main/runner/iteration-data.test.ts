import { describe, expect, it } from 'vitest';
import { IterationDataError, parseIterationData } from './iteration-data';

describe('iteration data', () => {
  it('reads CSV with a header row, quoted fields, doubled quotes, line breaks in quotes, CRLF and a BOM', () => {
    const text = '\uFEFFtitle,price,note\r\n"Flat, sunny",450000,"say ""hi"""\r\nLoft,,"two\nlines"\r\n\r\nHouse,1\n';
    expect(parseIterationData(text, 'rows.csv')).toEqual([
      { title: 'Flat, sunny', price: '450000', note: 'say "hi"' },
      { title: 'Loft', price: '', note: 'two\nlines' },
      { title: 'House', price: '1', note: '' },
    ]);
  });

  it('reads a JSON array of objects, other values as JSON text', () => {
    expect(parseIterationData('[{"title":"Flat","price":450000,"tags":["a"]}]', 'rows.json')).toEqual([
      { title: 'Flat', price: '450000', tags: '["a"]' },
    ]);
  });

  it('says what is wrong with a file it cannot use', () => {
    const sentence = (text: string, name: string) => {
      try {
        parseIterationData(text, name);
      } catch (error) {
        expect(error).toBeInstanceOf(IterationDataError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(sentence('', 'rows.csv')).toMatch(/is empty/);
    expect(sentence('a,b\n"open,1\n', 'rows.csv')).toMatch(/quoted field that is never closed/);
    expect(sentence('a\n1,2\n', 'rows.csv')).toBe(
      'Row 2 of the data file rows.csv has 2 fields, more than the 1 columns of its header row.',
    );
    expect(sentence('{"a":1}', 'rows.json')).toMatch(/not an array/);
    expect(sentence('[1]', 'rows.json')).toMatch(/Row 1 of the data file rows.json is not an object/);
    expect(sentence('[1', 'rows.json')).toMatch(/is not valid JSON/);
  });
});
