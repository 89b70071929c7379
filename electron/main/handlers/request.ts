/** request:send and request:cancel — validation first, then the HTTP client; cancel by request id. */
import type { OutgoingRequest, SendResult } from '../../../shared/http-types';
import { findProblems } from '../../../shared/validate';
import type { HttpClient } from '../http/client';

export interface RequestDeps {
  client: Pick<HttpClient, 'send'>;
  timeoutMs(): number;
  inFlight: Map<string, AbortController>;
}

export async function sendRequest(deps: RequestDeps, request: OutgoingRequest): Promise<SendResult> {
  // The renderer checks too, but the main process never trusts it: nothing invalid goes out.
  const problems = findProblems(request);
  if (problems.length > 0) return { kind: 'rejected', requestId: request.requestId, problems };
  if (deps.inFlight.has(request.requestId)) {
    throw new Error('A request with this id is already in flight.');
  }
  const controller = new AbortController();
  deps.inFlight.set(request.requestId, controller);
  try {
    return await deps.client.send(request, { timeoutMs: deps.timeoutMs(), signal: controller.signal });
  } finally {
    deps.inFlight.delete(request.requestId);
  }
}

export async function cancelRequest(deps: RequestDeps, request: { requestId: string }): Promise<{ cancelled: boolean }> {
  const controller = deps.inFlight.get(request.requestId);
  if (!controller) return { cancelled: false };
  controller.abort();
  return { cancelled: true };
}
