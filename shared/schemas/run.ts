/**
 * A collection run in the app (runner:* channels): what the window asks for, and the rows and
 * progress it reads back. The rows of a run live in a file in the main process, so the window reads
 * them in pages (a run of 10,000 requests is never one answer); every text in a row is masked.
 */
import * as z from 'zod/mini';
import type { CheckResult } from './check';
import { environmentIdSchema } from './environment';
import { idSchema } from './name';

/** Requests one run sends at most (iterations × requests). */
export const MAX_RUN_REQUESTS = 100_000;
/** Iterations one run asks for at most. */
export const MAX_RUN_ITERATIONS = 10_000;
/** Rows one runner:progress or runner:results answer carries at most. */
export const RUN_ROWS_PER_ANSWER = 500;
/** Requests a run keeps in flight at most. */
export const MAX_RUN_PARALLEL = 32;

const idList = z.array(idSchema).check(z.minLength(1), z.maxLength(10_000));

export const runStartSchema = z
  .strictObject({
    collectionId: idSchema,
    /** Run these folders only (each with everything under it), in tree order. */
    folderIds: z.optional(idList),
    /** Run these requests only, in tree order (not in the order given). */
    requestIds: z.optional(idList),
    /** null: "any URL", no environment (no credentials). */
    environmentId: z.nullable(environmentIdSchema),
    /** Without it: 1, or with a data file, one per row (more than its rows repeats its last row). */
    iterations: z.optional(
      z
        .int()
        .check(
          z.gte(1, 'A run has at least one iteration.'),
          z.lte(MAX_RUN_ITERATIONS, `A run has at most ${MAX_RUN_ITERATIONS} iterations.`),
        ),
    ),
    /** The data file chosen through runner:chooseDataFile. */
    dataFileId: z.optional(idSchema),
    /** Waited before each request but the first. */
    delayMs: z.int().check(z.gte(0), z.lte(600_000, 'A delay is at most 600,000 ms (ten minutes).')),
    /** Stop at the first failure. */
    bail: z.boolean(),
    /** Requests in flight at most (requests that use an earlier one's capture still wait for it). */
    parallel: z.optional(
      z.int().check(z.gte(1), z.lte(MAX_RUN_PARALLEL, `A run has at most ${MAX_RUN_PARALLEL} requests in flight.`)),
    ),
  })
  .check(
    z.refine((start) => !(start.folderIds && start.requestIds), {
      message: 'Run folders or a selection of requests, not both.',
      path: ['requestIds'],
    }),
  );
export type RunStart = z.infer<typeof runStartSchema>;

const runId = idSchema;
const from = z.int().check(z.gte(0));

export const runProgressRequestSchema = z.strictObject({ runId, from });

export const runResultsRequestSchema = z.strictObject({
  runId,
  /** With failedOnly, counted among the failed rows. */
  from,
  count: z.int().check(z.gte(1), z.lte(RUN_ROWS_PER_ANSWER)),
  failedOnly: z.boolean(),
});

export const runIdRequestSchema = z.strictObject({ runId });

export const runExportRequestSchema = z.strictObject({ runId, format: z.enum(['json', 'junit']) });

export const runRowRequestSchema = z.strictObject({ runId, index: from });

/** One request of a run as the results list shows it; every text masked. */
export interface RunRow {
  /** 0-based position in the run. */
  index: number;
  /** 1-based. */
  iteration: number;
  /** The request's id in the collection (to open it, or to run the failed ones again). */
  requestId: string;
  name: string;
  /** The folders it is in, outermost first. */
  folders: string[];
  method: string;
  /** The URL as sent (variables resolved). */
  url: string;
  /** null when no response came. */
  status: number | null;
  statusText: string;
  timeMs: number;
  /** Bytes of the body as received; null when no response came. */
  sizeBytes: number | null;
  checks: CheckResult[];
  /** Why no response came (refused before sending, a network error), in a sentence. */
  error: string | null;
  /** Captures that found nothing, each in a sentence (not a failure by themselves). */
  notes: string[];
  passed: boolean;
}

/** running → one of the others, once. `error`: the run stopped on a fault (a full disk), said in `error`. */
export type RunState = 'running' | 'finished' | 'bailed' | 'cancelled' | 'error';

export interface RunStarted {
  runId: string;
  /** Requests the run will send (iterations × requests). */
  total: number;
  /** Sentences about the set-up (a certificate that could not be read). */
  warnings: string[];
}

export interface RunProgress {
  runId: string;
  state: RunState;
  /** Requests the run will send; fewer are done when it is cancelled or bailed. */
  total: number;
  done: number;
  /** Rows that passed and failed so far (a failed row: no response, or a check failed). */
  passed: number;
  failed: number;
  checks: number;
  failedChecks: number;
  durationMs: number;
  /** Rows `from`… in order, at most RUN_ROWS_PER_ANSWER: ask again from `from + rows.length`. */
  rows: RunRow[];
  /** For state `error`: what stopped the run. */
  error?: string;
}

export interface RunResults {
  /** Rows there are (with failedOnly, the failed ones) so far. */
  total: number;
  rows: RunRow[];
}

export interface RunDataFile {
  /** Names the file in runner:start; the path stays in the main process. */
  dataFileId: string;
  fileName: string;
  rows: number;
  /** The variables its columns give. */
  columns: string[];
}

/**
 * The response of one row to open in a tab: the request's row, and the response as a send shows it
 * (headers, the body up to a cap with bodyTruncated, masked), or why there was none.
 */
export interface RunRowResponse {
  row: RunRow;
  response: {
    status: number;
    statusText: string;
    headers: Array<[string, string]>;
    contentType: string;
    finalUrl: string;
    bodyFormat: 'json' | 'text' | 'binary' | 'empty';
    body: string;
    /** The body was cut at the cap the run keeps. */
    bodyTruncated: boolean;
    bodyBytes: number;
    timeMs: number;
  } | null;
}
