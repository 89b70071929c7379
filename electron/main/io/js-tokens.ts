/**
 * Just enough JavaScript reading to recognise the assertions people write in Postman test scripts
 * (postman-checks.ts), without running them: a tokenizer (strings, numbers, regular expression
 * literals, comments skipped), statements split at `;` and at line ends where JavaScript would
 * insert one, and expressions made of literals, names, member chains and calls. Anything else
 * (operators, `if`, loops) reads as `other`, which the caller lists as not imported. Nothing is evaluated.
 */

export type Token =
  | { kind: 'name'; text: string; start: number; end: number; line: number }
  | { kind: 'number'; value: number; start: number; end: number; line: number }
  | { kind: 'string'; value: string; start: number; end: number; line: number }
  | { kind: 'regex'; source: string; flags: string; start: number; end: number; line: number }
  | { kind: 'punct'; text: string; start: number; end: number; line: number };

/** A script the tokenizer cannot read (an unclosed string or comment): the whole script is then listed as not imported. */
export class ScriptSyntaxError extends Error {
  override name = 'ScriptSyntaxError';
}

const PUNCTUATORS = ['===', '!==', '=>', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '?.', '...'];
const REGEX_AFTER_NAMES = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
]);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const regexAllowed = () => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === 'name') return REGEX_AFTER_NAMES.has(last.text);
    if (last.kind === 'punct') return ![')', ']', '}'].includes(last.text);
    return false;
  };
  while (i < source.length) {
    const c = source[i] ?? '';
    const start = i;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new ScriptSyntaxError('A comment is not closed.');
      line += countLines(source.slice(i, end));
      i = end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', value, start, end, line });
      line += countLines(source.slice(i, end));
      i = end;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const text = stickyMatch(NUMBER, source, i) || c;
      tokens.push({ kind: 'number', value: Number(text.replace(/_/g, '')), start, end: i + text.length, line });
      i += text.length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const text = stickyMatch(NAME, source, i) || c;
      tokens.push({ kind: 'name', text, start, end: i + text.length, line });
      i += text.length;
    } else if (c === '/' && regexAllowed()) {
      const { source: body, flags, end } = readRegex(source, i);
      tokens.push({ kind: 'regex', source: body, flags, start, end, line });
      i = end;
    } else {
      const text = PUNCTUATORS.find((p) => source.startsWith(p, i)) ?? c;
      tokens.push({ kind: 'punct', text, start, end: i + text.length, line });
      i += text.length;
    }
  }
  return tokens;
}

/** Sticky patterns match at a position without copying the rest of the script (a long script stays linear). */
const NUMBER = /0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_$][\w$]*/y;
const ESCAPE = /u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})/y;
const FLAGS = /[a-z]*/y;

function stickyMatch(pattern: RegExp, source: string, at: number): string {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0] ?? '';
}

function countLines(text: string): number {
  let count = 0;
  for (const c of text) if (c === '\n') count++;
  return count;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** A quoted string from `start` (its quote) to after its closing quote; a template with `${` is refused. */
function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === quote) return { value, end: i + 1 };
    if (c === '\n' && quote !== '`') break;
    if (quote === '`' && source.startsWith('${', i)) throw new ScriptSyntaxError('A template with ${…} is not read.');
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      ESCAPE.lastIndex = i + 1;
      const unicode = ESCAPE.exec(source);
      if (unicode) {
        value += String.fromCodePoint(parseInt(unicode[1] ?? unicode[2] ?? unicode[3] ?? '0', 16));
        i += 1 + unicode[0].length;
      } else {
        value += next === '\n' ? '' : (ESCAPES[next] ?? next);
        i += 2;
      }
    } else {
      value += c;
      i++;
    }
  }
  throw new ScriptSyntaxError('A string is not closed.');
}

function readRegex(source: string, start: number): { source: string; flags: string; end: number } {
  let i = start + 1;
  let inClass = false;
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') break;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      const flags = stickyMatch(FLAGS, source, i + 1);
      return { source: source.slice(start + 1, i), flags, end: i + 1 + flags.length };
    }
    i++;
  }
  throw new ScriptSyntaxError('A regular expression is not closed.');
}

// ---------------------------------------------------------------------------------------------
// Statements

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
/** A line ending after one of these continues the statement. */
const CONTINUES_AFTER = new Set([
  '.',
  '?.',
  ',',
  '(',
  '[',
  '{',
  '=',
  '=>',
  '+',
  '-',
  '*',
  '/',
  '&&',
  '||',
  '?',
  ':',
  '===',
  '!==',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
]);

/** The statements of a token list: split at `;` and at line ends where JavaScript inserts one, outside brackets. */
export function statements(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  const stack: string[] = [];
  const flush = () => {
    if (current.length > 0) out.push(current);
    current = [];
  };
  for (const [index, token] of tokens.entries()) {
    const previous = tokens[index - 1];
    if (
      stack.length === 0 &&
      previous &&
      token.line > previous.line &&
      current.length > 0 &&
      endsStatement(previous, token)
    )
      flush();
    if (token.kind === 'punct' && token.text === ';' && stack.length === 0) {
      flush();
      continue;
    }
    current.push(token);
    if (token.kind !== 'punct') continue;
    const closer = OPENERS[token.text];
    if (closer) stack.push(closer);
    else if (token.text === stack[stack.length - 1]) {
      stack.pop();
      // A block statement (`if (…) { … }`, `function f() { … }`) ends at its brace.
      if (
        token.text === '}' &&
        stack.length === 0 &&
        tokens[index + 1]?.line !== token.line &&
        isBlockStatement(current)
      )
        flush();
    }
  }
  flush();
  return out;
}

function endsStatement(previous: Token, next: Token): boolean {
  if (previous.kind === 'punct' && CONTINUES_AFTER.has(previous.text)) return false;
  if (
    next.kind === 'punct' &&
    ['.', '?.', ')', ']', '}', ',', '+', '*', '/', '&&', '||', '?', ':', '=', '===', '==', '!==', '!='].includes(
      next.text,
    )
  )
    return false;
  return true;
}

function isBlockStatement(tokens: readonly Token[]): boolean {
  const first = tokens[0];
  return first?.kind === 'name' && ['if', 'for', 'while', 'function', 'try', 'switch'].includes(first.text);
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | { kind: 'literal'; value: unknown }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'name'; name: string }
  | { kind: 'member'; object: Expression; property: string | number }
  | { kind: 'call'; callee: Expression; args: Expression[] }
  | { kind: 'function'; body: Token[] }
  | { kind: 'binary'; operator: string; left: Expression; right: Expression };

/** A statement read as what it does. */
export type Statement =
  | { kind: 'declare'; name: string; value: Expression }
  | { kind: 'assign'; target: Expression; value: Expression }
  | { kind: 'expression'; value: Expression }
  | { kind: 'other' };

export function parseStatement(tokens: readonly Token[]): Statement {
  try {
    const parser = new ExpressionParser(tokens);
    const statement = parser.statement();
    return parser.done() ? statement : { kind: 'other' };
  } catch (error) {
    // RangeError: brackets nested deeper than the call stack; such a statement is not one we read.
    if (error instanceof NotReadable || error instanceof RangeError) return { kind: 'other' };
    throw error;
  }
}

/** The source text of a statement (for the list of lines not imported). */
export function sourceOf(source: string, tokens: readonly Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? source.slice(first.start, last.end).trim() : '';
}

class NotReadable extends Error {}

const BINARY_OPERATORS = new Set(['===', '==', '!==', '!=', '<', '>', '<=', '>=', '+']);

class ExpressionParser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.i === this.tokens.length;
  }

  statement(): Statement {
    const first = this.peek();
    if (first?.kind === 'name' && ['var', 'let', 'const'].includes(first.text)) {
      this.i++;
      const name = this.name();
      this.punct('=');
      return { kind: 'declare', name, value: this.expression() };
    }
    const value = this.expression();
    if (this.isPunct('=')) {
      this.i++;
      return { kind: 'assign', target: value, value: this.expression() };
    }
    return { kind: 'expression', value };
  }

  /** Operands joined by comparisons and `+` (a test's name is often built with `+`); precedence does not matter here. */
  private expression(): Expression {
    let left = this.chain();
    for (;;) {
      const next = this.peek();
      if (next?.kind !== 'punct' || !BINARY_OPERATORS.has(next.text)) return left;
      this.i++;
      left = { kind: 'binary', operator: next.text, left, right: this.chain() };
    }
  }

  private chain(): Expression {
    let value = this.primary();
    for (;;) {
      if (this.isPunct('.') || this.isPunct('?.')) {
        this.i++;
        value = { kind: 'member', object: value, property: this.name() };
      } else if (this.isPunct('[')) {
        this.i++;
        const index = this.expression();
        this.punct(']');
        if (index.kind !== 'literal' || (typeof index.value !== 'string' && typeof index.value !== 'number'))
          throw new NotReadable();
        value = { kind: 'member', object: value, property: index.value };
      } else if (this.isPunct('(')) {
        this.i++;
        value = { kind: 'call', callee: value, args: this.list(')') };
      } else {
        return value;
      }
    }
  }

  private primary(): Expression {
    const token = this.next();
    if (token.kind === 'number' || token.kind === 'string')
      return { kind: 'literal', value: token.kind === 'number' ? token.value : token.value };
    if (token.kind === 'regex') return { kind: 'regex', source: token.source, flags: token.flags };
    if (token.kind === 'name') {
      // `async function () {…}` and `async () => …` read as the function they are.
      if (token.text === 'async' && (this.isPunct('(') || this.peek()?.kind === 'name')) return this.primary();
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      if (token.text === 'null') return { kind: 'literal', value: null };
      if (token.text === 'function') return this.functionExpression();
      if (this.isPunct('=>')) return this.arrowBody();
      return { kind: 'name', name: token.text };
    }
    if (token.text === '-' && this.peek()?.kind === 'number') return { kind: 'literal', value: -this.numberToken() };
    if (token.text === '[') return { kind: 'literal', value: this.list(']').map(literalValue) };
    if (token.text === '{') return { kind: 'literal', value: this.objectLiteral() };
    if (token.text === '(') {
      // `() => …` or `(a) => …`; a parenthesised expression otherwise.
      const close = this.matching(this.i - 1);
      if (this.tokens[close + 1]?.kind === 'punct' && (this.tokens[close + 1] as { text: string }).text === '=>') {
        this.i = close + 1;
        return this.arrowBody();
      }
      const inner = this.expression();
      this.punct(')');
      return inner;
    }
    throw new NotReadable();
  }

  private functionExpression(): Expression {
    if (this.peek()?.kind === 'name') this.i++;
    this.punct('(');
    this.i = this.matching(this.i - 1) + 1;
    return this.block();
  }

  private arrowBody(): Expression {
    this.punct('=>');
    if (this.isPunct('{')) return this.block();
    const start = this.i;
    this.expression();
    return { kind: 'function', body: this.tokens.slice(start, this.i) };
  }

  private block(): Expression {
    this.punct('{');
    const close = this.matching(this.i - 1);
    const body = this.tokens.slice(this.i, close);
    this.i = close + 1;
    return { kind: 'function', body };
  }

  private objectLiteral(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    while (!this.isPunct('}')) {
      const key = this.next();
      if (key.kind !== 'name' && key.kind !== 'string' && key.kind !== 'number') throw new NotReadable();
      this.punct(':');
      const name = key.kind === 'name' ? key.text : String(key.kind === 'string' ? key.value : key.value);
      Object.defineProperty(object, name, {
        value: literalValue(this.expression()),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (!this.isPunct('}')) this.punct(',');
    }
    this.i++;
    return object;
  }

  private list(closer: string): Expression[] {
    const items: Expression[] = [];
    while (!this.isPunct(closer)) {
      items.push(this.expression());
      if (!this.isPunct(closer)) this.punct(',');
    }
    this.i++;
    return items;
  }

  /** The index of the bracket that closes the one at `open`. */
  private matching(open: number): number {
    let depth = 0;
    for (let j = open; j < this.tokens.length; j++) {
      const token = this.tokens[j];
      if (token?.kind !== 'punct') continue;
      if (OPENERS[token.text]) depth++;
      else if ([')', ']', '}'].includes(token.text) && --depth === 0) return j;
    }
    throw new NotReadable();
  }

  private numberToken(): number {
    const token = this.next();
    if (token.kind !== 'number') throw new NotReadable();
    return token.value;
  }

  private name(): string {
    const token = this.next();
    if (token.kind !== 'name') throw new NotReadable();
    return token.text;
  }

  private punct(text: string): void {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) throw new NotReadable();
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.text === text;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token {
    const token = this.tokens[this.i++];
    if (!token) throw new NotReadable();
    return token;
  }
}

/** The value of a literal inside an array or object literal; anything else cannot be read. */
function literalValue(expression: Expression): unknown {
  if (expression.kind !== 'literal') throw new NotReadable();
  return expression.value;
}
