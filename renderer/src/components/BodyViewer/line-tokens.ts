/**
 * Colours and search highlights for one line of a formatted JSON body: a cheap per-line scan (the
 * viewer shows a few dozen lines at a time), not a parser. A line cut for display may end inside a
 * string; the rest of the line is then that string.
 */

export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'plain';

export interface Token {
  kind: TokenKind;
  from: number;
  to: number;
}

const STRING = /"(?:[^"\\]|\\.)*(?:"|\\?$)/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /(?:true|false|null)\b/y;
const SPACE = /\s+/y;
const AFTER_KEY = /\s*:/y;

function at(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Tokens covering the whole line, in order; whitespace between tokens is left out. */
export function tokenizeJsonLine(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let end: number;
    if ((end = at(SPACE, text, i)) > 0) {
      i = end;
      continue;
    }
    if (c === 34 /* " */ && (end = at(STRING, text, i)) > 0) {
      tokens.push({ kind: at(AFTER_KEY, text, end) > 0 ? 'key' : 'string', from: i, to: end });
    } else if ('{}[],:'.includes(text[i]!)) {
      end = i + 1;
      tokens.push({ kind: 'punctuation', from: i, to: end });
    } else if ((end = at(NUMBER, text, i)) > 0) {
      tokens.push({ kind: 'number', from: i, to: end });
    } else if ((end = at(LITERAL, text, i)) > 0) {
      tokens.push({ kind: 'literal', from: i, to: end });
    } else {
      end = i + 1;
      while (end < text.length && !/[\s"{}[\],:]/.test(text[end]!)) end++;
      tokens.push({ kind: 'plain', from: i, to: end });
    }
    i = end;
  }
  return tokens;
}

/** Where `query` occurs in `text` (UTF-16 positions), optionally ignoring case; non-overlapping. */
export function findHits(text: string, query: string, caseSensitive: boolean): Array<[number, number]> {
  if (!query) return [];
  const haystack = caseSensitive ? text : text.toLowerCase();
  const needle = caseSensitive ? query : query.toLowerCase();
  // Lower-casing can change the length of a few characters (İ): then positions would not match.
  if (!caseSensitive && (haystack.length !== text.length || needle.length !== query.length)) return [];
  const hits: Array<[number, number]> = [];
  let from = 0;
  for (;;) {
    const index = haystack.indexOf(needle, from);
    if (index < 0) return hits;
    hits.push([index, index + needle.length]);
    from = index + needle.length;
  }
}

export interface Segment {
  text: string;
  kind: TokenKind;
  /** Inside a search hit; `current` when that hit is the current match. */
  hit: boolean;
  current: boolean;
}

/**
 * The line cut into runs of one colour and one highlight state. `currentFrom` is the column of the
 * current match on this line, if any.
 */
export function segmentLine(
  text: string,
  tokens: readonly Token[],
  hits: ReadonlyArray<[number, number]>,
  currentFrom?: number,
): Segment[] {
  // Boundaries: token edges and hit edges.
  const cuts = new Set<number>([0, text.length]);
  for (const token of tokens) cuts.add(token.from).add(token.to);
  for (const [from, to] of hits) cuts.add(Math.min(from, text.length)).add(Math.min(to, text.length));
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let t = 0;
  let h = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const from = points[p]!;
    const to = points[p + 1]!;
    if (from >= to) continue;
    while (t < tokens.length && tokens[t]!.to <= from) t++;
    while (h < hits.length && hits[h]![1] <= from) h++;
    const token = tokens[t];
    const kind: TokenKind = token && token.from <= from && token.to >= to ? token.kind : 'plain';
    const hit = hits[h];
    const inHit = !!hit && hit[0] <= from && hit[1] >= to;
    const current = inHit && hit[0] === currentFrom;
    const last = segments[segments.length - 1];
    if (last && last.kind === kind && last.hit === inHit && last.current === current) last.text += text.slice(from, to);
    else segments.push({ text: text.slice(from, to), kind, hit: inHit, current });
  }
  return segments;
}
