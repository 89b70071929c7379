/**
 * The history of sent requests, as JSON Lines in <dataDir>/history.jsonl: one entry per line, oldest
 * first. The file is read on first use, not at start. In memory the store keeps the newest maxEntries
 * summaries and where each line is in the file: get() reads that one line, so request bodies stay on
 * disk. A line that cannot be parsed (e.g. cut short by a crash) is skipped.
 *
 * Writes are batched off the send path: append() only records the entry in memory (list() and get()
 * see it at once) and schedules a flush, which serializes the waiting entries and appends them in
 * one write a moment later (flushDelayMs). flush() writes at once; close() flushes and stops the timer, and whatever
 * is still waiting is also written when the process exits normally. A crash can lose at most the
 * last flushDelayMs of entries. When the file would hold more than twice maxEntries lines, the flush
 * rewrites it atomically with the newest maxEntries instead (so once per maxEntries appends, about
 * one line rewritten per append), reading only the lines it keeps; reading the file at first use
 * parses only the newest maxEntries lines.
 *
 * append() masks every known secret in the entry (the `mask` option, KnownSecrets.maskDeep) before
 * it is kept or written: the outcome, status text or URL may repeat a secret the server echoed.
 */
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryDetail, HistoryEntry } from '../../../shared/collections';
import { appendFileFully, removeStaleTempFiles, writeFileDurably, type DurableFs } from '../storage/durable-file';
import { withFsSentence } from '../storage/fs-errors';

export interface HistoryStore {
  /**
   * Masked here (the mask option). Recorded in memory at once, written to disk by the next flush;
   * the store keeps `entry` itself until then, so it must not be changed afterwards.
   */
  append(entry: HistoryDetail): void;
  /** Newest first; every word of `query` must match the method, URL, status code or outcome (case-insensitive). */
  list(options?: { query?: string; limit?: number }): HistoryEntry[];
  get(id: string): HistoryDetail | undefined;
  clear(): void;
  /** Writes the entries not yet on disk now. Throws when the file cannot be written (they stay waiting). */
  flush(): void;
  /** Flushes and cancels the pending timer (call on quit). The store stays usable. */
  close(): void;
}

export interface HistoryStoreOptions {
  dataDir: string;
  /** Default 1000. */
  maxEntries?: number;
  /** How long appended entries may wait in memory before they are written; default 200 ms. 0 writes on every append. */
  flushDelayMs?: number;
  /** Masks every known secret in an entry (KnownSecrets.maskDeep); default: kept as given. */
  mask?(detail: HistoryDetail): HistoryDetail;
  /** The file system the writes go through (tests inject one that fails). */
  fs?: DurableFs;
}

interface Line {
  entry: HistoryEntry;
  /** Byte offset of the line in the file (without its newline); -1 while it waits to be written. */
  offset: number;
  /** Byte length of the line (without its newline); -1 while it waits to be written. */
  length: number;
  /** The entry while it waits to be written (serialized by the flush, off the send path); null once it is on disk. */
  detail: HistoryDetail | null;
}

const NEWLINE = 0x0a;
const FILE_MODE = 0o600;
const HISTORY_FILE = 'history.jsonl';
const SAVE = 'save the history';
const DEFAULT_FLUSH_DELAY_MS = 200;
/** Waiting lines past this many bytes are written at once rather than after the delay. */
const MAX_PENDING_BYTES = 1024 * 1024;

/** Stores with lines waiting, written when the process exits normally (one listener for all). */
const waiting = new Set<() => void>();
let exitHooked = false;
function flushOnExit(flush: () => void): void {
  waiting.add(flush);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const pending of [...waiting]) pending();
  });
}

/** About how many bytes an entry takes as a line (its body and URL dominate). */
function roughSize(detail: HistoryDetail): number {
  return 512 + detail.url.length + detail.request.url.length + detail.request.body.length;
}

/** The entry's check counts when the line has valid ones (lines written before checks have none). */
function checkCountsOf(value: unknown): Pick<HistoryEntry, 'checks'> {
  if (typeof value !== 'object' || value === null) return {};
  const { passed, failed } = value as Record<string, unknown>;
  const count = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
  return count(passed) && count(failed) ? { checks: { passed, failed } } : {};
}

function summary(value: unknown): HistoryEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => typeof x === 'string';
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  const nullable = (x: unknown, check: (y: unknown) => boolean) => x === null || check(x);
  if (!str(v.id) || !num(v.at) || !str(v.method) || !str(v.url) || !nullable(v.status, num) || !str(v.outcome))
    return null;
  return {
    id: v.id as string,
    at: v.at as number,
    method: v.method as HistoryEntry['method'],
    url: v.url as string,
    status: v.status as number | null,
    outcome: v.outcome as string,
    statusKind: str(v.statusKind) ? (v.statusKind as string) : '',
    totalMs: num(v.totalMs) ? (v.totalMs as number) : 0,
    bodyBytes: num(v.bodyBytes) ? (v.bodyBytes as number) : null,
    ...checkCountsOf(v.checks),
    environmentId: str(v.environmentId) ? (v.environmentId as string) : null,
    collectionId: str(v.collectionId) ? (v.collectionId as string) : null,
    requestDocId: str(v.requestDocId) ? (v.requestDocId as string) : null,
  };
}

export function openHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const file = join(options.dataDir, HISTORY_FILE);
  const max = Math.max(1, Math.floor(options.maxEntries ?? 1000));
  // The file may hold up to twice `max` lines before it is rewritten: a rewrite (every line kept
  // read and written again, then fsync) costs about one line per append that way.
  const slack = max;
  const flushDelayMs = Math.max(0, options.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS);
  const mask = options.mask ?? ((detail: HistoryDetail) => detail);

  /** The newest `max` entries, oldest first (null until first use). */
  let lines: Line[] | null = null;
  let byId = new Map<string, Line>();
  /** Lines appended but not yet written, oldest first (all in `lines`). */
  let pending: Line[] = [];
  let pendingBytes = 0;
  /** Lines still in the file but not in memory (older than the newest `max`, or an entry's older copy). */
  let stale = 0;
  /** The file's size in bytes, as far as this store wrote or read it. */
  let size = 0;
  /** The file does not end with a newline (a torn last line): the next write starts a new line first. */
  let torn = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const load = (): Line[] => {
    if (lines) return lines;
    removeStaleTempFiles(file);
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      data = Buffer.alloc(0);
    }
    // Newest first, until `max` entries are found: older lines are only counted (dropped at the next rewrite).
    const newest: Line[] = [];
    const seen = new Set<string>();
    let end = data.length;
    while (end > 0) {
      const start = data.lastIndexOf(NEWLINE, end - 1) + 1;
      if (start === end) {
        // an empty line (or the newline that ends the file)
        end = start - 1;
        continue;
      }
      if (newest.length >= max) {
        stale++;
      } else {
        try {
          const entry = summary(JSON.parse(data.toString('utf8', start, end)));
          if (entry && !seen.has(entry.id)) {
            seen.add(entry.id);
            newest.push({ entry, offset: start, length: end - start, detail: null });
          } else if (entry) {
            stale++; // the same entry again, older (a failed write retried): the later line counts
          }
        } catch {
          // a corrupt line: skipped, dropped at the next rewrite
        }
      }
      end = start - 1;
    }
    size = data.length;
    torn = data.length > 0 && data[data.length - 1] !== NEWLINE;
    lines = newest.reverse();
    byId = new Map(lines.map((line) => [line.entry.id, line]));
    if (lines.length + stale > max + slack) {
      try {
        compact(data);
      } catch {
        // The file stays longer than it needs to be; the next flush rewrites it.
      }
    }
    return lines;
  };

  /**
   * Rewrites the file with the entries in memory (the newest `max`), waiting ones included. `data`,
   * when given, is the whole file as read; otherwise only the part holding the kept lines is read.
   */
  const compact = (data?: Buffer) => {
    const kept = lines!;
    // Lines already on disk come first (oldest); read the span of the file that holds them.
    const firstPending = kept.length - pending.length;
    let base = 0;
    let tail: Buffer = Buffer.alloc(0);
    if (firstPending > 0) {
      base = kept[0]!.offset;
      if (data) {
        tail = data.subarray(base, size);
      } else {
        tail = Buffer.alloc(size - base);
        const fd = openSync(file, 'r');
        try {
          let read = 0;
          while (read < tail.length) {
            const n = readSync(fd, tail, read, tail.length - read, base + read);
            if (n === 0) break;
            read += n;
          }
        } finally {
          closeSync(fd);
        }
      }
    }
    const parts: string[] = [];
    const offsets = new Array<number>(kept.length);
    const lengths = kept.map((line) => line.length);
    let offset = 0;
    // Consecutive on-disk lines are copied as one run of bytes [runStart, runEnd) of `tail`, newline added.
    let runStart = -1;
    let runEnd = -1;
    const endRun = () => {
      if (runStart < 0) return;
      parts.push(tail.toString('utf8', runStart, runEnd), '\n');
      runStart = -1;
    };
    for (let i = 0; i < kept.length; i++) {
      const line = kept[i]!;
      offsets[i] = offset;
      if (i < firstPending) {
        const from = line.offset - base;
        if (runStart < 0 || from !== runEnd + 1) {
          endRun();
          runStart = from;
        }
        runEnd = from + line.length;
      } else {
        endRun();
        const text = JSON.stringify(line.detail);
        lengths[i] = Buffer.byteLength(text);
        parts.push(text, '\n');
      }
      offset += lengths[i]! + 1;
    }
    endRun();
    withFsSentence(SAVE, HISTORY_FILE, () =>
      writeFileDurably(file, parts.join(''), { mode: FILE_MODE, fs: options.fs }),
    );
    for (let i = 0; i < kept.length; i++) {
      const line = kept[i]!;
      line.offset = offsets[i]!;
      line.length = lengths[i]!;
      line.detail = null;
    }
    pending = [];
    pendingBytes = 0;
    stale = 0;
    size = offset;
    torn = false;
  };

  const cancelTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const flush = () => {
    cancelTimer();
    if (!lines || pending.length === 0) {
      waiting.delete(flushQuietly);
      return;
    }
    if (lines.length + stale > max + slack) {
      compact();
    } else {
      const prefix = torn ? '\n' : '';
      let offset = size + prefix.length;
      const parts: string[] = [prefix];
      const lengths: number[] = [];
      for (const line of pending) {
        const text = JSON.stringify(line.detail);
        lengths.push(Buffer.byteLength(text));
        parts.push(text, '\n');
      }
      try {
        withFsSentence(SAVE, HISTORY_FILE, () =>
          appendFileFully(file, parts.join(''), { mode: FILE_MODE, fs: options.fs }),
        );
      } catch (error) {
        // Maybe partly written: learn where the file ends now, and start the next write on a new line.
        try {
          size = statSync(file).size;
          torn = size > 0;
        } catch {
          size = 0;
          torn = false;
        }
        throw error;
      }
      pending.forEach((line, i) => {
        line.offset = offset;
        line.length = lengths[i]!;
        line.detail = null;
        offset += line.length + 1;
      });
      pending = [];
      pendingBytes = 0;
      size = offset;
      torn = false;
    }
    waiting.delete(flushQuietly);
  };

  /** For the timer and process exit: nobody to tell; the lines stay waiting for the next try. */
  function flushQuietly(): void {
    try {
      flush();
    } catch {
      // kept in memory; written by the next flush
    }
  }

  const readLine = (line: Line): string => {
    const buffer = Buffer.alloc(line.length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, line.length, line.offset);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8');
  };

  return {
    append(given) {
      const detail = mask(given);
      const all = load();
      const entry = summary(detail);
      if (!entry) return;
      const line: Line = { entry, offset: -1, length: -1, detail };
      all.push(line);
      byId.set(entry.id, line);
      pending.push(line);
      pendingBytes += roughSize(detail);
      if (all.length > max) {
        const dropped = all.shift()!;
        byId.delete(dropped.entry.id);
        if (dropped.detail === null) {
          stale++;
        } else {
          // Never written (more than `max` waiting): nothing to keep on disk either.
          pending.shift();
          pendingBytes -= roughSize(dropped.detail);
        }
      }
      if (flushDelayMs === 0) {
        flush();
        return;
      }
      if (pendingBytes > MAX_PENDING_BYTES) flushQuietly();
      if (pending.length > 0 && !timer) {
        timer = setTimeout(flushQuietly, flushDelayMs);
        timer.unref?.();
        flushOnExit(flushQuietly);
      }
    },

    list(opts = {}) {
      const terms = (opts.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const limit = opts.limit ?? Infinity;
      const shown = load();
      const found: HistoryEntry[] = [];
      for (let i = shown.length - 1; i >= 0 && found.length < limit; i--) {
        const entry = shown[i]!.entry;
        if (terms.length > 0) {
          const fields = [
            entry.method,
            entry.url,
            entry.status === null ? '' : String(entry.status),
            entry.outcome,
          ].map((f) => f.toLowerCase());
          if (!terms.every((term) => fields.some((field) => field.includes(term)))) continue;
        }
        found.push({ ...entry });
      }
      return found;
    },

    get(id) {
      load();
      const line = byId.get(id);
      if (!line) return undefined;
      try {
        // A waiting entry is given as a copy, as if read from the file.
        return JSON.parse(line.detail ? JSON.stringify(line.detail) : readLine(line)) as HistoryDetail;
      } catch {
        return undefined;
      }
    },

    clear() {
      cancelTimer();
      waiting.delete(flushQuietly);
      rmSync(file, { force: true });
      lines = [];
      byId = new Map();
      pending = [];
      pendingBytes = 0;
      stale = 0;
      size = 0;
      torn = false;
    },

    flush,

    close() {
      flush();
    },
  };
}
