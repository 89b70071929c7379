/**
 * Masks secrets in a byte stream as it passes, so a secret the server echoes never reaches the
 * disk, the renderer or a saved file. A secret split across two chunks is still found: the last
 * (longest secret − 1) bytes of each chunk wait for the next one. The bytes looked for are the
 * secrets' forms in UTF-8 and in the body's declared charset (UTF-16, ISO-8859-1…), and the mask
 * goes in in that charset, so the text decoded afterwards holds the mask, not the secret.
 */
import { MASK as MASK_TEXT, recentlyBuilt, secretForms } from '../credentials/secret-forms';
import { charsetEncoder } from './charset-bytes';

/** Forms in UTF-8 and in the charset, without repeats. */
function needlesFor(forms: readonly string[], encode: (text: string) => Buffer | null): Buffer[] {
  const seen = new Set<string>();
  const needles: Buffer[] = [];
  for (const form of forms) {
    for (const bytes of [Buffer.from(form, 'utf8'), encode(form)]) {
      if (!bytes || bytes.length === 0 || seen.has(bytes.toString('hex'))) continue;
      seen.add(bytes.toString('hex'));
      needles.push(bytes);
    }
  }
  // Longest first, as secretForms orders them: at one position the longer match wins.
  return needles.sort((a, b) => b.length - a.length);
}

export interface Redactor {
  /** The bytes that are safe to pass on now. */
  push(chunk: Buffer): Buffer;
  /** The bytes still held back, masked. */
  end(): Buffer;
}

/**
 * Masks `bytes` from the left: at each step the earliest occurrence of any needle, the longest one
 * when several start there. Stops at a match that starts at or after `until` (it may run on into
 * bytes not here yet). Returns the masked bytes and where in `bytes` they end.
 */
function maskUntil(bytes: Buffer, needles: readonly Buffer[], until: number, mask: Buffer): { masked: Buffer[]; end: number } {
  const masked: Buffer[] = [];
  // The next occurrence of each needle at or after `from` (-1: none left).
  const next = needles.map((needle) => bytes.indexOf(needle));
  let from = 0;
  for (;;) {
    let at = -1;
    let length = 0;
    for (let i = 0; i < needles.length; i++) {
      if (next[i]! >= 0 && next[i]! < from) next[i] = bytes.indexOf(needles[i]!, from);
      const n = next[i]!;
      if (n >= 0 && (at < 0 || n < at || (n === at && needles[i]!.length > length))) {
        at = n;
        length = needles[i]!.length;
      }
    }
    if (at < 0 || at >= until) {
      const end = Math.max(from, Math.min(until, bytes.length));
      masked.push(bytes.subarray(from, end));
      return { masked, end };
    }
    masked.push(bytes.subarray(from, at), mask);
    from = at + length;
  }
}

const recentNeedles = recentlyBuilt<Buffer[]>(16);

/** Null when there is nothing to mask (the caller then passes chunks through untouched). `charset`: the body's (null: UTF-8). */
export function createRedactor(secrets: readonly string[], charset: string | null = null): Redactor | null {
  const encode = charsetEncoder(charset);
  // Every form a secret can be echoed in (secretForms).
  const needles = recentNeedles(`${charset}\n${JSON.stringify(secrets)}`, () => needlesFor(secretForms(secrets), encode));
  if (needles.length === 0) return null;
  const mask = encode(MASK_TEXT) ?? encode('****') ?? Buffer.from('****', 'utf8');
  // Bytes that may be the start of an occurrence still arriving wait for the next chunk.
  const hold = Math.max(...needles.map((n) => n.length)) - 1;
  let carry: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      // A match that starts before the last `hold` bytes is whole here: nothing that starts there
      // can run past the end. One that starts later may be the beginning of a longer one.
      const { masked, end } = maskUntil(joined, needles, joined.length - hold, mask);
      carry = Buffer.from(joined.subarray(end));
      return Buffer.concat(masked);
    },
    end() {
      const { masked } = maskUntil(carry, needles, carry.length, mask);
      carry = Buffer.alloc(0);
      return Buffer.concat(masked);
    },
  };
}
