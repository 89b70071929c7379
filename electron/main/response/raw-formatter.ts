/**
 * Formats a body file into lines while the file is still being written. The network read loop only
 * masks and appends the body to its file (response/store.ts) and says how far the file has grown;
 * this reads the new bytes from the file, decodes them and pretty-prints them (json-stream.ts) or
 * splits them into lines (line-file.ts), writing the lines file and its index. It runs in a worker
 * thread (format-worker.ts, through formatting.ts), so the main process's event loop never waits
 * for formatting, and the file on disk is the only backlog: memory stays flat whatever the body's
 * size. When the JSON turns out broken, the body's own text lines are made instead, from the file.
 * It reports the lines on disk as it goes (`onProgress`, a few times a second), so the body can be
 * read while it is still being formatted.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { charsetOf, UTF8_LABELS } from '../http/body';
import { createJsonStreamFormatter, type JsonStreamFormatter } from './json-stream';
import { createLineFileWriter, createTextLineSplitter, type LineFileWriter, type LineProgress } from './line-file';

/** What to format (plain data: it is cloned into the worker). */
export interface FormatJob {
  /** The body file, as it grows. */
  rawPath: string;
  /** Where the pretty lines go, and where the text lines go when the JSON breaks. */
  linesPath: string;
  textLinesPath: string;
  contentType: string;
  /** Start as JSON (its content type or first bytes say so). */
  json: boolean;
}

/** The lines formatted so far (all of them once `done`). */
export interface FormatProgress {
  lines: LineProgress;
  /** Bytes of the body file formatted so far. */
  rawBytes: number;
  /** 'json' while the pretty lines are made; 'text' for a text body or once the JSON broke. */
  format: 'json' | 'text';
  done: boolean;
  /** The pretty lines' file, given up when the JSON broke: the reader's side removes it once it reads the text lines. */
  dropped?: string;
}

/** The last progress: every line; 'json' when the whole body was valid JSON. */
export type FormattedBody = FormatProgress;

export interface RawFormatter {
  /** The body file now holds `size` bytes. */
  grown(size: number): void;
  /** The body file is complete at `size` bytes: resolves once every line is written. */
  end(size: number): Promise<FormattedBody>;
  /** Stops and deletes the lines file. */
  discard(): Promise<void>;
}

/**
 * Bytes read from the body file at a time. Less than the 1,031,913 characters past which Node keeps a
 * decoded text outside the heap (a TextDecoder's pieces are decoded to UTF-16 first), where it stays
 * until a full garbage collection.
 */
const READ_BYTES = 512 * 1024;
/** At most this often the lines so far are reported (the first ones at once). */
const PROGRESS_MS = 200;

export function textDecoderFor(contentType: string): TextDecoder {
  const charset = charsetOf(contentType);
  try {
    return new TextDecoder(charset && !UTF8_LABELS.has(charset) ? charset : 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

/** Decodes a body's pieces, in order, into text (`emit` may be called more than once a piece). */
interface PieceDecoder {
  write(bytes: Buffer, emit: (text: string) => void): void;
  end(emit: (text: string) => void): void;
}

function pieceDecoderFor(contentType: string): PieceDecoder {
  const charset = charsetOf(contentType);
  if (charset === null || UTF8_LABELS.has(charset)) return utf8Pieces();
  const decoder = textDecoderFor(contentType);
  return {
    write: (bytes, emit) => emit(decoder.decode(bytes, { stream: true })),
    end: (emit) => emit(decoder.decode()),
  };
}

/** Bytes a UTF-8 character starting with `lead` takes (an invalid lead counts as a long one). */
const sequenceLength = (lead: number): number => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1);

/** How many bytes at the end of bytes[from, end) begin a character that goes on in the next piece (0–3). */
function cutCharacter(bytes: Buffer, from: number): number {
  for (let back = 1; back <= 3 && bytes.length - back >= from; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) !== 0x80) return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

/**
 * UTF-8 through Buffer's decoder, a piece's last character, when cut, going with the next piece.
 * TextDecoder's stream mode decodes through ICU into UTF-16, twice the bytes of ASCII text; Buffer's
 * decoder makes one-byte strings of ASCII text, which the formatter cuts, joins and encodes faster
 * and which take half the memory. A byte order mark at the start is dropped, as TextDecoder does.
 */
function utf8Pieces(): PieceDecoder {
  let carry: Buffer | null = null;
  let atStart = true;
  const emitText = (text: string, emit: (text: string) => void) => {
    if (text === '') return;
    if (atStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    atStart = false;
    if (text !== '') emit(text);
  };
  return {
    write(bytes, emit) {
      let from = 0;
      if (carry) {
        // The continuation bytes the cut character still wants.
        const wanted = sequenceLength(carry[0]!) - carry.length;
        while (from < wanted && from < bytes.length && (bytes[from]! & 0xc0) === 0x80) from++;
        const joined = Buffer.concat([carry, bytes.subarray(0, from)]);
        carry = null;
        if (from < wanted && from === bytes.length) carry = joined;
        else emitText(joined.toString('utf8'), emit);
      }
      const end = bytes.length - cutCharacter(bytes, from);
      if (end > from) emitText(bytes.toString('utf8', from, end), emit);
      // A copy: the caller reuses its buffer.
      if (end < bytes.length) carry = Buffer.from(bytes.subarray(end));
    },
    end(emit) {
      if (carry) emitText(carry.toString('utf8'), emit);
      carry = null;
    },
  };
}

/** Formats decoded text into lines as it comes: pretty JSON while it is valid, else the text's lines. */
function lineFormatter(writer: LineFileWriter, json: boolean) {
  let formatter: JsonStreamFormatter | null = json ? createJsonStreamFormatter(writer) : null;
  const text = json ? null : createTextLineSplitter(writer);
  return {
    write(piece: string) {
      if (formatter) formatter.write(piece);
      else text!.write(piece);
    },
    /** Whether the lines are valid pretty JSON; false means they must be rebuilt as text (the JSON broke). */
    end(): boolean {
      if (formatter) {
        const ended = formatter.end();
        formatter = null;
        return ended.valid;
      }
      text!.end();
      return true;
    },
  };
}

/** Reads [from, to) of the file in pieces, calling `piece` with each (the buffer is reused). */
async function readRange(
  handle: FileHandle,
  buffer: Buffer,
  from: number,
  to: number,
  piece: (bytes: Buffer) => Promise<void> | void,
): Promise<void> {
  for (let position = from; position < to;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, to - position), position);
    if (bytesRead === 0) throw new Error('The body file is shorter than what was written to it.');
    await piece(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

export function createRawFormatter(job: FormatJob, onProgress: (progress: FormatProgress) => void): RawFormatter {
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  let writer = createLineFileWriter(job.linesPath, { progress: true });
  let format: 'json' | 'text' = job.json ? 'json' : 'text';
  let dropped: string | undefined;
  let reportedAt = -Infinity;
  /** Reports the lines on disk, at most every PROGRESS_MS unless `now`. */
  const report = (at = false) => {
    const now = performance.now();
    if (!at && now - reportedAt < PROGRESS_MS) return;
    const lines = writer.takeProgress();
    if (!lines) return;
    reportedAt = now;
    onProgress({ lines, rawBytes, format, done: false, ...(dropped ? { dropped } : {}) });
  };
  const lines = lineFormatter(writer, job.json);
  const decoder = pieceDecoderFor(job.contentType);
  const write = (text: string) => lines.write(text);
  let handle: Promise<FileHandle> | null = null;
  let available = 0;
  let done = 0;
  /** Bytes formatted so far: `done` and the pieces of the range being read. */
  let rawBytes = 0;
  let finalSize: number | null = null;
  let discarded = false;
  /** Wakes the pump when the file grows or ends. */
  let wake: (() => void) | null = null;

  const waitForMore = () => new Promise<void>((resolve) => (wake = resolve));
  const signal = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  const formatPiece = async (bytes: Buffer) => {
    if (discarded) throw new Error('discarded');
    decoder.write(bytes, write);
    rawBytes += bytes.length;
    await writer.drain();
    report();
  };

  /** Formats bytes as the file grows, until its end; then the last line and, if the JSON broke, the text lines. */
  async function pump(): Promise<FormattedBody> {
    handle = open(job.rawPath, 'r');
    const fh = await handle;
    while (finalSize === null || done < finalSize) {
      if (discarded) throw new Error('discarded');
      if (done >= available) {
        // Caught up with the download: what is formatted becomes readable while more bytes come.
        await writer.settle();
        report(true);
        // A discard that came while settling found no one waiting to wake: it must not be waited past.
        if (done >= available && finalSize === null && !discarded) await waitForMore();
        continue;
      }
      const to = available;
      await readRange(fh, buffer, done, to, formatPiece);
      done = to;
    }
    decoder.end(write);
    const valid = lines.end();
    if (job.json && !valid) {
      // Not JSON after all (or cut short): show the text's own lines, from the file. The pretty
      // lines' file stays until the reader has switched (it may be about to open it).
      await writer.discard({ keepFile: true });
      dropped = job.linesPath;
      writer = createLineFileWriter(job.textLinesPath, { progress: true });
      format = 'text';
      reportedAt = -Infinity;
      const splitter = createTextLineSplitter(writer);
      const text = pieceDecoderFor(job.contentType);
      const split = (piece: string) => splitter.write(piece);
      await readRange(fh, buffer, 0, done, async (bytes) => {
        if (discarded) throw new Error('discarded');
        text.write(bytes, split);
        await writer.drain();
        report();
      });
      text.end(split);
      splitter.end();
    }
    const last: FormattedBody = {
      lines: await writer.finishProgress(),
      rawBytes,
      format,
      done: true,
      ...(dropped ? { dropped } : {}),
    };
    onProgress(last);
    return last;
  }

  let running: Promise<FormattedBody> | null = null;
  const start = () => {
    running ??= pump().finally(() => handle?.then((fh) => fh.close()).catch(() => {}));
    // Awaited by end(); this keeps a failure before then from being "unhandled".
    running.catch(() => undefined);
    return running;
  };

  return {
    grown(size) {
      available = Math.max(available, size);
      start();
      signal();
    },
    end(size) {
      available = Math.max(available, size);
      finalSize = size;
      const result = start();
      signal();
      return result;
    },
    async discard() {
      discarded = true;
      signal();
      await running?.catch(() => {});
      await writer.discard();
      if (dropped) await rm(dropped, { force: true });
    },
  };
}
