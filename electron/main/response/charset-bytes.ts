/**
 * Text as bytes in a response's declared charset. The redactor masks a body's bytes before they are
 * decoded: in a UTF-16 or ISO-8859-1 body a secret's UTF-8 bytes never occur, so it must look for
 * the bytes the secret takes in the body's own charset (and put the mask in that charset too).
 * Node encodes only UTF-8, UTF-16LE and Latin-1 itself; for other charsets the bytes are learned
 * by decoding each single byte once: exact for single-byte charsets, ASCII only for multi-byte
 * ones (Shift_JIS, GBK…), whose other characters are then left to the masking of decoded text.
 */
import { UTF8_LABELS } from '../http/body';

/** The bytes of `text` in the charset, or null when a character has no single-byte form there. */
export type CharsetEncoder = (text: string) => Buffer | null;

const utf8: CharsetEncoder = (text) => Buffer.from(text, 'utf8');
const utf16le: CharsetEncoder = (text) => Buffer.from(text, 'utf16le');
const utf16be: CharsetEncoder = (text) => Buffer.from(text, 'utf16le').swap16();

function canonical(charset: string): string | null {
  try {
    return new TextDecoder(charset).encoding;
  } catch {
    return null; // a charset Node does not know: the body is decoded as UTF-8
  }
}

/** Characters a single byte decodes to in the charset, and that byte. */
function singleByteTable(charset: string): Map<string, number> {
  const decoder = new TextDecoder(charset);
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const char = decoder.decode(Uint8Array.of(byte));
    if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, byte);
  }
  return table;
}

const encoders = new Map<string, CharsetEncoder>();

function tableEncoder(charset: string): CharsetEncoder {
  const table = singleByteTable(charset);
  return (text) => {
    const bytes = Buffer.alloc(text.length);
    for (let i = 0; i < text.length; i++) {
      const byte = table.get(text[i]!);
      if (byte === undefined) return null;
      bytes[i] = byte;
    }
    return bytes;
  };
}

/** The encoder for a Content-Type's charset (null or unknown: UTF-8). */
export function charsetEncoder(charset: string | null): CharsetEncoder {
  if (charset === null || UTF8_LABELS.has(charset)) return utf8;
  const name = canonical(charset);
  if (name === null || name === 'utf-8') return utf8;
  if (name === 'utf-16le') return utf16le;
  if (name === 'utf-16be') return utf16be;
  let encoder = encoders.get(name);
  if (!encoder) {
    encoder = tableEncoder(name);
    encoders.set(name, encoder);
  }
  return encoder;
}
