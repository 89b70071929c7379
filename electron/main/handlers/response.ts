/**
 * response:* — a received body read in pages, searched, filtered with JSONPath, copied from and
 * saved, all in the main process (see response/store.ts); plus progress and Cancel for the long
 * ones (searching or filtering 100 MB takes a moment).
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FilterResult, Progress, SearchResult } from '../../../shared/http-types';
import { charsetOf } from '../http/body';
import { describeFsError } from '../storage/fs-errors';
import { runJsonPathFilter } from '../response/filter';
import { createJsonStreamFormatter } from '../response/json-stream';
import type { LineFile } from '../response/line-file';
import type { KeptResponse, ResponseStore } from '../response/store';
import { cancelNamedJob, progressOf, type NamedJob } from '../workers/jobs';

/** A long piece of work on a body, named by the renderer so it can ask how far it is or cancel it. */
export interface Job extends NamedJob<Progress> {
  startedAt: number;
}

export interface ResponseDeps {
  store: ResponseStore;
  jobs: Map<string, Job>;
  writeClipboard?(text: string): void;
  /** Asks where to save (a native dialog in the app); null when the user cancels. */
  chooseSaveFile?(suggestedName: string): Promise<string | null>;
  /** Where the built filter worker is (see response/filter.ts). */
  filterWorkerFile?: string;
}

/** Copying more than this goes through a file instead (the clipboard is not the place for it). */
const MAX_COPY_CHARS = 64 * 1024 * 1024;

export async function readLines(deps: ResponseDeps, request: { viewId: string; from: number; count: number }) {
  const { lines } = deps.store.view(request.viewId);
  return { lineCount: lines.lineCount, lines: await lines.readLines(request.from, request.count) };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

async function asJob<T>(deps: ResponseDeps, jobId: string, phase: Progress['phase'], totalBytes: number, work: (job: Job) => Promise<T>, cancelled: string): Promise<T> {
  if (deps.jobs.has(jobId)) throw new Error('A job with this id is already running.');
  const job: Job = { controller: new AbortController(), progress: { phase, doneBytes: 0, totalBytes, bytesPerSecond: 0 }, startedAt: performance.now() };
  deps.jobs.set(jobId, job);
  try {
    return await work(job);
  } catch (error) {
    if (isAbort(error) || job.controller.signal.aborted) throw new Error(cancelled);
    throw error;
  } finally {
    deps.jobs.delete(jobId);
  }
}

function report(job: Job, phase: Progress['phase'], doneBytes: number, totalBytes: number | null): void {
  const seconds = (performance.now() - job.startedAt) / 1000;
  job.progress = { phase, doneBytes, totalBytes, bytesPerSecond: seconds > 0 ? Math.round(doneBytes / seconds) : 0 };
}

export async function searchView(
  deps: ResponseDeps,
  request: { viewId: string; jobId: string; query: string; caseSensitive: boolean; from?: number },
): Promise<SearchResult> {
  const { lines } = deps.store.view(request.viewId);
  return asJob(
    deps,
    request.jobId,
    'searching',
    lines.bytes,
    (job) =>
      lines.search(request.query, {
        caseSensitive: request.caseSensitive,
        skipMatches: request.from,
        signal: job.controller.signal,
        onProgress: (done, total) => report(job, 'searching', done, total),
      }),
    'Search cancelled.',
  );
}

function bodySize(kept: KeptResponse): number {
  return kept.body.kind === 'memory' ? kept.body.bytes.length : kept.body.bytes;
}

export async function filterResponse(deps: ResponseDeps, request: { responseId: string; jobId: string; expression: string }): Promise<FilterResult> {
  const kept = deps.store.response(request.responseId);
  if (kept.format !== 'json') {
    throw new Error(
      kept.format === 'text'
        ? 'The body is not valid JSON, so it cannot be filtered with JSONPath (use Search instead).'
        : 'Only a JSON body can be filtered with JSONPath.',
    );
  }
  return asJob(
    deps,
    request.jobId,
    'filtering',
    bodySize(kept),
    async (job) => {
      const source = kept.body.kind === 'memory' ? { text: deps.store.decode(kept, kept.body.bytes) } : { file: kept.body.path, encoding: charsetOf(kept.contentType) ?? undefined };
      const run = await runJsonPathFilter({
        ...source,
        expression: request.expression,
        workerFile: deps.filterWorkerFile,
        signal: job.controller.signal,
        onProgress: (p) => report(job, 'filtering', p.doneBytes, p.totalBytes),
      });
      // The values were decoded from the body's JSON: a secret escaped in a way the body's masking did not know is plain here.
      const json = kept.mask(run.json);
      const view = await deps.store.addView(request.responseId, 'json', async (writer) => {
        const formatter = createJsonStreamFormatter(writer);
        const PIECE = 1024 * 1024;
        for (let at = 0; at < json.length; at += PIECE) {
          if (job.controller.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
          formatter.write(json.slice(at, at + PIECE));
          report(job, 'filtering', at, json.length);
          // Let other calls (progress, pages of the body) in between pieces.
          if (at + PIECE < json.length) await new Promise((resolve) => setImmediate(resolve));
        }
        const ended = formatter.end();
        if (!ended.valid) throw new Error(`The filter's result could not be formatted: ${ended.message}`);
      });
      return { count: run.count, view };
    },
    'Filter cancelled.',
  );
}

export function jobProgress(deps: Pick<ResponseDeps, 'jobs'>, request: { jobId: string }): Progress | null {
  return progressOf(deps.jobs, request.jobId);
}

export function cancelJob(deps: Pick<ResponseDeps, 'jobs'>, request: { jobId: string }): { cancelled: boolean } {
  return cancelNamedJob(deps.jobs, request.jobId);
}

const EXTENSIONS: Array<[RegExp, string]> = [
  [/[/+]json\b/, '.json'],
  [/[/+]xml\b/, '.xml'],
  [/^text\/html/, '.html'],
  [/^text\/csv/, '.csv'],
  [/^text\//, '.txt'],
  [/^image\/png/, '.png'],
  [/^image\/jpe?g/, '.jpg'],
  [/^image\/gif/, '.gif'],
  [/^image\/webp/, '.webp'],
  [/^image\/svg/, '.svg'],
  [/^application\/pdf/, '.pdf'],
  [/^application\/zip/, '.zip'],
  [/^application\/gzip/, '.gz'],
];

/** A file name for a saved body: the URL's last path segment, with an extension from the content type. */
export function suggestedFileName(url: string, contentType: string, format: KeptResponse['format']): string {
  let stem = 'response';
  try {
    const segment = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '');
    const clean = segment.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 80);
    if (clean) stem = clean;
  } catch {
    // keep "response"
  }
  if (/\.[A-Za-z0-9]{1,5}$/.test(stem)) return stem;
  const type = contentType.toLowerCase();
  const ext = EXTENSIONS.find(([pattern]) => pattern.test(type))?.[1] ?? (format === 'json' ? '.json' : format === 'text' ? '.txt' : '.bin');
  return stem + ext;
}

/** The file name a filter result is offered under: the body's name with "-filtered" before a .json extension. */
export function filteredFileName(bodyFileName: string): string {
  const stem = bodyFileName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${stem}-filtered.json`;
}

/**
 * Writes the received body (or, with the `viewId` of a filter result, that result: its pretty JSON as
 * shown) to a file the user chooses in the main process's own dialog.
 */
export async function saveBody(deps: ResponseDeps, request: { responseId: string; viewId?: string }): Promise<{ saved: boolean; fileName?: string; bytes?: number }> {
  const kept = deps.store.response(request.responseId);
  const view = request.viewId === undefined ? null : deps.store.view(request.viewId);
  if (view && view.response !== kept) throw new Error('That filter result belongs to another response. Apply the filter again.');
  const result = view?.derived ? view : null; // the body's own view saves the body, as received
  if (!deps.chooseSaveFile) throw new Error('Saving files is not available here.');
  const bodyName = suggestedFileName(kept.url, kept.contentType, kept.format);
  const target = await deps.chooseSaveFile(result ? filteredFileName(bodyName) : bodyName);
  if (!target) return { saved: false };
  // Looked up again: ten newer responses may have come while the dialog was open.
  if (result) deps.store.view(request.viewId!);
  else deps.store.response(request.responseId);
  try {
    if (result) await copyFile(result.lines.path, target);
    else if (kept.body.kind === 'memory') await writeFile(target, kept.body.bytes);
    else await copyFile(kept.body.path, target);
  } catch (error) {
    throw new Error(describeFsError(error, `save the ${result ? 'filter result' : 'body'}`, basename(target)));
  }
  return { saved: true, fileName: basename(target), bytes: result ? result.lines.bytes : bodySize(kept) };
}

/** `"name": ` at the start of a pretty JSON line (after its indent). */
const KEY_PREFIX = /^"(?:[^"\\]|\\.)*": /;

/**
 * The value that starts on a line of a pretty JSON view, given the text from that line to the line
 * closing it: without its key and trailing comma, re-indented to the left; a string unquoted.
 */
export function valueFromLines(text: string): string {
  const indent = /^ */.exec(text)![0].length;
  let value = text.slice(indent).replace(KEY_PREFIX, '');
  if (value.endsWith(',')) value = value.slice(0, -1);
  if (value.includes('\n')) {
    const pad = new RegExp(`\n {0,${indent}}`, 'g');
    return value.replace(pad, '\n');
  }
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value;
    }
  }
  return value;
}

/** Lines from..to of a view as one text; too long a text gets a sentence saying what to do instead. */
async function readForCopy(lines: LineFile, from: number, to: number, tooLarge: string): Promise<string> {
  try {
    return await lines.readText(from, to, { maxChars: MAX_COPY_CHARS });
  } catch (error) {
    if (error instanceof RangeError) throw new Error(tooLarge);
    throw error;
  }
}

/**
 * Copies to the clipboard the value that starts on a line of a view (a whole object or array,
 * re-indented; a string unquoted), or with `all` the view's whole text as shown. The response's
 * secrets are masked again in what is copied (a string is decoded from its JSON escapes).
 */
export async function copyValue(deps: ResponseDeps, request: { viewId: string; line: number } | { viewId: string; all: true }): Promise<{ copied: boolean; characters: number }> {
  const { response, lines, format } = deps.store.view(request.viewId);
  if (!deps.writeClipboard) throw new Error('Copying is not available here.');
  let text: string;
  if ('all' in request) {
    const tooLarge = `The whole text is too large for the clipboard (over ${MAX_COPY_CHARS.toLocaleString('en-US')} characters); save it to a file instead.`;
    text = lines.lineCount === 0 ? '' : await readForCopy(lines, 0, lines.lineCount - 1, tooLarge);
  } else {
    if (request.line >= lines.lineCount) throw new Error('There is no such line in this body.');
    const [first] = await lines.readLines(request.line, 1, { maxChars: 1 });
    const lineText = await readForCopy(lines, request.line, first?.foldEnd ?? request.line, 'This value is too large to copy; save the body to a file instead.');
    text = format === 'json' ? valueFromLines(lineText) : lineText;
  }
  if (text === '') return { copied: false, characters: 0 };
  const value = response.mask(text);
  deps.writeClipboard(value);
  return { copied: true, characters: value.length };
}
