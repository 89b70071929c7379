/**
 * A report written as the run goes: text is gathered in a small buffer and written out at 64 KB
 * (and at the end), so a report of 10,000 requests never sits whole in memory. `reserve` leaves
 * room at a place for text known only at the end (JUnit's totals), written there by `fill`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

const FLUSH_BYTES = 64 * 1024;

/** A report file that cannot be opened or written, in a sentence. */
export class ReportFileError extends Error {}

export class ReportFile {
  private readonly fd: number;
  private buffer = '';
  private written = 0;

  constructor(private readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new ReportFileError(
        `The report ${basename(path)} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'unwritable'}): give a path in a folder that exists and can be written.`,
      );
    }
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
  }

  /** Writes `width` spaces now and returns where, for `fill` to put text of at most that width there. */
  reserve(width: number): number {
    this.flush();
    const at = this.written;
    this.write(' '.repeat(width));
    return at;
  }

  fill(at: number, text: string): void {
    this.flush();
    writeSync(this.fd, text, at, 'utf8');
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer === '') return;
    try {
      this.written += writeSync(this.fd, this.buffer, null, 'utf8');
    } catch (error) {
      throw new ReportFileError(
        `The report ${basename(this.path)} could not be written to the end (${(error as NodeJS.ErrnoException).code ?? 'write failed'}).`,
      );
    }
    this.buffer = '';
  }
}
