/**
 * A run row's response (runner:response) as the response pane shows a send's result, so that opening
 * a row shows what the run got in the same pane, colours and checks and all, as a send does.
 */
import type { SendResult } from '../../../../shared/http-types';
import type { RunRowResponse } from '../../../../shared/schemas/run';
import { statusKind } from '../../../../shared/status-codes';

/** What the response pane says for a row that got no response. */
export const NO_RESPONSE_HINT = 'Send the request from this tab to see what the server answers now.';

export function runRowResult({ row, response }: RunRowResponse, requestId: string): SendResult {
  if (!response)
    return {
      kind: 'network-error',
      requestId,
      statusKind: 'network-error',
      code: 'other',
      message: row.error ?? 'No response came for this request in the run.',
      hint: NO_RESPONSE_HINT,
      timings: { totalMs: row.timeMs },
    };
  return {
    kind: 'response',
    requestId,
    status: response.status,
    statusText: response.statusText,
    statusKind: statusKind(response.status),
    headers: response.headers,
    finalUrl: response.finalUrl,
    redirects: [],
    bodyBytes: response.bodyBytes,
    contentType: response.contentType,
    bodyFormat: response.bodyFormat,
    body: response.body,
    bodyTruncated: response.bodyTruncated,
    timings: { firstByteMs: response.timeMs, downloadMs: 0, totalMs: response.timeMs },
    ...(row.checks.length > 0 ? { checks: row.checks } : {}),
  };
}
