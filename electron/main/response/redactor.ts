/**
 * Masks secrets in a byte stream as it passes, so a secret the server echoes never reaches the
 * disk, the renderer or a saved file. A secret split across two chunks is still found: the last
 * (longest secret − 1) bytes of each chunk wait for the next one.
 */
import { secretForms } from '../credentials/secret-forms';

/** What a masked secret becomes (the same mark as redactSecrets in credentials/auth). */
const MASK = Buffer.from('••••', 'utf8');

export interface Redactor {
  /** The bytes that are safe to pass on now. */
  push(chunk: Buffer): Buffer;
  /** The bytes still held back, masked. */
  end(): Buffer;
}

function maskAll(bytes: Buffer, needles: readonly Buffer[]): Buffer {
  let out = bytes;
  for (const needle of needles) {
    let at = out.indexOf(needle);
    if (at < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at >= 0) {
      parts.push(out.subarray(from, at), MASK);
      from = at + needle.length;
      at = out.indexOf(needle, from);
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
  }
  return out;
}

/** Null when there is nothing to mask (the caller then passes chunks through untouched). */
export function createRedactor(secrets: readonly string[]): Redactor | null {
  // Every form a secret can be echoed in, longest first: a secret inside another must not break the longer one's match.
  const needles = secretForms(secrets).map((form) => Buffer.from(form, 'utf8'));
  if (needles.length === 0) return null;
  const hold = Math.max(...needles.map((n) => n.length)) - 1;
  let carry: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      // Mask first: an occurrence wholly inside `joined` is replaced before the split, and a
      // partial one at the end is shorter than `hold`, so it stays in the carry.
      const masked = maskAll(joined, needles);
      const keep = Math.min(hold, masked.length);
      carry = Buffer.from(masked.subarray(masked.length - keep));
      return masked.subarray(0, masked.length - keep);
    },
    end() {
      const rest = maskAll(carry, needles);
      carry = Buffer.alloc(0);
      return rest;
    },
  };
}
