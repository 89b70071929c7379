/**
 * One send, as request:send runs it (handlers/request.ts): validation first (a secret variable whose
 * rule keeps it from the URL's origin stops the send), then credentials (added here, in the main
 * process), then the HTTP client, which keeps every secret at its origins on each hop; one
 * refresh-and-retry after a 401 that says the token expired; captures, checks (checks/evaluate.ts)
 * and history; cancel and progress by request id. Secrets used are kept out of the result the renderer gets.
 */
import type { HttpResponseResult, NetworkErrorResult, Progress, SendResult } from '../../../shared/http-types';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { findProblems } from '../../../shared/validate';
import { saysTokenExpired, withAuthHeaders, type AuthOutcome, type ResolvedAuth } from '../credentials/auth';
import { secretMasker } from '../credentials/secret-forms';
import { secretRoutingProblem, type BoundSecret } from '../credentials/secret-routing';
import type { HistoryDetail } from '../../../shared/collections';
import type { BodySink, ResponseHead } from '../http/body';
import { Cancellation, type HttpClient } from '../http/client';
import { runCaptures, type VariableOutcome } from '../variables/resolve';
import { evaluateChecks, responseForChecks } from '../checks/evaluate';
import { historyEntry } from '../history/entry';
import { createRateMeter, type RateMeter } from './rate-meter';

/** A request in flight: its Cancel, and how far its download has got (request:progress). */
export interface InFlight {
  cancellation: Cancellation;
  /** Settles when the send has ended (its body kept or dropped). */
  ended: Promise<void>;
  /** When the final response's headers came (the body starts). */
  headersAt: number | null;
  receivedBytes: number;
  totalBytes: number | null;
  /** The recent download rate (set when the headers come). */
  rate?: RateMeter;
}

export interface RequestDeps {
  client: Pick<HttpClient, 'send'>;
  timeoutMs(): number;
  /** The maximum response size (Settings). */
  maxResponseBytes(): number;
  inFlight: Map<string, InFlight>;
  /** Where a response body goes (kept by the response store); `secrets` are masked in it. */
  sink(head: ResponseHead, secrets: readonly string[]): BodySink;
  /** The text of a body kept by the store (a large one, sent to the renderer in pages), for captures and checks. */
  keptBodyText(responseId: string): Promise<string>;
  resolveVariables(request: OutgoingRequest): VariableOutcome;
  resolveAuth(request: OutgoingRequest): Promise<AuthOutcome>;
  /** `{{variables}}` in checks' expected values, resolved as for the request; throws a sentence for one without a value. */
  expectedValues(request: OutgoingRequest): (text: string) => string;
  /** Masks every secret the main process knows (credentials/known-secrets.ts): checks' labels and values. */
  maskKnown(text: string): string;
  /**
   * Binds the collection's and Globals' secrets that have no allowed origin yet to `origin` (their
   * first send) and keeps that; returns the secrets with their origins. Throws a sentence when it cannot.
   */
  bindSecrets(secrets: readonly BoundSecret[], origin: string): BoundSecret[];
  refreshToken(environmentId: string, userId: string): Promise<unknown>;
  /** Keeps values captured from a response for the next requests. */
  capture(collectionId: string | null, values: Array<{ variable: string; value: string }>): void;
  recordHistory(entry: HistoryDetail): void;
}

/** Masks secrets in the headers and URLs; the body was masked as it arrived (the sink). */
function redacted(
  result: HttpResponseResult | NetworkErrorResult,
  secrets: string[],
): HttpResponseResult | NetworkErrorResult {
  if (result.kind !== 'response' || secrets.length === 0) return result;
  const mask = secretMasker(secrets);
  return {
    ...result,
    finalUrl: mask(result.finalUrl),
    redirects: result.redirects.map((hop) => ({ ...hop, url: mask(hop.url) })),
    headers: result.headers.map(([name, value]) => [name, mask(value)] as [string, string]),
  };
}

/**
 * Captures (of a success) and the enabled checks read the response as the renderer may see it: a
 * secret the server echoed is masked there, so never captured, and shown masked in a check's values.
 * The body is read once for both, a large kept one from the response store.
 */
async function readResponse(
  deps: RequestDeps,
  written: OutgoingRequest,
  shown: HttpResponseResult,
  secrets: string[],
): Promise<void> {
  const captures = shown.status >= 200 && shown.status < 300 ? written.captures : [];
  const checks = (written.checks ?? []).filter((check) => check.enabled);
  if (captures.length === 0 && checks.length === 0) return;
  const body = await bodyText(deps, shown);
  const mask = secretMasker(secrets);
  if (captures.length > 0) {
    const { captured, problems: captureProblems } = runCaptures(captures, body, mask);
    deps.capture(written.collectionId, captured);
    Object.assign(shown, { captured, captureProblems });
  }
  if (checks.length > 0) {
    // After the captures: an expected value may use a value this very response gave.
    const resolve = deps.expectedValues(written);
    shown.checks = evaluateChecks(checks, responseForChecks(shown, body), resolve, (text) =>
      deps.maskKnown(mask(text)),
    );
  }
}

/** The body's text as shown; for a body too large to send whole, the kept body's (empty when it cannot be read). */
async function bodyText(deps: RequestDeps, shown: HttpResponseResult): Promise<string> {
  if (!shown.bodyView || !shown.responseId) return shown.body;
  try {
    return await deps.keptBodyText(shown.responseId);
  } catch {
    return '';
  }
}

export async function sendRequest(deps: RequestDeps, written: OutgoingRequest): Promise<SendResult> {
  const variables = deps.resolveVariables(written);
  if (!variables.ok) return { kind: 'rejected', requestId: written.requestId, problems: variables.problems };
  const request = variables.request;
  // The renderer checks too, but the main process never trusts it: nothing invalid goes out.
  const problems = findProblems(request, { resolved: true });
  if (problems.length > 0) return { kind: 'rejected', requestId: request.requestId, problems };
  const routing = secretRoutingProblem(request, variables.secrets);
  if (routing) return { kind: 'rejected', requestId: request.requestId, problems: [routing] };
  if (deps.inFlight.has(request.requestId)) throw new Error('A request with this id is already in flight.');
  const variableSecrets = variables.secrets.map((secret) => secret.value);

  const controller = new Cancellation();
  let markEnded = () => {};
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  const transfer: InFlight = { cancellation: controller, ended, headersAt: null, receivedBytes: 0, totalBytes: null };
  deps.inFlight.set(request.requestId, transfer);
  try {
    let outcome = await deps.resolveAuth(request);
    if (!outcome.ok) return { kind: 'rejected', requestId: request.requestId, problems: outcome.problems };
    let routes: BoundSecret[];
    try {
      routes = deps.bindSecrets(variables.secrets, new URL(request.url).origin);
    } catch (error) {
      return {
        kind: 'rejected',
        requestId: request.requestId,
        problems: [{ field: 'url', message: (error as Error).message }],
      };
    }
    // Another send may have bound a secret elsewhere while this one waited for its credentials.
    const rebound = secretRoutingProblem(request, routes);
    if (rebound) return { kind: 'rejected', requestId: request.requestId, problems: [rebound] };
    const send = (auth: ResolvedAuth) => {
      const masked = [...auth.secrets, ...variableSecrets];
      return deps.client.send(
        { ...request, headers: withAuthHeaders(request.headers, auth) },
        {
          timeoutMs: deps.timeoutMs(),
          cancellation: controller,
          maxResponseBytes: deps.maxResponseBytes(),
          secrets: [...auth.bound, ...routes],
          sink: (head) => deps.sink(head, masked),
          onHeaders(totalBytes) {
            transfer.headersAt = performance.now();
            transfer.totalBytes = totalBytes;
            transfer.receivedBytes = 0;
            transfer.rate = createRateMeter(transfer.headersAt);
          },
          onProgress(receivedBytes) {
            transfer.receivedBytes = receivedBytes;
            transfer.rate?.record(receivedBytes, performance.now());
          },
        },
      );
    };

    let auth = outcome.auth;
    let result = await send(auth);
    const user = auth.bearerUser;
    if (
      user &&
      result.kind === 'response' &&
      saysTokenExpired(result.status, result.headers, result.body) &&
      !controller.aborted
    ) {
      // The token expired on the server's clock: refresh once and try once more.
      const secrets = auth.secrets;
      try {
        await deps.refreshToken(user.environmentId, user.userId);
      } catch {
        return redacted(result, secrets);
      }
      outcome = await deps.resolveAuth(request);
      if (!outcome.ok) return redacted(result, secrets);
      auth = {
        ...outcome.auth,
        secrets: [...outcome.auth.secrets, ...secrets],
        bound: [...outcome.auth.bound, ...auth.bound],
      };
      // Both tokens are masked: the server may echo the expired one too.
      result = await send(auth);
    }
    const secrets = [...auth.secrets, ...variableSecrets];
    const shown = redacted(result, secrets);
    if (shown.kind === 'response') await readResponse(deps, written, shown, secrets);
    deps.recordHistory(historyEntry(written, request.url, shown, secrets));
    return shown;
  } finally {
    deps.inFlight.delete(request.requestId);
    markEnded();
  }
}

export function requestProgress(deps: Pick<RequestDeps, 'inFlight'>, request: { requestId: string }): Progress | null {
  const transfer = deps.inFlight.get(request.requestId);
  if (!transfer) return null;
  if (transfer.headersAt === null) return { phase: 'waiting', doneBytes: 0, totalBytes: null, bytesPerSecond: 0 };
  const done = transfer.receivedBytes;
  const finished = transfer.totalBytes !== null && done >= transfer.totalBytes;
  return {
    phase: finished ? 'formatting' : 'receiving',
    doneBytes: done,
    totalBytes: transfer.totalBytes,
    bytesPerSecond: transfer.rate?.rate(performance.now()) ?? 0,
  };
}

export async function cancelRequest(
  deps: Pick<RequestDeps, 'inFlight'>,
  request: { requestId: string },
): Promise<{ cancelled: boolean }> {
  const inFlight = deps.inFlight.get(request.requestId);
  if (!inFlight) return { cancelled: false };
  inFlight.cancellation.abort();
  return { cancelled: true };
}
