/** JSON helpers that keep the user's text: locate errors by line and column, pretty-print without re-parsing numbers. */

export interface JsonErrorLocation {
  message: string;
  /** 0-based offset into the text. */
  offset: number;
  /** 1-based. */
  line: number;
  column: number;
}

export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Finds where JSON text first goes wrong, with a message of our own: engines differ in whether
 * JSON.parse's error names a position (Node 20's V8 often does not), so we scan for it ourselves.
 */
function locateJsonError(text: string, quote: boolean): { offset: number; message: string } {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const describe = (at: number) =>
    at >= n ? 'Unexpected end of input' : quote ? `Unexpected ${JSON.stringify(text[at])}` : 'Unexpected character';
  const fail = (message?: string): never => {
    throw new Stop(i, message ?? describe(i));
  };
  const space = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) fail();
  };
  const string = () => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail('Line break or control character inside a string');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i++;
            fail('Bad \\u escape in a string');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail('Bad escape in a string');
        }
      } else i++;
    }
    fail('Unterminated string');
  };
  const number = () => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '-' || match[0] === '') fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"')
          fail(
            text[i] === '}'
              ? 'Trailing comma before }'
              : i >= n
                ? undefined
                : 'Expected a property name in double quotes',
          );
        string();
        space();
        if (text[i] !== ':') fail("Expected ':' after the property name");
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(i >= n ? undefined : "Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        if (text.slice(i).trimStart().startsWith(']')) {
          space();
          fail('Trailing comma before ]');
        }
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(i >= n ? undefined : "Expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail();
  };
  try {
    value();
    space();
    if (i < n) fail('Unexpected text after the JSON value');
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, message: error.message };
    throw error;
  }
  return { offset: n, message: 'Invalid JSON' };
}

/** locateJsonError descends one call per nesting level: text nested deeper than the stack allows gets a sentence without a place. */
function locateWithinStack(text: string, quote: boolean): { offset: number; message: string } {
  try {
    return locateJsonError(text, quote);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { offset: 0, message: 'Invalid JSON, nested too deeply to say where' };
  }
}

/**
 * Returns null when the text is valid JSON. `quote: false` leaves the offending character out of the
 * message: after variables are resolved it may be the first character of a secret.
 */
export function findJsonError(text: string, options: { quote?: boolean } = {}): JsonErrorLocation | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { offset, message } = locateWithinStack(text, options.quote ?? true);
    return { message, offset, ...offsetToLineColumn(text, offset) };
  }
}

/**
 * Levels deeper than this are indented as this one. Each level indents every line inside it, so
 * without a cap a 20 KB document nested 10,000 deep became 200 M characters of spaces; with it, a
 * line holds at most MAX_INDENT_DEPTH × indent spaces. (response/json-stream.ts uses the same cap.)
 */
export const MAX_INDENT_DEPTH = 64;

/** What formatJson made of a text: the pretty text, or why there is none. */
export type FormattedJson = { kind: 'json'; text: string } | { kind: 'invalid' } | { kind: 'too-long' };

/**
 * Re-indents JSON text token by token. Numbers, strings and escapes stay exactly as the server sent
 * them (no precision lost on big integers). Returns null when the text is not valid JSON.
 */
export function prettyPrintJson(text: string, indent = 2): string | null {
  const formatted = formatJson(text, { indent });
  return formatted.kind === 'json' ? formatted.text : null;
}

/**
 * prettyPrintJson that gives up as soon as the pretty text passes `maxLength` characters (the
 * caller then pages the body instead of holding it whole), and says which way it failed.
 */
export function formatJson(text: string, options: { indent?: number; maxLength?: number } = {}): FormattedJson {
  if (findJsonError(text) !== null) return { kind: 'invalid' };
  const indent = options.indent ?? 2;
  const maxLength = options.maxLength ?? Infinity;
  const out: string[] = [];
  let length = 0;
  let depth = 0;
  let i = 0;
  const n = text.length;
  const pad = (d: number) => '\n' + ' '.repeat(Math.min(d, MAX_INDENT_DEPTH) * indent);
  let chunkStart = -1;
  const emit = (piece: string) => {
    out.push(piece);
    length += piece.length;
  };
  const flush = (end: number) => {
    if (chunkStart >= 0) {
      emit(text.slice(chunkStart, end));
      chunkStart = -1;
    }
  };
  while (i < n) {
    // What was added since the last check is at most one token and one pad.
    if (length > maxLength) return { kind: 'too-long' };
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      if (chunkStart < 0) chunkStart = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      flush(i);
      i++;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      flush(i);
      // Empty containers stay on one line.
      let j = i + 1;
      while (
        j < n &&
        (text.charCodeAt(j) === 32 ||
          text.charCodeAt(j) === 9 ||
          text.charCodeAt(j) === 10 ||
          text.charCodeAt(j) === 13)
      )
        j++;
      const close = c === 123 ? 125 : 93;
      if (text.charCodeAt(j) === close) {
        emit(c === 123 ? '{}' : '[]');
        i = j + 1;
        continue;
      }
      depth++;
      emit(text[i]!);
      emit(pad(depth));
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      flush(i);
      depth--;
      emit(pad(depth));
      emit(text[i]!);
      i++;
      continue;
    }
    if (c === 44 /* , */) {
      flush(i);
      emit(',');
      emit(pad(depth));
      i++;
      continue;
    }
    if (c === 58 /* : */) {
      flush(i);
      emit(': ');
      i++;
      continue;
    }
    if (chunkStart < 0) chunkStart = i;
    i++;
  }
  flush(n);
  return length > maxLength ? { kind: 'too-long' } : { kind: 'json', text: out.join('') };
}
