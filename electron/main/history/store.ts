/**
 * The history of sent requests, as JSON Lines in <dataDir>/history.jsonl: one entry per line, oldest
 * first. An append writes one line (O(1)); the file is read on first use, not at start. In memory
 * the store keeps each entry's summary and where its line is in the file: get() reads that one line,
 * so request bodies stay on disk. When the count passes maxEntries by about 10%, the newest maxEntries
 * are rewritten atomically (so at most once per ~10% growth, never on every append). A line that
 * cannot be parsed (e.g. cut short by a crash) is skipped.
 *
 * The caller masks secrets before append(): the file holds what it is given.
 */
import { appendFileSync, closeSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryDetail, HistoryEntry } from '../../../shared/collections';
import { removeStaleTempFiles, writeFileAtomic } from '../credentials/atomic-file';

export interface HistoryStore {
  /** The caller masks secrets first. */
  append(entry: HistoryDetail): void;
  /** Newest first; every word of `query` must match the method, URL, status code or outcome (case-insensitive). */
  list(options?: { query?: string; limit?: number }): HistoryEntry[];
  get(id: string): HistoryDetail | undefined;
  clear(): void;
}

export interface HistoryStoreOptions {
  dataDir: string;
  /** Default 1000. */
  maxEntries?: number;
}

interface Line {
  entry: HistoryEntry;
  /** Byte offset and length of the line in the file (without its newline). */
  offset: number;
  length: number;
}

const NEWLINE = 0x0a;
const FILE_MODE = 0o600;

function summary(value: unknown): HistoryEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => typeof x === 'string';
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  const nullable = (x: unknown, check: (y: unknown) => boolean) => x === null || check(x);
  if (!str(v.id) || !num(v.at) || !str(v.method) || !str(v.url) || !nullable(v.status, num) || !str(v.outcome)) return null;
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
    environmentId: str(v.environmentId) ? (v.environmentId as string) : null,
    collectionId: str(v.collectionId) ? (v.collectionId as string) : null,
    requestDocId: str(v.requestDocId) ? (v.requestDocId as string) : null,
  };
}

export function openHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const file = join(options.dataDir, 'history.jsonl');
  const max = Math.max(1, Math.floor(options.maxEntries ?? 1000));
  const slack = Math.max(1, Math.ceil(max / 10));

  let lines: Line[] | null = null;
  let byId = new Map<string, Line>();
  /** The file's size in bytes, as far as this store wrote or read it. */
  let size = 0;
  /** The file does not end with a newline (a torn last line): the next append starts a new line first. */
  let torn = false;

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
    lines = [];
    let start = 0;
    while (start < data.length) {
      let end = data.indexOf(NEWLINE, start);
      if (end === -1) end = data.length;
      if (end > start) {
        try {
          const entry = summary(JSON.parse(data.toString('utf8', start, end)));
          if (entry) lines.push({ entry, offset: start, length: end - start });
        } catch {
          // a corrupt line: skipped, dropped at the next rewrite
        }
      }
      start = end + 1;
    }
    size = data.length;
    torn = data.length > 0 && data[data.length - 1] !== NEWLINE;
    byId = new Map(lines.map((line) => [line.entry.id, line]));
    if (lines.length > max + slack) compact(data);
    return lines;
  };

  /** Rewrites the file with the newest `max` entries. */
  const compact = (data: Buffer = readFileSync(file)) => {
    const keep = lines!.slice(-max);
    const parts: Buffer[] = [];
    let offset = 0;
    const moved = keep.map((line) => {
      parts.push(data.subarray(line.offset, line.offset + line.length), Buffer.from('\n'));
      const next = { ...line, offset };
      offset += line.length + 1;
      return next;
    });
    writeFileAtomic(file, Buffer.concat(parts).toString('utf8'), FILE_MODE);
    lines = moved;
    byId = new Map(lines.map((line) => [line.entry.id, line]));
    size = offset;
    torn = false;
  };

  const visible = () => {
    const all = load();
    return all.length > max ? all.slice(-max) : all;
  };

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
    append(detail) {
      const all = load();
      const text = JSON.stringify(detail);
      const prefix = torn ? '\n' : '';
      appendFileSync(file, `${prefix}${text}\n`, { mode: FILE_MODE });
      const entry = summary(detail);
      const offset = size + Buffer.byteLength(prefix);
      const length = Buffer.byteLength(text);
      size = offset + length + 1;
      torn = false;
      if (entry) {
        const line = { entry, offset, length };
        all.push(line);
        byId.set(entry.id, line);
      }
      if (all.length > max + slack) compact();
    },

    list(opts = {}) {
      const terms = (opts.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const limit = opts.limit ?? Infinity;
      const shown = visible();
      const found: HistoryEntry[] = [];
      for (let i = shown.length - 1; i >= 0 && found.length < limit; i--) {
        const entry = shown[i]!.entry;
        if (terms.length > 0) {
          const fields = [entry.method, entry.url, entry.status === null ? '' : String(entry.status), entry.outcome].map((f) => f.toLowerCase());
          if (!terms.every((term) => fields.some((field) => field.includes(term)))) continue;
        }
        found.push({ ...entry });
      }
      return found;
    },

    get(id) {
      const shown = visible();
      const line = byId.get(id);
      if (!line || shown.length === 0 || line.offset < shown[0]!.offset) return undefined;
      try {
        return JSON.parse(readLine(line)) as HistoryDetail;
      } catch {
        return undefined;
      }
    },

    clear() {
      rmSync(file, { force: true });
      lines = [];
      byId = new Map();
      size = 0;
      torn = false;
    },
  };
}
