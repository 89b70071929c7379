/**
 * request:send and request:cancel — validation first, then credentials (added here, in the main
 * process), then the HTTP client; one refresh-and-retry after a 401 that says the token expired;
 * cancel by request id. Secrets used are kept out of the result the renderer gets.
 */
import type { HttpResponseResult, NetworkErrorResult, OutgoingRequest, SendResult } from '../../../shared/http-types';
import { findProblems } from '../../../shared/validate';
import { redactSecrets, saysTokenExpired, withAuthHeaders, type AuthOutcome, type ResolvedAuth } from '../credentials/auth';
import type { HistoryDetail } from '../../../shared/collections';
import type { HttpClient } from '../http/client';
import { runCaptures, type VariableOutcome } from '../variables/resolve';
import { historyEntry } from './history-entry';

export interface RequestDeps {
  client: Pick<HttpClient, 'send'>;
  timeoutMs(): number;
  inFlight: Map<string, AbortController>;
  resolveVariables(request: OutgoingRequest): VariableOutcome;
  resolveAuth(request: OutgoingRequest): Promise<AuthOutcome>;
  refreshToken(environmentId: string, userId: string): Promise<unknown>;
  /** Keeps values captured from a response for the next requests. */
  capture(collectionId: string | null, values: Array<{ variable: string; value: string }>): void;
  recordHistory(entry: HistoryDetail): void;
}

function redacted(result: HttpResponseResult | NetworkErrorResult, secrets: string[]): HttpResponseResult | NetworkErrorResult {
  if (result.kind !== 'response' || secrets.length === 0) return result;
  return {
    ...result,
    body: redactSecrets(result.body, secrets),
    headers: result.headers.map(([name, value]) => [name, redactSecrets(value, secrets)] as [string, string]),
  };
}

export async function sendRequest(deps: RequestDeps, written: OutgoingRequest): Promise<SendResult> {
  const variables = deps.resolveVariables(written);
  if (!variables.ok) return { kind: 'rejected', requestId: written.requestId, problems: variables.problems };
  const request = variables.request;
  // The renderer checks too, but the main process never trusts it: nothing invalid goes out.
  const problems = findProblems(request);
  if (problems.length > 0) return { kind: 'rejected', requestId: request.requestId, problems };
  if (deps.inFlight.has(request.requestId)) throw new Error('A request with this id is already in flight.');

  const controller = new AbortController();
  deps.inFlight.set(request.requestId, controller);
  try {
    let outcome = await deps.resolveAuth(request);
    if (!outcome.ok) return { kind: 'rejected', requestId: request.requestId, problems: outcome.problems };
    const send = (auth: ResolvedAuth) =>
      deps.client.send({ ...request, headers: withAuthHeaders(request.headers, auth) }, { timeoutMs: deps.timeoutMs(), signal: controller.signal });

    let auth = outcome.auth;
    let result = await send(auth);
    const user = auth.bearerUser;
    if (user && result.kind === 'response' && saysTokenExpired(result.status, result.headers, result.body) && !controller.signal.aborted) {
      // The token expired on the server's clock: refresh once and try once more.
      const secrets = auth.secrets;
      try {
        await deps.refreshToken(user.environmentId, user.userId);
      } catch {
        return redacted(result, secrets);
      }
      outcome = await deps.resolveAuth(request);
      if (!outcome.ok) return redacted(result, secrets);
      auth = { ...outcome.auth, secrets: [...outcome.auth.secrets, ...secrets] };
      result = await send(outcome.auth);
    }
    const secrets = [...auth.secrets, ...variables.secrets];
    const shown = redacted(result, secrets);
    if (shown.kind === 'response' && shown.status >= 200 && shown.status < 300 && written.captures.length > 0) {
      // From what the renderer may see: a secret echoed by the server is masked there, so never captured.
      const { captured, problems: captureProblems } = runCaptures(written.captures, shown.body);
      deps.capture(written.collectionId, captured);
      Object.assign(shown, { captured, captureProblems });
    }
    deps.recordHistory(historyEntry(written, request.url, shown, secrets));
    return shown;
  } finally {
    deps.inFlight.delete(request.requestId);
  }
}

export async function cancelRequest(deps: Pick<RequestDeps, 'inFlight'>, request: { requestId: string }): Promise<{ cancelled: boolean }> {
  const controller = deps.inFlight.get(request.requestId);
  if (!controller) return { cancelled: false };
  controller.abort();
  return { cancelled: true };
}
