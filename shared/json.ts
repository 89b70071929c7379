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

function lineColumnToOffset(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** Where JSON.parse failed, from the engine's message (V8 says "at position N" and/or "(line L column C)"). */
function errorOffset(text: string, error: SyntaxError): number {
  const lineCol = /line (\d+) column (\d+)/.exec(error.message);
  if (lineCol) return lineColumnToOffset(text, Number(lineCol[1]), Number(lineCol[2]));
  const position = /at position (\d+)/.exec(error.message);
  if (position) return Number(position[1]);
  return text.length;
}

/** Cleans V8's message into one short sentence without the echoed input. */
function errorMessage(error: SyntaxError): string {
  let message = error.message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*at position \d+/, '')
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON$/, '');
  message = message.replace(/^Unexpected token '(.)'.*$/, "Unexpected '$1'");
  return message.trim() || 'Invalid JSON';
}

/** Returns null when the text is valid JSON. */
export function findJsonError(text: string): JsonErrorLocation | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = errorOffset(text, error);
    return { message: errorMessage(error), offset, ...offsetToLineColumn(text, offset) };
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
