/** What history keeps of a sent request: the request as the user wrote it, with secrets masked. */
import { randomUUID } from 'node:crypto';
import type { HistoryDetail } from '../../../shared/collections';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import type { SendResult } from '../../../shared/http-types';
import type { CheckResult } from '../../../shared/schemas/check';
import { secretMasker } from '../credentials/secret-forms';

/** Header names whose values are credentials whatever the request says. */
const SENSITIVE = /^(authorization|proxy-authorization|cookie|x-api-key)$|token|secret|password|api-?key/i;
/** A value that is only a {{variable}} reference (kept: it shows which variable was used, not its value). */
const ONLY_VARIABLE = /^\{\{[^}]+\}\}$/;

/** Only the counts: a check's label and values may hold what the response said, and history keeps no response. */
function checkCounts(results: readonly CheckResult[]): { passed: number; failed: number } {
  const passed = results.filter((result) => result.passed).length;
  return { passed, failed: results.length - passed };
}

export function historyEntry(
  request: OutgoingRequest,
  sentUrl: string,
  result: Exclude<SendResult, { kind: 'rejected' }>,
  secrets: string[],
): HistoryDetail {
  const mask = secretMasker(secrets);
  const response = result.kind === 'response' ? result : null;
  return {
    id: randomUUID(),
    at: Date.now(),
    method: request.method,
    url: mask(sentUrl),
    status: response?.status ?? null,
    outcome: result.kind === 'response' ? `${result.status} ${result.statusText}`.trim() : result.message,
    statusKind: result.statusKind,
    totalMs: result.timings.totalMs,
    bodyBytes: response?.bodyBytes ?? null,
    ...(response?.checks?.length ? { checks: checkCounts(response.checks) } : {}),
    environmentId: request.environmentId,
    collectionId: request.collectionId,
    requestDocId: null,
    request: {
      method: request.method,
      url: mask(request.url),
      headers: request.headers.map((row) => ({
        name: row.name,
        value:
          SENSITIVE.test(row.name.trim()) && row.value && !ONLY_VARIABLE.test(row.value.trim())
            ? '••••'
            : mask(row.value),
        enabled: row.enabled,
        ...(row.origin === 'default' ? { origin: 'default' as const } : {}),
      })),
      body: mask(request.body),
      auth: request.auth,
    },
  };
}
