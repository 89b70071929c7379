/**
 * A schema's complaint about a file, as a clause a person can act on: which field, what is there,
 * what it should be. zod's own messages ("Invalid input") name none of that. The clause reads after
 * "because" or "its" in the sentences of the collection store and the import (`field “method” is
 * “FETCH”; use one of GET, POST, …`).
 */
import type { core } from 'zod/mini';

type Path = readonly PropertyKey[];

/** Where a field is: `field “enabled” of entry 3 in “headers”`; `what` names the whole document. */
export function fieldText(path: Path, what: string): string {
  if (path.length === 0) return what;
  const [last, ...before] = [...path].reverse();
  const head = typeof last === 'number' ? `entry ${last + 1}` : `field “${String(last)}”`;
  return [head, ...before.map((key) => (typeof key === 'number' ? `of entry ${key + 1}` : `in “${String(key)}”`))].join(
    ' ',
  );
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path)
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

const EXPECTED: Record<string, string> = {
  string: 'text in quotes',
  boolean: 'true or false',
  number: 'a number',
  array: 'a list in [ ]',
  object: 'an object in { }',
};

function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `the text “${value.slice(0, 40)}…”` : `“${value}”`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** What is wrong at the field and what to put there. */
function problem(issue: core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return value === undefined ? `is missing; add it as ${expected}` : `is ${shown(value)}; it should be ${expected}`;
    }
    case 'invalid_value': {
      const allowed = `${issue.values.length > 1 ? 'one of ' : ''}${issue.values.map(String).join(', ')}`;
      return value === undefined ? `is missing; add it as ${allowed}` : `is ${shown(value)}; use ${allowed}`;
    }
    case 'too_big':
      return issue.origin === 'array'
        ? `has more than ${issue.maximum} entries; remove some`
        : `is longer than ${issue.maximum} characters; shorten it`;
    case 'too_small':
      return issue.origin === 'array'
        ? `has fewer than ${issue.minimum} entries`
        : Number(issue.minimum) <= 1
          ? 'is empty; fill it in'
          : `is shorter than ${issue.minimum} characters`;
    case 'unrecognized_keys':
      return `has ${issue.keys.map((key) => `“${key}”`).join(', ')}, which the app does not know; remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    default:
      return `is not valid (${issue.message.replace(/\.$/, '')})`;
  }
}

/**
 * A union's complaint: when every choice refused only one field's value (auth's `mode`), the values
 * all the choices take; otherwise the complaint of the choice that came closest.
 */
function unionIssue(issue: core.$ZodIssueInvalidUnion): core.$ZodIssue {
  const branches = issue.errors;
  const only = branches.map((errors) =>
    errors.length === 1 && errors[0]?.code === 'invalid_value' ? errors[0] : null,
  );
  const first = only[0];
  if (first && only.every((one) => one && one.path.join('.') === first.path.join('.'))) {
    const values = only.flatMap((one) => (one?.code === 'invalid_value' ? one.values : []));
    return { ...first, values, path: [...issue.path, ...first.path] };
  }
  const closest = [...branches].sort((a, b) => a.length - b.length)[0]?.[0];
  return closest ? { ...closest, path: [...issue.path, ...closest.path] } : issue;
}

/** The first issue as a clause: `field “method” is “FETCH”; use one of GET, POST, …`. */
export function issueClause(issues: readonly core.$ZodIssue[], input: unknown, what: string): string {
  const first = issues[0];
  if (!first) return `${what} is not valid`;
  const issue = first.code === 'invalid_union' ? unionIssue(first) : first;
  return `${fieldText(issue.path, what)} ${problem(issue, valueAt(input, issue.path))}`;
}
