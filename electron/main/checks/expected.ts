/**
 * Reading a check's `expected` text (already resolved) into what the check compares with: status
 * codes, a range, a number, a regular expression, a JSON value. Shared by the evaluator and the
 * Postman export, so that a check means the same in the app and in newman. A text that cannot be
 * read throws ExpectedValueError with a sentence that says what to write instead.
 */
import { STATUS_KINDS } from '../../../shared/schemas/check';

/** An expected value that does not say what its check needs (the check shows it as its error). */
export class ExpectedValueError extends Error {
  override name = 'ExpectedValueError';
}

/** The characters a regular expression is run on at most: a pathological pattern on a huge value must not hang the send. */
export const MAX_MATCH_INPUT = 1024 * 1024;

export function statusCode(text: string): number {
  const value = text.trim();
  if (!/^[1-5]\d\d$/.test(value)) throw new ExpectedValueError(`Expected a status code such as 200, not “${value}”.`);
  return Number(value);
}

/** `200, 201` (commas, spaces or | between the codes). */
export function statusCodes(text: string): number[] {
  const parts = text.split(/[\s,|]+/).filter((part) => part !== '');
  if (parts.length === 0) throw new ExpectedValueError('Expected status codes such as 200, 201.');
  return parts.map(statusCode);
}

/** `200-299` (or `200..299`): both ends included. */
export function statusRange(text: string): [number, number] {
  const match = /^\s*(\d+)\s*(?:-|–|\.\.)\s*(\d+)\s*$/.exec(text);
  const low = match ? statusCode(match[1] ?? '') : NaN;
  const high = match ? statusCode(match[2] ?? '') : NaN;
  if (!match || low > high)
    throw new ExpectedValueError(`Expected a range of status codes such as 200-299, not “${text.trim()}”.`);
  return [low, high];
}

/** The codes a kind covers, e.g. success → [200, 299]. */
export function statusKindRange(text: string): [number, number] {
  const index = (STATUS_KINDS as readonly string[]).indexOf(text.trim());
  if (index < 0)
    throw new ExpectedValueError(`Expected a kind of status: ${STATUS_KINDS.join(', ')}; not “${text.trim()}”.`);
  const first = (index + 1) * 100;
  return [first, first + 99];
}

export function numberValue(text: string, what = 'a number'): number {
  const value = text.trim();
  const number = value === '' ? NaN : Number(value);
  if (!Number.isFinite(number)) throw new ExpectedValueError(`Expected ${what}, not “${value}”.`);
  return number;
}

export function countValue(text: string): number {
  const number = numberValue(text, 'a whole number');
  if (!Number.isInteger(number) || number < 0)
    throw new ExpectedValueError(`Expected a whole number, not “${text.trim()}”.`);
  return number;
}

/** The pattern and flags of `^abc` or `/abc/i` (flags i, m, s, u; g and y would make a test stateful). */
export function patternParts(text: string): { source: string; flags: string } {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (!literal) return { source: text, flags: '' };
  const flags = literal[2] ?? '';
  if (!/^[imsu]*$/.test(flags))
    throw new ExpectedValueError(`A regular expression takes the flags i, m, s and u, not “${flags}”.`);
  return { source: literal[1] ?? '', flags };
}

export function regularExpression(text: string): RegExp {
  const { source, flags } = patternParts(text);
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const reason = (error as Error).message.split(': ').pop() ?? 'it cannot be read';
    throw new ExpectedValueError(`“${text}” is not a valid regular expression (${reason}).`);
  }
}

/** Expected text as JSON when it is JSON (`3`, `true`, `{"a":1}`, `"x"`), else the text itself. */
export function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
