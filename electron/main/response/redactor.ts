/**
 * Masks secrets in a byte stream as it passes, so a secret the server echoes never reaches the
 * disk, the renderer or a saved file. A secret split across two chunks is still found: the last
 * (longest secret − 1) bytes of each chunk wait for the next one. The bytes looked for are the
 * secrets' forms in UTF-8 and in the body's declared charset (UTF-16, ISO-8859-1…), and the mask
 * goes in in that charset, so the text decoded afterwards holds the mask, not the secret. A secret
 * under 4 characters is masked only where no letter or digit touches it, as in text (secret-forms).
 */
import { MASK as MASK_TEXT, recentlyBuilt, secretForms, shortSecretForms } from '../credentials/secret-forms';
import { charsetEncoder } from './charset-bytes';

interface Needles {
  /** Longest first: at one position the longer match wins. */
  bytes: Buffer[];
  /** Per needle: masked only where it stands alone (a short secret). */
  alone: boolean[];
}

/** Forms in UTF-8 and in the charset, without repeats; the short ones marked. */
function needlesFor(
  forms: readonly string[],
  short: readonly string[],
  encode: (text: string) => Buffer | null,
): Needles {
  const seen = new Set<string>();
  const found: Array<{ bytes: Buffer; alone: boolean }> = [];
  for (const [list, alone] of [
    [forms, false],
    [short, true],
  ] as const) {
    for (const form of list) {
      for (const bytes of [Buffer.from(form), encode(form)]) {
        // No bytes (null: not in the charset): nothing to look for.
        if (!bytes?.length || seen.has(bytes.toString('hex'))) continue;
        seen.add(bytes.toString('hex'));
        found.push({ bytes, alone });
      }
    }
  }
  found.sort((a, b) => b.bytes.length - a.bytes.length);
  return { bytes: found.map((n) => n.bytes), alone: found.map((n) => n.alone) };
}

/** An ASCII letter or digit, or a byte of a non-ASCII character: what a short secret must not touch. */
const isWordByte = (byte: number) =>
  byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a);

/** Whether bytes [at, at + length) stand alone; `before` is the byte before `bytes` (-1: none, which is no word byte). */
function standsAlone(bytes: Buffer, at: number, length: number, before: number): boolean {
  const previous = at > 0 ? bytes[at - 1]! : before;
  // Stryker disable next-line UnaryOperator: equivalent — 1 is no word byte either
  const next = bytes[at + length] ?? -1;
  return !isWordByte(previous) && !isWordByte(next);
}

export interface Redactor {
  /** The bytes that are safe to pass on now. */
  push(chunk: Buffer): Buffer;
  /** The bytes still held back, masked. */
  end(): Buffer;
}

/**
 * Masks `bytes` from the left: at each step the earliest occurrence of any needle, the longest one
 * when several start there (a short secret's only where it stands alone). Stops at a match that
 * starts at or after `until` (it may run on into bytes not here yet). Returns the masked bytes and
 * where in `bytes` they end. `before`: the byte that came before `bytes` (-1: none).
 */
function maskUntil(
  bytes: Buffer,
  needles: Needles,
  until: number,
  mask: Buffer,
  before: number,
): { masked: Buffer[]; end: number } {
  const masked: Buffer[] = [];
  const list = needles.bytes;
  // The next occurrence of each needle at or after `from` (-1: none left).
  const next = list.map((needle) => bytes.indexOf(needle));
  let from = 0;
  for (;;) {
    let at = -1;
    let length = 0;
    // Stryker disable next-line UnaryOperator: equivalent — read only after a match, which sets it
    let picked = -1;
    // An index loop: `list.entries()` made an iterator and a pair for each needle at each
    // occurrence, gigabytes of garbage for the main thread's collector when a short secret's
    // letters appear in most lines.
    for (let i = 0; i < list.length; i++) {
      const needle = list[i]!;
      // Stryker disable next-line EqualityOperator: equivalent — `<=` looks again from `from` for a needle found there, and finds it there
      const behind = next[i]! < from;
      if (behind && next[i]! >= 0) next[i] = bytes.indexOf(needle, from);
      const n = next[i]!;
      // The list is longest first, so at a tie the one found first is the longest.
      if (n >= 0 && (at < 0 || n < at)) {
        at = n;
        length = needle.length;
        picked = i;
      }
    }
    if (at < 0 || at >= until) {
      const end = Math.max(from, Math.min(until, bytes.length));
      masked.push(bytes.subarray(from, end));
      return { masked, end };
    }
    if (needles.alone[picked] && !standsAlone(bytes, at, length, before)) {
      // Part of a longer word: look for this needle further on.
      next[picked] = bytes.indexOf(list[picked]!, at + 1);
      continue;
    }
    masked.push(bytes.subarray(from, at), mask);
    from = at + length;
  }
}

const recentNeedles = recentlyBuilt<Needles>(16);
// Stryker disable next-line StringLiteral: equivalent — the mask for a charset without "•" or "*", and every charset Node decodes has "*"
const ASCII_MASK = Buffer.from('****');

/** Null when there is nothing to mask (the caller then passes chunks through untouched). `charset`: the body's (null: UTF-8). */
export function createRedactor(secrets: readonly string[], charset: string | null = null): Redactor | null {
  const encode = charsetEncoder(charset);
  // Every form a secret can be echoed in (secretForms).
  const needles = recentNeedles(`${charset}\n${JSON.stringify(secrets)}`, () =>
    needlesFor(secretForms(secrets), shortSecretForms(secrets), encode),
  );
  if (needles.bytes.length === 0) return null;
  const mask = encode(MASK_TEXT) ?? encode('****') ?? ASCII_MASK;
  // Bytes that may be the start of an occurrence still arriving wait for the next chunk; a short
  // secret's match also needs the byte after it, to tell whether it stands alone.
  const lengths = needles.bytes.map((n, i) => (needles.alone[i] ? n.length + 1 : n.length));
  const hold = Math.max(...lengths) - 1;
  let carry: Buffer = Buffer.alloc(0);
  // The last byte passed on (as received, before masking): what comes before the carried bytes.
  // Stryker disable next-line UnaryOperator: equivalent — 1 is no word byte either
  let before = -1;
  return {
    push(chunk) {
      // Most chunks hold no secret: they pass as views of what came, not copies.
      const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      // A match that starts before the last `hold` bytes is whole here: nothing that starts there
      // can run past the end. One that starts later may be the beginning of a longer one.
      const { masked, end } = maskUntil(joined, needles, joined.length - hold, mask, before);
      if (end > 0) before = joined[end - 1]!;
      carry = Buffer.from(joined.subarray(end));
      return masked.length === 1 ? masked[0]! : Buffer.concat(masked);
    },
    end() {
      const { masked } = maskUntil(carry, needles, carry.length, mask, before);
      carry = Buffer.alloc(0);
      return Buffer.concat(masked);
    },
  };
}
