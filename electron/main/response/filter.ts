/**
 * Filters a JSON response body with a JSONPath expression (shared/jsonpath-query.ts) off the main
 * thread: a worker thread scans the body (a file on disk or text kept in memory) in chunks with
 * JsonPathStream (jsonpath-stream.ts), which parses only the values the query needs, and writes the
 * selected values as JSON text. A 1 GB body cannot be one string or one parsed tree, and scanning
 * it takes seconds, so the main process stays responsive, memory follows the results rather than
 * the body, and a stop request or an out-of-memory failure ends only the worker.
 *
 * filterInThisThread is the work itself: the worker (filter-worker.ts) runs it, and so does this
 * thread when no built worker exists (unit tests run the TypeScript sources), so it is tested in
 * plain Vitest either way.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { compileJsonPath, type JsonPathQuery } from '../../../shared/jsonpath-query';
import { besideMainBundle, closeSentence, errorMessage, runWorkerJob } from '../workers/run-worker';
import { JsonPathStream } from './jsonpath-stream';

export interface FilterRun {
  /** The selected values, as compact JSON text of an array (JSON.stringify(results)). */
  json: string;
  count: number;
}

export type FilterPhase = 'reading' | 'parsing' | 'querying' | 'writing';

/** Coarse progress: the phase and, for reading, bytes done / total (other phases give the body's size for both). */
export interface FilterProgress {
  phase: FilterPhase;
  doneBytes: number;
  totalBytes: number;
}

export interface FilterOptions {
  /** The body: a file holding UTF-8 JSON (the app streams large bodies to disk) … */
  file?: string;
  /** … or the text itself (small bodies kept in memory). */
  text?: string;
  /** The file's character encoding (the response's charset); default UTF-8. */
  encoding?: string;
  expression: string;
  signal?: AbortSignal;
  /** Coarse progress: the phase and, for reading, bytes done / total. */
  onProgress?(p: FilterProgress): void;
  /**
   * Where the built worker is; default: filter-worker.cjs next to this bundle (out/main). When
   * that file does not exist, the same work runs in this thread instead (see runJsonPathFilter).
   */
  workerFile?: string;
  /** Largest result text accepted (default 256 MiB): above it, the filter is refused with a sentence asking to narrow it. */
  maxResultChars?: number;
  /** The worker's heap limit in MiB (default WORKER_HEAP_MB); past it the filter fails with a sentence about memory. */
  workerHeapMb?: number;
}

/** What filterInThisThread does, and what the worker is given (plain data: it is cloned into the worker). */
export interface FilterJob {
  file?: string;
  text?: string;
  /** The file's character encoding (a WHATWG label such as windows-1252); default UTF-8. */
  encoding?: string;
  expression: string;
  maxResultChars?: number;
}

export const DEFAULT_MAX_RESULT_CHARS = 256 * 1024 * 1024;

/**
 * The worker's heap limit. A streamed filter needs far less; this is for a filter that refers to $,
 * which loads the body whole (up to ROOT_FILTER_MAX_BYTES). A 200 MB body is a 200–400 MB string
 * (two bytes a character once it holds any non-Latin-1 text) and its parsed tree takes 2–6 times
 * the text (many small numbers cost most), plus the result's JSON: 2.5 GiB covers that. It stays well below 4 GiB because
 * Electron's V8 uses pointer compression with one cage per process, so the main process and the
 * worker share 4 GiB of heap: a worker allowed all of it could starve the main process.
 */
export const WORKER_HEAP_MB = 2560;

/** How much of the body is scanned between progress reports and stop checks. */
const READ_CHUNK_BYTES = 1024 * 1024;
const MiB = 1024 * 1024;
/** Results joined into one string at a time (see ResultBlock). */
const RESULTS_A_BLOCK = 4096;

/**
 * The largest body a filter that refers to the root ($ inside [?…]) loads whole: its text and parsed
 * tree take several times the body (see WORKER_HEAP_MB), and V8's longest string is about 512 MB.
 */
export const ROOT_FILTER_MAX_BYTES = 256 * MiB;

function abortError(): Error {
  const error = new Error('The filter was stopped.');
  error.name = 'AbortError';
  return error;
}

function throwIfAborted(signal: { aborted: boolean } | undefined): void {
  if (signal?.aborted) throw abortError();
}

/** Lets timers and I/O callbacks (a stop request among them) run between phases. */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const formatMiB = (mib: number): string => (mib >= 1024 ? `${+(mib / 1024).toFixed(1)} GiB` : `${mib} MiB`);

function tooMuchError(maxChars: number): Error {
  const limit =
    maxChars >= MiB ? `${Math.round(maxChars / MiB)} MiB` : `${maxChars.toLocaleString('en-US')} characters`;
  return new Error(
    `The filter selected too much to show (more than ${limit} of JSON); narrow the expression, e.g. with a filter such as [?@.price.value > 100] or by picking fields such as .id.`,
  );
}

/**
 * Filters in this thread; rejects with a user-facing sentence. The body is scanned in chunks by
 * JsonPathStream (jsonpath-stream.ts), so memory follows the largest value the query has to hold
 * and the results, not the body: phase 'reading' (bytes scanned / total) is the whole of the work,
 * then 'writing'. A filter that refers to the root ($ inside [?…]) needs the whole document for
 * each test, so it is not streamed: the body is read whole and parsed (phases reading, parsing,
 * querying, writing), and refused with a sentence when it is larger than ROOT_FILTER_MAX_BYTES.
 * A stop request is seen between chunks and phases (in the whole-body path also every few thousand
 * nodes of the query, where a synchronous query sees it only if it is set synchronously).
 */
export async function filterInThisThread(
  job: FilterJob,
  hooks: { signal?: { aborted: boolean }; onProgress?: (progress: FilterProgress) => void } = {},
): Promise<FilterRun> {
  const { signal } = hooks;
  const report = (phase: FilterPhase, doneBytes: number, totalBytes: number): void =>
    hooks.onProgress?.({ phase, doneBytes, totalBytes });
  const query = compileJsonPath(job.expression);
  throwIfAborted(signal);
  const maxChars = job.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS;
  if (query.plan.usesRoot) return filterWholeBody(query, job, signal, report);

  const results = new ResultList(maxChars);
  const stream = new JsonPathStream(query.plan, (value, order) => results.add(value, order));
  let totalBytes: number;
  if (job.file !== undefined) {
    totalBytes = await scanFile(job.file, job.encoding, stream, signal, report);
  } else {
    const bytes = Buffer.from(job.text ?? '', 'utf8');
    totalBytes = bytes.length;
    report('reading', 0, totalBytes);
    for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) {
      stream.write(bytes.subarray(at, at + READ_CHUNK_BYTES));
      await yieldToEvents();
      throwIfAborted(signal);
      report('reading', Math.min(at + READ_CHUNK_BYTES, totalBytes), totalBytes);
    }
  }
  stream.end();
  await yieldToEvents();
  throwIfAborted(signal);
  report('writing', totalBytes, totalBytes);
  return results.finish(signal);
}

/**
 * Results joined a block at a time: one string of JSON texts (and one of their order keys) for
 * RESULTS_A_BLOCK results, with where each ends, rather than two strings a result — millions of
 * small strings kept to the end cost several times their text and keep the collector busy.
 */
interface ResultBlock {
  text: string;
  /** The end of each result in text (each but the last is followed by a comma). */
  textEnds: Uint32Array;
  /** The results' order keys, one after another ('' when they had none), and where each ends. */
  orders: string;
  orderEnds: Uint32Array;
}

/** JSON.stringify(results) built as results arrive, refused as soon as it would pass maxChars. */
class ResultList {
  private readonly blocks: ResultBlock[] = [];
  private parts: string[] = [];
  private orders: string[] = [];
  private lastOrder = '';
  private inOrder = true;
  private count = 0;
  private chars = 2;

  constructor(private readonly maxChars: number) {}

  add(value: unknown, order: string): void {
    const part = stringifyResult(value, this.maxChars);
    this.chars += part.length + (this.count > 0 ? 1 : 0);
    if (this.chars > this.maxChars) throw tooMuchError(this.maxChars);
    this.count++;
    this.parts.push(part);
    if (order !== '') {
      if (order < this.lastOrder) this.inOrder = false;
      this.lastOrder = order;
      this.orders.push(order);
    }
    if (this.parts.length >= RESULTS_A_BLOCK) this.seal();
  }

  private seal(): void {
    if (this.parts.length === 0) return;
    this.blocks.push({
      text: this.parts.join(','),
      textEnds: endsOf(this.parts, 1),
      orders: this.orders.join(''),
      orderEnds: endsOf(this.orders, 0),
    });
    this.parts = [];
    this.orders = [];
  }

  /** The results in run()'s order: sorted by their order keys when the stream gave them out of it (see jsonpath-stream.ts). */
  finish(signal: { aborted: boolean } | undefined): FilterRun {
    this.seal();
    if (this.inOrder) return { json: `[${this.blocks.map((block) => block.text).join(',')}]`, count: this.count };
    const parts: string[] = [];
    const orders: string[] = [];
    for (const block of this.blocks) {
      split(block.text, block.textEnds, 1, parts);
      split(block.orders, block.orderEnds, 0, orders);
    }
    throwIfAborted(signal);
    const ranks = parts.map((_, i) => i).sort((a, b) => (orders[a]! < orders[b]! ? -1 : 1));
    throwIfAborted(signal);
    return { json: `[${ranks.map((i) => parts[i]!).join(',')}]`, count: this.count };
  }
}

/** Where each string ends once they are joined with `gap` characters between them. */
function endsOf(strings: string[], gap: number): Uint32Array {
  const ends = new Uint32Array(strings.length);
  let end = -gap;
  for (let i = 0; i < strings.length; i++) ends[i] = end += gap + strings[i]!.length;
  return ends;
}

/** Appends the strings that `ends` (with `gap` characters between them) mark out in `text`. */
function split(text: string, ends: Uint32Array, gap: number, out: string[]): void {
  let start = 0;
  for (const end of ends) {
    out.push(text.slice(start, end));
    start = end + gap;
  }
}

/** The body as the TextDecoder of its encoding would give it, as UTF-8 bytes; null for UTF-8 itself. */
function transcoder(encoding: string | undefined): ((bytes: Buffer, last: boolean) => Buffer) | null {
  if (!encoding || /^utf-?8$/i.test(encoding)) return null;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    return null; // unknown label: read as UTF-8
  }
  return (bytes, last) => Buffer.from(decoder.decode(bytes, { stream: !last }), 'utf8');
}

/** Feeds the file to the stream in chunks (so progress and stop requests get through); returns its size. */
async function scanFile(
  file: string,
  encoding: string | undefined,
  stream: JsonPathStream,
  signal: { aborted: boolean } | undefined,
  report: (phase: FilterPhase, doneBytes: number, totalBytes: number) => void,
): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const { size } = await handle.stat();
    const toUtf8 = transcoder(encoding);
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, Math.max(size, 1)));
    let done = 0;
    report('reading', 0, size);
    while (done < size) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - done), done));
      } catch (error) {
        throw unreadable(error);
      }
      if (bytesRead === 0) break;
      done += bytesRead;
      const chunk = buffer.subarray(0, bytesRead);
      stream.write(toUtf8 ? toUtf8(chunk, done >= size) : chunk);
      throwIfAborted(signal);
      report('reading', done, size);
    }
    return size;
  } finally {
    await handle.close();
  }
}

/**
 * A filter that refers to the root ($ inside [?…]) tests each candidate against the whole document,
 * which one pass over the bytes cannot give, so the body is loaded and parsed whole (today's way),
 * up to ROOT_FILTER_MAX_BYTES: a larger body is refused with a sentence saying what to do instead.
 */
async function filterWholeBody(
  query: JsonPathQuery,
  job: FilterJob,
  signal: { aborted: boolean } | undefined,
  report: (phase: FilterPhase, doneBytes: number, totalBytes: number) => void,
): Promise<FilterRun> {
  let text: string;
  let totalBytes: number;
  if (job.file !== undefined) {
    ({ text, totalBytes } = await readBody(job.file, job.encoding, signal, report));
  } else {
    text = job.text ?? '';
    totalBytes = Buffer.byteLength(text, 'utf8');
    report('reading', totalBytes, totalBytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  await yieldToEvents();
  throwIfAborted(signal);

  report('parsing', totalBytes, totalBytes);
  const document = parseBody(text);
  // Drops the only reference to the (possibly huge) text, so it can be collected while the document is walked.
  // eslint-disable-next-line no-useless-assignment -- the assignment's effect is on the garbage collector
  text = '';
  await yieldToEvents();
  throwIfAborted(signal);

  report('querying', totalBytes, totalBytes);
  const values = query.run(document, { signal });
  await yieldToEvents();
  throwIfAborted(signal);

  report('writing', totalBytes, totalBytes);
  const results = new ResultList(job.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS);
  for (let i = 0; i < values.length; i++) {
    results.add(values[i], '');
    if ((i & 1023) === 1023) throwIfAborted(signal);
  }
  return results.finish(signal);
}

/** The bytes as text in the given encoding; UTF-8 when none is given or it is not one Node knows. */
function decode(bytes: Buffer, encoding: string | undefined): string {
  if (encoding && !/^utf-?8$/i.test(encoding)) {
    try {
      return new TextDecoder(encoding).decode(bytes);
    } catch {
      // unknown label: UTF-8 below
    }
  }
  return bytes.toString('utf8');
}

/** The file as text (its BOM still there), read in chunks so progress and stop requests get through. */
async function readBody(
  file: string,
  encoding: string | undefined,
  signal: { aborted: boolean } | undefined,
  report: (phase: FilterPhase, doneBytes: number, totalBytes: number) => void,
): Promise<{ text: string; totalBytes: number }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const { size } = await handle.stat();
    if (size > ROOT_FILTER_MAX_BYTES) throw rootTooLargeError();
    const buffer = Buffer.allocUnsafe(size);
    let done = 0;
    report('reading', 0, size);
    while (done < size) {
      const { bytesRead } = await handle.read(buffer, done, Math.min(READ_CHUNK_BYTES, size - done), done);
      if (bytesRead === 0) break;
      done += bytesRead;
      throwIfAborted(signal);
      report('reading', done, size);
    }
    return { text: decode(buffer.subarray(0, done), encoding), totalBytes: size };
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error instanceof RootFilterTooLargeError))
      throw error;
    throw unreadable(error);
  } finally {
    await handle.close();
  }
}

/** A filter that refers to $ over a body too large to load whole. */
class RootFilterTooLargeError extends Error {
  override name = 'RootFilterTooLargeError';
}

function rootTooLargeError(): Error {
  return new RootFilterTooLargeError(
    `This filter refers to the whole body with $ inside [?…], which needs the whole body in memory, and the body is larger than ${formatMiB(ROOT_FILTER_MAX_BYTES / MiB)}; ` +
      'use paths from @ only, e.g. [?@.price.value > 100], or write the value itself instead of the $ path.',
  );
}

function unreadable(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new Error('The body is no longer on disk, so it cannot be filtered; send the request again.');
  return new Error(`The body could not be read, so it cannot be filtered: ${closeSentence(errorMessage(error))}`);
}

function parseBody(text: string): unknown {
  if (text.trim() === '') throw new Error('The body is empty, so there is nothing to filter.');
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw new Error('The body nests too deeply to be filtered.');
    throw new Error(`The body is not valid JSON, so it cannot be filtered: ${closeSentence(errorMessage(error))}`);
  }
}

/** One result as JSON text; a sentence when it cannot be written. */
function stringifyResult(value: unknown, maxChars: number): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    // "Invalid string length": a single value longer than V8's longest string.
    if (error instanceof RangeError && /string length/i.test(error.message)) throw tooMuchError(maxChars);
    if (error instanceof RangeError) throw new Error('A selected value nests too deeply to be written as JSON.');
    throw error;
  }
}

/**
 * Selects values of a JSON body with a JSONPath expression. Rejects with an Error whose message
 * is a user-facing sentence: a bad expression (compiled here first, so syntax errors come back at
 * once, without a worker), a body that is not JSON, too large a result, a worker that died, or an
 * AbortError when the signal aborts (the worker is terminated at once).
 */
export function runJsonPathFilter(options: FilterOptions): Promise<FilterRun> {
  try {
    compileJsonPath(options.expression);
  } catch (error) {
    return Promise.reject(error);
  }
  if ((options.file === undefined) === (options.text === undefined)) {
    return Promise.reject(new TypeError('runJsonPathFilter needs either file or text.'));
  }
  if (options.signal?.aborted) return Promise.reject(abortError());
  const job: FilterJob = { expression: options.expression, maxResultChars: options.maxResultChars };
  if (options.file !== undefined) {
    job.file = options.file;
    if (options.encoding) job.encoding = options.encoding;
  } else job.text = options.text;

  const workerFile = options.workerFile ?? besideMainBundle('filter-worker.cjs');
  if (!existsSync(workerFile)) {
    // No built worker beside this module: unit tests run the TypeScript sources, where there is
    // none. The same code then runs in this thread, which it blocks while parsing and querying;
    // a stop request is seen between file chunks and phases, not in the middle of JSON.parse.
    return filterInThisThread(job, { signal: options.signal, onProgress: options.onProgress });
  }
  return runInWorker(workerFile, job, options);
}

function runInWorker(workerFile: string, job: FilterJob, options: FilterOptions): Promise<FilterRun> {
  const heapMb = options.workerHeapMb ?? WORKER_HEAP_MB;
  return runWorkerJob<FilterRun, FilterProgress>(workerFile, {
    data: job,
    signal: options.signal,
    onProgress: options.onProgress,
    heapMb,
    what: 'The filter',
    outOfMemory:
      `The filter ran out of memory (it may use ${formatMiB(heapMb)}), so the body is too large to filter this way; ` +
      'try a smaller response or a narrower expression.',
    abortError,
  });
}
