/**
 * Runs a request's checks (shared/schemas/check.ts) on one finished response and says, for each,
 * passed or failed with the expected and the actual value, or why it could not run. The send path
 * and the collection runner both fill a CheckedResponse from what the HTTP client gave, so a
 * check means the same in both. The body is decoded and parsed as JSON at most once per response,
 * and only when a check needs it; every text in a result passes the caller's masker, because the
 * server may echo a secret in a header or the body.
 */
import { isDeepStrictEqual } from 'node:util';
import { compileJsonPath, type JsonPathQuery } from '../../../shared/jsonpath-query';
import type { HttpResponseResult } from '../../../shared/http-types';
import { describeCheck, type Check, type CheckResult } from '../../../shared/schemas/check';
import {
  ExpectedValueError,
  MAX_MATCH_INPUT,
  countValue,
  jsonOrText,
  numberValue,
  regularExpression,
  statusCode,
  statusCodes,
  statusKindRange,
  statusRange,
} from './expected';
import { schemaErrors, schemaValidator } from './json-schema';

/** What a check sees of a response. */
export interface CheckedResponse {
  status: number;
  /** In arrival order, names as sent. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** The body as text, or its bytes (decoded as UTF-8 only if a check reads them). */
  body: string | Uint8Array;
  /** Size of the body as received (decoded), in bytes. */
  bodyBytes: number;
  /** Milliseconds from the start of the send to the end of the body. */
  timeMs: number;
}

/**
 * What the HTTP client gave, as checks see it. `body` defaults to the result's text; for a body too
 * large to send whole (`bodyView` set, `body` empty) pass the kept body's text (ResponseStore.readText).
 */
export function responseForChecks(
  result: HttpResponseResult,
  body: string | Uint8Array = result.body,
): CheckedResponse {
  return {
    status: result.status,
    headers: result.headers,
    body,
    bodyBytes: result.bodyBytes,
    timeMs: result.timings.totalMs,
  };
}

/** `{{variables}}` in an expected value to their values, as for the request. */
export type Resolve = (text: string) => string;
/** The masker of every secret the main process knows (credentials/known-secrets.ts). */
export type Mask = (text: string) => string;

/** Longest expected or actual value in a result; a longer one is cut. */
export const SHOWN_CHARACTERS = 200;
/** Text masked before it is cut (a secret cannot be split by the cut and escape the masker). */
const MASKED_CHARACTERS = 64 * 1024;
const QUERY_CACHE_SIZE = 256;

interface Outcome {
  passed: boolean;
  actual?: string;
  /** Shown instead of the expected text (the schema check's expected is a whole schema). */
  expected?: string;
}

/** What the checks of one response share: the body decoded and parsed once. */
class ResponseView {
  private text: string | undefined;
  private parsed: { value: unknown } | { error: string } | undefined;

  constructor(readonly response: CheckedResponse) {}

  bodyText(): string {
    if (this.text === undefined) {
      const body = this.response.body;
      this.text = typeof body === 'string' ? body : new TextDecoder('utf-8').decode(body);
    }
    return this.text;
  }

  /** The body as JSON; throws ExpectedValueError when it is not JSON. */
  json(): unknown {
    if (this.parsed === undefined) {
      const text = this.bodyText();
      try {
        this.parsed = { value: JSON.parse(text) };
      } catch {
        this.parsed = {
          error: text.trim() === '' ? 'The response has no body to read as JSON.' : 'The response body is not JSON.',
        };
      }
    }
    if ('error' in this.parsed) throw new ExpectedValueError(this.parsed.error);
    return this.parsed.value;
  }

  /** A header's values, joined with ", " as HTTP allows; undefined when absent. */
  header(name: string): string | undefined {
    const wanted = name.trim().toLowerCase();
    const values = this.response.headers.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
    return values.length === 0 ? undefined : values.join(', ');
  }
}

/** The results of the enabled checks, in order (a switched-off check gives none). */
export function evaluateChecks(
  checks: readonly Check[],
  response: CheckedResponse,
  resolve: Resolve,
  mask: Mask,
): CheckResult[] {
  const view = new ResponseView(response);
  return checks.filter((check) => check.enabled).map((check) => evaluateOne(check, view, resolve, mask));
}

function evaluateOne(check: Check, view: ResponseView, resolve: Resolve, mask: Mask): CheckResult {
  let expected: string;
  try {
    expected = resolve(check.expected);
  } catch (error) {
    return {
      label: shown(describeCheck(check, check.expected), mask),
      passed: false,
      error: shown(sentenceOf(error), mask),
    };
  }
  const label = shown(describeCheck(check, expected), mask);
  try {
    const outcome = run(check, expected, view);
    if (outcome.passed) return { label, passed: true };
    return {
      label,
      passed: false,
      expected: shown(outcome.expected ?? expected.trim(), mask),
      actual: shown(outcome.actual ?? '', mask),
    };
  } catch (error) {
    return { label, passed: false, error: shown(sentenceOf(error), mask) };
  }
}

function sentenceOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'The check could not run.';
}

/** Masked, then cut to SHOWN_CHARACTERS. */
function shown(text: string, mask: Mask): string {
  const masked = mask(text.length > MASKED_CHARACTERS ? text.slice(0, MASKED_CHARACTERS) : text);
  return masked.length > SHOWN_CHARACTERS ? `${masked.slice(0, SHOWN_CHARACTERS - 1)}…` : masked;
}

function run(check: Check, expected: string, view: ResponseView): Outcome {
  switch (check.on) {
    case 'status':
      return statusOutcome(check.op, expected, view.response.status);
    case 'json':
      return jsonOutcome(check, expected, view);
    case 'header':
      return headerOutcome(check, expected, view);
    case 'time':
      return below(view.response.timeMs, expected, 'ms');
    case 'size':
      return below(view.response.bodyBytes, expected, 'bytes');
    case 'schema':
      return schemaOutcome(expected, view);
  }
}

function statusOutcome(op: Check['op'], expected: string, status: number): Outcome {
  const actual = String(status);
  const within = ([low, high]: [number, number]) => status >= low && status <= high;
  switch (op) {
    case 'equals':
      return { passed: status === statusCode(expected), actual };
    case 'not-equals':
      return { passed: status !== statusCode(expected), actual, expected: `not ${expected.trim()}` };
    case 'one-of':
      return { passed: statusCodes(expected).includes(status), actual };
    case 'between':
      return { passed: within(statusRange(expected)), actual };
    default:
      return { passed: within(statusKindRange(expected)), actual };
  }
}

function below(value: number, expected: string, unit: string): Outcome {
  const limit = numberValue(expected);
  return {
    passed: value < limit,
    actual: `${Math.round(value)} ${unit}`,
    expected: `below ${expected.trim()} ${unit}`,
  };
}

// ---------------------------------------------------------------------------------------------
// JSON values

const queries = new Map<string, JsonPathQuery>();

function query(path: string): JsonPathQuery {
  const text = path.trim();
  let compiled = queries.get(text);
  if (!compiled) {
    try {
      compiled = compileJsonPath(text);
    } catch (error) {
      throw new ExpectedValueError(sentenceOf(error));
    }
    if (queries.size >= QUERY_CACHE_SIZE) queries.delete(queries.keys().next().value ?? '');
    queries.set(text, compiled);
  }
  return compiled;
}

/** What a path selects: one value as itself, several as an array of them; undefined when nothing. */
function selected(path: string, view: ResponseView): unknown {
  const compiled = query(path);
  const nodes = compiled.run(view.json());
  if (nodes.length === 0) return undefined;
  return nodes.length === 1 ? nodes[0] : nodes;
}

/** A value as a result shows it: JSON, so that "200" and 200 look different. */
function valueText(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Equal as JSON, or a string value equal to the text as written (so `42` matches a captured "42"). */
function sameValue(value: unknown, expected: string): boolean {
  return (typeof value === 'string' && value === expected) || isDeepStrictEqual(value, jsonOrText(expected));
}

function jsonOutcome(check: Check, expected: string, view: ResponseView): Outcome {
  const value = selected(check.target, view);
  const actual = valueText(value);
  switch (check.op) {
    case 'exists':
      return { passed: value !== undefined, actual, expected: 'a value' };
    case 'not-exists':
      return { passed: value === undefined, actual, expected: 'nothing' };
    case 'equals':
      return { passed: value !== undefined && sameValue(value, expected), actual };
    case 'not-equals':
      return { passed: value !== undefined && !sameValue(value, expected), actual, expected: `not ${expected}` };
    case 'contains':
      return { passed: contains(value, expected), actual, expected: `containing ${expected}` };
    case 'matches':
      return {
        passed: matches(typeof value === 'string' || value === undefined ? value : JSON.stringify(value), expected),
        actual,
      };
    case 'length': {
      const length = lengthOf(value);
      return {
        passed: length === countValue(expected),
        actual: length === undefined ? actual : `length ${length}`,
        expected: `length ${expected.trim()}`,
      };
    }
    default:
      return compare(check.op, value, expected, actual);
  }
}

function contains(value: unknown, expected: string): boolean {
  if (typeof value === 'string') return value.includes(expected);
  if (Array.isArray(value)) return value.some((item) => sameValue(item, expected));
  return false;
}

/** Of an array, a string (UTF-16 units, as JavaScript counts) or an object (its keys). */
function lengthOf(value: unknown): number | undefined {
  if (Array.isArray(value) || typeof value === 'string') return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}

/** A number, or a string that is one (APIs send prices as "100.50"); NaN otherwise. */
function numeric(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

const COMPARISONS: Readonly<Record<string, { test(a: number, b: number): boolean; words: string }>> = {
  lt: { test: (a, b) => a < b, words: 'less than' },
  le: { test: (a, b) => a <= b, words: 'at most' },
  gt: { test: (a, b) => a > b, words: 'more than' },
  ge: { test: (a, b) => a >= b, words: 'at least' },
};

function compare(op: Check['op'], value: unknown, expected: string, actual: string): Outcome {
  const comparison = COMPARISONS[op];
  if (!comparison) throw new ExpectedValueError(`A json check does not take ${op}.`);
  const limit = numberValue(expected);
  return { passed: comparison.test(numeric(value), limit), actual, expected: `${comparison.words} ${expected.trim()}` };
}

/** The pattern is read first, so that a bad one is reported even when there is no value. */
function matches(text: string | undefined, pattern: string): boolean {
  const expression = regularExpression(pattern);
  if (text === undefined) return false;
  if (text.length > MAX_MATCH_INPUT)
    throw new ExpectedValueError('The value is over 1 MB, longer than a regular expression is run on.');
  return expression.test(text);
}

// ---------------------------------------------------------------------------------------------
// Headers and schemas

function headerOutcome(check: Check, expected: string, view: ResponseView): Outcome {
  const value = view.header(check.target);
  const actual = value ?? 'no such header';
  switch (check.op) {
    case 'exists':
      return { passed: value !== undefined, actual, expected: 'present' };
    case 'not-exists':
      return { passed: value === undefined, actual, expected: 'absent' };
    case 'equals':
      return { passed: value !== undefined && value.trim() === expected.trim(), actual };
    case 'contains':
      return { passed: value !== undefined && value.includes(expected), actual, expected: `containing ${expected}` };
    default:
      return { passed: matches(value, expected), actual };
  }
}

function schemaOutcome(expected: string, view: ResponseView): Outcome {
  const validate = schemaValidator(expected);
  const passed = validate(view.json());
  return { passed, actual: passed ? '' : schemaErrors(validate.errors), expected: 'a body valid against the schema' };
}
