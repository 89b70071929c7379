import { describe, expect, it } from 'vitest';
import { charsetOf, decodeBody, hexDump, isJsonContentType, isTextContentType } from './body';

describe('decodeBody', () => {
  it('calls no bytes empty', () => {
    expect(decodeBody(Buffer.alloc(0), 'application/json')).toEqual({
      bodyFormat: 'empty',
      body: '',
      bodyTruncated: false,
    });
  });

  it('pretty-prints JSON-ish types, keeping numbers as sent', () => {
    const result = decodeBody(Buffer.from('{"n":98765432109876543210,"f":1.50}'), 'application/problem+json');
    expect(result).toEqual({
      bodyFormat: 'json',
      body: '{\n  "n": 98765432109876543210,\n  "f": 1.50\n}',
      bodyTruncated: false,
    });
  });

  it('sniffs JSON without a JSON type, but only objects and arrays', () => {
    expect(decodeBody(Buffer.from(' [1]'), '').bodyFormat).toBe('json');
    expect(decodeBody(Buffer.from('123'), 'text/plain').bodyFormat).toBe('text');
  });

  it('falls back to text for invalid JSON', () => {
    expect(decodeBody(Buffer.from('{"a":'), 'application/json')).toEqual({
      bodyFormat: 'text',
      body: '{"a":',
      bodyTruncated: false,
    });
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(decodeBody(Buffer.from('\uFEFF{"a":1}'), 'application/json').body).toBe('{\n  "a": 1\n}');
  });

  it('honours a charset, and falls back to UTF-8 for unknown ones', () => {
    expect(decodeBody(Buffer.from([0xe9]), 'text/plain; charset="ISO-8859-1"').body).toBe('é');
    expect(decodeBody(Buffer.from('ü'), 'text/plain; charset=no-such-charset').body).toBe('ü');
  });

  it('shows NUL bytes or invalid UTF-8 in a non-text type as a hex preview', () => {
    expect(decodeBody(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png').bodyFormat).toBe('binary');
    expect(decodeBody(Buffer.from('a\0b'), '').bodyFormat).toBe('binary');
    const result = decodeBody(Buffer.from('ab\0'), 'application/octet-stream');
    expect(result).toEqual({
      bodyFormat: 'binary',
      body: '00000000  61 62 00                                          |ab.|',
      bodyTruncated: false,
    });
  });

  it('keeps text types as text even with odd bytes', () => {
    const result = decodeBody(Buffer.from([0x61, 0xff, 0x62]), 'text/plain');
    expect(result.bodyFormat).toBe('text');
    expect(result.body).toBe('a\uFFFDb');
  });

  it('shows valid UTF-8 without NUL in a non-text type as text', () => {
    expect(decodeBody(Buffer.from('hello'), 'application/octet-stream')).toEqual({
      bodyFormat: 'text',
      body: 'hello',
      bodyTruncated: false,
    });
  });

  it('truncates the preview after 4 KiB', () => {
    const result = decodeBody(Buffer.alloc(4097), 'application/octet-stream');
    expect(result.bodyTruncated).toBe(true);
    expect(result.body.split('\n')).toHaveLength(256);
    expect(decodeBody(Buffer.alloc(4096), 'application/octet-stream').bodyTruncated).toBe(false);
  });
});

describe('content types', () => {
  it('recognises JSON and text types', () => {
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/vnd.api+json')).toBe(true);
    expect(isJsonContentType('application/jsonp')).toBe(false);
    expect(isTextContentType('text/html')).toBe(true);
    expect(isTextContentType('application/xml')).toBe(true);
    expect(isTextContentType('application/javascript')).toBe(true);
    expect(isTextContentType('application/octet-stream')).toBe(false);
    expect(isTextContentType('')).toBe(false);
  });

  it('reads the charset parameter', () => {
    expect(charsetOf('text/plain; charset=UTF-8')).toBe('utf-8');
    expect(charsetOf('text/plain;charset="latin1"')).toBe('latin1');
    expect(charsetOf('text/plain')).toBeNull();
  });
});

describe('hexDump', () => {
  it('prints offset, hex in two groups of eight, and printable ASCII', () => {
    const bytes = Buffer.from('0123456789abcdef\x00\x7f~ ');
    expect(hexDump(bytes)).toBe(
      [
        '00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|',
        '00000010  00 7f 7e 20                                       |..~ |',
      ].join('\n'),
    );
  });

  it('stops at the limit', () => {
    expect(hexDump(Buffer.alloc(100), 32).split('\n')).toHaveLength(2);
  });
});
