/**
 * Copying from a body view to the clipboard, in the main process: the value that starts on a line
 * (a whole object or array, re-indented; a string unquoted) or the whole text, masked again.
 */
import type { LineFile } from './line-file';
import type { ResponseStore } from './store';

export interface CopyValueDeps {
  store: ResponseStore;
  writeClipboard?(text: string): void;
}

/** Copying more than this goes through a file instead (the clipboard is not the place for it). */
const MAX_COPY_CHARS = 64 * 1024 * 1024;

/** `"name": ` at the start of a pretty JSON line (after its indent). */
const KEY_PREFIX = /^"(?:[^"\\]|\\.)*": /;

/**
 * The value that starts on a line of a pretty JSON view, given the text from that line to the line
 * closing it: without its key and trailing comma, re-indented to the left; a string unquoted.
 */
export function valueFromLines(text: string): string {
  const indent = /^ */.exec(text)![0].length;
  let value = text.slice(indent).replace(KEY_PREFIX, '');
  if (value.endsWith(',')) value = value.slice(0, -1);
  if (value.includes('\n')) {
    const pad = new RegExp(`\n {0,${indent}}`, 'g');
    return value.replace(pad, '\n');
  }
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value;
    }
  }
  return value;
}

/** Lines from..to of a view as one text; too long a text gets a sentence saying what to do instead. */
async function readForCopy(lines: LineFile, from: number, to: number, tooLarge: string): Promise<string> {
  try {
    return await lines.readText(from, to, { maxChars: MAX_COPY_CHARS });
  } catch (error) {
    if (error instanceof RangeError) throw new Error(tooLarge);
    throw error;
  }
}

/**
 * Copies to the clipboard the value that starts on a line of a view (a whole object or array,
 * re-indented; a string unquoted), or with `all` the view's whole text as shown. The response's
 * secrets are masked again in what is copied (a string is decoded from its JSON escapes).
 */
export async function copyValue(
  deps: CopyValueDeps,
  request: { viewId: string; line: number } | { viewId: string; all: true },
): Promise<{ copied: boolean; characters: number }> {
  const { response, lines, format } = deps.store.view(request.viewId);
  if (!deps.writeClipboard) throw new Error('Copying is not available here.');
  let text: string;
  if ('all' in request) {
    const tooLarge = `The whole text is too large for the clipboard (over ${MAX_COPY_CHARS.toLocaleString('en-US')} characters); save it to a file instead.`;
    text = lines.lineCount === 0 ? '' : await readForCopy(lines, 0, lines.lineCount - 1, tooLarge);
  } else {
    if (request.line >= lines.lineCount) throw new Error('There is no such line in this body.');
    const [first] = await lines.readLines(request.line, 1, { maxChars: 1 });
    const lineText = await readForCopy(
      lines,
      request.line,
      first?.foldEnd ?? request.line,
      'This value is too large to copy; save the body to a file instead.',
    );
    text = format === 'json' ? valueFromLines(lineText) : lineText;
  }
  if (text === '') return { copied: false, characters: 0 };
  const value = response.mask(text);
  deps.writeClipboard(value);
  return { copied: true, characters: value.length };
}
