/**
 * Masks secrets in a byte stream as it passes, so a secret the server echoes never reaches the
 * disk, the renderer or a saved file. A secret split across two chunks is still found: the last
 * (longest secret − 1) bytes of each chunk wait for the next one, and only they and the next
 * chunk's first bytes are copied to look across the seam; the chunks themselves pass on as views. The bytes looked for are the
 * secrets' forms in UTF-8 and in the body's declared charset (UTF-16, ISO-8859-1…), and the mask
 * goes in in that charset, so the text decoded afterwards holds the mask, not the secret. A secret
 * under 4 characters is masked only where no letter or digit touches it, as in text (secret-forms).
 */
import { MASK as MASK_TEXT, recentlyBuilt, secretForms, shortSecretForms } from '../credentials/secret-forms';
import { charsetEncoder } from './charset-bytes';

interface Needle {
  bytes: Buffer;
  /** Masked only where it stands alone (a short secret). */
  alone: boolean;
}

/**
 * Needles that start with the same bytes (a secret's forms differ only from its first escaped
 * character), looked for together: one search for the bytes they share, then which of them is
 * there. A search over the whole body per form made ten secrets cost a second per 100 MB.
 */
interface Group {
  anchor: Buffer;
  /** Longest first: at one position the longer match wins. */
  members: Needle[];
}

/** Needles share a search when their common start is at least this long (shorter: too many false starts). */
const MIN_ANCHOR_BYTES = 4;

/** Forms in UTF-8 and in the charset, without repeats; the short ones marked. */
function needlesFor(
  forms: readonly string[],
  short: readonly string[],
  encode: (text: string) => Buffer | null,
): Needle[] {
  const seen = new Set<string>();
  const found: Needle[] = [];
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
  return found;
}

/** How many bytes `a` and `b` start with in common. */
function commonStart(a: Buffer, b: Buffer): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** The needles in groups by their common start (in byte order, neighbours share the longest starts). */
function groupsOf(needles: Needle[]): Group[] {
  const groups: Group[] = [];
  for (const needle of [...needles].sort((a, b) => Buffer.compare(a.bytes, b.bytes))) {
    const last = groups.at(-1);
    const shared = last ? commonStart(last.anchor, needle.bytes) : 0;
    if (last && shared >= MIN_ANCHOR_BYTES) {
      last.anchor = last.anchor.subarray(0, shared);
      last.members.push(needle);
    } else groups.push({ anchor: needle.bytes, members: [needle] });
  }
  for (const group of groups) group.members.sort((a, b) => b.bytes.length - a.bytes.length);
  return groups;
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
  /**
   * The bytes that are safe to pass on now, in order: where nothing is masked, views of `chunk`
   * itself (no copy), so pass them on before `chunk` is reused.
   */
  push(chunk: Buffer): Buffer[];
  /** The bytes still held back, masked. */
  end(): Buffer[];
}

/** Where a group's match is, and how long (at -1: none). */
interface Found {
  at: number;
  length: number;
}
const NONE: Found = { at: -1, length: 0 };

/** The longest member of `group` at `at` (a short secret's only where it stands alone), or null. */
function memberAt(group: Group, bytes: Buffer, at: number, before: number): Needle | null {
  for (const member of group.members) {
    const end = at + member.bytes.length;
    if (end > bytes.length || member.bytes.compare(bytes, at, end) !== 0) continue;
    if (member.alone && !standsAlone(bytes, at, member.bytes.length, before)) continue;
    return member;
  }
  return null;
}

/** The first match of `group` at or after `from`. */
function findGroup(group: Group, bytes: Buffer, from: number, before: number): Found {
  for (let at = bytes.indexOf(group.anchor, from); at >= 0; at = bytes.indexOf(group.anchor, at + 1)) {
    const member = memberAt(group, bytes, at, before);
    if (member) return { at, length: member.bytes.length };
  }
  return NONE;
}

/**
 * Masks `bytes` from the left: at each step the earliest occurrence of any needle, the longest one
 * when several start there (a short secret's only where it stands alone). Stops at a match that
 * starts at or after `until` (it may run on into bytes not here yet). Returns the masked bytes and
 * where in `bytes` they end. `before`: the byte that came before `bytes` (-1: none).
 */
function maskUntil(
  bytes: Buffer,
  groups: readonly Group[],
  until: number,
  mask: Buffer,
  before: number,
): { masked: Buffer[]; end: number } {
  const masked: Buffer[] = [];
  // The next match of each group at or after `from` (at -1: none left).
  const next = groups.map((group) => findGroup(group, bytes, 0, before));
  let from = 0;
  for (;;) {
    let picked = NONE;
    // An index loop: `groups.entries()` made an iterator and a pair for each group at each match,
    // gigabytes of garbage for the main thread's collector when a short secret's letters appear in
    // most lines.
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]!;
      // Overlapped by the last mask: look again from its end.
      if (next[i]!.at >= 0 && next[i]!.at < from) next[i] = findGroup(group, bytes, from, before);
      const found = next[i]!;
      if (found.at < 0) continue;
      if (picked.at < 0 || found.at < picked.at || (found.at === picked.at && found.length > picked.length))
        picked = found;
    }
    if (picked.at < 0 || picked.at >= until) {
      const end = Math.max(from, Math.min(until, bytes.length));
      masked.push(bytes.subarray(from, end));
      return { masked, end };
    }
    masked.push(bytes.subarray(from, picked.at), mask);
    from = picked.at + picked.length;
  }
}

const recentGroups = recentlyBuilt<Group[]>(16);
// Stryker disable next-line StringLiteral: equivalent — the mask for a charset without "•" or "*", and every charset Node decodes has "*"
const ASCII_MASK = Buffer.from('****');

/** Null when there is nothing to mask (the caller then passes chunks through untouched). `charset`: the body's (null: UTF-8). */
export function createRedactor(secrets: readonly string[], charset: string | null = null): Redactor | null {
  const encode = charsetEncoder(charset);
  // Every form a secret can be echoed in (secretForms).
  const needles = recentGroups(`${charset}\n${JSON.stringify(secrets)}`, () =>
    groupsOf(needlesFor(secretForms(secrets), shortSecretForms(secrets), encode)),
  );
  if (needles.length === 0) return null;
  const mask = encode(MASK_TEXT) ?? encode('****') ?? ASCII_MASK;
  // Bytes that may be the start of an occurrence still arriving wait for the next chunk; a short
  // secret's match also needs the byte after it, to tell whether it stands alone.
  const lengths = needles.flatMap((group) => group.members.map((n) => (n.alone ? n.bytes.length + 1 : n.bytes.length)));
  const hold = Math.max(...lengths) - 1;
  let carry: Buffer = Buffer.alloc(0);
  // The last byte passed on (as received, before masking): what comes before the carried bytes.
  // Stryker disable next-line UnaryOperator: equivalent — 1 is no word byte either
  let before = -1;
  /** Masks `bytes` up to `until`; what is left (from where it stopped) is carried to the next chunk. */
  const maskAndCarry = (bytes: Buffer, until: number, pieces: Buffer[]): Buffer[] => {
    const { masked, end } = maskUntil(bytes, needles, until, mask, before);
    if (end > 0) before = bytes[end - 1]!;
    carry = Buffer.from(bytes.subarray(end));
    for (const piece of masked) if (piece.length > 0) pieces.push(piece);
    return pieces;
  };
  return {
    push(chunk) {
      // A short chunk is joined to the carried bytes whole: it costs little.
      if (chunk.length <= hold)
        return maskAndCarry(Buffer.concat([carry, chunk]), carry.length + chunk.length - hold, []);
      // Otherwise the chunk is not copied: first the matches that start in the carried bytes, in the
      // carried bytes and the chunk's first `hold` (where any of them ends), then the chunk itself
      // from where those stopped. A match that starts before the last `hold` bytes is whole here:
      // nothing that starts there can run past the end. One that starts later may be the beginning
      // of a longer one.
      const seam = Buffer.concat([carry, chunk.subarray(0, hold)]);
      const pieces: Buffer[] = [];
      const inSeam = maskUntil(seam, needles, carry.length, mask, before);
      for (const piece of inSeam.masked) if (piece.length > 0) pieces.push(piece);
      if (inSeam.end > 0) before = seam[inSeam.end - 1]!;
      const rest = chunk.subarray(inSeam.end - carry.length);
      return maskAndCarry(rest, rest.length - hold, pieces);
    },
    end() {
      return maskAndCarry(carry, carry.length, []);
    },
  };
}
