/**
 * Masks secrets in a byte stream as it passes, so a secret the server echoes never reaches the
 * disk, the renderer or a saved file. A secret split across two chunks is still found: the last
 * (longest secret − 1) bytes of each chunk wait for the next one.
 */
import { MASK as MASK_TEXT, secretForms } from '../credentials/secret-forms';

// Stryker disable next-line StringLiteral: equivalent — Buffer.from reads an empty encoding as 'utf8', its default.
const MASK = Buffer.from(MASK_TEXT, 'utf8');

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
function maskUntil(bytes: Buffer, needles: readonly Buffer[], until: number): { masked: Buffer[]; end: number } {
  const masked: Buffer[] = [];
  // The next occurrence of each needle at or after `from` (-1: none left).
  const next = needles.map((needle) => bytes.indexOf(needle));
  let from = 0;
  for (;;) {
    let at = -1;
    let length = 0;
    // Stryker: equivalent — `i <= needles.length` adds a turn with no needle, which changes nothing.
    for (let i = 0; i < needles.length; i++) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent — this only saves searches: searching
      // again from `from` finds the same occurrence when it is at or after `from`, and none when there was none.
      if (next[i]! >= 0 && next[i]! < from) next[i] = bytes.indexOf(needles[i]!, from);
      const n = next[i]!;
      // Stryker: equivalent — the four mutants of `n === at && needles[i]!.length > length`: secretForms gives the needles longest first
      // and without repeats, so a later needle is never longer, nor of the same length at the same place.
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
    masked.push(bytes.subarray(from, at), MASK);
    from = at + length;
  }
}

/** Null when there is nothing to mask (the caller then passes chunks through untouched). */
export function createRedactor(secrets: readonly string[]): Redactor | null {
  // Every form a secret can be echoed in (secretForms).
  // Stryker disable next-line StringLiteral: equivalent — Buffer.from reads an empty encoding as 'utf8', its default.
  const needles = secretForms(secrets).map((form) => Buffer.from(form, 'utf8'));
  if (needles.length === 0) return null;
  // Bytes that may be the start of an occurrence still arriving wait for the next chunk.
  const hold = Math.max(...needles.map((n) => n.length)) - 1;
  let carry: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      // Stryker: equivalent — `false` concatenates an empty carry, which gives the chunk's bytes (this only saves a copy).
      const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      // A match that starts before the last `hold` bytes is whole here: nothing that starts there
      // can run past the end. One that starts later may be the beginning of a longer one.
      const { masked, end } = maskUntil(joined, needles, joined.length - hold);
      carry = Buffer.from(joined.subarray(end));
      return Buffer.concat(masked);
    },
    end() {
      const { masked } = maskUntil(carry, needles, carry.length);
      carry = Buffer.alloc(0);
      return Buffer.concat(masked);
    },
  };
}
