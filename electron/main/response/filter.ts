/**
 * Filters a JSON response body with a JSONPath expression (shared/jsonpath-query.ts) off the main
 * thread: a worker thread scans the body (a file on disk or text kept in memory) in chunks with
 * JsonPathStream (jsonpath-stream.ts), which parses only the values the query needs, and writes the
 * selected values as JSON text to a results file as they are found, masked by the stream redactor
 * on the way (the values were decoded from the body's JSON: a secret escaped in a way the body's
 * masking did not know is plain in them, and it must not reach the disk). A 1 GB body cannot be one
 * string or one parsed tree, and a filter may select hundreds of MB, so neither the body nor the
 * results are held whole: the main process formats the results file like a body (response/store.ts),
 * stays responsive, and a stop request or an out-of-memory failure ends only the worker.
 *
 * filterInThisThread is the work itself: the worker (filter-worker.ts) runs it, and so does this
 * thread when no built worker exists (unit tests run the TypeScript sources), so it is tested in
 * plain Vitest either way.
 */
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { compileJsonPath, type JsonPathQuery } from '../../../shared/jsonpath-query';
import { fsReason } from '../storage/fs-errors';
import { besideMainBundle, closeSentence, errorMessage, runWorkerJob } from '../workers/run-worker';
import { appendAll } from './append-all';
import { JsonPathStream } from './jsonpath-stream';
import { createRedactor, type Redactor } from './redactor';

/** What a filter wrote to its results file: JSON.stringify(results), compact, the secrets masked. */
export interface FilterRun {
  count: number;
  /** The results file's size. */
  bytes: number;
}

export type FilterPhase = 'reading' | 'parsing' | 'querying' | 'writing';

/** Coarse progress: the phase and, for reading, bytes done / total (other phases give the body's size for both). */
export interface FilterProgress {
  phase: FilterPhase;
  doneBytes: number;
  totalBytes: number;
  /** Bytes in the results file so far (masked and written: they may be read while the filter goes on). */
  resultBytes: number;
}

export interface FilterOptions {
  /** The body: a file holding UTF-8 JSON (the app streams large bodies to disk) … */
  file?: string;
  /** … or the text itself (small bodies kept in memory). */
  text?: string;
  /** The file's character encoding (the response's charset); default UTF-8. */
  encoding?: string;
  expression: string;
  /** Where the results go (created or truncated; the caller removes it). */
  resultsPath: string;
  /** Masked in the results as they are written (the request's secrets). */
  secrets?: readonly string[];
  signal?: AbortSignal;
  /** Coarse progress: the phase and, for reading, bytes done / total. */
  onProgress?(p: FilterProgress): void;
  /**
   * Where the built worker is; default: filter-worker.cjs next to this bundle (out/main). When
   * that file does not exist, the same work runs in this thread instead (see runJsonPathFilter).
   */
  workerFile?: string;
  /** Largest results file accepted, in bytes (default 256 MiB): above it, the filter is refused with a sentence asking to narrow it. */
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
  resultsPath: string;
  secrets?: readonly string[];
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
/** Result text gathered into one write of the results file. */
const WRITE_BATCH_CHARS = 1024 * 1024;

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

function tooMuchError(maxBytes: number): Error {
  const limit = maxBytes >= MiB ? `${Math.round(maxBytes / MiB)} MiB` : `${maxBytes.toLocaleString('en-US')} bytes`;
  return new Error(
    `The filter selected too much to show (more than ${limit} of JSON); narrow the expression, e.g. with a filter such as [?@.price.value > 100] or by picking fields such as .id.`,
  );
}

/**
 * Filters in this thread; rejects with a user-facing sentence. The body is scanned in chunks by
 * JsonPathStream (jsonpath-stream.ts), so memory follows the largest value the query has to hold,
 * not the body: phase 'reading' (bytes scanned / total) is the whole of the work, the results
 * written to job.resultsPath as they come (ResultFile); then 'writing' (the rest of them, and those
 * that had to be sorted first). A filter that refers to the root ($ inside [?…]) needs the whole
 * document for each test, so it is not streamed: the body is read whole and parsed (phases reading,
 * parsing, querying, writing), and refused with a sentence when it is larger than ROOT_FILTER_MAX_BYTES.
 * A stop request is seen between chunks and phases (in the whole-body path also every few thousand
 * nodes of the query, where a synchronous query sees it only if it is set synchronously).
 */
export async function filterInThisThread(
  job: FilterJob,
  hooks: { signal?: { aborted: boolean }; onProgress?: (progress: FilterProgress) => void } = {},
): Promise<FilterRun> {
  const { signal } = hooks;
  const query = compileJsonPath(job.expression);
  throwIfAborted(signal);
  const results = await ResultFile.create(job);
  const report = (phase: FilterPhase, doneBytes: number, totalBytes: number): void =>
    hooks.onProgress?.({ phase, doneBytes, totalBytes, resultBytes: results.bytes });
  try {
    if (query.plan.usesRoot) await filterWholeBody(query, job, results, signal, report);
    else await filterStreamed(query, job, results, signal, report);
    return await results.close();
  } finally {
    await results.release();
  }
}

type Report = (phase: FilterPhase, doneBytes: number, totalBytes: number) => void;

/** A way to filter (streamed, or the whole body at once): it claims every result on `results` and queues it. */
type FilterWay = (
  query: JsonPathQuery,
  job: FilterJob,
  results: ResultFile,
  signal: { aborted: boolean } | undefined,
  report: Report,
) => Promise<void>;

/** The streamed filter: results in document order are written as found; those with order keys after the scan, sorted. */
const filterStreamed: FilterWay = async (query, job, results, signal, report) => {
  const sorted = new SortedResults();
  const stream = new JsonPathStream(query.plan, (value, order) => {
    const part = results.claim(value);
    if (order === '') results.queue(part);
    else sorted.add(part, order);
  });
  const afterChunk = () => results.flush();
  let totalBytes: number;
  if (job.file !== undefined) {
    totalBytes = await scanFile(job.file, job.encoding, stream, afterChunk, signal, report);
  } else {
    const bytes = Buffer.from(job.text ?? '', 'utf8');
    totalBytes = bytes.length;
    report('reading', 0, totalBytes);
    for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) {
      stream.write(bytes.subarray(at, at + READ_CHUNK_BYTES));
      await afterChunk();
      await yieldToEvents();
      throwIfAborted(signal);
      report('reading', Math.min(at + READ_CHUNK_BYTES, totalBytes), totalBytes);
    }
  }
  stream.end();
  await yieldToEvents();
  throwIfAborted(signal);
  report('writing', totalBytes, totalBytes);
  await sorted.writeTo(results, signal);
};

/**
 * The results file: `[`, each result's compact JSON separated by commas, `]`, written in batches of
 * WRITE_BATCH_CHARS through the stream redactor (a secret cut between two batches is still found),
 * so no more than a batch of the results is held here. The limit counts the bytes of JSON as
 * results are claimed, so a filter selecting too much is refused as soon as it passes it.
 */
class ResultFile {
  private pending: string[] = [];
  private pendingChars = 0;
  private count = 0;
  /** Bytes of JSON claimed so far, `[` and `]` included. */
  private claimed = 2;
  private written = 0;
  /** What goes before the next batch: the opening bracket, then a comma. */
  private separator = '[';
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly redactor: Redactor | null,
    private readonly maxBytes: number,
  ) {}

  static async create(job: FilterJob): Promise<ResultFile> {
    try {
      const handle = await open(job.resultsPath, 'w');
      // The text written is UTF-8 whatever the body's charset (JSON.stringify, then Buffer.from).
      return new ResultFile(handle, createRedactor(job.secrets ?? []), job.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS);
    } catch (error) {
      throw unwritable(error);
    }
  }

  /** One more result's JSON text, counted against the limit (refused past it). */
  claim(value: unknown): string {
    const part = stringifyResult(value, this.maxBytes);
    this.claimed += Buffer.byteLength(part, 'utf8') + (this.count > 0 ? 1 : 0);
    if (this.claimed > this.maxBytes) throw tooMuchError(this.maxBytes);
    this.count++;
    return part;
  }

  /** A claimed result (or several, joined with commas), written with the next batch. */
  queue(part: string): void {
    this.pending.push(part);
    this.pendingChars += part.length;
  }

  /** Bytes written to the file so far. */
  get bytes(): number {
    return this.written;
  }

  /** Whether a batch's worth is queued. */
  get full(): boolean {
    return this.pendingChars >= WRITE_BATCH_CHARS;
  }

  /** Writes what is queued. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.separator + this.pending.join(',');
    this.separator = ',';
    this.pending = [];
    this.pendingChars = 0;
    await this.write(this.redactor ? this.redactor.push(Buffer.from(text, 'utf8')) : [Buffer.from(text, 'utf8')]);
  }

  private async write(pieces: Buffer[]): Promise<void> {
    if (pieces.length === 0) return;
    try {
      this.written += await appendAll(this.handle, pieces);
    } catch (error) {
      throw unwritable(error);
    }
  }

  /** Writes the rest and the closing bracket, and closes the file. */
  async close(): Promise<FilterRun> {
    await this.flush();
    const end = Buffer.from(this.separator === '[' ? '[]' : ']');
    await this.write(this.redactor ? [...this.redactor.push(end), ...this.redactor.end()] : [end]);
    await this.release();
    return { count: this.count, bytes: this.written };
  }

  /** Closes the file if it is still open (the caller removes it). */
  async release(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
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
  /** The results' order keys, one after another, and where each ends. */
  orders: string;
  orderEnds: Uint32Array;
}

/**
 * Results that carry order keys (see jsonpath-stream.ts): a later one may sort before an earlier
 * one until the scan ends, so their text and keys are kept (as text, never as parsed values) and
 * written sorted at the end.
 */
class SortedResults {
  private readonly blocks: ResultBlock[] = [];
  private parts: string[] = [];
  private orders: string[] = [];
  private lastOrder = '';
  private inOrder = true;

  add(part: string, order: string): void {
    this.parts.push(part);
    if (order < this.lastOrder) this.inOrder = false;
    this.lastOrder = order;
    this.orders.push(order);
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

  /** Queues the results on `file` in run()'s order (sorted by their keys when the stream gave them out of it). */
  async writeTo(file: ResultFile, signal: { aborted: boolean } | undefined): Promise<void> {
    this.seal();
    if (this.inOrder) {
      for (const block of this.blocks.splice(0)) await queueAndFlush(file, block.text, signal);
      return;
    }
    const parts: string[] = [];
    const orders: string[] = [];
    for (const block of this.blocks.splice(0)) {
      split(block.text, block.textEnds, 1, parts);
      split(block.orders, block.orderEnds, 0, orders);
    }
    throwIfAborted(signal);
    const ranks = parts.map((_, i) => i).sort((a, b) => (orders[a]! < orders[b]! ? -1 : 1));
    for (const i of ranks) await queueAndFlush(file, parts[i]!, signal);
  }
}

/** Queues a result and writes the batch once it is full (a stop request is seen between batches). */
async function queueAndFlush(file: ResultFile, part: string, signal: { aborted: boolean } | undefined): Promise<void> {
  file.queue(part);
  if (!file.full) return;
  throwIfAborted(signal);
  await file.flush();
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
  afterChunk: () => Promise<void>,
  signal: { aborted: boolean } | undefined,
  report: Report,
): Promise<number> {
  const handle = await openBody(file);
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
      await afterChunk();
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
const filterWholeBody: FilterWay = async (query, job, results, signal, report) => {
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
  for (const value of values) await queueAndFlush(results, results.claim(value), signal);
};

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
  report: Report,
): Promise<{ text: string; totalBytes: number }> {
  const handle = await openBody(file);
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

function unwritable(error: unknown): Error {
  const reason = fsReason(error);
  return new Error(`The filter's results could not be written: ${reason.what}. ${reason.todo}`);
}

/** The body's file, opened to read; a sentence when it cannot be. */
async function openBody(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw unreadable(error);
  }
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
  const job: FilterJob = {
    expression: options.expression,
    resultsPath: options.resultsPath,
    maxResultChars: options.maxResultChars,
  };
  if (options.secrets?.length) job.secrets = [...options.secrets];
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
