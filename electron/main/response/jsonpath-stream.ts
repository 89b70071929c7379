/**
 * JSONPath over a JSON document's bytes, fed in chunks, holding no more than the largest value it
 * has to look at: a 1 GB body cannot be one JavaScript string (V8 stops near 512 MB) and its parsed
 * tree would take several GB, so the filter (filter.ts) scans the bytes instead of parsing them.
 *
 * The scanner follows the document from the root and knows, for each value, which of the query's
 * segments apply to it (its "visits": a step in shared/jsonpath-query.ts's compiled segments). From
 * the value's first byte it decides:
 *  - no visit → skip its bytes (strings, brackets and nesting are followed, nothing is built);
 *  - a visit that is a result, or a selector that needs the value itself (a filter [?…] tests each
 *    child; a negative step [::-1] needs the whole array) → capture its bytes, JSON.parse them and
 *    run the rest of the query on it with the in-memory evaluator (plan.runFrom), so both ways share
 *    one evaluator's semantics;
 *  - otherwise → stream into it, and work out each child's visits from its name or index. Descendant
 *    segments (..) hand their visit on to every child container. A negative index or a slice bound
 *    from the end ([-1], [-3:], [:-2]) keeps the last few children's text until the array ends.
 *
 * Results come out as they are found. When the query has a descendant segment or a union ([a,b]),
 * document order is not run()'s order (run() gives a node's own selections before its descendants',
 * and a union's selectors in turn), so each result then carries an order key — its path through the
 * evaluation, as a short one-byte string (see orderOf) — and sorting the keys gives exactly run()'s
 * order. Memory is the largest value held whole (refused past maxValueBytes), the kept last
 * children of from-the-end selectors, the open containers' visits, and the results with their keys.
 *
 * Where it differs from JSON.parse + run(): object members are visited in document order, where
 * JavaScript objects put integer-like names ("0", "12") first — RFC 9535 leaves member order
 * unspecified, so both are right; and a name that occurs twice in one object is visited twice
 * (JSON.parse keeps the last). The bytes it skips are checked for strings and matching brackets
 * only (the body was checked as JSON when it arrived); what it streams into or parses is checked fully.
 * Filters that refer to the root ($ inside [?…]) cannot be decided in one pass: filter.ts does not
 * stream them (see usesRoot there).
 */
import type { JsonPathPlan, PlanSegment, PlanSelector } from '../../../shared/jsonpath-query';

/** The body is not JSON, or nests too deeply; the message is a sentence for the user. */
export class JsonBodyError extends Error {
  override name = 'JsonBodyError';
}

/** A value the query needs whole is larger than the stream may hold; the message is a sentence for the user. */
export class ValueTooLargeError extends Error {
  override name = 'ValueTooLargeError';
}

/** The most bytes of one value held at once by default: its text, then its parsed tree, take several times that. */
export const MAX_VALUE_BYTES = 256 * 1024 * 1024;

/** Receives each result, with its order key ('' when results come in run()'s order already). */
export type EmitResult = (value: unknown, order: string) => void;

/**
 * A query step that applies to a value, and how the evaluation reached it: from `from`'s node by
 * selector `j`'s pick number `within`, or (j = -1) as its descendant number `within`. The chain is
 * the order key of what the visit finds (see orderOf), built only for results.
 */
interface Visit {
  step: number;
  from: Visit | null;
  j: number;
  within: number;
}

type Positional = Extract<PlanSelector, { kind: 'index' | 'slice' }>;

/** A child's text kept until its array's length decides whether a from-the-end selector picks it. */
interface Pending {
  index: number;
  text: string;
  at: number;
}

/** One array visit's selectors that count from the end, and the last `size` children they may pick. */
interface EndWindow {
  visit: Visit;
  selectors: Array<{ j: number; selector: Positional }>;
  size: number;
  pending: Pending[];
}

/** A container being streamed into. */
interface Frame {
  array: boolean;
  visits: Visit[];
  /** Children started so far; the index of the current one is count - 1. */
  count: number;
  /** The current member's name (objects), or null when no name selector of the query has it. */
  name: string | null;
  windows: EndWindow[];
}

/** What to do with a captured value once its bytes are complete. */
interface Capture {
  /** Run segments[step…] on the value. */
  visits: Visit[];
  /** Filter selectors of the parent's visits: test the value, then run the steps after. */
  filters: Array<{ visit: Visit; test: (node: unknown) => boolean }>;
  windows: EndWindow[];
  index: number;
}

const enum Mode {
  /** A value must start: the top level, after a colon, or after a comma in an array. */
  Value,
  ArrayStart,
  ObjectStart,
  /** After a comma in an object: a member name must start. */
  Name,
  Colon,
  /** After a value in a container: a comma or the closing bracket. */
  After,
  /** Inside a value (or a member name) whose bytes are skipped or captured. */
  Raw,
  /** After the top-level value: only blank space. */
  End,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const BOM = [0xef, 0xbb, 0xbf];
/** A length larger than any array: selectors that count from the end pick nothing at it. */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

const isBlank = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const startsScalar = (c: number): boolean =>
  c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;

/**
 * Appends a non-negative integer to an order key's character codes so that keys compare as their
 * numbers do: its byte count, then its bytes, high first. All codes are below 256, so a key is a
 * one-byte string (a million results' keys take tens of MB, not hundreds).
 */
function pushNumber(codes: number[], n: number): void {
  const at = codes.length;
  codes.push(0);
  do {
    codes.splice(at + 1, 0, n % 256);
    n = Math.floor(n / 256);
  } while (n > 0);
  codes[at] = codes.length - at - 1;
}

const SELECTED = 0;
const DESCENDED = 1;

/**
 * The order key of a visit's k-th result: the path from the root, each step a node's selections
 * (SELECTED, selector, pick) or its descendants (DESCENDED, child), which sort selections first as
 * run() orders them; then k. Built flat from codes: a key joined from pieces would be a tree of strings.
 */
function orderOf(visit: Visit, k: number): string {
  const path: Visit[] = [];
  for (let v: Visit | null = visit; v !== null && v.from !== null; v = v.from) path.push(v);
  const codes: number[] = [];
  for (let p = path.length - 1; p >= 0; p--) {
    const v = path[p]!;
    if (v.j < 0) {
      codes.push(DESCENDED);
    } else {
      codes.push(SELECTED);
      pushNumber(codes, v.j);
    }
    pushNumber(codes, v.within);
  }
  pushNumber(codes, k);
  return String.fromCharCode(...codes);
}

const ROOT: Visit = { step: 0, from: null, j: 0, within: 0 };
const ROOT_VISITS: Visit[] = [ROOT];
const NO_VISITS: Visit[] = [];
const NO_FILTERS: Capture['filters'] = [];
const NO_WINDOWS: EndWindow[] = [];

/** `list` with `item` at its end; a shared empty list is replaced, never changed. */
function added<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/** The member names the query's name selectors ask for, as UTF-8 bytes to compare names with before decoding them. */
function namesOf(segments: readonly PlanSegment[]): Array<{ name: string; bytes: Buffer }> {
  const names = new Set<string>();
  for (const segment of segments) for (const s of segment.selectors) if (s.kind === 'name') names.add(s.name);
  return [...names].map((name) => ({ name, bytes: Buffer.from(name, 'utf8') }));
}

/** Whether bytes [from, to) of the chunk are exactly `bytes`. */
function sameBytes(chunk: Buffer, from: number, to: number, bytes: Buffer): boolean {
  if (to - from !== bytes.length) return false;
  for (let k = 0; k < bytes.length; k++) if (chunk[from + k] !== bytes[k]) return false;
  return true;
}

/** Whether a slice (positive step) picks index i of an array of `length` (RFC 9535 §2.3.4.2.2). */
function slicePicks(s: Extract<PlanSelector, { kind: 'slice' }>, i: number, length: number): boolean {
  const step = s.step ?? 1;
  if (step <= 0) return false;
  const at = (bound: number): number => Math.min(Math.max(bound >= 0 ? bound : length + bound, 0), length);
  const lower = at(s.start ?? 0);
  const upper = at(s.end ?? length);
  return i >= lower && i < upper && (i - lower) % step === 0;
}

function positionalPicks(s: Positional, i: number, length: number): boolean {
  if (s.kind === 'index') return (s.index < 0 ? length + s.index : s.index) === i;
  return slicePicks(s, i, length);
}

/** How many trailing children a selector needs to see before it can pick, 0 when it decides from the index alone. */
function fromTheEnd(s: PlanSelector): number {
  if (s.kind === 'index') return s.index < 0 ? -s.index : 0;
  if (s.kind !== 'slice' || (s.step ?? 1) <= 0) return 0;
  return Math.max(s.start !== null && s.start < 0 ? -s.start : 0, s.end !== null && s.end < 0 ? -s.end : 0);
}

/** A slice with a negative step walks its array backwards from the end: it needs the whole array. */
const needsWholeNode = (segment: PlanSegment): boolean =>
  segment.selectors.some((s) => s.kind === 'slice' && s.step !== null && s.step < 0);

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `“${String.fromCharCode(c)}”`;
  return `the byte 0x${c.toString(16).padStart(2, '0')}`;
}

export class JsonPathStream {
  private readonly segments: readonly PlanSegment[];
  private readonly wholeNode: boolean[];
  /** Whether results need order keys (a descendant segment or a union); else they come in run()'s order. */
  private readonly sorted: boolean;
  private readonly names: Array<{ name: string; bytes: Buffer }>;
  private readonly stack: Frame[] = [];
  private mode = Mode.Value;
  /** Bytes fed before the current chunk. */
  private offset = 0;
  private bomSeen = 0;

  // The value being skipped or captured (mode Raw).
  private rawDepth = 0;
  private rawClosers = new Uint8Array(64);
  private rawString = false;
  private rawEscape = false;
  private rawScalar = false;
  private rawIsName = false;
  private rawStart = 0;
  private capturing = false;
  private captureFrom = 0;
  private pieces: Buffer[] = [];
  private capture: Capture | null = null;
  /** The filters childVisits found for the child it was asked about. */
  private childFilters: Capture['filters'] = NO_FILTERS;

  constructor(
    private readonly plan: JsonPathPlan,
    private readonly emit: EmitResult,
    private readonly maxValueBytes = MAX_VALUE_BYTES,
  ) {
    this.segments = plan.segments;
    this.wholeNode = this.segments.map(needsWholeNode);
    this.sorted = this.segments.some((s) => s.descendant || s.selectors.length > 1);
    this.names = namesOf(this.segments);
  }

  /** Feeds the next bytes of the document. Throws JsonBodyError where it stops being JSON. */
  write(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.mode === Mode.Raw) {
        i = this.raw(chunk, i);
        continue;
      }
      const c = chunk[i]!;
      if (isBlank(c)) {
        i++;
        continue;
      }
      i = this.structural(chunk, i, c);
    }
    if (this.mode === Mode.Raw && this.capturing) {
      this.pieces.push(Buffer.from(chunk.subarray(this.captureFrom)));
      this.captureFrom = 0;
      if (this.offset + n - this.rawStart > this.maxValueBytes) throw this.valueTooLarge();
    }
    this.offset += n;
  }

  private valueTooLarge(): ValueTooLargeError {
    const mib = Math.round(this.maxValueBytes / (1024 * 1024));
    const limit = mib > 0 ? `${mib} MiB` : `${this.maxValueBytes.toLocaleString('en-US')} bytes`;
    return new ValueTooLargeError(
      `The filter would have to hold one value of more than ${limit} at once (the one that starts at byte offset ${this.rawStart}), which is too much; ` +
        'narrow the expression to smaller parts, e.g. $.data[*].id rather than $.data, or [*] before a filter [?…] over a large array.',
    );
  }

  /** Ends the document: throws JsonBodyError when it is empty or ends early. */
  end(): void {
    if (this.mode === Mode.Raw && this.rawScalar && this.stack.length === 0) {
      this.finishRaw(Buffer.alloc(0), 0);
    }
    if (this.mode === Mode.End) return;
    if (this.mode === Mode.Value && this.stack.length === 0 && this.capture === null) {
      throw new JsonBodyError('The body is empty, so there is nothing to filter.');
    }
    throw this.notJson(`it ends early, at byte offset ${this.offset}, inside ${this.insideWhat()}`);
  }

  private insideWhat(): string {
    if (this.mode === Mode.Raw && this.rawString) return 'a string';
    if (this.mode === Mode.Raw && this.rawDepth > 0)
      return this.rawClosers[this.rawDepth - 1] === CLOSE_BRACKET ? 'an array' : 'an object';
    const frame = this.stack.at(-1);
    return frame?.array ? 'an array' : frame ? 'an object' : 'a value';
  }

  private notJson(detail: string): JsonBodyError {
    return new JsonBodyError(`The body is not valid JSON, so it cannot be filtered: ${detail}.`);
  }

  private unexpected(c: number, at: number, expected: string): JsonBodyError {
    return this.notJson(`${expected} but found ${describeByte(c)} at byte offset ${this.offset + at}`);
  }

  /** One byte outside skipped values: brackets, commas, colons, the start of a name or a value. */
  private structural(chunk: Buffer, i: number, c: number): number {
    switch (this.mode) {
      case Mode.Value:
        if (this.stack.length === 0 && this.offset + i === this.bomSeen && c === BOM[this.bomSeen]) {
          this.bomSeen++;
          return i + 1;
        }
        return this.beginValue(chunk, i, c);
      case Mode.ArrayStart:
        if (c === CLOSE_BRACKET) return this.close(i);
        return this.beginValue(chunk, i, c);
      case Mode.ObjectStart:
        if (c === CLOSE_BRACE) return this.close(i);
        return this.beginName(i, c);
      case Mode.Name:
        return this.beginName(i, c);
      case Mode.Colon:
        if (c !== COLON) throw this.unexpected(c, i, 'Expected : after a member name');
        this.mode = Mode.Value;
        return i + 1;
      case Mode.After: {
        const frame = this.stack.at(-1)!;
        if (c === COMMA) {
          this.mode = frame.array ? Mode.Value : Mode.Name;
          return i + 1;
        }
        if (c === (frame.array ? CLOSE_BRACKET : CLOSE_BRACE)) return this.close(i);
        throw this.unexpected(
          c,
          i,
          frame.array ? 'Expected , or ] after an array item' : 'Expected , or } after a member',
        );
      }
      default:
        throw this.unexpected(c, i, 'Expected nothing after the JSON value');
    }
  }

  private beginName(i: number, c: number): number {
    if (c !== QUOTE) throw this.unexpected(c, i, 'Expected a member name in double quotes');
    this.startRaw(i, false, true);
    return i;
  }

  private close(i: number): number {
    const frame = this.stack.pop()!;
    if (frame.array) for (const window of frame.windows) this.releaseAll(window, frame.count);
    this.mode = this.stack.length > 0 ? Mode.After : Mode.End;
    return i + 1;
  }

  // --- deciding what to do with a value

  private beginValue(chunk: Buffer, i: number, c: number): number {
    const container = c === OPEN_BRACE || c === OPEN_BRACKET;
    if (!container && c !== QUOTE && !startsScalar(c)) throw this.unexpected(c, i, 'Expected a JSON value');
    const parent = this.stack.at(-1);
    let visits = ROOT_VISITS;
    let filters: Capture['filters'] = NO_FILTERS;
    let windows: EndWindow[] = NO_WINDOWS;
    let index = 0;
    if (parent) {
      index = parent.count++;
      if (parent.array) {
        this.releaseOld(parent, index);
        windows = parent.windows;
      }
      visits = this.childVisits(parent, index, container);
      filters = this.childFilters;
    }
    let whole = false;
    for (const visit of visits) whole ||= visit.step === this.segments.length || this.wholeNode[visit.step]!;
    if (whole || filters.length > 0 || windows.length > 0) {
      this.capture = { visits, filters, windows, index };
      this.startRaw(i, true, false);
      return i;
    }
    if (container && visits.length > 0) {
      this.push(c === OPEN_BRACKET, visits);
      return i + 1;
    }
    this.startRaw(i, false, false);
    return i;
  }

  /**
   * The visits a child gets from its parent's, by its name or index; its parent's filter selectors,
   * which wait for its value, are left in childFilters. Most children get none: the shared empty
   * lists spare the garbage collector an array per value.
   */
  private childVisits(parent: Frame, index: number, container: boolean): Visit[] {
    let visits = NO_VISITS;
    let filters = NO_FILTERS;
    for (const visit of parent.visits) {
      const segment = this.segments[visit.step]!;
      const selectors = segment.selectors;
      for (let j = 0; j < selectors.length; j++) {
        const s = selectors[j]!;
        switch (s.kind) {
          case 'name':
            if (!parent.array && parent.name === s.name) visits = added(visits, this.selected(visit, j, 0));
            break;
          case 'wildcard':
            visits = added(visits, this.selected(visit, j, index));
            break;
          case 'index':
            if (parent.array && s.index === index) visits = added(visits, this.selected(visit, j, 0));
            break;
          case 'slice':
            if (parent.array && fromTheEnd(s) === 0 && slicePicks(s, index, UNBOUNDED))
              visits = added(visits, this.selected(visit, j, index));
            break;
          case 'filter':
            filters = added(filters, { visit: this.selected(visit, j, index), test: s.test });
            break;
        }
      }
      if (segment.descendant && container)
        visits = added(visits, { step: visit.step, from: visit, j: -1, within: index });
    }
    this.childFilters = filters;
    return visits;
  }

  /** The visit of the next step on a child selected by selector j (at position `within` of its picks). */
  private selected(visit: Visit, j: number, within: number): Visit {
    return { step: visit.step + 1, from: visit, j, within };
  }

  private push(array: boolean, visits: Visit[]): void {
    let windows = NO_WINDOWS;
    if (array) {
      for (const visit of visits) {
        const selectors: EndWindow['selectors'] = [];
        let size = 0;
        this.segments[visit.step]!.selectors.forEach((selector, j) => {
          const n = fromTheEnd(selector);
          if (n === 0) return;
          selectors.push({ j, selector: selector as Positional });
          size = Math.max(size, n);
        });
        if (size > 0) windows = added(windows, { visit, selectors, size, pending: [] });
      }
    }
    this.stack.push({ array, visits, count: 0, name: null, windows });
    this.mode = array ? Mode.ArrayStart : Mode.ObjectStart;
  }

  // --- skipping and capturing

  private startRaw(i: number, capture: boolean, isName: boolean): void {
    this.mode = Mode.Raw;
    this.rawDepth = 0;
    this.rawString = false;
    this.rawEscape = false;
    this.rawIsName = isName;
    this.rawStart = this.offset + i;
    this.capturing = capture || isName;
    this.captureFrom = i;
    this.pieces = [];
    // Set by raw() from the value's first byte: a number, true, false or null ends at the first byte that cannot be part of it.
    this.rawScalar = false;
  }

  /** Skips (or captures) bytes of the current raw value from i; returns where it stopped. */
  private raw(chunk: Buffer, i: number): number {
    const n = chunk.length;
    if (this.rawDepth === 0 && !this.rawString && !this.rawScalar) {
      // The value's first byte.
      const c = chunk[i]!;
      if (c === QUOTE) {
        this.rawString = true;
        i++;
      } else if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
        this.rawScalar = true;
      }
    }
    if (this.rawScalar) return this.rawScalarEnd(chunk, i);
    let depth = this.rawDepth;
    while (i < n) {
      if (this.rawString) {
        const quote = chunk.indexOf(QUOTE, i);
        if (quote < 0) {
          this.rawEscape = this.escapedAtEnd(chunk, i, n);
          this.rawDepth = depth;
          return n;
        }
        let k = quote - 1;
        while (k >= i && chunk[k] === BACKSLASH) k--;
        let run = quote - 1 - k;
        if (k < i && this.rawEscape) run++;
        this.rawEscape = false;
        i = quote + 1;
        if ((run & 1) === 1) continue;
        this.rawString = false;
        if (depth === 0) return this.finishRaw(chunk, i);
        continue;
      }
      const c = chunk[i++]!;
      if (c === QUOTE) {
        this.rawString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === this.rawClosers.length) {
          const grown = new Uint8Array(depth * 2);
          grown.set(this.rawClosers);
          this.rawClosers = grown;
        }
        this.rawClosers[depth++] = c + 2;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0 || this.rawClosers[depth - 1] !== c) {
          const closer = depth === 0 ? 'a value' : `“${String.fromCharCode(this.rawClosers[depth - 1]!)}”`;
          throw this.unexpected(c, i - 1, `Expected ${closer}`);
        }
        depth--;
        if (depth === 0) {
          this.rawDepth = 0;
          return this.finishRaw(chunk, i);
        }
      }
    }
    this.rawDepth = depth;
    return n;
  }

  /** Whether the string's next byte is escaped: the chunk ends in an odd run of backslashes. */
  private escapedAtEnd(chunk: Buffer, from: number, n: number): boolean {
    let k = n - 1;
    while (k >= from && chunk[k] === BACKSLASH) k--;
    let run = n - 1 - k;
    if (k < from && this.rawEscape) run++;
    return (run & 1) === 1;
  }

  private rawScalarEnd(chunk: Buffer, i: number): number {
    const n = chunk.length;
    while (i < n) {
      const c = chunk[i]!;
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isBlank(c)) return this.finishRaw(chunk, i);
      i++;
    }
    return n;
  }

  /** The raw value ended before `end` in this chunk: hand on what was captured. */
  private finishRaw(chunk: Buffer, end: number): number {
    const at = this.rawStart;
    this.rawScalar = false;
    this.rawString = false;
    if (this.rawIsName) {
      this.stack.at(-1)!.name = this.memberName(chunk, end, at);
      this.capturing = false;
      this.mode = Mode.Colon;
      return end;
    }
    const text = this.capturing ? this.capturedText(chunk, end) : '';
    this.capturing = false;
    this.mode = this.stack.length > 0 ? Mode.After : Mode.End;
    const capture = this.capture;
    if (capture) {
      this.capture = null;
      this.captured(capture, text, at);
    }
    return end;
  }

  private capturedText(chunk: Buffer, end: number): string {
    if (this.pieces.length === 0) return chunk.toString('utf8', this.captureFrom, end);
    this.pieces.push(chunk.subarray(0, end));
    const text = Buffer.concat(this.pieces).toString('utf8');
    this.pieces = [];
    return text;
  }

  /**
   * The member name that ended before `end`, when a name selector asks for it, else null. Most names
   * are compared as bytes, without a string: only one with an escape or split between chunks is decoded.
   */
  private memberName(chunk: Buffer, end: number, at: number): string | null {
    if (this.names.length === 0) return null;
    if (this.pieces.length === 0) {
      const from = this.captureFrom + 1;
      const to = end - 1;
      let escaped = false;
      for (let k = from; k < to && !escaped; k++) escaped = chunk[k] === BACKSLASH;
      if (!escaped) {
        for (const { name, bytes } of this.names) if (sameBytes(chunk, from, to, bytes)) return name;
        return null;
      }
    }
    const text = this.capturedText(chunk, end);
    return this.parse(text, at) as string;
  }

  private parse(text: string, at: number): unknown {
    // A string without escapes is its text between the quotes (most captured values are such names and ids).
    if (text.charCodeAt(0) === QUOTE && !text.includes('\\')) return text.slice(1, -1);
    try {
      return JSON.parse(text);
    } catch (error) {
      if (error instanceof RangeError) throw new JsonBodyError('The body nests too deeply to be filtered.');
      const reason = error instanceof Error ? error.message.replace(/\.$/, '') : 'it does not parse';
      throw this.notJson(`${reason}, in the value that starts at byte offset ${at}`);
    }
  }

  // --- results

  private captured(capture: Capture, text: string, at: number): void {
    let value: unknown;
    let parsed = false;
    const valueOf = (): unknown => {
      if (!parsed) {
        value = this.parse(text, at);
        parsed = true;
      }
      return value;
    };
    for (const visit of capture.visits) this.runFrom(visit, valueOf());
    for (const { visit, test } of capture.filters) {
      const node = valueOf();
      if (test(node)) this.runFrom(visit, node);
    }
    for (const window of capture.windows) window.pending.push({ index: capture.index, text, at });
  }

  /** Runs segments[visit.step…] on a value in memory; its results are ordered after the visit's key. */
  private runFrom(visit: Visit, value: unknown): void {
    const found = this.plan.runFrom(visit.step, value);
    for (let k = 0; k < found.length; k++) this.emit(found[k], this.sorted ? orderOf(visit, k) : '');
  }

  /** Before child `index` of an array: children that many places back are past every from-the-end selector. */
  private releaseOld(frame: Frame, index: number): void {
    for (const window of frame.windows) {
      while (window.pending.length > 0 && window.pending[0]!.index + window.size <= index) {
        this.release(window, window.pending.shift()!, UNBOUNDED);
      }
    }
  }

  private releaseAll(window: EndWindow, length: number): void {
    for (const pending of window.pending) this.release(window, pending, length);
    window.pending = [];
  }

  private release(window: EndWindow, pending: Pending, length: number): void {
    let value: unknown;
    let parsed = false;
    for (const { j, selector } of window.selectors) {
      if (!positionalPicks(selector, pending.index, length)) continue;
      if (!parsed) {
        value = this.parse(pending.text, pending.at);
        parsed = true;
      }
      const within = selector.kind === 'index' ? 0 : pending.index;
      this.runFrom(this.selected(window.visit, j, within), value);
    }
  }
}
