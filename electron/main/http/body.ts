/**
 * Turns the received (already decompressed) bytes into what the response view shows: pretty JSON,
 * text, or a hex preview of binary data. Pure.
 */
import { isUtf8 } from 'node:buffer';
import type { BodyView, HttpResponseResult } from '../../../shared/http-types';
import { formatJson } from '../../../shared/json';

/** How much of a binary body the hex preview shows. */
export const BINARY_PREVIEW_BYTES = 4096;

export interface DecodedBody {
  bodyFormat: HttpResponseResult['bodyFormat'];
  body: string;
  bodyTruncated: boolean;
}

/** What the client knows of the final response when its body starts. */
export interface ResponseHead {
  status: number;
  contentType: string;
  /** The URL that answered (after redirects). */
  url: string;
  contentLength?: number;
}

/** A received body, decoded for the renderer: whole (small) or as a paged view (large). */
export interface FinishedBody extends DecodedBody {
  responseId?: string;
  bodyView?: BodyView;
}

/**
 * A sink's write() rejects with this to stop the transfer and keep what came (the disk is nearly
 * full): the client ends the body there, finishes the sink and shows `message`.
 */
export class TransferStopped extends Error {}

/**
 * Where the client puts a response body as it arrives (decoded bytes, in order). write() may return
 * a promise: the client then stops reading until it settles (the disk is slower than the network),
 * or it rejects with TransferStopped to end the body there.
 */
export interface BodySink {
  write(chunk: Buffer): void | Promise<void>;
  /** The transfer is over: whole, stopped at the size cap, or stopped by the sink (TransferStopped). */
  finish(): Promise<FinishedBody>;
  /** The transfer failed or was cancelled: drop what was kept. */
  abort(): void;
}

export type BodySinkFactory = (head: ResponseHead) => BodySink;

/** Keeps the body in memory and decodes it at the end: for callers that keep nothing (the token client, tests). */
export function memorySink(head: ResponseHead): BodySink {
  const chunks: Buffer[] = [];
  let total = 0;
  return {
    write(chunk) {
      chunks.push(chunk);
      total += chunk.length;
    },
    async finish() {
      return decodeBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), head.contentType);
    },
    abort() {
      chunks.length = 0;
    },
  };
}

/** The media type without parameters, lower case: "application/json; charset=utf-8" → "application/json". */
function mediaType(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

export function charsetOf(contentType: string): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** application/json, text/json, application/problem+json, application/vnd.api+json … */
export function isJsonContentType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type.endsWith('/json') || type.endsWith('+json');
}

/** Types whose bytes are text by definition: never shown as a hex dump. */
export function isTextContentType(contentType: string): boolean {
  const type = mediaType(contentType);
  if (type === '') return false;
  return (
    type.startsWith('text/') ||
    type.endsWith('/json') ||
    type.endsWith('+json') ||
    type.endsWith('/xml') ||
    type.endsWith('+xml') ||
    /javascript|ecmascript|x-www-form-urlencoded|yaml|csv|graphql|ndjson/.test(type)
  );
}

export const UTF8_LABELS: ReadonlySet<string> = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

function decodeText(bytes: Buffer, charset: string | null): string {
  if (charset !== null && !UTF8_LABELS.has(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An encoding Node does not know: fall back to UTF-8.
    }
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A body that starts like a JSON object or array (cheap check before a full parse). */
export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x7b /* { */ || c === 0x5b; /* [ */
  }
  return false;
}

/**
 * Binary when the bytes hold a NUL or are not UTF-8 (for a UTF-8 or unnamed charset). The bytes
 * may be the first part of a body: a character cut at the end still counts as text.
 */
export function isBinary(bytes: Buffer, contentType: string, charset: string | null): boolean {
  if (isTextContentType(contentType)) return false;
  if (bytes.indexOf(0) !== -1) return true;
  if (charset !== null && !UTF8_LABELS.has(charset)) return false;
  for (let cut = 0; cut < 4 && cut < bytes.length; cut++) {
    if (isUtf8(bytes.subarray(0, bytes.length - cut))) return false;
  }
  return bytes.length > 0;
}

export function decodeBody(bytes: Buffer, contentType: string): DecodedBody {
  return decodeBodyWithin(bytes, contentType, Infinity)!;
}

/**
 * decodeBody, or null when the body is JSON whose pretty text would be longer than `maxTextLength`
 * characters (deep or wide nesting adds indentation to every line): the caller pages it instead of
 * holding and sending it whole. Text and binary bodies never grow in decoding.
 */
export function decodeBodyWithin(bytes: Buffer, contentType: string, maxTextLength: number): DecodedBody | null {
  if (bytes.length === 0) return { bodyFormat: 'empty', body: '', bodyTruncated: false };
  const charset = charsetOf(contentType);
  if (isBinary(bytes, contentType, charset)) {
    return {
      bodyFormat: 'binary',
      body: hexDump(bytes, BINARY_PREVIEW_BYTES),
      bodyTruncated: bytes.length > BINARY_PREVIEW_BYTES,
    };
  }
  const text = decodeText(bytes, charset);
  if (isJsonContentType(contentType) || looksLikeJson(text)) {
    const pretty = formatJson(text, { maxLength: maxTextLength });
    if (pretty.kind === 'too-long') return null;
    if (pretty.kind === 'json') return { bodyFormat: 'json', body: pretty.text, bodyTruncated: false };
  }
  return { bodyFormat: 'text', body: text, bodyTruncated: false };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Classic hex dump of the first `limit` bytes, 16 per line:
 * `00000000  7b 22 61 22 3a 31 7d 0a  00 01 02 03 04 05 06 07  |{"a":1}.........|`
 */
export function hexDump(bytes: Uint8Array, limit = BINARY_PREVIEW_BYTES): string {
  const end = Math.min(bytes.length, limit);
  const lines: string[] = [];
  for (let offset = 0; offset < end; offset += 16) {
    const lineEnd = Math.min(offset + 16, end);
    let hex = '';
    let ascii = '';
    for (let i = offset; i < offset + 16; i++) {
      if (i === offset + 8) hex += ' ';
      if (i < lineEnd) {
        const byte = bytes[i]!;
        hex += HEX[byte]! + ' ';
        ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}
