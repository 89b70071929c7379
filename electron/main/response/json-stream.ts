/**
 * A streaming JSON pretty-printer: text goes in as it arrives (any split), formatted lines and fold
 * ranges come out, and the input is validated as strictly as JSON.parse on the way.
 *
 * The lines are exactly `prettyPrintJson(text)!.split('\n')` (shared/json.ts): tokens are copied as
 * sent (numbers, strings and escapes unchanged), empty `{}`/`[]` stay on one line, `": "` after keys,
 * indentation capped at MAX_INDENT_DEPTH levels.
 * One pass, no backtracking: a character is looked at once, runs are copied with slice.
 */

import { MAX_INDENT_DEPTH } from '../../../shared/json';

export interface FormatterOutput {
  /** One output line, without '\n'. */
  line(text: string): void;
  /**
   * A container that spans several lines closed: startLine is the line holding its opening bracket, endLine the line
   * holding its closing bracket (0-based line indexes as emitted).
   */
  fold(startLine: number, endLine: number): void;
}

export interface JsonStreamFormatter {
  /**
   * Feeds the next piece of decoded text; pieces may split anywhere (inside strings, escapes like \u12, numbers,
   * literals, surrogate pairs, between a '{' and its '}').
   */
  write(text: string): void;
  /**
   * Ends the input and emits the last line. For invalid input the lines stop where the error was
   * found (a truncated document still shows everything that arrived, its last partial line included).
   */
  end(): { valid: true } | { valid: false; message: string };
  /** False as soon as the input is known not to be exactly one JSON value (or nests deeper than MAX_DEPTH); later write() calls then do (almost) nothing. */
  readonly valid: boolean;
  /** Lines emitted so far. */
  readonly lineCount: number;
}

/** `maxDepth`: deeper documents are refused (MAX_DEPTH; tests give a smaller one). */
export function createJsonStreamFormatter(out: FormatterOutput, indent = 2, maxDepth = MAX_DEPTH): JsonStreamFormatter {
  return new StreamFormatter(out, indent, maxDepth);
}

// What the formatter expects next.
const VALUE = 0; // a value (document start, after ':' or after ',' in an array)
const VALUE_OR_CLOSE = 1; // after '[': a value or ']' (the '[' is not written until we know which)
const KEY_OR_CLOSE = 2; // after '{': a key or '}' (likewise)
const KEY = 3; // after ',' in an object
const COLON = 4;
const AFTER_VALUE = 5; // ',' or the container's closing bracket
const END = 6; // after the top-level value: whitespace only
const STRING = 7; // inside a string (sub: 0 plain, 1 after '\', 2..5 inside \uXXXX)
const NUMBER = 8; // inside a number (sub: one of N_*)
const LITERAL = 9; // inside true/false/null (sub: characters matched so far)
const FAILED = -1;

const N_MINUS = 0; // '-' seen, a digit must follow
const N_ZERO = 1; // a leading '0' (complete)
const N_INT = 2; // integer digits (complete)
const N_DOT = 3; // '.' seen, a digit must follow
const N_FRAC = 4; // fraction digits (complete)
const N_EXP_MARK = 5; // 'e' seen, a sign or digit must follow
const N_EXP_SIGN = 6; // exponent sign seen, a digit must follow
const N_EXP = 7; // exponent digits (complete)

const OBJECT = 0;
const ARRAY = 1;

/**
 * Deeper documents are refused (shown as text): the open containers are kept in memory, a few bytes
 * a level. Indentation stops growing at MAX_INDENT_DEPTH (shared/json.ts), so depth alone no
 * longer multiplies the size of the lines.
 */
export const MAX_DEPTH = 1_000_000;

/** Sticky: after test(), lastIndex is the position of the next control character (or the end). */
const NOT_CONTROL = /[^\x00-\x1f]*/y;

function describe(code: number): string {
  return JSON.stringify(String.fromCharCode(code));
}

class StreamFormatter implements JsonStreamFormatter {
  private state = VALUE;
  private sub = 0;
  /** For STRING: the string is a property name. */
  private key = false;
  /** For LITERAL: the word being matched. */
  private word = '';
  /** The current output line so far. */
  private cur = '';
  /** Open containers (OBJECT/ARRAY) and the line of each one's opening bracket. */
  private readonly kinds: number[] = [];
  private readonly openLines: number[] = [];
  /** Characters of input before the current piece (for error positions). */
  private consumed = 0;
  private lines = 0;
  private ended = false;
  private message = '';
  private readonly pads: string[] = [''];

  constructor(
    private readonly out: FormatterOutput,
    private readonly indent: number,
    private readonly maxDepth: number,
  ) {}

  get valid(): boolean {
    return this.state !== FAILED;
  }

  get lineCount(): number {
    return this.lines;
  }

  private pad(depth: number): string {
    const level = depth < MAX_INDENT_DEPTH ? depth : MAX_INDENT_DEPTH;
    let pad = this.pads[level];
    if (pad === undefined) {
      pad = ' '.repeat(level * this.indent);
      this.pads[level] = pad;
    }
    return pad;
  }

  private fail(what: string, at: number): number {
    this.message = `not valid JSON: ${what} at character ${this.consumed + at + 1}`;
    return FAILED;
  }

  write(text: string): void {
    if (this.state === FAILED || this.ended) return;
    const out = this.out;
    const kinds = this.kinds;
    const openLines = this.openLines;
    const n = text.length;
    let state = this.state;
    let sub = this.sub;
    let cur = this.cur;
    let depth = kinds.length;
    let i = 0;
    // Where the token in progress starts in this piece (0 when it began in an earlier piece).
    let tokStart = 0;
    // The next backslash and control character at or after the last search for them (n: none).
    let nextBackslash = -1;
    let nextControl = -1;

    outer: while (i < n) {
      if (state === STRING) {
        if (sub === 0) {
          // Strings are the bulk of a document. Short ones (most keys, many values) end within
          // a few characters: look at those directly. Past that, jump to the next quote,
          // backslash or control character with native searches; the next backslash and control
          // character are remembered for the piece, so each search covers its stretch once.
          const near = i + 16 < n ? i + 16 : n;
          while (i < near) {
            const c = text.charCodeAt(i);
            if (c === 34 || c === 92 || c < 32) break;
            i++;
          }
          if (i === near && i < n) {
            let stop = text.indexOf('"', i);
            if (stop < 0) stop = n;
            if (nextBackslash < i) {
              nextBackslash = text.indexOf('\\', i);
              if (nextBackslash < 0) nextBackslash = n;
            }
            if (nextControl < i) {
              NOT_CONTROL.lastIndex = i;
              NOT_CONTROL.test(text);
              nextControl = NOT_CONTROL.lastIndex;
            }
            if (nextBackslash < stop) stop = nextBackslash;
            if (nextControl < stop) stop = nextControl;
            i = stop;
          }
          if (i === n) break;
          const c = text.charCodeAt(i);
          if (c === 34) {
            i++;
            cur += text.slice(tokStart, i);
            state = this.key ? COLON : depth === 0 ? END : AFTER_VALUE;
          } else if (c === 92) {
            sub = 1;
            i++;
          } else {
            state = this.fail('a line break or control character inside a string', i);
            break;
          }
        } else if (sub === 1) {
          const c = text.charCodeAt(i);
          if (c === 117 /* u */) sub = 2;
          else if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116)
            sub = 0;
          else {
            state = this.fail('a bad escape in a string', i);
            break;
          }
          i++;
        } else {
          const c = text.charCodeAt(i);
          if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) {
            state = this.fail('a bad \\u escape in a string', i);
            break;
          }
          sub = sub === 5 ? 0 : sub + 1;
          i++;
        }
        continue;
      }

      if (state === NUMBER) {
        let complete = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          const digit = c >= 48 && c <= 57;
          if (sub === N_INT || sub === N_FRAC || sub === N_EXP) {
            if (digit) {
              i++;
              continue;
            }
            if (sub !== N_EXP && (c === 101 || c === 69)) sub = N_EXP_MARK;
            else if (sub === N_INT && c === 46) sub = N_DOT;
            else {
              complete = true;
              break;
            }
          } else if (sub === N_ZERO) {
            if (c === 46) sub = N_DOT;
            else if (c === 101 || c === 69) sub = N_EXP_MARK;
            else {
              complete = true;
              break;
            }
          } else if (sub === N_MINUS) {
            if (!digit) {
              state = this.fail(`unexpected ${describe(c)} in a number`, i);
              break outer;
            }
            sub = c === 48 ? N_ZERO : N_INT;
          } else if (sub === N_DOT) {
            if (!digit) {
              state = this.fail(`unexpected ${describe(c)} in a number`, i);
              break outer;
            }
            sub = N_FRAC;
          } else if (sub === N_EXP_MARK) {
            if (c === 43 || c === 45) sub = N_EXP_SIGN;
            else if (digit) sub = N_EXP;
            else {
              state = this.fail(`unexpected ${describe(c)} in a number`, i);
              break outer;
            }
          } else {
            // N_EXP_SIGN
            if (!digit) {
              state = this.fail(`unexpected ${describe(c)} in a number`, i);
              break outer;
            }
            sub = N_EXP;
          }
          i++;
        }
        if (!complete) break;
        // The character that ended the number is looked at again as what follows a value.
        cur += text.slice(tokStart, i);
        state = depth === 0 ? END : AFTER_VALUE;
        continue;
      }

      if (state === LITERAL) {
        const word = this.word;
        while (sub < word.length) {
          if (i === n) break outer;
          if (text.charCodeAt(i) !== word.charCodeAt(sub)) {
            state = this.fail(`unexpected ${describe(text.charCodeAt(i))}`, i);
            break outer;
          }
          sub++;
          i++;
        }
        cur += text.slice(tokStart, i);
        state = depth === 0 ? END : AFTER_VALUE;
        continue;
      }

      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
        continue;
      }

      switch (state) {
        case VALUE_OR_CLOSE:
          if (c === 93 /* ] */) {
            cur += '[]';
            i++;
            state = depth === 0 ? END : AFTER_VALUE;
            continue;
          }
          if (depth === this.maxDepth) {
            state = this.fail(`nested more than ${this.maxDepth} levels deep to be formatted`, i);
            break outer;
          }
          out.line(cur + '[');
          kinds.push(ARRAY);
          openLines.push(this.lines++);
          cur = this.pad(++depth);
        // falls through: c starts the first element (every branch there sets the next state)
        case VALUE:
          if (c === 34 /* " */) {
            state = STRING;
            this.key = false;
            sub = 0;
            tokStart = i++;
          } else if (c === 123 /* { */) {
            state = KEY_OR_CLOSE;
            i++;
          } else if (c === 91 /* [ */) {
            state = VALUE_OR_CLOSE;
            i++;
          } else if (c === 45 || (c >= 48 && c <= 57)) {
            state = NUMBER;
            sub = c === 45 ? N_MINUS : c === 48 ? N_ZERO : N_INT;
            tokStart = i++;
          } else if (c === 116 || c === 102 || c === 110) {
            state = LITERAL;
            this.word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
            sub = 1;
            tokStart = i++;
          } else {
            state = this.fail(
              c === 93 || c === 125 || c === 44
                ? `unexpected ${describe(c)} where a value should be`
                : `unexpected ${describe(c)}`,
              i,
            );
            break outer;
          }
          continue;
        case KEY_OR_CLOSE:
          if (c === 125 /* } */) {
            cur += '{}';
            i++;
            state = depth === 0 ? END : AFTER_VALUE;
            continue;
          }
          if (c !== 34) {
            state = this.fail(`expected a property name in double quotes, found ${describe(c)}`, i);
            break outer;
          }
          if (depth === this.maxDepth) {
            state = this.fail(`nested more than ${this.maxDepth} levels deep to be formatted`, i);
            break outer;
          }
          out.line(cur + '{');
          kinds.push(OBJECT);
          openLines.push(this.lines++);
          cur = this.pad(++depth);
          state = STRING;
          this.key = true;
          sub = 0;
          tokStart = i++;
          continue;
        case KEY:
          if (c !== 34) {
            state = this.fail(
              c === 125
                ? 'a trailing comma before "}"'
                : `expected a property name in double quotes, found ${describe(c)}`,
              i,
            );
            break outer;
          }
          state = STRING;
          this.key = true;
          sub = 0;
          tokStart = i++;
          continue;
        case COLON:
          if (c !== 58 /* : */) {
            state = this.fail(`expected ":" after the property name, found ${describe(c)}`, i);
            break outer;
          }
          cur += ': ';
          state = VALUE;
          i++;
          continue;
        case AFTER_VALUE: {
          const kind = kinds[depth - 1];
          if (c === 44 /* , */) {
            out.line(cur + ',');
            this.lines++;
            cur = this.pad(depth);
            state = kind === OBJECT ? KEY : VALUE;
            i++;
            continue;
          }
          if ((kind === OBJECT && c === 125) || (kind === ARRAY && c === 93)) {
            out.line(cur);
            this.lines++;
            kinds.pop();
            cur = this.pad(--depth) + (c === 125 ? '}' : ']');
            out.fold(openLines.pop()!, this.lines);
            state = depth === 0 ? END : AFTER_VALUE;
            i++;
            continue;
          }
          state = this.fail(`expected "," or "${kind === OBJECT ? '}' : ']'}", found ${describe(c)}`, i);
          break outer;
        }
        default:
          // END
          state = this.fail('unexpected text after the JSON value', i);
          break outer;
      }
    }

    // A token goes on in the next piece. (STRING, NUMBER and LITERAL are the highest states: one
    // comparison that every call makes, so V8 has seen it before it compiles the loop on the
    // first big piece; an `a || b || c` here left that compiled loop on every call.)
    if (state >= STRING) cur += text.slice(tokStart, n);
    this.state = state;
    this.sub = sub;
    this.cur = cur;
    this.consumed += n;
  }

  end(): { valid: true } | { valid: false; message: string } {
    if (!this.ended) {
      this.ended = true;
      let state = this.state;
      if (
        state === NUMBER &&
        (this.sub === N_ZERO || this.sub === N_INT || this.sub === N_FRAC || this.sub === N_EXP)
      ) {
        state = this.kinds.length === 0 ? END : AFTER_VALUE;
      }
      if (state === END) {
        this.out.line(this.cur);
        this.lines++;
      } else if (state !== FAILED) {
        const empty = state === VALUE && this.lines === 0 && this.cur === '';
        this.message = empty
          ? 'not valid JSON: the text is empty'
          : `not valid JSON: the text ends before the JSON value is complete (after ${this.consumed} characters)`;
        // Show what arrived: the bracket still waiting for its first element, then the last line.
        if (state === KEY_OR_CLOSE) this.cur += '{';
        else if (state === VALUE_OR_CLOSE) this.cur += '[';
        state = FAILED;
      }
      this.state = state;
      if (state === FAILED && this.cur.trim() !== '') {
        this.out.line(this.cur);
        this.lines++;
      }
      this.cur = '';
    }
    return this.state === FAILED ? { valid: false, message: this.message } : { valid: true };
  }
}
