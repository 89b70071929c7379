/**
 * The run engine: the requests of a collection in tree order, once per iteration, through the
 * app's send path (send-path.ts), each response checked, and one event per request streamed to the
 * reporters as it is known. Nothing of a response is kept after its event: a run of 10,000
 * requests holds no more than a run of ten.
 *
 * With `parallel` above 1, requests start in order and up to that many are in flight, a request
 * waiting for the earlier requests it depends on (independence.ts); events still come in run order
 * (a finished request waits for the ones before it, at most `parallel` of them). The delay is
 * waited before each request but the first; `bail` starts nothing after the first failure, nor
 * does an aborted `signal` (the reports still end whole).
 */
import type { NetworkErrorResult, SendResult } from '../../../shared/http-types';
import type { RunRow } from '../../../shared/schemas/run';
import { evaluateChecks, responseForChecks } from '../checks/evaluate';
import type { RunCollection, RunItem } from './collection-source';
import type { DataRow } from './iteration-data';
import { dependencies } from './independence';
import type { RunSendPath } from './send-path';

/**
 * One request of a run, as every reporter gets it; its texts are masked. The same outcome as the
 * app's result row (one definition, `RunRow`), placed by its 1-based position instead of a row index.
 */
export type RequestEvent = Omit<RunRow, 'index' | 'requestId'> & {
  /** 1-based position in the whole run. */
  position: number;
};

export interface RunSummary {
  collection: string;
  iterations: number;
  /** Iterations with a failed request or check. */
  failedIterations: number;
  requests: number;
  /** Requests that got no response. */
  failedRequests: number;
  checks: number;
  failedChecks: number;
  /** Sum of the response times. */
  responseMs: number;
  durationMs: number;
  /** Stopped early by --bail. */
  bailed: boolean;
  /** Stopped early by the plan's signal (Ctrl-C, Cancel): requests in flight finished, nothing more started. */
  cancelled: boolean;
  passed: boolean;
}

export interface RunReporter {
  start?(info: { collection: string; iterations: number; requests: number }): void;
  request(event: RequestEvent): void;
  end(summary: RunSummary): void | Promise<void>;
}

export interface RunPlan {
  collection: RunCollection;
  items: RunItem[];
  /** One per iteration ({} when the iterations come from a count). */
  rows: DataRow[];
  delayMs: number;
  bail: boolean;
  /** Requests in flight at most; 1 runs them one after another. */
  parallel: number;
  /** The value of every variable by name, to see a capture used through another variable's value (independence.ts). */
  definitions: ReadonlyMap<string, string>;
  /** Aborted: start nothing more, let the requests in flight end, and report. */
  signal?: AbortSignal;
}

/** Waits `ms`, or less when the run is cancelled meanwhile (a Cancel never waits out a delay). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A request a Cancel came before (during its delay): nothing went out. */
function notSent(requestId: string): NetworkErrorResult {
  return {
    kind: 'network-error',
    requestId,
    statusKind: 'network-error',
    code: 'cancelled',
    message: 'The run was cancelled before this request was sent.',
    hint: '',
    timings: { totalMs: 0 },
  };
}

/** The error sentence of a result that is no response, or null. */
function errorOf(result: SendResult): string | null {
  if (result.kind === 'rejected') return result.problems.map((p) => p.message).join(' ');
  if (result.kind === 'network-error') return `${result.message} ${result.hint}`.trim();
  return null;
}

export async function runCollection(plan: RunPlan, path: RunSendPath, reporter: RunReporter): Promise<RunSummary> {
  const started = performance.now();
  const { items, rows } = plan;
  const perIteration = items.length;
  const total = rows.length * perIteration;
  const waits = dependencies(items, plan.definitions);
  const parallel = Math.max(1, plan.parallel);
  const summary: RunSummary = {
    collection: plan.collection.name,
    iterations: rows.length,
    failedIterations: 0,
    requests: 0,
    failedRequests: 0,
    checks: 0,
    failedChecks: 0,
    responseMs: 0,
    durationMs: 0,
    bailed: false,
    cancelled: false,
    passed: true,
  };
  reporter.start?.({ collection: plan.collection.name, iterations: rows.length, requests: total });

  const keyOf = (iteration: number) => `iteration-${iteration}`;
  const finished = new Map<number, RequestEvent>();
  let next = 0;
  let reported = 0;
  let inFlight = 0;
  let stopped = false;

  const execute = async (position: number): Promise<RequestEvent> => {
    const iteration = Math.floor(position / perIteration);
    const item = items[position % perIteration]!;
    const key = keyOf(iteration);
    if (position > 0 && plan.delayMs > 0) await sleep(plan.delayMs, plan.signal);
    const result = plan.signal?.aborted ? notSent(`run-${position}`) : await path.send(item, `run-${position}`, key);
    const enabled = item.request.checks.filter((check) => check.enabled);
    const response = result.kind === 'response' ? result : null;
    const checks =
      response && enabled.length > 0
        ? evaluateChecks(enabled, responseForChecks(response), path.resolver(key), path.mask)
        : [];
    const error = errorOf(result);
    return {
      iteration: iteration + 1,
      position: position + 1,
      name: item.request.name,
      folders: item.folders,
      method: item.request.method,
      url: path.mask(response ? response.finalUrl : path.resolver(key)(item.request.url)),
      status: response?.status ?? null,
      statusText: path.mask(response?.statusText ?? ''),
      timeMs: result.kind === 'rejected' ? 0 : result.timings.totalMs,
      sizeBytes: response?.bodyBytes ?? null,
      checks,
      error: error === null ? null : path.mask(error),
      notes: (response?.captureProblems ?? []).map(path.mask),
      passed: error === null && checks.every((check) => check.passed),
    };
  };

  /** A request whose handling hit a fault of the app's own (never expected): failed, with the fault's first line. */
  const faultEvent = (position: number, error: unknown): RequestEvent => {
    const item = items[position % perIteration]!;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      iteration: Math.floor(position / perIteration) + 1,
      position: position + 1,
      name: item.request.name,
      folders: item.folders,
      method: item.request.method,
      url: path.mask(item.request.url),
      status: null,
      statusText: '',
      timeMs: 0,
      sizeBytes: null,
      checks: [],
      error: path.mask(`The request could not be run: ${message}`),
      notes: [],
      passed: false,
    };
  };

  let lastFailedIteration = 0;
  const count = (event: RequestEvent) => {
    if (!event.passed && event.iteration !== lastFailedIteration) {
      summary.failedIterations++;
      lastFailedIteration = event.iteration;
    }
    summary.requests++;
    summary.responseMs += event.timeMs;
    if (event.error !== null) summary.failedRequests++;
    summary.checks += event.checks.length;
    summary.failedChecks += event.checks.filter((check) => !check.passed).length;
    if (!event.passed) summary.passed = false;
  };

  // A reporter that cannot write (a full disk) stops the run: nothing more starts, and the run rejects with its error.
  let reporterFailure: { error: unknown } | null = null;
  await new Promise<void>((resolve, reject) => {
    const ready = (position: number) => {
      const base = position - (position % perIteration);
      return waits[position % perIteration]!.every((index) => base + index < reported || finished.has(base + index));
    };
    const flush = () => {
      while (finished.has(reported)) {
        const event = finished.get(reported)!;
        finished.delete(reported);
        count(event);
        reporter.request(event);
        if (!event.passed && plan.bail) stopped = summary.bailed = true;
        reported++;
        if (reported % perIteration === 0) path.endIteration(keyOf(reported / perIteration - 1));
      }
    };
    const pump = () => {
      if (plan.signal?.aborted && !stopped && next < total) stopped = summary.cancelled = true;
      while (!stopped && next < total && inFlight < parallel && next - reported < parallel && ready(next)) {
        const position = next++;
        if (position % perIteration === 0)
          path.startIteration(keyOf(position / perIteration), rows[position / perIteration]!);
        inFlight++;
        void execute(position)
          .catch((error: unknown) => faultEvent(position, error))
          .then((event) => {
            inFlight--;
            finished.set(position, event);
            try {
              flush();
            } catch (error) {
              reporterFailure ??= { error };
              stopped = true;
            }
            pump();
          });
      }
      if (inFlight > 0 || (!stopped && next < total)) return;
      if (reporterFailure) reject(reporterFailure.error);
      else resolve();
    };
    plan.signal?.addEventListener('abort', pump, { once: true });
    pump();
  });
  summary.durationMs = Math.round(performance.now() - started);
  if (summary.cancelled) summary.passed = false;
  await reporter.end(summary);
  return summary;
}
