import type { HeaderRow } from './schemas/header';
import type { Method, Problem } from './http-types';
import { METHODS } from './http-types';
import { headerValueProblem, isValidHeaderName, methodTakesBody } from './headers';
import { findJsonError } from './json';

export interface DraftToCheck {
  method: string;
  url: string;
  headers: HeaderRow[];
  body: string;
}

/** The last URL checked and its answer: a request is usually sent again and again to the same URL. */
let lastUrl: string | null = null;
let lastUrlProblem: string | null = null;

export function urlProblem(url: string): string | null {
  // Stryker: equivalent — `false` works the answer out again, which gives the same answer.
  if (url === lastUrl) return lastUrlProblem;
  const problem = findUrlProblem(url);
  lastUrl = url;
  lastUrlProblem = problem;
  return problem;
}

function findUrlProblem(url: string): string | null {
  const text = url.trim();
  if (text === '') return 'Enter a URL, e.g. https://api.olxgroup.com/advert/v1.';
  if (/^http:\/\//i.test(text)) {
    return 'The URL uses http://. This API accepts HTTPS only: change it to https:// so that nothing is sent in clear text.';
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return `The URL must start with https:// — e.g. https://${text.replace(/^\/+/, '')}.`;
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return 'The URL is not valid. Check it for spaces or stray characters.';
  }
  if (parsed.protocol !== 'https:') {
    return `The URL uses ${parsed.protocol.replace(':', '')}://. Only https:// URLs can be sent.`;
  }
  // Stryker disable next-line all: equivalent — URL refuses an https: URL without a host before this; kept in case that changes.
  if (parsed.hostname === '') return 'The URL has no host name.';
  if (parsed.username || parsed.password) {
    return 'The URL carries a user name or password. Remove them from the URL and use a header instead.';
  }
  return null;
}

function contentTypeIsJson(headers: HeaderRow[]): boolean {
  // The last enabled Content-Type row wins.
  for (let i = headers.length - 1; i >= 0; i--) {
    const h = headers[i]!;
    if (h.enabled && h.name.trim().toLowerCase() === 'content-type') return /json/i.test(h.value);
  }
  return true;
}

const rowLabel = (index: number) => `Header row ${index + 1}`;

/**
 * Everything that would make the request wrong, in the order the user reads the form. Empty when it
 * can go. `resolved`: the draft's variables were filled in (main process), so its text may hold
 * secrets: no character of the body is quoted (a single character cannot be masked afterwards).
 */
export function findProblems(draft: DraftToCheck, options: { resolved?: boolean } = {}): Problem[] {
  const problems: Problem[] = [];
  if (!(METHODS as readonly string[]).includes(draft.method)) {
    problems.push({ field: 'method', message: `Unknown method “${draft.method}”. Pick one of ${METHODS.join(', ')}.` });
  }
  const url = urlProblem(draft.url);
  if (url) problems.push({ field: 'url', message: url });

  for (let index = 0; index < draft.headers.length; index++) {
    const row = draft.headers[index]!;
    if (!row.enabled) continue;
    const name = row.name.trim();
    if (name === '') {
      if (row.value.trim() !== '') {
        problems.push({
          field: 'headers',
          row: index,
          message: `${rowLabel(index)} has a value but no name. Type a name or remove the row.`,
        });
      }
      continue;
    }
    if (!isValidHeaderName(name)) {
      problems.push({
        field: 'headers',
        row: index,
        message: `${rowLabel(index)}: “${name}” is not a valid header name. Use letters, digits and - only (no spaces or colons).`,
      });
    }
    const valueProblem = headerValueProblem(row.value);
    if (valueProblem) {
      problems.push({
        field: 'headers',
        row: index,
        message: `${rowLabel(index)}: the value of ${name} ${valueProblem}. Remove it.`,
      });
    }
  }

  const hasBody = draft.body.trim() !== '';
  const method = draft.method as Method;
  if (hasBody && (METHODS as readonly string[]).includes(method) && !methodTakesBody(method)) {
    problems.push({
      field: 'body',
      message: `A ${method} request cannot carry a body. Clear the body, or switch to POST or PUT.`,
    });
  } else if (hasBody && contentTypeIsJson(draft.headers)) {
    const error = findJsonError(draft.body, { quote: !options.resolved });
    if (error) {
      problems.push({
        field: 'body',
        line: error.line,
        column: error.column,
        message: `The body is not valid JSON: ${error.message} at line ${error.line}, column ${error.column}. Fix it before sending.`,
      });
    }
  }
  return problems;
}
