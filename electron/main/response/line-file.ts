/**
 * Lines on disk: a writer that appends lines (and fold ranges) to a UTF-8 file in big asynchronous
 * batches while keeping an index of where lines start, and a reader over the file that reads lines
 * in pages, searches them in chunks and copies line ranges. Only the index stays in memory, about
 * a third of a byte a line (a 1 GB body has some 55 million lines), so that a 1 GB body's index
 * takes some 20 MB, not the 170 MB that a length for each line took:
 * - where every 64th line starts (8 bytes a block of 64 lines). A line's start is found by counting
 *   the '\n's from its block's start, in the bytes a page or a search reads anyway (at most 63
 *   short lines more); the few lines of more than LONG_LINE_CHARS characters have their length in
 *   bytes kept, so a walk skips them without reading them;
 * - 2 bits a line for folds (once there is one): whether a fold opens and whether one closes on it.
 *   Folds nest as a JSON document's brackets do, so a fold's end is where the count of opened and
 *   closed folds after its start comes back to zero; folds of LONG_FOLD_LINES lines or more have
 *   their end kept apart, so that count never goes further than that.
 */
import { open, unlink, type FileHandle } from 'node:fs/promises';
import {
  SEARCH_MATCHES_PER_ANSWER,
  type BodyLine,
  type SearchMatch,
  type SearchResult,
} from '../../../shared/http-types';

/**
 * Characters of lines gathered before they are encoded. Small, so that the line strings die young
 * (a scavenge then copies little); the encoded batches go to the file about WRITE_BYTES at a time.
 */
const BATCH_CHARS = 64 * 1024;
/**
 * Lines are encoded into slabs of this many bytes, reused once written: a new buffer for each
 * batch, freed only when a full garbage collection found it, left the formatting thread's malloc
 * arena fragmented (some 60 MB more RSS at 1 GB).
 */
const WRITE_BYTES = 1 << 20;
/** Written batches waiting for the disk above which drain() makes a producer wait. */
const MAX_QUEUED_BYTES = 8 << 20;
/**
 * Lines longer than this (UTF-16 units) have their length in characters and in bytes kept, so a
 * page can cut them and a walk from a block's start can skip them without reading them.
 */
const LONG_LINE_CHARS = 1024;
/** The most bytes a line of at most LONG_LINE_CHARS characters takes, with its '\n'. */
const SHORT_LINE_BYTES = 3 * LONG_LINE_CHARS + 1;
/** Bytes read at a time to find where a block's lines start. */
const WALK_BYTES = 64 * 1024;
/** Blocks whose line starts a reader keeps (a page's and a search's latest). */
const CACHED_BLOCKS = 256;
const DEFAULT_MAX_CHARS = 10_000;
const DEFAULT_MAX_MATCHES = SEARCH_MATCHES_PER_ANSWER;
const DEFAULT_CHUNK_BYTES = 4 << 20;
const DEFAULT_MAX_TEXT_CHARS = 64 * 1024 * 1024;
/** A page's lines are read with one read each run of at most this many bytes. */
const MAX_RUN_BYTES = 1 << 20;
/** Folds this many lines long or longer have their end kept in `longFolds`; shorter ones are found by counting. */
const LONG_FOLD_LINES = 4096;
/** In `folds`, 2 bits a line: a fold (shorter than LONG_FOLD_LINES) opens on it, one closes on it. */
const FOLD_OPENS = 1;
const FOLD_CLOSES = 2;
/** Lines a block: `marks` holds where each block's first line starts. */
const BLOCK_SHIFT = 6;
const BLOCK_LINES = 1 << BLOCK_SHIFT;
/** Lines the index has room for at first (it doubles as needed). */
const FIRST_CAPACITY = 4096;

export interface LineFileWriter {
  /** Appends one line (the text has no '\n'). */
  line(text: string): void;
  /**
   * A fold from startLine to endLine (startLine already given). Folds must nest as a document's
   * brackets do, each line opening and closing at most one: a short fold's end is found by counting
   * the folds opened and closed after its start. Only folds of LONG_FOLD_LINES or more may overlap.
   */
  fold(startLine: number, endLine: number): void;
  readonly lineCount: number;
  /** UTF-8 bytes written so far (lines plus the '\n' between them). */
  readonly bytes: number;
  /**
   * Resolves once the batches waiting for the disk are below a few MB. A producer that can wait
   * (a paused socket) awaits it between chunks so that a slow disk does not fill the memory.
   */
  drain(): Promise<void>;
  /** Flushes and closes the file; resolves with its reader. */
  finish(): Promise<LineFile>;
  /**
   * The lines on disk so far, for a reader in another thread (the writer must be made with
   * `{ progress: true }`); null when none is there yet or nothing changed since the last call.
   */
  takeProgress(): LineProgress | null;
  /** Writes every line given so far, however few; resolves once they are on disk. */
  settle(): Promise<void>;
  /** Flushes and closes the file; resolves with the last progress (every line). */
  finishProgress(): Promise<LineProgress>;
  /** Stops and deletes the file (`keepFile`: only stops; a reader in another thread may still have it). */
  discard(options?: { keepFile?: boolean }): Promise<void>;
}

export interface LineFile {
  readonly path: string;
  readonly lineCount: number;
  readonly bytes: number;
  /**
   * Lines [from, from+count) clamped to the file; each cut to maxChars (default 10_000) UTF-16 units with `cut` =
   * characters left out; `foldEnd` set for lines that open a fold. Must stay fast even if one line is 50 MB long
   * (never read more than needed of a huge line).
   */
  readLines(from: number, count: number, opts?: { maxChars?: number }): Promise<BodyLine[]>;
  /**
   * Finds every occurrence of query in the lines (matches never span lines; occurrences do not
   * overlap: after a match the search goes on after its end, as an editor's find does).
   *
   * Case folding when caseSensitive is false: a query of ASCII characters folds A–Z to a–z only
   * (bytes compared directly, fast); a query with non-ASCII characters takes a slower path that
   * decodes whole lines and compares String.prototype.toLowerCase() of both sides (a character
   * whose lower case has another length, like 'İ', is compared as it is, so columns stay right).
   *
   * Matches are counted in full; maxMatches of them (default 10_000) are returned with line and
   * column (UTF-16 units of the full line text), from the match numbered skipMatches (default 0) on. onProgress(doneBytes, totalBytes) after each chunk.
   * Rejects with an Error named 'AbortError' when signal aborts. Reads the file in chunks
   * (chunkBytes, default 4 MiB; smaller in tests), each read awaited, never the whole file.
   */
  search(
    query: string,
    opts: {
      caseSensitive: boolean;
      maxMatches?: number;
      skipMatches?: number;
      signal?: AbortSignal;
      onProgress?(doneBytes: number, totalBytes: number): void;
      chunkBytes?: number;
    },
  ): Promise<SearchResult>;
  /** Lines fromLine..toLine inclusive joined with '\n' (used to copy a whole object); throws if more than maxChars (default 64 MiB) would be read. */
  readText(fromLine: number, toLine: number, opts?: { maxChars?: number }): Promise<string>;
  /** Closes file handles (the file stays; the owner deletes it). */
  close(): Promise<void>;
}

/**
 * What a finished line file's reader needs: plain data, so a writer in a worker thread can hand it
 * to the main thread (the typed arrays' buffers transferred, not copied).
 */
export interface LineIndex {
  path: string;
  lineCount: number;
  bytes: number;
  /** Per block of BLOCK_LINES lines: where its first line starts. */
  marks: Float64Array;
  /** Per line longer than LONG_LINE_CHARS: its UTF-8 bytes. */
  longBytes: Map<number, number>;
  /** 2 bits a line (FOLD_OPENS, FOLD_CLOSES), 4 lines a byte; null while there is no fold. */
  folds: Uint8Array | null;
  /** Per line opening a fold of LONG_FOLD_LINES lines or more: the line where it ends. */
  longFolds: Map<number, number>;
  /** Per line longer than LONG_LINE_CHARS: its UTF-16 units. */
  longLines: Map<number, number>;
  ascii: boolean;
}

/**
 * How far a line file being written has got: the lines wholly on disk. Plain data, so a writer in a
 * worker thread can post it: the block starts and fold bits are views of shared memory (never
 * copied; the writer only ever writes past what it has reported, except the bit of a fold's
 * opening line, set when the fold closes), the long lines and long folds only those found since
 * the previous progress. A reader counts folds only within the lines reported, so a fold opened
 * before and closed after a report shows its end once the report that holds its end comes.
 */
export interface LineProgress {
  path: string;
  lineCount: number;
  bytes: number;
  marks: Float64Array;
  longBytes: Array<[number, number]>;
  folds: Uint8Array | null;
  longFolds: Array<[number, number]>;
  longLines: Array<[number, number]>;
  ascii: boolean;
}

/** A reader over a line file still being written, told how far it has got by grow(). */
export interface GrowingLineFile extends LineFile {
  grow(progress: LineProgress): void;
}

/** The reader over a finished line file, from its index. */
export function openLineFile(index: LineIndex): LineFile {
  return new Reader(index);
}

/** A reader over the lines a writer in another thread has reported so far (see LineProgress). */
export function openGrowingLineFile(progress: LineProgress): GrowingLineFile {
  const reader = new Reader({ ...progress, longFolds: new Map(), longLines: new Map(), longBytes: new Map() });
  reader.grow(progress);
  return reader;
}

/**
 * Creates the file (the folder exists). Lines are written UTF-8, separated by '\n' (no '\n' after the last).
 * `progress`: keep the index in shared memory and report it as lines reach the disk (takeProgress).
 */
export function createLineFileWriter(path: string, options?: { progress?: boolean }): LineFileWriter {
  return new Writer(path, options?.progress ?? false);
}

/**
 * Bytes a shared index array may grow to in place: a growable SharedArrayBuffer reserves this much
 * address space and uses only the pages written, so growing copies nothing and leaves no old
 * buffer for the garbage collectors of two threads to free (which held ~160 MB more at 1 GB).
 */
const MAX_SHARED_BYTES = 2 ** 32;

type IndexArray = Float64Array | Uint16Array | Uint8Array;
type IndexArrayType<T extends IndexArray> = { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number };
/** SharedArrayBuffer's growth (ES2024), not yet in this TypeScript's library. */
type GrowableBuffer = SharedArrayBuffer & { growable?: boolean; maxByteLength?: number; grow?(bytes: number): void };

/** A typed array of `length` elements, in shared memory (growable, length-tracking) when another thread reads it as it grows. */
function allocate<T extends IndexArray>(type: IndexArrayType<T>, length: number, shared: boolean): T {
  const bytes = length * type.BYTES_PER_ELEMENT;
  if (!shared) return new type(new ArrayBuffer(bytes));
  const Shared = SharedArrayBuffer as unknown as new (
    bytes: number,
    options: { maxByteLength: number },
  ) => SharedArrayBuffer;
  return new type(new Shared(bytes, { maxByteLength: MAX_SHARED_BYTES }));
}

/** `array` with room for `length` elements: grown in place when its shared buffer can, else copied into a new one. */
function enlarge<T extends IndexArray>(array: T, length: number, shared: boolean): T {
  const buffer = array.buffer as GrowableBuffer;
  const bytes = length * array.BYTES_PER_ELEMENT;
  if (buffer.growable && buffer.grow && bytes <= (buffer.maxByteLength ?? 0)) {
    buffer.grow(bytes);
    return array; // length-tracking: it sees the new length, in both threads
  }
  const next = allocate(array.constructor as IndexArrayType<T>, length, shared);
  next.set(array);
  return next;
}

/**
 * Splits decoded text into lines as it arrives: '\n', '\r\n' and a lone '\r' end a line; pieces may split anywhere,
 * including between '\r' and '\n'. end() emits the last line (an empty text gives one empty line).
 */
export function createTextLineSplitter(out: { line(text: string): void }): { write(text: string): void; end(): void } {
  let partial = '';
  // The previous piece ended with '\r': a '\n' starting this one belongs to that line end.
  let afterCr = false;
  let ended = false;
  return {
    write(text: string): void {
      if (ended) return;
      const n = text.length;
      let i = 0;
      if (afterCr && n > 0) {
        if (text.charCodeAt(0) === 10) i = 1;
        afterCr = false;
      }
      let nextLf = -1;
      let nextCr = -1;
      while (i < n) {
        if (nextLf < i) {
          nextLf = text.indexOf('\n', i);
          if (nextLf < 0) nextLf = n;
        }
        if (nextCr < i) {
          nextCr = text.indexOf('\r', i);
          if (nextCr < 0) nextCr = n;
        }
        const stop = nextLf < nextCr ? nextLf : nextCr;
        if (stop === n) break;
        out.line(partial === '' ? text.slice(i, stop) : partial + text.slice(i, stop));
        partial = '';
        i = stop + 1;
        if (stop === nextCr) {
          if (i < n) {
            if (text.charCodeAt(i) === 10) i++;
          } else afterCr = true;
        }
      }
      if (i < n) partial += text.slice(i);
    },
    end(): void {
      if (ended) return;
      ended = true;
      out.line(partial);
      partial = '';
    },
  };
}

function abortError(): Error {
  const error = new Error('The search was cancelled');
  error.name = 'AbortError';
  return error;
}

/**
 * UTF-16 units that the UTF-8 bytes [from, to) decode to. Only lead bytes count, so ranges that
 * cut a character in two still add up to the right total.
 */
function utf16Units(bytes: Uint8Array, from: number, to: number): number {
  let units = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

/** Lower-cases A–Z in place, four bytes at a time (`bytes` must start 4-byte aligned). */
function lowerAsciiInPlace(bytes: Uint8Array, length: number): void {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, length >>> 2);
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    const low = word & 0x7f7f7f7f;
    // High bit of each byte: at least 'A', not past 'Z', and ASCII (no carries between bytes).
    const upper = (low + 0x3f3f3f3f) & ~(low + 0x25252525) & ~word & 0x80808080;
    words[k] = word | (upper >>> 2);
  }
  for (let i = words.length * 4; i < length; i++) {
    const byte = bytes[i]!;
    if (byte >= 65 && byte <= 90) bytes[i] = byte + 32;
  }
}

/** Lower case that keeps every character's length, so positions in the folded text are positions in the original. */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** Bytes of the file at hand: [start, start + length) of it in `buffer`; `borrowed`: the caller's, never read into. */
interface Window {
  buffer: Buffer | null;
  start: number;
  length: number;
  borrowed: boolean;
}

const emptyWindow = (): Window => ({ buffer: null, start: 0, length: 0, borrowed: false });

/** A window over bytes a caller has read from `start` on (a search's chunk). */
const borrow = (bytes: Buffer, start: number): Window => ({
  buffer: bytes,
  start,
  length: bytes.length,
  borrowed: true,
});

/** Whether a '\n' lies in bytes[from, to). */
function lineEndsBefore(bytes: Buffer, from: number, to: number): boolean {
  const lf = bytes.indexOf(10, from);
  return lf !== -1 && lf < to;
}

const utf8 = new TextEncoder();

async function readFully(handle: FileHandle, buffer: Uint8Array, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

class Writer implements LineFileWriter {
  /** Lines the index has room for: `marks` holds capacity / BLOCK_LINES starts, `folds` capacity / 4 bytes. */
  private capacity = FIRST_CAPACITY;
  private marks: Float64Array;
  private folds: Uint8Array | null = null;
  /** Lines and bytes wholly written to the file, and whether that changed since the last progress. */
  private onDisk = { lines: 0, bytes: 0 };
  private reported = -1;
  /** Long lines and long folds found since the last progress (kept only with `progress`). */
  private newLongLines: Array<[number, number]> = [];
  private newLongFolds: Array<[number, number]> = [];
  private newLongBytes: Array<[number, number]> = [];
  private readonly longBytes = new Map<number, number>();
  private readonly longFolds = new Map<number, number>();
  private readonly longLines = new Map<number, number>();
  private count = 0;
  /** Lines not yet encoded, the first one's index, and their characters with the '\n' before each (offsets assume ASCII until the batch is encoded). */
  private parts: string[] = [];
  private batchFirst = 0;
  private batchChars = 0;
  /** The lines of the batch longer than LONG_LINE_CHARS. */
  private batchLong: number[] = [];
  /** Bytes of all the lines encoded so far. */
  private encodedTotal = 0;
  private ascii = true;
  private readonly handle: Promise<FileHandle>;
  private tail: Promise<void> = Promise.resolve();
  /** Encoded bytes not yet handed to the file: the slabs filled, and the one being filled. */
  private encoded: Buffer[] = [];
  private encodedBytes = 0;
  private slab: Buffer | null = null;
  private slabUsed = 0;
  /** Slabs written to the file, to be filled again. */
  private spareSlabs: Buffer[] = [];
  /** Bytes handed to the file and not yet written. */
  private queued = 0;
  private waiters: Array<() => void> = [];
  private failure: Error | null = null;
  private state: 'open' | 'finished' | 'discarded' = 'open';

  constructor(
    private readonly path: string,
    private readonly shared: boolean,
  ) {
    this.marks = allocate(Float64Array, FIRST_CAPACITY >> BLOCK_SHIFT, shared);
    this.handle = open(path, 'w');
    // Awaited by the writes and by finish()/discard(); this keeps an early failure from being "unhandled".
    this.handle.catch(() => undefined);
  }

  get lineCount(): number {
    return this.count;
  }

  get bytes(): number {
    if (this.parts.length === 0) return this.encodedTotal;
    let bytes = this.encodedTotal + (this.batchFirst > 0 ? 1 : 0) + this.parts.length - 1;
    for (const part of this.parts) bytes += Buffer.byteLength(part);
    return bytes;
  }

  line(text: string): void {
    if (this.state !== 'open') {
      if (this.state === 'discarded') return;
      throw new Error('The line file is already finished');
    }
    const k = this.count++;
    if (k >= this.capacity) this.grow();
    if (k > 0) this.batchChars++;
    if ((k & (BLOCK_LINES - 1)) === 0) this.marks[k >> BLOCK_SHIFT] = this.encodedTotal + this.batchChars;
    this.parts.push(text);
    if (text.length > LONG_LINE_CHARS) this.batchLong.push(k);
    this.batchChars += text.length;
    if (this.batchChars >= BATCH_CHARS) this.flush();
  }

  fold(startLine: number, endLine: number): void {
    if (this.state !== 'open' || startLine < 0 || startLine >= this.count) return;
    const span = endLine - startLine;
    if (span <= 0) return;
    if (span >= LONG_FOLD_LINES) {
      this.longFolds.set(startLine, endLine);
      if (this.shared) this.newLongFolds.push([startLine, endLine]);
      return;
    }
    while (endLine >= this.capacity) this.grow();
    const folds = (this.folds ??= allocate(Uint8Array, this.capacity >> 2, this.shared));
    // The closing line's bit first: a reader in another thread may see the opening one at once.
    folds[endLine >> 2]! |= FOLD_CLOSES << ((endLine & 3) << 1);
    folds[startLine >> 2]! |= FOLD_OPENS << ((startLine & 3) << 1);
  }

  drain(): Promise<void> {
    if (this.queued <= MAX_QUEUED_BYTES) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async finish(): Promise<LineFile> {
    return openLineFile(await this.finishIndex());
  }

  async settle(): Promise<void> {
    if (this.state !== 'open') return;
    this.flush(true);
    await this.tail;
  }

  takeProgress(): LineProgress | null {
    const fresh = this.newLongLines.length > 0 || this.newLongFolds.length > 0 || this.newLongBytes.length > 0;
    if (this.onDisk.lines === 0 || (this.onDisk.lines === this.reported && !fresh)) return null;
    return this.progressNow();
  }

  async finishProgress(): Promise<LineProgress> {
    await this.finishIndex();
    return this.progressNow();
  }

  private progressNow(): LineProgress {
    const { lines, bytes } = this.onDisk;
    this.reported = lines;
    const progress: LineProgress = {
      path: this.path,
      lineCount: lines,
      bytes,
      marks: this.marks,
      longBytes: this.newLongBytes,
      folds: this.folds,
      longFolds: this.newLongFolds,
      longLines: this.newLongLines,
      ascii: this.ascii,
    };
    this.newLongFolds = [];
    this.newLongLines = [];
    this.newLongBytes = [];
    return progress;
  }

  private async finishIndex(): Promise<LineIndex> {
    if (this.state !== 'open') throw new Error('The line file is already finished');
    this.flush(true);
    this.state = 'finished';
    await this.tail;
    this.spareSlabs = [];
    const handle = await this.handle;
    await handle.close();
    if (this.failure) throw this.failure;
    const count = this.count;
    this.onDisk = { lines: count, bytes: this.encodedTotal };
    return {
      path: this.path,
      lineCount: count,
      bytes: this.encodedTotal,
      // Views, not copies: the capacity past `count` was never written, so it takes no memory.
      marks: this.marks.subarray(0, (count + BLOCK_LINES - 1) >> BLOCK_SHIFT),
      longBytes: this.longBytes,
      folds: this.folds?.subarray(0, (count + 3) >> 2) ?? null,
      longFolds: this.longFolds,
      longLines: this.longLines,
      ascii: this.ascii,
    };
  }

  async discard(options?: { keepFile?: boolean }): Promise<void> {
    if (this.state === 'discarded') return;
    const wasOpen = this.state === 'open';
    this.state = 'discarded';
    this.parts = [];
    this.encoded = [];
    this.slab = null;
    this.spareSlabs = [];
    this.wakeWaiters();
    if (wasOpen) {
      await this.tail;
      try {
        await (await this.handle).close();
      } catch {
        // Not opened, or already closed: nothing to release.
      }
    }
    if (options?.keepFile) return;
    await unlink(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private grow(): void {
    this.capacity *= 2;
    this.marks = enlarge(this.marks, this.capacity >> BLOCK_SHIFT, this.shared);
    if (this.folds !== null) this.folds = enlarge(this.folds, this.capacity >> 2, this.shared);
  }

  /** Encodes the gathered lines; `end` also sends what is encoded to the file. */
  private flush(end = false): void {
    const parts = this.parts;
    if (parts.length > 0) this.encode(parts);
    if ((this.encodedBytes >= WRITE_BYTES || end) && this.encodedBytes > 0) {
      this.closeSlab();
      const buffers = this.encoded;
      const bytes = this.encodedBytes;
      this.encoded = [];
      this.encodedBytes = 0;
      this.queued += bytes;
      // Once written, the lines encoded so far are wholly on disk (the '\n' after the last comes with the next batch).
      const onDisk = { lines: this.count, bytes: this.encodedTotal };
      this.tail = this.tail.then(() => this.writeBuffers(buffers, bytes, onDisk));
    }
  }

  private encode(parts: string[]): void {
    const text = (this.batchFirst > 0 ? '\n' : '') + parts.join('\n');
    const bytes = this.encodeIntoSlabs(text);
    const ascii = bytes === text.length;
    if (!ascii) {
      // Not ASCII: the block starts counted characters; count bytes instead.
      this.ascii = false;
      let position = this.encodedTotal + (this.batchFirst > 0 ? 1 : 0);
      for (let j = 0; j < parts.length; j++) {
        const k = this.batchFirst + j;
        if ((k & (BLOCK_LINES - 1)) === 0) this.marks[k >> BLOCK_SHIFT] = position;
        position += Buffer.byteLength(parts[j]!) + 1;
      }
    }
    for (const k of this.batchLong) {
      const part = parts[k - this.batchFirst]!;
      this.keepLong(k, part.length, ascii ? part.length : Buffer.byteLength(part));
    }
    this.batchLong = [];
    this.encodedTotal += bytes;
    this.parts = [];
    this.batchChars = 0;
    this.batchFirst = this.count;
  }

  /** Encodes `text` as UTF-8 after the bytes encoded so far, filling slabs; returns its bytes. */
  private encodeIntoSlabs(text: string): number {
    let bytes = 0;
    for (let read = 0; read < text.length;) {
      const slab = (this.slab ??= this.spareSlabs.pop() ?? Buffer.allocUnsafeSlow(WRITE_BYTES));
      const done = utf8.encodeInto(read === 0 ? text : text.slice(read), slab.subarray(this.slabUsed));
      read += done.read;
      this.slabUsed += done.written;
      bytes += done.written;
      // Full, or too full for the next character.
      if (this.slabUsed > slab.length - 4) this.closeSlab();
    }
    this.encodedBytes += bytes;
    return bytes;
  }

  /** The slab being filled goes with the next write as it is. */
  private closeSlab(): void {
    if (this.slab === null || this.slabUsed === 0) return;
    this.encoded.push(this.slab.subarray(0, this.slabUsed));
    this.slab = null;
    this.slabUsed = 0;
  }

  /** Keeps a long line's length, in characters and in bytes, before the line can reach a reader. */
  private keepLong(line: number, units: number, bytes: number): void {
    this.longLines.set(line, units);
    this.longBytes.set(line, bytes);
    if (!this.shared) return;
    this.newLongLines.push([line, units]);
    this.newLongBytes.push([line, bytes]);
  }

  private async writeBuffers(buffers: Buffer[], bytes: number, onDisk: Writer['onDisk']): Promise<void> {
    try {
      if (this.failure === null && this.state !== 'discarded') {
        const handle = await this.handle;
        // One vectored write, without joining the batches first; what a short write leaves goes on below.
        const { bytesWritten } = await handle.writev(buffers);
        if (bytesWritten < bytes) await this.writeRest(handle, Buffer.concat(buffers, bytes).subarray(bytesWritten));
        this.onDisk = onDisk;
      }
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    } finally {
      if (this.state !== 'discarded') for (const written of buffers) this.spareSlabs.push(Buffer.from(written.buffer));
      this.queued -= bytes;
      if (this.queued <= MAX_QUEUED_BYTES) this.wakeWaiters();
    }
  }

  private async writeRest(handle: FileHandle, rest: Buffer): Promise<void> {
    for (let buffer = rest; buffer.length > 0;) {
      const { bytesWritten } = await handle.write(buffer, 0, buffer.length, null);
      buffer = buffer.subarray(bytesWritten);
    }
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

class Reader implements GrowingLineFile {
  private handle: Promise<FileHandle> | null = null;
  private closed = false;

  readonly path: string;
  lineCount: number;
  bytes: number;
  private marks: Float64Array;
  private readonly longBytes: Map<number, number>;
  private folds: Uint8Array | null;
  private readonly longFolds: Map<number, number>;
  /** UTF-16 length of each line longer than LONG_LINE_CHARS. */
  private readonly longLines: Map<number, number>;
  /** Every line is ASCII: byte positions are UTF-16 positions. */
  private ascii: boolean;
  /** Line starts of the whole blocks walked last (see blockStarts), by block. */
  private readonly walked = new Map<number, Float64Array>();

  constructor(index: LineIndex) {
    this.path = index.path;
    this.lineCount = index.lineCount;
    this.bytes = index.bytes;
    this.marks = index.marks;
    this.longBytes = index.longBytes;
    this.folds = index.folds;
    this.longFolds = index.longFolds;
    this.longLines = index.longLines;
    this.ascii = index.ascii;
  }

  grow(progress: LineProgress): void {
    for (const [line, end] of progress.longFolds) this.longFolds.set(line, end);
    for (const [line, length] of progress.longLines) this.longLines.set(line, length);
    for (const [line, length] of progress.longBytes) this.longBytes.set(line, length);
    this.marks = progress.marks;
    this.folds = progress.folds;
    this.ascii = progress.ascii;
    this.bytes = progress.bytes;
    this.lineCount = progress.lineCount;
  }

  private file(): Promise<FileHandle> {
    // A read that comes after close (the response was dropped meanwhile) must not reopen the file.
    if (this.closed)
      return Promise.reject(
        new Error('That response is no longer kept (only the last few are). Send the request again.'),
      );
    this.handle ??= open(this.path, 'r');
    return this.handle;
  }

  async close(): Promise<void> {
    this.closed = true;
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle).close();
  }

  /**
   * Where each line of block `block` starts, walked from the block's start: a long line skipped by
   * its kept length, a short one by finding its '\n' in `window` (read as needed). BLOCK_LINES + 1
   * entries; past the last line, one past the end of the bytes, so a line always ends 1 byte before
   * the next one starts.
   */
  private async blockStarts(block: number, window: Window = emptyWindow()): Promise<Float64Array> {
    const cached = this.walked.get(block);
    if (cached) return cached;
    // As they are now: a growing file's reader may grow during the reads.
    const lineCount = this.lineCount;
    const total = this.bytes;
    const first = block << BLOCK_SHIFT;
    const lines = Math.min(BLOCK_LINES, lineCount - first);
    const starts = new Float64Array(BLOCK_LINES + 1).fill(total + 1);
    let position = this.marks[block]!;
    for (let i = 0; i < lines; i++) {
      const line = first + i;
      starts[i] = position;
      const long = this.longBytes.get(line);
      if (long !== undefined) position += long + 1;
      else if (line === lineCount - 1) position = total + 1;
      else position = await this.afterLine(position, total, window);
    }
    if (lines === BLOCK_LINES) {
      starts[BLOCK_LINES] = position;
      if (this.walked.size >= CACHED_BLOCKS) this.walked.delete(this.walked.keys().next().value!);
      this.walked.set(block, starts);
    }
    return starts;
  }

  /** Where the line after the short line starting at `position` starts: past its '\n', found in `window`. */
  private async afterLine(position: number, total: number, window: Window): Promise<number> {
    const end = window.start + window.length;
    if (window.buffer === null || position < window.start || (position + SHORT_LINE_BYTES > end && end < total)) {
      if (window.borrowed || window.buffer === null) {
        window.buffer = Buffer.allocUnsafe(WALK_BYTES);
        window.borrowed = false;
      }
      window.start = position;
      window.length = await readFully(
        await this.file(),
        window.buffer,
        Math.min(window.buffer.length, total - position),
        position,
      );
    }
    const lf = window.buffer.indexOf(10, position - window.start);
    if (lf === -1 || lf >= window.length) throw new Error('The lines file does not hold the lines its index says.');
    return window.start + lf + 1;
  }

  /** The line holding byte `position` (its '\n' included) and where it starts; `window` may hold the bytes before it. */
  private async lineAt(position: number, window?: Window): Promise<{ line: number; start: number }> {
    const marks = this.marks;
    let low = 0;
    let high = (this.lineCount - 1) >> BLOCK_SHIFT;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (marks[mid]! <= position) low = mid;
      else high = mid - 1;
    }
    const starts = await this.blockStarts(low, window);
    let i = 0;
    while (i + 1 < BLOCK_LINES && starts[i + 1]! <= position) i++;
    return { line: (low << BLOCK_SHIFT) + i, start: starts[i]! };
  }

  /**
   * Where lines [first, last) start and end, their blocks walked in order through one window, and
   * their bytes: from that window when it holds them (a page's usually), else read.
   */
  private async spans(first: number, last: number) {
    const window = emptyWindow();
    const firstBlock = first >> BLOCK_SHIFT;
    const blocks: Float64Array[] = [];
    for (let block = firstBlock; block <= (last - 1) >> BLOCK_SHIFT; block++)
      blocks.push(await this.blockStarts(block, window));
    const at = (line: number, next: number) =>
      blocks[(line >> BLOCK_SHIFT) - firstBlock]![(line & (BLOCK_LINES - 1)) + next]!;
    const bytes = async (from: number, to: number): Promise<Buffer> => {
      if (window.buffer && from >= window.start && to <= window.start + window.length)
        return window.buffer.subarray(from - window.start, to - window.start);
      const buffer = Buffer.allocUnsafe(to - from);
      return buffer.subarray(0, await readFully(await this.file(), buffer, buffer.length, from));
    };
    return { start: (line: number) => at(line, 0), end: (line: number) => at(line, 1) - 1, bytes };
  }

  /** Where line `line` starts and ends. */
  private async span(line: number): Promise<{ start: number; end: number }> {
    const starts = await this.blockStarts(line >> BLOCK_SHIFT);
    const i = line & (BLOCK_LINES - 1);
    return { start: starts[i]!, end: starts[i + 1]! - 1 };
  }

  /**
   * The line where the fold opening on `line` ends, if one does and has closed within the lines so
   * far: a long fold's end is kept; a short one's is where the folds opened and closed after its
   * start (nested in it) come back to even.
   */
  private foldEnd(line: number): number | undefined {
    const long = this.longFolds.get(line);
    if (long !== undefined) return long;
    const folds = this.folds;
    if (folds === null || ((folds[line >> 2]! >> ((line & 3) << 1)) & FOLD_OPENS) === 0) return undefined;
    const limit = Math.min(this.lineCount, line + LONG_FOLD_LINES);
    let open = 1;
    for (let k = line + 1; k < limit; k++) {
      const bits = folds[k >> 2]! >> ((k & 3) << 1);
      if (bits & FOLD_CLOSES && --open === 0) return k;
      if (bits & FOLD_OPENS) open++;
    }
    return undefined;
  }

  async readLines(from: number, count: number, opts?: { maxChars?: number }): Promise<BodyLine[]> {
    if (!Number.isFinite(from) || !Number.isFinite(count)) return [];
    const maxChars = Math.max(1, Math.floor(opts?.maxChars ?? DEFAULT_MAX_CHARS));
    const first = Math.max(0, Math.floor(from));
    const last = Math.min(this.lineCount, Math.floor(from) + Math.max(0, Math.floor(count)));
    if (first >= last) return [];
    // Bytes always enough to decode maxChars units (at most 3 bytes a unit, plus a partial
    // character); a line longer than this in bytes has more than LONG_LINE_CHARS units too, so
    // its length is known without reading it.
    const limit = Math.max(3 * maxChars + 6, 3 * LONG_LINE_CHARS + 3);
    const { start: startOf, end: endOf, bytes } = await this.spans(first, last);
    const lines: BodyLine[] = [];
    let line = first;
    while (line < last) {
      // One read for a run of consecutive lines, ending after a line that is read only in part.
      const runStart = startOf(line);
      let runEnd: number;
      let runLast = line;
      for (;;) {
        const start = startOf(runLast);
        const end = endOf(runLast);
        const partial = end - start > limit;
        runEnd = partial ? start + limit : end;
        runLast++;
        if (partial || runLast >= last || runEnd - runStart >= MAX_RUN_BYTES) break;
      }
      const buffer = await bytes(runStart, runEnd);
      const got = buffer.length;
      for (; line < runLast; line++) {
        const start = startOf(line) - runStart;
        const fullEnd = endOf(line) - runStart;
        const end = Math.min(fullEnd, got);
        let text = buffer.toString('utf8', start, end);
        const length = end === fullEnd ? text.length : (this.longLines.get(line) ?? text.length);
        const body: BodyLine = { text };
        if (length > maxChars) {
          let keep = maxChars;
          const code = text.charCodeAt(keep - 1);
          if (code >= 0xd800 && code <= 0xdbff) keep--; // do not split a surrogate pair
          text = text.slice(0, keep);
          body.text = text;
          body.cut = length - keep;
        }
        const foldEnd = this.foldEnd(line);
        if (foldEnd !== undefined) body.foldEnd = foldEnd;
        lines.push(body);
      }
    }
    return lines;
  }

  async readText(fromLine: number, toLine: number, opts?: { maxChars?: number }): Promise<string> {
    const maxChars = opts?.maxChars ?? DEFAULT_MAX_TEXT_CHARS;
    if (Number.isNaN(fromLine) || Number.isNaN(toLine)) return '';
    const first = Math.max(0, Math.floor(fromLine));
    const last = Math.min(this.lineCount - 1, Math.floor(toLine));
    if (first > last) return '';
    const { start } = await this.span(first);
    const { end } = await this.span(last);
    const tooLarge = () =>
      new RangeError(`The text is too large to copy (more than ${maxChars.toLocaleString('en-US')} characters)`);
    // ASCII: a byte is a character. Otherwise UTF-8 takes at most 3 bytes a UTF-16 unit, so past
    // 3 × maxChars bytes the text is surely too long; in between, only decoding tells.
    if (end - start > (this.ascii ? maxChars : 3 * maxChars)) throw tooLarge();
    const buffer = Buffer.allocUnsafe(end - start);
    const got = await readFully(await this.file(), buffer, buffer.length, start);
    const text = buffer.toString('utf8', 0, got);
    if (text.length > maxChars) throw tooLarge();
    return text;
  }

  async search(
    query: string,
    opts: {
      caseSensitive: boolean;
      maxMatches?: number;
      skipMatches?: number;
      signal?: AbortSignal;
      onProgress?(doneBytes: number, totalBytes: number): void;
      chunkBytes?: number;
    },
  ): Promise<SearchResult> {
    if (opts.signal?.aborted) throw abortError();
    const result: SearchResult = {
      total: 0,
      first: Math.max(0, Math.floor(opts.skipMatches ?? 0)),
      matches: [],
      capped: false,
    };
    // Lines never hold '\n' (nor '\r' from the splitter): such a query cannot match.
    if (query === '' || query.includes('\n') || this.lineCount === 0) return result;
    const asciiQuery = /^[\x00-\x7f]*$/.test(query);
    if (!opts.caseSensitive && !asciiQuery) return this.searchByLine(query, opts, result);
    return this.searchBytes(query, opts, result);
  }

  /** Byte search: Buffer.indexOf over chunks that overlap by the query's length - 1. */
  private async searchBytes(
    query: string,
    opts: {
      caseSensitive: boolean;
      maxMatches?: number;
      skipMatches?: number;
      signal?: AbortSignal;
      onProgress?(doneBytes: number, totalBytes: number): void;
      chunkBytes?: number;
    },
    result: SearchResult,
  ): Promise<SearchResult> {
    const maxMatches = opts.maxMatches ?? DEFAULT_MAX_MATCHES;
    const needle = Buffer.from(opts.caseSensitive ? query : query.toLowerCase(), 'utf8');
    const needleLength = needle.length;
    const total = this.bytes;
    const chunk = Math.max(opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, needleLength);
    // Not from the shared pool: lowerAsciiInPlace needs it aligned.
    const buffer = Buffer.allocUnsafeSlow(chunk + needleLength - 1);
    const handle = await this.file();
    const matches = result.matches;
    let count = 0;
    // The last returned match's line, and a known column in it (so that many matches in one long
    // line count its characters once).
    let knownLine = -1;
    let knownPosition = 0;
    let knownColumn = 0;
    let position = 0; // the first byte where a match may start
    let reported = 0;
    while (position + needleLength <= total) {
      if (opts.signal?.aborted) throw abortError();
      const length = await readFully(handle, buffer, Math.min(buffer.length, total - position), position);
      if (opts.signal?.aborted) throw abortError();
      if (length < needleLength) break;
      if (!opts.caseSensitive) lowerAsciiInPlace(buffer, length);
      const view = length === buffer.length ? buffer : buffer.subarray(0, length);
      let next = position + length - needleLength + 1;
      let at = view.indexOf(needle, 0);
      while (at !== -1) {
        count++;
        if (count > result.first && matches.length < maxMatches) {
          const absolute = position + at;
          // The chunk holds the bytes before the match, often from its block's start on.
          const { line, start: lineStart } = await this.lineAt(absolute, borrow(view, position));
          let column: number;
          if (this.ascii) column = absolute - lineStart;
          else if (knownLine === line && knownPosition >= position)
            column = knownColumn + utf16Units(view, knownPosition - position, at);
          else if (lineStart >= position) column = utf16Units(view, lineStart - position, at);
          else column = (await this.unitsInFile(handle, lineStart, position)) + utf16Units(view, 0, at);
          knownLine = line;
          knownPosition = absolute;
          knownColumn = column;
          matches.push({ line, column });
        }
        const after = at + needleLength;
        if (position + after > next) next = position + after;
        at = view.indexOf(needle, after);
      }
      // Carry the known column to the next chunk's start, so it can go on counting from there.
      if (
        knownLine >= 0 &&
        !this.ascii &&
        knownPosition >= position &&
        knownPosition < next &&
        !lineEndsBefore(view, knownPosition - position, next - position)
      ) {
        knownColumn += utf16Units(view, knownPosition - position, next - position);
        knownPosition = next;
      }
      position = next;
      reported = Math.min(position + needleLength - 1, total);
      opts.onProgress?.(reported, total);
    }
    if (reported < total) opts.onProgress?.(total, total);
    result.total = count;
    result.capped = count > matches.length;
    return result;
  }

  private async unitsInFile(handle: FileHandle, from: number, to: number): Promise<number> {
    const buffer = Buffer.allocUnsafe(Math.min(to - from, DEFAULT_CHUNK_BYTES));
    let units = 0;
    for (let position = from; position < to;) {
      const length = await readFully(handle, buffer, Math.min(buffer.length, to - position), position);
      if (length === 0) break;
      units += utf16Units(buffer, 0, length);
      position += length;
    }
    return units;
  }

  /** Case-insensitive search for a non-ASCII query: whole lines decoded and folded, about a chunk of them at a time. */
  private async searchByLine(
    query: string,
    opts: {
      maxMatches?: number;
      skipMatches?: number;
      signal?: AbortSignal;
      onProgress?(doneBytes: number, totalBytes: number): void;
      chunkBytes?: number;
    },
    result: SearchResult,
  ): Promise<SearchResult> {
    const maxMatches = opts.maxMatches ?? DEFAULT_MAX_MATCHES;
    const needle = foldCase(query);
    const total = this.bytes;
    const chunk = Math.max(1, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    const handle = await this.file();
    const matches: SearchMatch[] = result.matches;
    let count = 0;
    let line = 0;
    let start = 0;
    while (line < this.lineCount) {
      if (opts.signal?.aborted) throw abortError();
      // Whole lines from `line` on, about a chunk of them (at least one line, however long).
      const long = this.longBytes.get(line);
      const want = long !== undefined && long >= chunk ? long : Math.max(chunk, SHORT_LINE_BYTES);
      const buffer = Buffer.allocUnsafe(Math.min(want, total - start));
      const length = await readFully(handle, buffer, buffer.length, start);
      if (opts.signal?.aborted) throw abortError();
      // The lines read are [start, start + end): to the last line, the long line alone, or to the last '\n' read.
      let end: number;
      if (start + length >= total) end = length;
      else if (long !== undefined && long >= chunk) end = long;
      else end = buffer.lastIndexOf(10, length - 1);
      // The needle holds no '\n', so a match in the folded lines lies within one line.
      const folded = foldCase(buffer.toString('utf8', 0, end));
      let at = folded.indexOf(needle);
      // The line of the last match and where it starts in `folded`.
      let matchLine = line;
      let lineStart = 0;
      while (at !== -1) {
        count++;
        if (count > result.first && matches.length < maxMatches) {
          for (let lf = folded.indexOf('\n', lineStart); lf !== -1 && lf < at; lf = folded.indexOf('\n', lineStart)) {
            matchLine++;
            lineStart = lf + 1;
          }
          matches.push({ line: matchLine, column: at - lineStart });
        }
        at = folded.indexOf(needle, at + needle.length);
      }
      opts.onProgress?.(start + end, total);
      if (start + end >= total) break;
      // The next line starts past the '\n' the lines read end at.
      const read = borrow(buffer.subarray(0, length), start);
      start += end + 1;
      line = (await this.lineAt(start, read)).line;
    }
    result.total = count;
    result.capped = count > matches.length;
    return result;
  }
}
