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
  const describe = (at: number) => (at >= n ? 'Unexpected end of input' : quote ? `Unexpected ${JSON.stringify(text[at])}` : 'Unexpected character');
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
        if (text[i] !== '"') fail(text[i] === '}' ? 'Trailing comma before }' : i >= n ? undefined : 'Expected a property name in double quotes');
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
    const { offset, message } = locateJsonError(text, options.quote ?? true);
    return { message, offset, ...offsetToLineColumn(text, offset) };
  }
}

/**
 * Re-indents JSON text token by token. Numbers, strings and escapes stay exactly as the server sent
 * them (no precision lost on big integers). Returns null when the text is not valid JSON.
 */
export function prettyPrintJson(text: string, indent = 2): string | null {
  if (findJsonError(text) !== null) return null;
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  const pad = (d: number) => '\n' + ' '.repeat(d * indent);
  let chunkStart = -1;
  const flush = (end: number) => {
    if (chunkStart >= 0) {
      out.push(text.slice(chunkStart, end));
      chunkStart = -1;
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      if (chunkStart < 0) chunkStart = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) { i++; break; }
        else i++;
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
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) j++;
      const close = c === 123 ? 125 : 93;
      if (text.charCodeAt(j) === close) {
        out.push(c === 123 ? '{}' : '[]');
        i = j + 1;
        continue;
      }
      depth++;
      out.push(text[i]!, pad(depth));
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      flush(i);
      depth--;
      out.push(pad(depth), text[i]!);
      i++;
      continue;
    }
    if (c === 44 /* , */) {
      flush(i);
      out.push(',', pad(depth));
      i++;
      continue;
    }
    if (c === 58 /* : */) {
      flush(i);
      out.push(': ');
      i++;
      continue;
    }
    if (chunkStart < 0) chunkStart = i;
    i++;
  }
  flush(n);
  return out.join('');
}
