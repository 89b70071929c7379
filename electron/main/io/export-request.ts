/**
 * A request as an export writes it (copy as cURL, generated code): the method, URL, header list and
 * body that a send would put on the wire, built from the send path's own pieces (variables,
 * validation, where secrets may go, credentials, the header list and body the client sends), so an
 * export cannot drift from what the app sends. Either with the real values (for the clipboard, in the
 * main process) or with each credential and secret variable as a marker the caller chooses.
 */
import type { Method } from '../../../shared/http-types';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { methodTakesBody, outgoingHeaders } from '../../../shared/headers';
import { findProblems } from '../../../shared/validate';
import { substitute, variableProblemSentence, type Lookup } from '../../../shared/variables';
import { withAuthHeaders, withBearerRow, type AuthOutcome } from '../credentials/auth';
import { secretRoutingProblem } from '../credentials/secret-routing';
import type { VariableOutcome } from '../variables/resolve';
import type { CurlRequest } from './curl';

export interface ExportRequestDeps {
  resolveVariables(request: OutgoingRequest): VariableOutcome;
  resolveAuth(request: OutgoingRequest): Promise<AuthOutcome>;
  lookupFor(request: OutgoingRequest): Lookup;
}

/** Method, URL, the header list in order and the body ('' when none is sent): the shape toCurl takes. */
export type ExportedRequest = CurlRequest;

/** The names credentials take as placeholders, as the Postman export names them. */
export type CredentialPlaceholder = 'apiKey' | 'accessToken' | 'basicCredentials';

/** The body as the client sends it: none for a method without one. */
function sentBody(method: Method, body: string): string {
  return methodTakesBody(method) ? body : '';
}

/**
 * The real request, as a send would make it; throws the sentence a send would answer with (`refusal`
 * ends the one about a secret that may not go to this URL, e.g. "nothing was copied").
 */
export async function requestWithSecrets(
  deps: ExportRequestDeps,
  request: OutgoingRequest,
  refusal: string,
): Promise<ExportedRequest> {
  const draft = withBearerRow(request);
  const variables = deps.resolveVariables(draft);
  if (!variables.ok) throw new Error(variables.problems[0]!.message);
  const resolved = variables.request;
  // What is exported sends what it holds when run: the same rule as a send decides which secrets may be in it.
  const routing = secretRoutingProblem(resolved, variables.secrets, refusal);
  if (routing) throw new Error(routing.message);
  const problem = findProblems(resolved, { resolved: true })[0];
  if (problem) throw new Error(problem.message);
  const auth = await deps.resolveAuth(resolved);
  if (!auth.ok) throw new Error(auth.problems[0]!.message);
  const body = sentBody(draft.method, resolved.body);
  return {
    method: draft.method,
    url: resolved.url,
    headers: outgoingHeaders(withAuthHeaders(resolved.headers, auth.auth), draft.method, body),
    body,
  };
}

/** The header rows the request's auth adds, with `mark` in place of each credential. */
function placeholderAuthHeaders(
  request: OutgoingRequest,
  mark: (name: CredentialPlaceholder) => string,
): Array<[string, string]> {
  const mode = request.auth.mode;
  const headers: Array<[string, string]> = [];
  if (mode === 'api-key' || mode === 'api-key-bearer') headers.push(['X-API-KEY', mark('apiKey')]);
  if (mode === 'api-key-bearer') headers.push(['Authorization', `Bearer ${mark('accessToken')}`]);
  if (mode === 'basic') headers.push(['Authorization', `Basic ${mark('basicCredentials')}`]);
  return headers;
}

/**
 * The request with non-secret variables resolved and `mark(name)` in place of each secret variable and
 * credential (a Bearer token typed in the request is a header row, its secret variables marked too).
 * Nothing secret is read: this is what the renderer may see. `problems`: a sentence for each variable
 * that has no value (left as {{name}}), as a send would refuse it.
 */
export function requestWithPlaceholders(
  deps: Pick<ExportRequestDeps, 'lookupFor'>,
  request: OutgoingRequest,
  mark: (name: string) => string,
): ExportedRequest & { problems: string[] } {
  const draft = withBearerRow(request);
  const base = deps.lookupFor(draft);
  const lookup: Lookup = (name) => {
    const found = base(name);
    if (!found) return undefined;
    return found.secret ? { value: mark(name), secret: false } : found;
  };
  const problems: string[] = [];
  const put = (text: string, where: string) => {
    const result = substitute(text, lookup);
    for (const problem of result.problems) problems.push(variableProblemSentence(problem, where));
    return result.text;
  };
  const url = put(draft.url, 'the URL');
  const rows = draft.headers.map((row) => {
    const where = `header “${row.name}”`;
    return row.enabled ? { ...row, name: put(row.name, where), value: put(row.value, where) } : row;
  });
  const body = sentBody(draft.method, put(draft.body, 'the body'));
  const authRows = placeholderAuthHeaders(draft, mark).map(([name, value]) => ({
    id: `auth-${name}`,
    name,
    value,
    enabled: true,
    origin: 'user' as const,
  }));
  return {
    method: draft.method,
    url,
    headers: outgoingHeaders(withAuthHeaders(rows, { headers: authRows }), draft.method, body),
    body,
    problems: [...new Set(problems)],
  };
}
