/**
 * The rows of one app run, streamed to a JSONL file as they come, and read back by offset: a run of
 * 10,000 requests keeps only the byte offset of each line in memory, never the rows. The response
 * each row got (what opening it in a tab needs: status, headers, the body up to a cap, all masked)
 * goes to a side file the same way. Both files live in the data folder's runs/ folder for the
 * session only: `remove` deletes them (a dropped run, the app closing).
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRow, RunRowResponse } from '../../../shared/schemas/run';

export type KeptResponse = RunRowResponse['response'];

/** One append-only JSONL file and the offsets of its lines. */
class LineFile {
  private readonly fd: number;
  /** starts[i] is where line i begins; the last entry is the end of the file. */
  private readonly starts: number[] = [0];

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+', 0o600);
  }

  get count(): number {
    return this.starts.length - 1;
  }

  append(value: unknown): void {
    const bytes = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
    const at = this.starts[this.starts.length - 1]!;
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, at + written);
    this.starts.push(at + bytes.length);
  }

  /** Lines from…from+count (fewer at the end), parsed. */
  read<T>(from: number, count: number): T[] {
    const end = Math.min(this.count, from + count);
    if (from >= end) return [];
    const start = this.starts[from]!;
    const buffer = Buffer.alloc(this.starts[end]! - start);
    let done = 0;
    while (done < buffer.length) {
      const read = readSync(this.fd, buffer, done, buffer.length - done, start + done);
      if (read === 0) break;
      done += read;
    }
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(0, end - from)
      .map((line) => JSON.parse(line) as T);
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}

export class RunFile {
  private readonly rows: LineFile;
  private readonly responses: LineFile;
  /** Indexes of the failed rows, in order (for "failed only"). */
  private readonly failed: number[] = [];

  constructor(dir: string, runId: string) {
    this.rows = new LineFile(join(dir, `${runId}.rows.jsonl`));
    this.responses = new LineFile(join(dir, `${runId}.responses.jsonl`));
  }

  get count(): number {
    return this.rows.count;
  }

  get failedCount(): number {
    return this.failed.length;
  }

  append(row: RunRow, response: KeptResponse): void {
    this.rows.append(row);
    this.responses.append(response);
    if (!row.passed) this.failed.push(row.index);
  }

  page(from: number, count: number): RunRow[] {
    return this.rows.read<RunRow>(from, count);
  }

  failedPage(from: number, count: number): RunRow[] {
    return this.failed.slice(from, from + count).map((index) => this.rows.read<RunRow>(index, 1)[0]!);
  }

  row(index: number): RunRow | undefined {
    return this.rows.read<RunRow>(index, 1)[0];
  }

  response(index: number): KeptResponse {
    return this.responses.read<KeptResponse>(index, 1)[0] ?? null;
  }

  /** Every row in order, a page at a time (an export), without holding them all. */
  *all(pageSize = 500): Generator<RunRow> {
    for (let from = 0; from < this.count; from += pageSize) yield* this.page(from, pageSize);
  }

  remove(): void {
    this.rows.close();
    this.responses.close();
  }
}
