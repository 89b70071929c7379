/**
 * What the Checks editor knows of a check row, as pure functions: the words it shows for subjects
 * and operators, which fields a row needs, how a row changes when its subject does, the quick adds,
 * and the sentence a row that cannot be sent gets. The send path refuses the same rows (checkDraft),
 * so nothing the editor marks is sent.
 */
import {
  CHECK_OPERATORS,
  checkRuleIssues,
  MAX_CHECK_EXPECTED,
  MAX_CHECK_TARGET,
  type CheckOperation,
  type CheckSubject,
} from '../../shared/checks';
import type { Check } from '../../shared/schemas/check';

export const SUBJECT_LABELS: Readonly<Record<CheckSubject, string>> = {
  status: 'Status',
  json: 'JSON value',
  header: 'Header',
  time: 'Response time',
  size: 'Body size',
  schema: 'JSON Schema',
};

export const OPERATOR_WORDS: Readonly<Record<CheckOperation, string>> = {
  equals: 'equals',
  'not-equals': 'does not equal',
  'one-of': 'is one of',
  between: 'is between',
  kind: 'is of kind',
  exists: 'exists',
  'not-exists': 'does not exist',
  contains: 'contains',
  matches: 'matches',
  lt: 'is less than (<)',
  le: 'is at most (≤)',
  gt: 'is more than (>)',
  ge: 'is at least (≥)',
  length: 'has length',
  below: 'is under',
  valid: 'is valid against',
};

/** What the expected field shows when empty: an example of what the operator takes. */
const EXPECTED_HINTS: Partial<Record<CheckOperation, string>> = {
  'one-of': '200, 201',
  between: '200-299',
  matches: '^abc or /abc/i',
  length: '3',
};

export function expectedPlaceholder(check: Check): string {
  if (check.on === 'time') return 'milliseconds, e.g. 500';
  if (check.on === 'size') return 'bytes, e.g. 10000';
  if (check.on === 'status') return EXPECTED_HINTS[check.op] ?? '200';
  return EXPECTED_HINTS[check.op] ?? (check.on === 'header' ? 'application/json' : 'a value or JSON');
}

/** A json check reads a JSONPath, a header check a header name; the others no target. */
export function needsTarget(on: CheckSubject): boolean {
  return on === 'json' || on === 'header';
}

/** Exists and does-not-exist compare with nothing. */
export function needsExpected(op: CheckOperation): boolean {
  return op !== 'exists' && op !== 'not-exists';
}

const FIRST_EXPECTED: Partial<Record<CheckSubject, string>> = {
  status: '200',
  time: '1000',
  size: '1000000',
  schema: '{\n  "type": "object"\n}',
};

/** The row after its subject changed: an operator the subject takes, a target only where one is read. */
export function withSubject(check: Check, on: CheckSubject): Check {
  const op = CHECK_OPERATORS[on].includes(check.op) ? check.op : CHECK_OPERATORS[on][0]!;
  const target = on === 'json' ? '$.' : '';
  return { ...check, on, op, target, expected: FIRST_EXPECTED[on] ?? '' };
}

/** The row after its operator changed: a status kind starts as "success". */
export function withOperator(check: Check, op: CheckOperation): Check {
  if (op === 'kind') return { ...check, op, expected: 'success' };
  if (check.op === 'kind') return { ...check, op, expected: '200' };
  return { ...check, op };
}

/** The quick adds: the checks people add first. */
export const QUICK_CHECKS: ReadonlyArray<{ label: string; check: Check }> = [
  { label: 'Status is 200', check: { on: 'status', target: '', op: 'equals', expected: '200', enabled: true } },
  { label: 'Status is success', check: { on: 'status', target: '', op: 'kind', expected: 'success', enabled: true } },
];

export const NEW_CHECK: Check = { on: 'json', target: '$.', op: 'exists', expected: '', enabled: true };

/**
 * Why the row cannot be sent, as the schema says it (or that an operator needs a value it lacks);
 * null when it can. Switched-off rows are checked too: they are saved in the file.
 */
export function checkRowProblem(check: Check): string | null {
  const rule = checkRuleIssues(check)[0];
  if (rule) return rule.message;
  if (check.on === 'json' && !check.target.trim().startsWith('$'))
    return 'A JSONPath starts with $, such as $.data.uuid.';
  if (check.target.length > MAX_CHECK_TARGET) return `A check target has at most ${MAX_CHECK_TARGET} characters.`;
  if (check.expected.length > MAX_CHECK_EXPECTED) return 'An expected value has at most 1 MB.';
  if (needsExpected(check.op) && check.expected.trim() === '')
    return check.on === 'schema' ? 'Paste a JSON Schema to check the body against.' : 'Type the expected value.';
  return null;
}
