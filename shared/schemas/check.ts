/**
 * A check on a response (an assertion), declarative like a capture and saved in the request file.
 * One flat row shape for every subject, so the editor shows checks as a table and the Postman
 * bridge, the runner and the CLI read one definition. Which operators a subject takes is
 * `CHECK_OPERATORS`; the schema refuses any other pairing with a sentence.
 */
import * as z from 'zod/mini';

/** What a check looks at: the status code, a JSONPath value of the body, a header, the time, the size, the body's JSON Schema. */
export const CHECK_SUBJECTS = ['status', 'json', 'header', 'time', 'size', 'schema'] as const;
export type CheckSubject = (typeof CHECK_SUBJECTS)[number];

export const CHECK_OPERATIONS = [
  'equals',
  'not-equals',
  'one-of',
  'between',
  'kind',
  'exists',
  'not-exists',
  'contains',
  'matches',
  'lt',
  'le',
  'gt',
  'ge',
  'length',
  'below',
  'valid',
] as const;
export type CheckOperation = (typeof CHECK_OPERATIONS)[number];

/**
 * The operators each subject takes, and what `expected` then holds:
 * - status: equals `200`, one-of `200, 201`, between `200-299`, kind `success` | `informational` |
 *   `redirect` | `client-error` | `server-error`.
 * - json (target: a JSONPath, RFC 9535): exists / not-exists (no expected), equals / not-equals (JSON
 *   text, or plain text compared with a string value: `42` matches 42 and "42"), contains (a
 *   substring, or an array element), matches (a regular expression), lt / le / gt / ge (a number; a
 *   numeric string value counts as its number), length (a number: of an array, string or object).
 *   A path that selects several values is checked on the array of them (`$.items[*].id` contains `b`).
 * - header (target: a header name, any case): exists / not-exists, equals, contains, matches; a
 *   header sent several times is its values joined with ", ".
 * - time: below `N` milliseconds. size: below `N` bytes of the body as received.
 * - schema: valid, expected is a JSON Schema (draft 2020-12, 2019-09 or 07, by its `$schema`) as JSON text.
 * A regular expression is written `^abc` or `/abc/i` (flags i, m, s, u) and runs on at most 1 MB.
 * `expected` may hold `{{variables}}`, resolved like the request before the check runs.
 */
export const CHECK_OPERATORS: Readonly<Record<CheckSubject, readonly CheckOperation[]>> = {
  status: ['equals', 'not-equals', 'one-of', 'between', 'kind'],
  json: ['exists', 'not-exists', 'equals', 'not-equals', 'contains', 'matches', 'lt', 'le', 'gt', 'ge', 'length'],
  header: ['exists', 'not-exists', 'equals', 'contains', 'matches'],
  time: ['below'],
  size: ['below'],
  schema: ['valid'],
};

/** The kinds a status check of kind `kind` names. */
export const STATUS_KINDS = ['informational', 'success', 'redirect', 'client-error', 'server-error'] as const;

export const MAX_CHECKS = 100;

export const checkSchema = z
  .strictObject({
    on: z.enum(CHECK_SUBJECTS),
    /** The JSONPath (json) or the header name (header); empty for the other subjects. */
    target: z.string().check(z.maxLength(500, 'A check target has at most 500 characters.')),
    op: z.enum(CHECK_OPERATIONS),
    expected: z.string().check(z.maxLength(1024 * 1024, 'An expected value has at most 1 MB.')),
    /** A switched-off check is kept in the file and not run. */
    enabled: z.boolean(),
  })
  .check(
    z.superRefine((check, context) => {
      if (!CHECK_OPERATORS[check.on].includes(check.op)) {
        const allowed = CHECK_OPERATORS[check.on].join(', ');
        context.addIssue({
          code: 'custom',
          path: ['op'],
          message: `A ${check.on} check takes ${allowed}, not ${check.op}.`,
        });
      }
      if ((check.on === 'json' || check.on === 'header') && check.target.trim() === '') {
        const what = check.on === 'json' ? 'a JSONPath such as $.id' : 'a header name';
        context.addIssue({ code: 'custom', path: ['target'], message: `A ${check.on} check needs ${what}.` });
      }
    }),
  );

export type Check = z.infer<typeof checkSchema>;

export const checksSchema = z
  .array(checkSchema)
  .check(z.maxLength(MAX_CHECKS, `A request has at most ${MAX_CHECKS} checks.`));

/** What one check gave for one response: shown in the response pane, the runner and the reports (masked). */
export interface CheckResult {
  /** A readable statement of the check with its expected value resolved, e.g. "status is 200" or "$.id exists". */
  label: string;
  passed: boolean;
  /** For a failure: what was expected and what came, as short text (values longer than 200 characters cut). */
  expected?: string;
  actual?: string;
  /** Why the check could not run (a bad regular expression, a body that is not JSON, an invalid schema). */
  error?: string;
}

const KIND_NAMES: Readonly<Record<string, string>> = {
  informational: 'informational (1xx)',
  success: 'a success (2xx)',
  redirect: 'a redirect (3xx)',
  'client-error': 'a client error (4xx)',
  'server-error': 'a server error (5xx)',
};

const JSON_PHRASES: Readonly<Record<string, string>> = {
  equals: 'is',
  'not-equals': 'is not',
  contains: 'contains',
  matches: 'matches',
  lt: 'is less than',
  le: 'is at most',
  gt: 'is more than',
  ge: 'is at least',
  length: 'length is',
};

/**
 * A readable statement of the check ("status is 200", "$.items length is 3", "header Content-Type
 * matches ^application/json", "response time below 500 ms"): the result's label, the name of the
 * exported `pm.test`, the row's summary in the editor. `expected` is the value as resolved (or as written).
 */
export function describeCheck(check: Pick<Check, 'on' | 'target' | 'op'>, expected: string): string {
  const value = expected.trim();
  switch (check.on) {
    case 'status':
      return describeStatus(check.op, value);
    case 'time':
      return `response time below ${value} ms`;
    case 'size':
      return `body size below ${value} bytes`;
    case 'schema':
      return 'body valid against the schema';
    case 'header':
    case 'json': {
      const subject = check.on === 'header' ? `header ${check.target.trim()}` : check.target.trim();
      if (check.op === 'exists') return `${subject} exists`;
      if (check.op === 'not-exists') return `${subject} does not exist`;
      return `${subject} ${JSON_PHRASES[check.op] ?? check.op} ${value}`;
    }
  }
}

function describeStatus(op: CheckOperation, value: string): string {
  if (op === 'not-equals') return `status is not ${value}`;
  if (op === 'one-of') return `status is one of ${value}`;
  if (op === 'between') return `status is between ${value.replace(/\s*(?:-|–|\.\.)\s*/, ' and ')}`;
  if (op === 'kind') return `status is ${KIND_NAMES[value] ?? value}`;
  return `status is ${value}`;
}
