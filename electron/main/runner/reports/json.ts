/**
 * The json reporter: a summary shaped like newman's (run.stats, run.timings, run.executions with
 * each request, its response code, time and size, and its assertions), written as the run goes:
 * the executions first, the totals at the end. Newman's top-level `failures` list is left out (it
 * would repeat every failed assertion, held until the end); failed assertions carry their error.
 */
import type { RequestEvent, RunReporter, RunSummary } from '../engine';
import { ReportFile } from './report-file';

function execution(event: RequestEvent): unknown {
  return {
    iteration: event.iteration - 1,
    item: { name: event.name, folders: event.folders },
    request: { method: event.method, url: event.url },
    ...(event.status !== null
      ? {
          response: {
            code: event.status,
            status: event.statusText,
            responseTime: event.timeMs,
            responseSize: event.sizeBytes,
          },
        }
      : {}),
    ...(event.error !== null ? { requestError: { message: event.error } } : {}),
    assertions: event.checks.map((check) => ({
      assertion: check.label,
      skipped: false,
      ...(check.passed
        ? {}
        : {
            error: {
              name: 'AssertionError',
              message: check.error ?? `expected ${check.expected ?? ''}, got ${check.actual ?? ''}`,
              expected: check.expected,
              actual: check.actual,
            },
          }),
    })),
    ...(event.notes.length > 0 ? { notes: event.notes } : {}),
  };
}

/** `startedAt`: when the run started (epoch ms), for a report written after it. */
export function jsonReporter(path: string, startedAt = Date.now()): RunReporter {
  const file = new ReportFile(path);
  let first = true;
  return {
    start(info) {
      file.write(`{"collection":{"info":{"name":${JSON.stringify(info.collection)}}},"run":{"executions":[`);
    },
    request(event) {
      file.write(`${first ? '\n' : ',\n'}${JSON.stringify(execution(event))}`);
      first = false;
    },
    end(summary: RunSummary) {
      const stats = {
        iterations: { total: summary.iterations, pending: 0, failed: summary.failedIterations },
        requests: { total: summary.requests, pending: 0, failed: summary.failedRequests },
        assertions: { total: summary.checks, pending: 0, failed: summary.failedChecks },
      };
      const timings = {
        started: startedAt,
        completed: startedAt + summary.durationMs,
        responseAverage: summary.requests > 0 ? summary.responseMs / summary.requests : 0,
      };
      file.write(
        `\n],"stats":${JSON.stringify(stats)},"timings":${JSON.stringify(timings)},"bailed":${summary.bailed},"cancelled":${summary.cancelled}}}\n`,
      );
      file.close();
    },
  };
}
