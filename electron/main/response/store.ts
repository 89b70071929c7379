/**
 * Received bodies, kept in the main process so the renderer never gets a large one whole.
 *
 * A body up to `inlineLimitBytes` stays in memory and goes to the renderer in the send result, as
 * before, unless its pretty-printed text would be longer than that many characters (deep nesting:
 * it is then kept and paged like a large body once it has arrived). A larger one is streamed to a
 * file in the app's data folder as it arrives: the read loop only gathers the bytes, masks them and
 * appends them, and a worker thread (formatting.ts) formats the file as it grows into a second file
 * of lines (pretty JSON with fold points, or the text's own lines), so the main process's event loop
 * never waits for formatting. The send answers once the last byte is in and the first lines are
 * formatted (progressive-lines.ts); the rest become readable as the worker goes. The renderer then
 * reads lines in pages, searches and filters through the response:* channels. Secrets the request used are masked in the bytes before anything is
 * written or kept.
 *
 * The last `keepResponses` responses are kept; older ones (and their files) are dropped. The
 * folder is emptied when the store opens: bodies do not outlive the session.
 *
 * The data folder also holds the settings, credentials and vault: a large body must never fill its
 * disk. Before spilling, the free space (statfs) must hold the body (its Content-Length, formatted
 * too) and a reserve; while spilling it is checked again every few MB, and a write that fails for
 * lack of space stops the transfer too. The transfer then stops with a sentence, keeping what came.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { BodyLine, BodyView } from '../../../shared/http-types';
import {
  BINARY_PREVIEW_BYTES,
  charsetOf,
  decodeBodyWithin,
  hexDump,
  isBinary,
  isJsonContentType,
  looksLikeJson,
  TransferStopped,
  type BodySink,
  type FinishedBody,
  type ResponseHead,
} from '../http/body';
import { isFsError } from '../storage/fs-errors';
import { appendAll } from './append-all';
import { defaultFormatWorkerFile, startFormatting } from './formatting';
import { createLineFileWriter, type LineFile, type LineFileWriter } from './line-file';
import { progressiveLines, type ProgressiveLines } from './progressive-lines';
import { textDecoderFor, type RawFormatter } from './raw-formatter';
import { secretMasker } from '../credentials/secret-forms';
import { createRedactor, type Redactor } from './redactor';

export const DEFAULT_INLINE_LIMIT_BYTES = 1024 * 1024;
/** Lines sent with the send result, so the first screen needs no round trip. */
export const FIRST_LINES = 200;
const DEFAULT_KEEP_RESPONSES = 10;
/** Bytes gathered into one write of a body file. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** Above this much waiting to be written, the client stops reading until the disk catches up. */
const WRITE_BACKLOG_BYTES = 16 * 1024 * 1024;
/** How often (bytes fed) the sink checks the free space. */
const DRAIN_CHECK_BYTES = 4 * 1024 * 1024;
/** Space a spilling body always leaves free on the data folder's disk (for settings, credentials, the vault, the system). */
const DISK_RESERVE_BYTES = 64 * 1024 * 1024;
/** A body's files take up to about this many times its size (the body, and its formatted lines). */
const SPILL_FACTOR = 3;
/** Once a large body's first lines are readable, how long the answer waits for the rest (a medium body's). */
const WHOLE_BODY_GRACE_MS = 50;

/** The body of one response, as kept. */
export type KeptBody = { kind: 'memory'; bytes: Buffer } | { kind: 'file'; path: string; bytes: number };

/** Lines shown for a response: its formatted body, or (derived) a filter's result. */
export interface KeptView {
  lines: LineFile;
  format: 'json' | 'text';
  derived: boolean;
  /** The body's own view of a large body: its lines so far while the worker formats them. */
  formatting?: ProgressiveLines;
}

export interface KeptResponse {
  responseId: string;
  url: string;
  contentType: string;
  /** 'json' when the whole body is valid JSON (filters need that). */
  format: 'json' | 'text' | 'binary' | 'empty';
  body: KeptBody;
  /** Views of this response (its formatted body, filter results), by view id. */
  views: Map<string, KeptView>;
  /** Masks the request's secrets in text decoded from the body (copied values); the body's bytes were masked as they came. */
  mask: (text: string) => string;
  /** The request's secrets, for a worker that masks what it decodes from the body (a filter's results) as it writes it. */
  secrets: readonly string[];
  /** A large body's formatting worker, stopped when the response is dropped. */
  formatting?: RawFormatter;
}

export interface ResponseStore {
  /** A sink for the client: what a response's body becomes. `secrets` are masked in the bytes. */
  sink(head: ResponseHead, secrets: readonly string[]): BodySink;
  response(responseId: string): KeptResponse;
  view(viewId: string): KeptView & { response: KeptResponse };
  /** Makes a view of the response from lines the caller writes; the writer's file lives in the store's folder. */
  addView(
    responseId: string,
    format: 'json' | 'text',
    write: (writer: LineFileWriter) => Promise<void>,
  ): Promise<BodyView>;
  /**
   * Makes a JSON view of the response from a file of JSON that `write` makes in the store's folder
   * (a filter's results, masked already): formatted like a large body, off this thread
   * (formatting.ts), from the bytes `write` says are in the file (`grown`) while it writes the rest,
   * `onFormatting` telling how far once it has written the last; the file is removed once formatted,
   * when writing or formatting it fails, on `signal` and before the store is disposed.
   */
  addJsonFileView<T extends { bytes: number }>(
    responseId: string,
    write: (path: string, grown: (bytes: number) => void) => Promise<T>,
    hooks: { signal: AbortSignal; onFormatting(doneBytes: number, totalBytes: number): void },
  ): Promise<{ view: BodyView; made: T }>;
  /** The body's text (in the response's charset), for captures of a kept body; throws above maxBytes. */
  readText(responseId: string, maxBytes: number): Promise<string>;
  /** Bytes of a kept response as text, in its charset (a BOM dropped). */
  decode(kept: KeptResponse, bytes: Buffer): string;
  dispose(): Promise<void>;
}

export interface ResponseStoreOptions {
  /** Where bodies go (emptied on open). */
  dir: string;
  inlineLimitBytes?: number;
  keepResponses?: number;
  /** Free bytes on the disk holding `dir` (default: statfs); tests inject a small answer. */
  freeBytes?: (dir: string) => number;
  /** The built formatting worker (formatting.ts); default: format-worker.cjs beside the main bundle. */
  formatWorkerFile?: string;
}

/** Free bytes for this user on the disk holding `dir`; unknown (Infinity) when statfs fails: the writes will tell. */
function statfsFreeBytes(dir: string): number {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return Infinity;
  }
}

/** "1.5 GB", "300 MB", "12 KB": sizes for sentences about disk space. */
function roughSize(bytes: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  return `${bytes} bytes`;
}

const gone = () => new Error('That response is no longer kept (only the last few are). Send the request again.');

/** `work`, or an AbortError as soon as `signal` aborts (the work is left to the caller to stop). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () =>
      reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

function diskFullMessage(received: number, free: number): string {
  return (
    `The disk holding the app’s data folder has only ${roughSize(free)} free, so the transfer was stopped after ${roughSize(received)} ` +
    'to leave room for your settings and credentials. What was received is shown. ' +
    'Free some disk space (or lower the maximum response size in Settings), then send again.'
  );
}

/**
 * Appends bytes to a file in order, gathered into writes of WRITE_BATCH_BYTES (a network chunk is a
 * few KB: one write each, and one pass of the redactor each, would cost more than the bytes); each
 * batch goes through the redactor just before it is written. The redactor passes the batch on as
 * views and the pieces go in one writev, so each byte is copied once in this thread (into the
 * batch), and the batch buffers are reused once written instead of a fresh megabyte (and the
 * redactor's copy of it) per batch: such buffers lived until their write, long enough to be freed only
 * by a full collection, which the main thread then ran every few MB, its longest event-loop stalls.
 * write() resolves once the backlog is small again. `onWritten(bytes)`: the file now holds that many.
 */
function appender(path: string, redactor: Redactor | null, onWritten: (bytes: number) => void) {
  let handle: Promise<FileHandle> = open(path, 'w');
  let backlog = 0;
  let written = 0;
  let failed: unknown = null;
  /** Batch buffers written already, to fill again. */
  const spare: Buffer[] = [];
  const newBatch = () => spare.pop() ?? Buffer.allocUnsafeSlow(WRITE_BATCH_BYTES);
  let batch = newBatch();
  let filled = 0;
  let chain: Promise<void> = handle.then(
    () => undefined,
    (error: unknown) => {
      failed = error;
    },
  );
  /** Queues `pieces` (masked already) to be written after what is queued; `done` once they are. */
  const queue = (pieces: Buffer[], done?: () => void) => {
    const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
    chain = chain.then(async () => {
      if (failed) return;
      try {
        written += await appendAll(await handle, pieces);
        onWritten(written);
      } catch (error) {
        failed = error;
      }
      backlog -= length;
      done?.();
    });
  };
  const queueBatch = () => {
    const full = batch;
    const bytes = full.subarray(0, filled);
    batch = newBatch();
    filled = 0;
    const masked = redactor ? redactor.push(bytes) : [bytes];
    // What the redactor holds back is counted when it comes out.
    for (const piece of masked) backlog += piece.length;
    backlog -= bytes.length;
    queue(masked, () => spare.push(full));
  };
  return {
    /** Bytes the redactor has already seen (the in-memory part of the body), written as they are. */
    writeMasked(bytes: Buffer): void {
      if (filled > 0) queueBatch();
      backlog += bytes.length;
      queue([bytes]);
    },
    write(bytes: Buffer): Promise<void> | undefined {
      backlog += bytes.length;
      for (let at = 0; at < bytes.length;) {
        const n = Math.min(bytes.length - at, WRITE_BATCH_BYTES - filled);
        bytes.copy(batch, filled, at, at + n);
        filled += n;
        at += n;
        if (filled === WRITE_BATCH_BYTES) queueBatch();
      }
      if (failed) return Promise.reject(failed);
      return backlog > WRITE_BACKLOG_BYTES
        ? chain.then(() => (failed ? Promise.reject(failed) : undefined))
        : undefined;
    },
    /** Writes what is left (the redactor's last bytes too) and closes; resolves with the file's size. */
    async close(): Promise<number> {
      if (filled > 0) queueBatch();
      const last = redactor?.end() ?? [];
      if (last.length > 0) {
        for (const piece of last) backlog += piece.length;
        queue(last);
      }
      await chain;
      spare.length = 0;
      if (failed) throw failed;
      await (await handle).close();
      return written;
    },
    async discard(): Promise<void> {
      failed = failed ?? new Error('discarded');
      await chain.catch(() => {});
      spare.length = 0;
      await handle.then((fh) => fh.close()).catch(() => {});
      handle = Promise.reject(new Error('closed'));
      handle.catch(() => {});
      await rm(path, { force: true });
    },
  };
}

export function openResponseStore(options: ResponseStoreOptions): ResponseStore {
  const dir = options.dir;
  const inlineLimit = options.inlineLimitBytes ?? DEFAULT_INLINE_LIMIT_BYTES;
  const keep = options.keepResponses ?? DEFAULT_KEEP_RESPONSES;
  const freeBytes = options.freeBytes ?? statfsFreeBytes;
  const formatWorkerFile = options.formatWorkerFile ?? defaultFormatWorkerFile();
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  } catch {
    // A read-only or full data folder: the app starts; a large body then stops with a sentence when it cannot be kept.
  }

  const responses = new Map<string, KeptResponse>();
  /** Files of cancelled transfers being deleted (dispose waits for them). */
  const discarding = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => {});
    discarding.add(settled);
    void settled.then(() => discarding.delete(settled));
  };
  const viewOwners = new Map<string, KeptResponse>();

  async function drop(kept: KeptResponse): Promise<void> {
    responses.delete(kept.responseId);
    // Unreachable at once, before any await: no new read may start on a view being closed.
    for (const viewId of kept.views.keys()) viewOwners.delete(viewId);
    await kept.formatting?.discard().catch(() => {});
    for (const view of kept.views.values()) {
      if (view.formatting) {
        await view.formatting.close();
        continue;
      }
      await view.lines.close().catch(() => {});
      await rm(view.lines.path, { force: true });
    }
    if (kept.body.kind === 'file') await rm(kept.body.path, { force: true });
  }

  function remember(kept: KeptResponse): void {
    responses.set(kept.responseId, kept);
    while (responses.size > keep) {
      const oldest = responses.values().next().value as KeptResponse;
      track(drop(oldest));
    }
  }

  function registerView(kept: KeptResponse, view: KeptView): string {
    const viewId = randomUUID();
    kept.views.set(viewId, view);
    viewOwners.set(viewId, kept);
    return viewId;
  }

  /** The body's view while it is being formatted: its lines and format are the worker's latest. */
  function formattingView(formatting: ProgressiveLines): KeptView {
    return {
      get lines() {
        return formatting.lines;
      },
      get format() {
        return formatting.format;
      },
      derived: false,
      formatting,
    };
  }

  /** Registers a derived view's finished lines, unless the response was dropped while they were made (ten newer ones came). */
  async function addDerived(kept: KeptResponse, lines: LineFile, format: 'json' | 'text'): Promise<BodyView> {
    if (responses.get(kept.responseId) !== kept) {
      await lines.close().catch(() => {});
      await rm(lines.path, { force: true });
      throw gone();
    }
    return viewOf(kept, registerView(kept, { lines, format, derived: true }));
  }

  /** A JSON file in the folder formatted into a derived view (see addJsonFileView); the file is removed in any case. */
  async function jsonFileView<T extends { bytes: number }>(
    kept: KeptResponse,
    write: (path: string, grown: (bytes: number) => void) => Promise<T>,
    hooks: { signal: AbortSignal; onFormatting(doneBytes: number, totalBytes: number): void },
  ): Promise<{ view: BodyView; made: T }> {
    const name = join(dir, `${kept.responseId}.${randomUUID()}`);
    const jsonPath = `${name}.json`;
    let formatting: RawFormatter | null = null;
    /** The file's size once written whole: from then on the formatting's progress is the job's. */
    let total: number | null = null;
    const lines = progressiveLines();
    const format = (): RawFormatter => {
      const job = {
        rawPath: jsonPath,
        linesPath: `${name}.lines`,
        textLinesPath: `${name}.text.lines`,
        contentType: 'application/json',
        json: true,
      };
      return startFormatting(job, formatWorkerFile, (progress) => {
        lines.onProgress(progress);
        if (total !== null) hooks.onFormatting(progress.rawBytes, total);
      });
    };
    try {
      const made = await write(jsonPath, (bytes) => {
        if (bytes > 0 && !hooks.signal.aborted) (formatting ??= format()).grown(bytes);
      });
      hooks.signal.throwIfAborted();
      total = made.bytes;
      formatting ??= format();
      const body = await untilAborted(formatting.end(made.bytes), hooks.signal);
      if (body.format !== 'json') throw new Error('The JSON written could not be formatted.');
      return { view: await addDerived(kept, lines.lines, 'json'), made };
    } catch (error) {
      await formatting?.discard().catch(() => {});
      await lines.close();
      throw error;
    } finally {
      await rm(jsonPath, { force: true });
    }
  }

  /**
   * A view as the renderer gets it. The reader, format and formatting state are taken together
   * before the first lines are read, and taken again if a broken JSON's text lines replaced the
   * reader meanwhile: an answer saying the formatting is done then carries the final reader's lines.
   * (Taking the state after the read could pair the pretty lines read with "done, as text": the
   * renderer, told nothing is left to format, would show the stale first line for good.)
   */
  async function viewOf(kept: KeptResponse, viewId: string): Promise<BodyView> {
    const view = kept.views.get(viewId)!;
    for (;;) {
      const { lines, format, formatting } = view;
      const state = formatting?.state;
      let firstLines: BodyLine[];
      try {
        firstLines = await lines.readLines(0, FIRST_LINES);
      } catch (error) {
        if (view.lines === lines) throw error;
        continue;
      }
      if (view.lines !== lines) continue;
      return {
        viewId,
        format,
        lineCount: lines.lineCount,
        textBytes: lines.bytes,
        firstLines,
        ...(state && !state.done ? { formatting: state } : {}),
      };
    }
  }

  function sink(head: ResponseHead, secrets: readonly string[]): BodySink {
    const redactor = createRedactor(secrets, charsetOf(head.contentType));
    const mask = secretMasker(secrets);
    const responseId = randomUUID();
    const chunks: Buffer[] = [];
    let inMemory = 0;
    let total = 0;
    // Set once the body passes the inline limit.
    let spilled: {
      raw: ReturnType<typeof appender>;
      rawPath: string;
      binary: boolean;
      /** Formats the file as it grows (null for a binary body), and its lines so far. */
      formatting: RawFormatter | null;
      lines: ProgressiveLines;
      preview: Buffer;
    } | null = null;
    let aborted = false;
    /** Set when the disk is nearly full: the rest of the body is not taken. */
    let stopped: TransferStopped | null = null;
    const stop = (message: string): Promise<void> => {
      stopped = new TransferStopped(message);
      return Promise.reject(stopped);
    };
    /** The free space when it is below what spilling `more` bytes needs, else null. */
    const tooLittleRoom = (more: number): number | null => {
      const free = freeBytes(dir);
      return free < DISK_RESERVE_BYTES + more * SPILL_FACTOR ? free : null;
    };
    /** A write that failed for lack of space stops the transfer like a full disk does. */
    const stopOnNoSpace = (error: unknown): Promise<void> => {
      if (isFsError(error) && (error.code === 'ENOSPC' || error.code === 'EDQUOT'))
        return stop(diskFullMessage(total, 0));
      return Promise.reject(error);
    };

    const spill = (): void => {
      const prefix = Buffer.concat(chunks, inMemory);
      const binary = isBinary(prefix.subarray(0, 64 * 1024), head.contentType, charsetOf(head.contentType));
      const rawPath = join(dir, `${responseId}.body`);
      let formatting: RawFormatter | null = null;
      const lines = progressiveLines();
      if (!binary) {
        const firstText = textDecoderFor(head.contentType).decode(prefix.subarray(0, 1024), { stream: true });
        formatting = startFormatting(
          {
            rawPath,
            linesPath: join(dir, `${responseId}.lines`),
            textLinesPath: join(dir, `${responseId}.text.lines`),
            contentType: head.contentType,
            json: isJsonContentType(head.contentType) || looksLikeJson(firstText),
          },
          formatWorkerFile,
          (progress) => lines.onProgress(progress),
        );
      }
      // From here the redactor masks the batches the appender writes, after the prefix it has masked already.
      const raw = appender(rawPath, redactor, (bytes) => formatting?.grown(bytes));
      raw.writeMasked(prefix);
      spilled = { raw, rawPath, binary, formatting, lines, preview: prefix.subarray(0, BINARY_PREVIEW_BYTES) };
      chunks.length = 0;
      inMemory = 0;
    };

    let sinceDrainCheck = 0;
    const feed = (bytes: Buffer): Promise<void> | undefined => {
      // Only the append happens here: the lines are made from the file, off this thread.
      const raw = spilled!.raw.write(bytes);
      // Every few MB: is there still room?
      sinceDrainCheck += bytes.length;
      if (sinceDrainCheck >= DRAIN_CHECK_BYTES) {
        sinceDrainCheck = 0;
        const free = tooLittleRoom(0);
        if (free !== null) {
          raw?.catch(() => {}); // the file is finished as it stands; its own failure, if any, shows there
          return stop(diskFullMessage(total, free));
        }
      }
      return raw?.catch(stopOnNoSpace);
    };

    const accept = (bytes: Buffer): void | Promise<void> => {
      if (bytes.length === 0 || stopped) return;
      total += bytes.length;
      if (spilled) return feed(bytes);
      chunks.push(bytes);
      inMemory += bytes.length;
      if (inMemory <= inlineLimit) return;
      // The body goes to disk from here: only when the disk holds it (as far as its Content-Length says) and the reserve.
      const free = tooLittleRoom(Math.max(head.contentLength ?? 0, inMemory));
      if (free !== null) return stop(diskFullMessage(total, free));
      spill();
    };

    /** A body under the inline limit, sent whole; null when its formatted text would pass the limit. */
    const finishInMemory = (): FinishedBody | null => {
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, inMemory);
      const decoded = decodeBodyWithin(bytes, head.contentType, inlineLimit);
      if (decoded === null || bytes.length === 0) return decoded;
      remember({
        responseId,
        url: head.url,
        contentType: head.contentType,
        format: decoded.bodyFormat,
        body: { kind: 'memory', bytes },
        views: new Map(),
        mask,
        secrets,
      });
      return { ...decoded, responseId };
    };

    const finishSpilled = async (s: NonNullable<typeof spilled>): Promise<FinishedBody> => {
      const size = await s.raw.close();
      const kept: KeptResponse = {
        responseId,
        url: head.url,
        contentType: head.contentType,
        format: s.binary ? 'binary' : 'text',
        body: { kind: 'file', path: s.rawPath, bytes: size },
        views: new Map(),
        mask,
        secrets,
      };
      if (s.binary) {
        remember(kept);
        return {
          bodyFormat: 'binary',
          body: hexDump(s.preview),
          bodyTruncated: size > BINARY_PREVIEW_BYTES,
          responseId,
        };
      }
      // The answer needs the first lines only: the rest are formatted while the user reads them.
      const formatted = s.formatting!.end(size);
      await s.lines.readable(formatted);
      // A medium body is formatted a moment later: answered whole then, the viewer asks for nothing more.
      await Promise.race([formatted.catch(() => {}), delay(WHOLE_BODY_GRACE_MS)]);
      const view = formattingView(s.lines);
      kept.format = view.format;
      kept.formatting = s.formatting!;
      // A filter needs the whole body to be valid JSON: known once the formatting ends.
      void formatted.then(
        (body) => (kept.format = body.format),
        () => {},
      );
      const viewId = registerView(kept, view);
      remember(kept);
      const bodyView = await viewOf(kept, viewId);
      return { bodyFormat: view.format, body: '', bodyTruncated: false, responseId, bodyView };
    };

    return {
      write(chunk) {
        if (aborted) return;
        // Once spilled, the appender runs the redactor over its batches.
        // Joined while the body is small: a spill must take what the redactor passed on whole, as masked.
        return accept(redactor && !spilled ? Buffer.concat(redactor.push(chunk)) : chunk);
      },
      async finish(): Promise<FinishedBody> {
        if (redactor && !spilled) await accept(Buffer.concat(redactor.end()));
        if (!spilled) {
          const inline = finishInMemory();
          if (inline) return inline;
          // Small, but its pretty text is not (deep nesting): kept and paged like a large body.
          spill();
        }
        const s = spilled as NonNullable<typeof spilled>;
        try {
          return await finishSpilled(s);
        } catch (error) {
          // Nothing half-written stays behind (e.g. the disk filled up at the end).
          await s.raw.discard().catch(() => {});
          await s.formatting?.discard().catch(() => {});
          throw error;
        }
      },
      abort() {
        aborted = true;
        chunks.length = 0;
        const s = spilled as typeof spilled;
        if (s) {
          track(s.raw.discard());
          if (s.formatting) track(s.formatting.discard());
        }
      },
    };
  }

  return {
    sink,
    response(responseId) {
      const kept = responses.get(responseId);
      if (!kept) throw gone();
      return kept;
    },
    view(viewId) {
      const kept = viewOwners.get(viewId);
      const view = kept?.views.get(viewId);
      if (!kept || !view) throw gone();
      return { response: kept, ...view };
    },
    async addView(responseId, format, write) {
      const kept = this.response(responseId);
      const writer = createLineFileWriter(join(dir, `${responseId}.${randomUUID()}.lines`));
      try {
        await write(writer);
      } catch (error) {
        await writer.discard();
        throw error;
      }
      return addDerived(kept, await writer.finish(), format);
    },
    addJsonFileView(responseId, write, hooks) {
      const work = jsonFileView(this.response(responseId), write, hooks);
      // dispose() waits for it: the jobs are stopped first, and their files go before the folder.
      track(work);
      return work;
    },
    async readText(responseId, maxBytes) {
      const kept = this.response(responseId);
      const size = kept.body.kind === 'memory' ? kept.body.bytes.length : kept.body.bytes;
      if (size > maxBytes) throw new Error(`The body is too large for this (${size} bytes).`);
      if (kept.body.kind === 'memory') return this.decode(kept, kept.body.bytes);
      const fh = await open(kept.body.path, 'r');
      try {
        return this.decode(kept, await fh.readFile());
      } finally {
        await fh.close();
      }
    },
    decode(kept, bytes) {
      // TextDecoder drops a BOM, in UTF-8 and in the other encodings.
      return textDecoderFor(kept.contentType).decode(bytes);
    },
    async dispose() {
      await Promise.all(discarding);
      for (const kept of [...responses.values()]) await drop(kept);
      try {
        if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
      } catch {
        // already gone
      }
    },
  };
}
