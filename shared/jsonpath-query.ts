/**
 * JSONPath queries (RFC 9535) for filtering a response body: `$.items[?@.price.value > 100].id`,
 * `$..name`, `$.data[0:10:2]`, `$[?match(@.title, 'Flat.*')]`. `shared/jsonpath.ts` is the
 * simpler single-value path used by captures; this one selects many values.
 *
 * An expression compiles once into closures; running it walks the document with an explicit
 * stack, so a deeply nested body cannot overflow the call stack, and results stream out in the
 * RFC's order (each segment's selections, in document order) until `maxResults`.
 *
 * Beyond RFC 9535 only this is accepted: blank space before and after the whole expression, and
 * regular expressions in match()/search() are JavaScript's (with the 'u' flag) rather than the
 * stricter I-Regexp subset, with `.` mapped to I-Regexp's meaning (any character but \n and \r).
 */

export interface JsonPathQuery {
  readonly expression: string;
  run(document: unknown, opts?: { signal?: { aborted: boolean }; maxResults?: number }): unknown[];
  /** The compiled segments, for an evaluator that walks the document's bytes itself (response/jsonpath-stream.ts). */
  readonly plan: JsonPathPlan;
}

/** A selector as the plan shows it; a filter's test runs on one candidate child (it cannot see the root: see usesRoot). */
export type PlanSelector =
  | { kind: 'name'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | null; end: number | null; step: number | null }
  | { kind: 'filter'; test(node: unknown): boolean };

export interface PlanSegment {
  descendant: boolean;
  selectors: readonly PlanSelector[];
}

export interface JsonPathPlan {
  readonly segments: readonly PlanSegment[];
  /** True when a filter refers to the root ($ inside [?…]): its tests need the whole document. */
  readonly usesRoot: boolean;
  /**
   * The nodes segments[from…] select from `value`, in the order run() gives them: run(document) is
   * runFrom(0, document), and runFrom(segments.length, value) is [value]. Root references in filters see
   * `value`'s document as missing, so callers check usesRoot first.
   */
  runFrom(from: number, value: unknown, signal?: { aborted: boolean }): unknown[];
}

/** A syntax error in an expression; `character` is the 1-based position the message names. */
export class JsonPathSyntaxError extends Error {
  override name = 'JsonPathSyntaxError';
  constructor(
    message: string,
    readonly character: number,
  ) {
    super(message);
  }
}

/**
 * Parses the expression; throws an Error whose message is one sentence a user can act on, naming the position (e.g.
 * “Expected a name or * after . at character 7 in “$.data.”.”).
 */
export function compileJsonPath(expression: string): JsonPathQuery {
  const parser = new Parser(expression);
  const query = parser.parseWhole();
  return {
    expression,
    run(document, opts = {}) {
      const results: unknown[] = [];
      const max = opts.maxResults ?? Infinity;
      if (max <= 0) return results;
      const ctx: Ctx = { root: document, signal: opts.signal, ticks: 0 };
      evaluate(query, 0, document, ctx, (value) => {
        results.push(value);
        return results.length < max;
      });
      return results;
    },
    plan: planOf(query, parser.usesRoot),
  };
}

/** The public view of a compiled query; filters are bound to a context without a root. */
function planOf(query: Query, usesRoot: boolean): JsonPathPlan {
  const ctx: Ctx = { root: NOTHING, signal: undefined, ticks: 0 };
  const segments = query.segments.map((segment): PlanSegment => ({
    descendant: segment.descendant,
    selectors: segment.selectors.map((selector): PlanSelector => {
      if (selector.kind !== 'filter') return selector;
      const test = selector.test;
      return { kind: 'filter', test: (node) => test(node, ctx) };
    }),
  }));
  return {
    segments,
    usesRoot,
    runFrom(from, value, signal) {
      const results: unknown[] = [];
      evaluate(query, from, value, { root: NOTHING, signal, ticks: 0 }, (found) => results.push(found) > 0);
      return results;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The compiled form

/** What a singular query or a ValueType function gives when there is no value. */
const NOTHING: unique symbol = Symbol('nothing');
type Value = unknown;

interface Ctx {
  root: unknown;
  signal: { aborted: boolean } | undefined;
  ticks: number;
}

type Test = (node: unknown, ctx: Ctx) => boolean;
type ValueFn = (node: unknown, ctx: Ctx) => Value;

type Selector =
  | { kind: 'name'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | null; end: number | null; step: number | null }
  | { kind: 'filter'; test: Test };

interface Segment {
  descendant: boolean;
  selectors: Selector[];
}

interface Query {
  /** '@' for a query relative to the current node of a filter, '$' for one from the root. */
  start: '$' | '@';
  segments: Segment[];
  /** The names and indexes of a singular query (RFC 9535 §2.3.5.1), or null when it can select several nodes. */
  path: Array<string | number> | null;
}

function abortError(): Error {
  const error = new Error('The filter was stopped.');
  error.name = 'AbortError';
  return error;
}

/** Counts work and checks for a stop request every 4,096 steps. */
function tick(ctx: Ctx): void {
  if ((++ctx.ticks & 4095) === 0 && ctx.signal?.aborted) throw abortError();
}

const hasOwn = Object.prototype.hasOwnProperty;
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Emits the query's nodes from `start` in order until `emit` returns false. Depth-first over the
 * segments with an explicit stack: applying the remaining segments to each selected node in turn
 * gives the same order as applying each segment to the whole nodelist, without holding it.
 */
function evaluate(query: Query, from: number, start: unknown, ctx: Ctx, emit: (value: unknown) => boolean): void {
  const segments = query.segments;
  const last = segments.length - 1;
  if (from > last) {
    emit(start);
    return;
  }
  const values: unknown[] = [start];
  const steps: number[] = [from];
  const selected: unknown[] = [];
  while (values.length > 0) {
    const value = values.pop();
    const step = steps.pop()!;
    tick(ctx);
    const segment = segments[step]!;
    // A descendant segment visits the node, then its descendants: queue the children (to be
    // visited with the same segment) before this node's selections, which the stack pops first.
    // Scalars are left out: they have no children, so no selector picks anything from them.
    if (segment.descendant && value !== null && typeof value === 'object') {
      const children = Array.isArray(value) ? value : Object.values(value);
      for (let i = children.length - 1; i >= 0; i--) {
        const child: unknown = children[i];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          steps.push(step);
        }
      }
    }
    select(value, segment.selectors, ctx, selected);
    if (step === last) {
      for (const item of selected) {
        if (!emit(item)) return;
      }
    } else {
      for (let i = selected.length - 1; i >= 0; i--) {
        values.push(selected[i]);
        steps.push(step + 1);
      }
    }
    selected.length = 0;
  }
}

/** Appends the children of `value` that the selectors pick, selector by selector. */
function select(value: unknown, selectors: Selector[], ctx: Ctx, out: unknown[]): void {
  if (value === null || typeof value !== 'object') return;
  const array = Array.isArray(value) ? (value as unknown[]) : null;
  for (const selector of selectors) {
    switch (selector.kind) {
      case 'name':
        if (!array && hasOwn.call(value, selector.name)) out.push((value as Record<string, unknown>)[selector.name]);
        break;
      case 'index':
        if (array) {
          const i = selector.index < 0 ? array.length + selector.index : selector.index;
          if (i >= 0 && i < array.length) out.push(array[i]);
        }
        break;
      case 'wildcard':
        if (array) for (const item of array) out.push(item);
        else for (const item of Object.values(value)) out.push(item);
        break;
      case 'slice':
        if (array) slice(array, selector.start, selector.end, selector.step, out);
        break;
      case 'filter': {
        const test = selector.test;
        const items = array ?? Object.values(value);
        for (const item of items) {
          tick(ctx);
          if (test(item, ctx)) out.push(item);
        }
        break;
      }
    }
  }
}

/** RFC 9535 §2.3.4.2.2. */
function slice(array: unknown[], start: number | null, end: number | null, step: number | null, out: unknown[]): void {
  const len = array.length;
  const by = step ?? 1;
  if (by === 0) return;
  const normalize = (i: number): number => (i >= 0 ? i : len + i);
  if (by > 0) {
    const lower = Math.min(Math.max(normalize(start ?? 0), 0), len);
    const upper = Math.min(Math.max(normalize(end ?? len), 0), len);
    for (let i = lower; i < upper; i += by) out.push(array[i]);
  } else {
    const upper = Math.min(Math.max(normalize(start ?? len - 1), -1), len - 1);
    const lower = Math.min(Math.max(normalize(end ?? -len - 1), -1), len - 1);
    for (let i = upper; lower < i; i += by) out.push(array[i]);
  }
}

/** The value a singular query selects, or NOTHING. */
function walk(start: unknown, path: Array<string | number>): Value {
  let value = start;
  for (const step of path) {
    if (typeof step === 'string') {
      if (!isObject(value) || !hasOwn.call(value, step)) return NOTHING;
      value = value[step];
    } else {
      if (!Array.isArray(value)) return NOTHING;
      const i = step < 0 ? value.length + step : step;
      if (i < 0 || i >= value.length) return NOTHING;
      value = value[i];
    }
  }
  return value;
}

const startOf = (query: Query, node: unknown, ctx: Ctx): unknown => (query.start === '@' ? node : ctx.root);

function exists(query: Query): Test {
  const path = query.path;
  if (path) return (node, ctx) => walk(startOf(query, node, ctx), path) !== NOTHING;
  return (node, ctx) => {
    let found = false;
    evaluate(query, 0, startOf(query, node, ctx), ctx, () => ((found = true), false));
    return found;
  };
}

function countNodes(query: Query): ValueFn {
  const path = query.path;
  if (path) return (node, ctx) => (walk(startOf(query, node, ctx), path) === NOTHING ? 0 : 1);
  return (node, ctx) => {
    let count = 0;
    evaluate(query, 0, startOf(query, node, ctx), ctx, () => (count++, true));
    return count;
  };
}

function singleNode(query: Query): ValueFn {
  const path = query.path;
  if (path) return (node, ctx) => walk(startOf(query, node, ctx), path);
  return (node, ctx) => {
    const found: unknown[] = [];
    evaluate(query, 0, startOf(query, node, ctx), ctx, (value) => found.push(value) < 2);
    return found.length === 1 ? found[0] : NOTHING;
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison (RFC 9535 §2.3.5.2.2)

type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

function equal(a: Value, b: Value): boolean {
  if (a === NOTHING || b === NOTHING) return a === b;
  return deepEqual(a, b);
}

function less(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return codePointLess(a, b);
  return false;
}

function compare(op: ComparisonOp, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '<':
      return less(a, b);
    case '<=':
      return less(a, b) || equal(a, b);
    case '>':
      return less(b, a);
    case '>=':
      return less(b, a) || equal(a, b);
  }
}

/** Deep equality of JSON values, with its own stack so deep values cannot overflow. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    const xArray = Array.isArray(x);
    if (xArray !== Array.isArray(y)) return false;
    if (xArray) {
      const xs = x as unknown[];
      const ys = y as unknown[];
      if (xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) stack.push(xs[i], ys[i]);
    } else {
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      const keys = Object.keys(xo);
      if (keys.length !== Object.keys(yo).length) return false;
      for (const key of keys) {
        if (!hasOwn.call(yo, key)) return false;
        stack.push(xo[key], yo[key]);
      }
    }
  }
  return true;
}

/** Orders strings by Unicode scalar value, as the RFC asks (JavaScript's `<` orders UTF-16 code units). */
function codePointLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) < codeUnitRank(y);
  }
  return a.length < b.length;
}

/** Surrogates (U+10000 and above) sort after U+E000–U+FFFF. */
const codeUnitRank = (c: number): number => (c < 0xd800 ? c : c >= 0xe000 ? c - 0x800 : c + 0x2000);

// ---------------------------------------------------------------------------------------------
// Functions (RFC 9535 §2.4)

function lengthOf(value: Value): Value {
  if (typeof value === 'string') {
    let n = value.length;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
        const d = value.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          n--;
          i++;
        }
      }
    }
    return n;
  }
  if (Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  return NOTHING;
}

const regexCache = new Map<string, RegExp | null>();

/** Compiles an I-Regexp as a JavaScript RegExp (RFC 9485 §5.3); null when it is not valid. */
function regexFor(pattern: string, whole: boolean): RegExp | null {
  const key = (whole ? 'match:' : 'search:') + pattern;
  let regex = regexCache.get(key);
  if (regex !== undefined) return regex;
  const source = dotsAsIRegexp(pattern);
  try {
    new RegExp(source, 'u'); // the pattern alone must be valid before it is wrapped
    regex = new RegExp(whole ? `^(?:${source})$` : source, 'u');
  } catch {
    regex = null;
  }
  if (regexCache.size >= 200) regexCache.clear();
  regexCache.set(key, regex);
  return regex;
}

/** I-Regexp's `.` matches any character but \n and \r; JavaScript's also refuses U+2028 and U+2029. */
function dotsAsIRegexp(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else {
      out += c === '.' ? '[^\\n\\r]' : c;
    }
  }
  return out;
}

type ResultType = 'value' | 'logical' | 'nodes';
type ParamType = 'value' | 'nodes';

const FUNCTIONS: Record<string, { params: ParamType[]; result: ResultType; example: string }> = {
  length: { params: ['value'], result: 'value', example: 'length(@.images) > 0' },
  count: { params: ['nodes'], result: 'value', example: 'count(@.images[*]) > 1' },
  value: { params: ['nodes'], result: 'value', example: "value(@..id) == 'a'" },
  match: { params: ['value', 'value'], result: 'logical', example: "match(@.title, 'Flat.*')" },
  search: { params: ['value', 'value'], result: 'logical', example: "search(@.title, 'flat')" },
};

// ---------------------------------------------------------------------------------------------
// Parsing (RFC 9535 §2, ABNF in Appendix A)

/** What an expression inside a filter parses to, before it is used as a test or compared. */
type Operand =
  | { kind: 'literal'; value: Value; at: number }
  | { kind: 'query'; query: Query; at: number }
  | { kind: 'function'; name: string; result: ResultType; value: ValueFn | null; test: Test | null; at: number };

const MAX_NESTING = 64;
const MAX_INDEX = 2 ** 53 - 1;
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** name-first: ALPHA / "_" / any character from U+0080 (surrogate pairs are checked where they are read). */
const isNameFirst = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c.charCodeAt(0) >= 0x80);
const isNameChar = (c: string | undefined): boolean => isNameFirst(c) || isDigit(c);
const isLowerAlpha = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

class Parser {
  private pos = 0;
  private depth = 0;
  /** Whether a filter holds a query from the root ($…). */
  usesRoot = false;

  constructor(private readonly text: string) {}

  parseWhole(): Query {
    this.skipBlank();
    if (this.pos >= this.text.length) this.fail('The expression is empty', 0, 'start it with $, e.g. $.data');
    const c = this.text[this.pos];
    if (c === '@')
      this.fail('Expected $ at the start', this.pos, '@ stands for the current item only inside a filter [?…]');
    if (c !== '$')
      this.fail(
        `Expected $ at the start but found ${this.quoteChar(this.pos)}`,
        this.pos,
        'a JSONPath expression starts with $, e.g. $.data',
      );
    const query = this.parseQuery();
    this.skipBlank();
    if (this.pos < this.text.length)
      this.fail(`Unexpected ${this.quoteChar(this.pos)}`, this.pos, this.hintAt(this.pos));
    return query;
  }

  // --- errors

  private fail(problem: string, at: number, hint?: string): never {
    const shown = this.text.length <= 80 ? this.text : this.excerpt(at);
    throw new JsonPathSyntaxError(`${problem} at character ${at + 1} in “${shown}”${hint ? `; ${hint}` : ''}.`, at + 1);
  }

  private excerpt(at: number): string {
    const from = Math.max(0, at - 40);
    const to = Math.min(this.text.length, at + 40);
    return `${from > 0 ? '…' : ''}${this.text.slice(from, to)}${to < this.text.length ? '…' : ''}`;
  }

  private quoteChar(at: number): string {
    const c = this.text.codePointAt(at);
    if (c === undefined) return 'the end';
    if (c < 0x20) return `a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
    return `“${String.fromCodePoint(c)}”`;
  }

  private hintAt(at: number): string | undefined {
    const c = this.text[at];
    if (c === '-' && at > 0 && isNameChar(this.text[at - 1]))
      return "names with - need brackets and quotes, e.g. $['content-type']";
    if (c === '=' && this.text[at + 1] !== '=') return 'compare with ==, not =';
    const word = this.wordAt(at);
    if (word === 'and' || word === 'or') return 'use && for “and” and || for “or”';
    return undefined;
  }

  // --- characters

  private skipBlank(): void {
    while (isBlank(this.text[this.pos])) this.pos++;
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  private expect(c: string, problem: string, hint?: string): void {
    if (this.text[this.pos] !== c) {
      const found =
        this.pos >= this.text.length ? ' but the expression ends' : ` but found ${this.quoteChar(this.pos)}`;
      this.fail(`${problem}${found}`, this.pos, hint);
    }
    this.pos++;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_NESTING)
      this.fail(
        'The expression nests too deeply',
        at,
        `use at most ${MAX_NESTING} levels of brackets, filters, ( ) and functions`,
      );
  }

  // --- queries

  /** At `$` or `@`: the identifier and its segments. */
  private parseQuery(): Query {
    const start = this.text[this.pos] as '$' | '@';
    this.pos++;
    const segments: Segment[] = [];
    for (;;) {
      const save = this.pos;
      this.skipBlank();
      const c = this.peek();
      if (c === '.') {
        segments.push(this.parseDotSegment());
      } else if (c === '[') {
        segments.push({ descendant: false, selectors: this.parseBracketed() });
      } else {
        this.pos = save;
        break;
      }
    }
    const singular = segments.every(
      (s) =>
        !s.descendant &&
        s.selectors.length === 1 &&
        (s.selectors[0]!.kind === 'name' || s.selectors[0]!.kind === 'index'),
    );
    const path = singular
      ? segments.map((s) => {
          const selector = s.selectors[0]!;
          return selector.kind === 'name' ? selector.name : (selector as { index: number }).index;
        })
      : null;
    return { start, segments, path };
  }

  /** At `.`: `.name`, `.*`, `..name`, `..*` or `..[…]`. */
  private parseDotSegment(): Segment {
    const dot = this.pos;
    if (this.peek(1) === '.') {
      this.pos += 2;
      const c = this.peek();
      if (c === '[') return { descendant: true, selectors: this.parseBracketed() };
      if (c === '*') {
        this.pos++;
        return { descendant: true, selectors: [{ kind: 'wildcard' }] };
      }
      if (isNameFirst(c)) return { descendant: true, selectors: [{ kind: 'name', name: this.parseShorthandName() }] };
      this.failAfterDot(dot, '..', 'Expected a name, * or [ after ..');
    }
    this.pos++;
    const c = this.peek();
    if (c === '*') {
      this.pos++;
      return { descendant: false, selectors: [{ kind: 'wildcard' }] };
    }
    if (isNameFirst(c)) return { descendant: false, selectors: [{ kind: 'name', name: this.parseShorthandName() }] };
    if (c === '[')
      this.fail(
        'Expected a name or * after .',
        dot,
        "write brackets without a dot before them, e.g. $.items[0] or $['a b']",
      );
    this.failAfterDot(dot, '.', 'Expected a name or * after .');
  }

  private failAfterDot(dot: number, dots: string, problem: string): never {
    const c = this.text[dot + dots.length];
    if (c === '.') this.fail(problem, dot, 'use two dots, not three');
    if (isDigit(c))
      this.fail(
        problem,
        dot,
        `a name cannot start with a digit: write [${c}] for an index or ['${c}…'] for such a name`,
      );
    if (c === undefined) this.fail(problem, dot, 'the expression ends there');
    if (isBlank(c)) this.fail(problem, dot, 'remove the space after the dot');
    this.fail(problem, dot, `names with other characters need brackets and quotes, e.g. $['${c}…']`);
  }

  /** member-name-shorthand: name-first *name-char. */
  private parseShorthandName(): string {
    const start = this.pos;
    while (isNameChar(this.peek())) {
      this.checkSurrogate(this.pos);
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Steps over a surrogate pair at `at` (the caller moves one more); a lone surrogate cannot be a Unicode character. */
  private checkSurrogate(at: number): void {
    const c = this.text.charCodeAt(at);
    if (c < 0xd800 || c > 0xdfff) return;
    const d = this.text.charCodeAt(at + 1);
    if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      this.pos++;
      return;
    }
    this.fail('A lone surrogate code unit is not a character', at);
  }

  /** At `[`: selectors separated by commas, then `]`. */
  private parseBracketed(): Selector[] {
    const open = this.pos;
    this.enter(open);
    this.pos++;
    const selectors: Selector[] = [];
    for (;;) {
      this.skipBlank();
      selectors.push(this.parseSelector(open, selectors.length > 0));
      this.skipBlank();
      const c = this.peek();
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        break;
      }
      if (c === undefined)
        this.fail(`Expected ] to close the [ at character ${open + 1}`, this.pos, 'the expression ends first');
      this.fail(`Expected , or ] but found ${this.quoteChar(this.pos)}`, this.pos, this.hintAt(this.pos));
    }
    this.depth--;
    return selectors;
  }

  private parseSelector(open: number, afterComma: boolean): Selector {
    const c = this.peek();
    if (c === "'" || c === '"') return { kind: 'name', name: this.parseString() };
    if (c === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    if (c === '?') {
      this.pos++;
      this.skipBlank();
      return { kind: 'filter', test: this.parseLogical() };
    }
    if (c === '-' || isDigit(c) || c === ':') return this.parseIndexOrSlice();
    if (c === '(')
      this.fail(
        'Script expressions [(…)] are not supported',
        this.pos,
        'use [-1] for the last item, or a filter such as [?@.id == 1]',
      );
    if (c === ']' && afterComma)
      this.fail('Expected a selector after the comma', this.pos, 'remove the comma or add a selector');
    if (c === ']')
      this.fail(
        'Empty brackets select nothing',
        open,
        "put a name in quotes, an index, a slice, * or a filter inside, e.g. ['name'] or [0]",
      );
    if (isNameFirst(c))
      this.fail(
        'Names inside [ ] need quotes',
        this.pos,
        `write ['${this.wordAt(this.pos)}'] or .${this.wordAt(this.pos)}`,
      );
    if (c === undefined)
      this.fail(`Expected a selector after the [ at character ${open + 1}`, this.pos, 'the expression ends there');
    this.fail(
      `Expected a name in quotes, an index, a slice, * or ? inside [ but found ${this.quoteChar(this.pos)}`,
      this.pos,
    );
  }

  private wordAt(at: number): string {
    let end = at;
    while (isNameChar(this.text[end])) end++;
    return this.text.slice(at, end);
  }

  /** `[3]`, `[-1]` or a slice `[start:end:step]` with any part left out. */
  private parseIndexOrSlice(): Selector {
    const start = this.peek() === ':' ? null : this.parseInt();
    this.skipBlank();
    if (this.peek() !== ':') return { kind: 'index', index: start! };
    this.pos++;
    this.skipBlank();
    const end = this.peek() === '-' || isDigit(this.peek()) ? this.parseInt() : null;
    this.skipBlank();
    let step: number | null = null;
    if (this.peek() === ':') {
      this.pos++;
      this.skipBlank();
      step = this.peek() === '-' || isDigit(this.peek()) ? this.parseInt() : null;
    }
    return { kind: 'slice', start, end, step };
  }

  /** int = "0" / (["-"] DIGIT1 *DIGIT), within ±(2^53 − 1). */
  private parseInt(): number {
    const start = this.pos;
    if (this.peek() === '-') this.pos++;
    if (!isDigit(this.peek())) this.fail('Expected a digit after -', start);
    const first = this.pos;
    while (isDigit(this.peek())) this.pos++;
    const digits = this.text.slice(first, this.pos);
    if (digits.length > 1 && digits[0] === '0')
      this.fail(`The number ${this.text.slice(start, this.pos)} has a leading zero`, start, 'write it without');
    if (digits === '0' && first > start) this.fail('-0 is not an index', start, 'write 0');
    if (this.peek() === '.' && isDigit(this.peek(1)))
      this.fail('Indexes and slice bounds must be whole numbers', start);
    const value = Number(this.text.slice(start, this.pos));
    if (Math.abs(value) > MAX_INDEX)
      this.fail(
        `The number ${this.text.slice(start, this.pos)} is too large for an index`,
        start,
        'use at most 9007199254740991',
      );
    return value;
  }

  /** A string literal in ' or " with the RFC's escapes; returns its value. */
  private parseString(): string {
    const quote = this.text[this.pos]!;
    const open = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) this.fail(`This string is not closed`, open, `add a ${quote} at its end`);
      const c = this.text[this.pos]!;
      if (c === quote) {
        out += this.text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === '\\') {
        out += this.text.slice(chunk, this.pos);
        out += this.parseEscape(quote);
        chunk = this.pos;
        continue;
      }
      if (c.charCodeAt(0) < 0x20)
        this.fail('A control character in a string must be escaped', this.pos, 'write \\n, \\t or \\u00XX');
      this.checkSurrogate(this.pos);
      this.pos++;
    }
  }

  private parseEscape(quote: string): string {
    const at = this.pos;
    const c = this.text[at + 1];
    this.pos += 2;
    switch (c) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '/':
        return '/';
      case '\\':
        return '\\';
      case "'":
      case '"':
        if (c === quote) return c;
        return this.fail(`\\${c} is not an escape inside ${quote}…${quote}`, at, `write ${c} without the backslash`);
      case 'u': {
        const unit = this.parseHex4(at);
        if (unit >= 0xdc00 && unit <= 0xdfff)
          this.fail('\\u escape of a lone low surrogate', at, 'write the whole character, or its high surrogate first');
        if (unit < 0xd800 || unit > 0xdbff) return String.fromCharCode(unit);
        if (this.peek() !== '\\' || this.peek(1) !== 'u')
          this.fail('\\u escape of a high surrogate without its low surrogate', at, 'follow it with \\uDC00–\\uDFFF');
        const lowAt = this.pos;
        this.pos += 2;
        const low = this.parseHex4(lowAt);
        if (low < 0xdc00 || low > 0xdfff)
          this.fail('\\u escape of a high surrogate without its low surrogate', at, 'follow it with \\uDC00–\\uDFFF');
        return String.fromCharCode(unit, low);
      }
      case undefined:
        return this.fail('This string is not closed', at, `add a ${quote} at its end`);
      default:
        return this.fail(
          `\\${c} is not an escape in a JSONPath string`,
          at,
          /[A-Za-z0-9.^$*+?()[\]{}|-]/.test(c)
            ? `write \\\\${c} for a regular expression's \\${c}`
            : 'write \\\\ for a backslash',
        );
    }
  }

  private parseHex4(at: number): number {
    const hex = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('\\u must be followed by four hex digits', at);
    this.pos += 4;
    return parseInt(hex, 16);
  }

  // --- filter expressions

  /** logical-or-expr: and-expressions joined by ||. */
  private parseLogical(): Test {
    this.enter(this.pos);
    let test = this.parseAnd();
    for (;;) {
      const save = this.pos;
      this.skipBlank();
      if (this.peek() === '|' && this.peek(1) === '|') {
        this.pos += 2;
        this.skipBlank();
        const left = test;
        const right = this.parseAnd();
        test = (node, ctx) => left(node, ctx) || right(node, ctx);
      } else {
        if (this.peek() === '|') this.fail('Use || for “or”', this.pos);
        this.pos = save;
        break;
      }
    }
    this.depth--;
    return test;
  }

  private parseAnd(): Test {
    let test = this.parseBasic();
    for (;;) {
      const save = this.pos;
      this.skipBlank();
      if (this.peek() === '&' && this.peek(1) === '&') {
        this.pos += 2;
        this.skipBlank();
        const left = test;
        const right = this.parseBasic();
        test = (node, ctx) => left(node, ctx) && right(node, ctx);
      } else {
        if (this.peek() === '&') this.fail('Use && for “and”', this.pos);
        this.pos = save;
        break;
      }
    }
    return test;
  }

  /** paren-expr, comparison-expr or test-expr (each paren or test may start with !). */
  private parseBasic(): Test {
    const at = this.pos;
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos++;
      this.skipBlank();
      if (this.peek() === '(') {
        const inner = this.parseParen();
        return (node, ctx) => !inner(node, ctx);
      }
      const operand = this.parseOperand();
      const save = this.pos;
      this.skipBlank();
      if (this.comparisonOp())
        this.fail('! cannot negate a comparison directly', at, 'wrap it: !(@.a == 1), or use !=');
      this.pos = save;
      const inner = this.asTest(operand);
      return (node, ctx) => !inner(node, ctx);
    }
    if (this.peek() === '(') return this.parseParen();
    const left = this.parseOperand();
    const save = this.pos;
    this.skipBlank();
    const op = this.comparisonOp();
    if (!op) {
      if (this.peek() === '=') this.fail('Compare with ==, not =', this.pos);
      this.pos = save;
      return this.asTest(left);
    }
    this.pos += op.length;
    this.skipBlank();
    const right = this.parseOperand();
    const a = this.asComparable(left, op);
    const b = this.asComparable(right, op);
    return (node, ctx) => compare(op, a(node, ctx), b(node, ctx));
  }

  private parseParen(): Test {
    const open = this.pos;
    this.pos++;
    this.skipBlank();
    const inner = this.parseLogical();
    this.skipBlank();
    if (this.peek() !== ')') {
      if (this.pos >= this.text.length)
        this.fail(`Expected ) to close the ( at character ${open + 1}`, this.pos, 'the expression ends first');
      this.fail(
        `Expected ) to close the ( at character ${open + 1} but found ${this.quoteChar(this.pos)}`,
        this.pos,
        this.hintAt(this.pos),
      );
    }
    this.pos++;
    return inner;
  }

  private comparisonOp(): ComparisonOp | null {
    const two = this.text.slice(this.pos, this.pos + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') return two;
    const one = this.peek();
    if (one === '<' || one === '>') return one;
    return null;
  }

  /** A literal, a query (@… or $…) or a function call. */
  private parseOperand(): Operand {
    const at = this.pos;
    const c = this.peek();
    if (c === '$') this.usesRoot = true;
    if (c === '@' || c === '$') return { kind: 'query', query: this.parseQuery(), at };
    if (c === "'" || c === '"') return { kind: 'literal', value: this.parseString(), at };
    if (c === '-' || isDigit(c)) return { kind: 'literal', value: this.parseNumber(), at };
    if (isLowerAlpha(c) || isNameFirst(c)) {
      const word = this.wordAt(at);
      if (word === 'true' || word === 'false' || word === 'null') {
        this.pos += word.length;
        return { kind: 'literal', value: word === 'true' ? true : word === 'false' ? false : null, at };
      }
      if (this.text[at + word.length] === '(' && /^[a-z][a-z0-9_]*$/.test(word)) return this.parseFunction(word);
      if (word === 'and' || word === 'or' || word === 'not')
        this.fail(`Unknown word “${word}”`, at, 'use &&, || and !');
      if (/^(true|false|null)$/i.test(word))
        this.fail(`Unknown word “${word}”`, at, `write ${word.toLowerCase()} in lower case`);
      this.fail(
        `Unknown word “${word}”`,
        at,
        `paths in a filter start with @ (the current item) or $, e.g. @.${word}, and text needs quotes, e.g. '${word}'`,
      );
    }
    if (c === undefined) this.fail('Expected a path, a value or a function', at, 'the expression ends there');
    if (c === ')' || c === ']')
      this.fail(
        `Expected a path, a value or a function but found ${this.quoteChar(at)}`,
        at,
        'the filter is empty or ends early',
      );
    this.fail(`Expected a path (@… or $…), a value or a function but found ${this.quoteChar(at)}`, at, this.hintAt(at));
  }

  /** number = (int / "-0") [ frac ] [ exp ]. */
  private parseNumber(): number {
    const start = this.pos;
    const match = /-?(\d+)(\.\d+)?([eE][-+]?\d+)?/y;
    match.lastIndex = start;
    const m = match.exec(this.text);
    if (!m) this.fail('Expected a digit after -', start);
    if (m[1]!.length > 1 && m[1]![0] === '0')
      this.fail(`The number ${m[0]} has a leading zero`, start, 'write it without');
    this.pos = start + m[0].length;
    const next = this.peek();
    if (next === '.' || next === 'e' || next === 'E' || isNameChar(next))
      this.fail(
        `${this.quoteChar(this.pos)} cannot follow the number ${m[0]}`,
        this.pos,
        'write numbers as in JSON, e.g. 1.5 or 2e3',
      );
    return Number(m[0]);
  }

  /** At a function's name: its arguments, checked against the function's parameter types. */
  private parseFunction(name: string): Operand {
    const at = this.pos;
    const signature = FUNCTIONS[name];
    if (!signature)
      this.fail(`Unknown function ${name}()`, at, 'the functions are length, count, match, search and value');
    this.enter(at);
    this.pos += name.length + 1;
    this.skipBlank();
    const args: Operand[] = [];
    if (this.peek() !== ')') {
      for (;;) {
        args.push(this.parseArgument());
        this.skipBlank();
        if (this.peek() === ',') {
          this.pos++;
          this.skipBlank();
          continue;
        }
        if (this.peek() === ')') break;
        if (this.pos >= this.text.length)
          this.fail(`Expected ) to close ${name}(`, this.pos, 'the expression ends first');
        this.fail(`Expected , or ) in ${name}( but found ${this.quoteChar(this.pos)}`, this.pos, this.hintAt(this.pos));
      }
    }
    this.pos++;
    this.depth--;
    const count = signature.params.length;
    if (args.length !== count) {
      this.fail(
        `${name}() takes ${count === 1 ? '1 argument' : `${count} arguments`} but is given ${args.length}`,
        at,
        `e.g. ${signature.example}`,
      );
    }
    const [p0, p1] = signature.params.map((type, i) => this.asArgument(name, type, args[i]!, signature.example));
    const base = { kind: 'function' as const, name, result: signature.result, at };
    switch (name) {
      case 'length': {
        const arg = p0 as ValueFn;
        return { ...base, value: (node, ctx) => lengthOf(arg(node, ctx)), test: null };
      }
      case 'count':
        return { ...base, value: countNodes(p0 as Query), test: null };
      case 'value':
        return { ...base, value: singleNode(p0 as Query), test: null };
      default: {
        const whole = name === 'match';
        const subject = p0 as ValueFn;
        const pattern = p1 as ValueFn;
        const test: Test = (node, ctx) => {
          const text = subject(node, ctx);
          const source = pattern(node, ctx);
          if (typeof text !== 'string' || typeof source !== 'string') return false;
          const regex = regexFor(source, whole);
          return regex !== null && regex.test(text);
        };
        return { ...base, value: null, test };
      }
    }
  }

  /** function-argument = literal / filter-query / logical-expr / function-expr. */
  private parseArgument(): Operand {
    const at = this.pos;
    const operand = this.parseOperand();
    const save = this.pos;
    this.skipBlank();
    if (this.peek() === ',' || this.peek() === ')') {
      this.pos = save;
      return operand;
    }
    // Not a lone operand: a logical expression (no core function takes one, but it parses as one).
    this.pos = at;
    this.parseLogical();
    return { kind: 'function', name: 'logical', result: 'logical', value: null, test: null, at };
  }

  private asArgument(name: string, type: ParamType, arg: Operand, example: string): ValueFn | Query {
    if (type === 'nodes') {
      if (arg.kind === 'query') return arg.query;
      this.fail(`${name}() needs a path such as @.images[*] as its argument`, arg.at, `e.g. ${example}`);
    }
    if (
      arg.kind === 'literal' ||
      (arg.kind === 'query' && arg.query.path) ||
      (arg.kind === 'function' && arg.result === 'value')
    ) {
      return this.asComparable(arg, null);
    }
    this.fail(
      `${name}() needs a single value here: a literal, a path to one value such as @.title, or length/count/value(…)`,
      arg.at,
      `e.g. ${example}`,
    );
  }

  private asComparable(operand: Operand, op: ComparisonOp | null): ValueFn {
    switch (operand.kind) {
      case 'literal': {
        const value = operand.value;
        return () => value;
      }
      case 'query': {
        const { query } = operand;
        const path = query.path;
        if (!path) {
          this.fail(
            'Only a path to a single value can be compared',
            operand.at,
            'this one can select several (it has *, .., a slice, a filter or a list); use names and indexes only, e.g. @.images[0].url, or count(…)',
          );
        }
        if (query.start === '@') return (node) => walk(node, path);
        return (_node, ctx) => walk(ctx.root, path);
      }
      case 'function':
        if (operand.result !== 'value' || !operand.value) {
          this.fail(
            `${operand.name}() is true or false, so it cannot be compared`,
            operand.at,
            `use it as a test on its own${op === '==' ? ', or !' + operand.name + '(…) for false' : ''}`,
          );
        }
        return operand.value;
    }
  }

  private asTest(operand: Operand): Test {
    switch (operand.kind) {
      case 'literal':
        return this.fail(
          'A value on its own is not a test',
          operand.at,
          "compare it with something, e.g. @.status == 'active'",
        );
      case 'query':
        return exists(operand.query);
      case 'function':
        if (!operand.test)
          this.fail(
            `${operand.name}() gives a value, not true or false`,
            operand.at,
            `compare it, e.g. ${FUNCTIONS[operand.name]?.example ?? 'length(@.x) > 0'}`,
          );
        return operand.test;
    }
  }
}
