/**
 * The lines of a large body while its worker still formats them (raw-formatter.ts), readable as
 * they come: the send answers once the last byte has arrived and the first lines are on disk,
 * not once every line is, and pages, search and Ctrl+End read the lines formatted so far. The
 * worker reports how far it has got a few times a second; each report grows the reader (the index
 * is shared memory, never copied). When the JSON turns out broken, the worker starts over with the
 * body's text lines in another file: the reader is replaced, the old file removed.
 */
import { rm } from 'node:fs/promises';
import type { FormattingState } from '../../../shared/http-types';
import { openGrowingLineFile, type GrowingLineFile } from './line-file';
import type { FormatProgress, FormattedBody } from './raw-formatter';

export interface ProgressiveLines {
  /** Give to startFormatting: each report of the worker. */
  onProgress(progress: FormatProgress): void;
  /** Resolves once some lines are readable (or all are); rejects if the formatting failed first. */
  readable(outcome: Promise<FormattedBody>): Promise<void>;
  /** The reader over the lines so far (another one once the JSON broke). */
  readonly lines: GrowingLineFile;
  readonly format: 'json' | 'text';
  readonly state: FormattingState;
  /** Closes the reader and removes its file. */
  close(): Promise<void>;
}

export function progressiveLines(): ProgressiveLines {
  let reader: GrowingLineFile | null = null;
  let format: 'json' | 'text' = 'text';
  let done = false;
  let problem: string | undefined;
  let firstReport: (() => void) | null = null;
  const first = new Promise<void>((resolve) => (firstReport = resolve));

  /** The JSON broke: the text lines' reader takes over, the pretty lines' file goes. */
  const replace = (next: GrowingLineFile, dropped: string | undefined) => {
    const old = reader;
    reader = next;
    void (old ? old.close() : Promise.resolve())
      .catch(() => {})
      .then(() => (dropped ? rm(dropped, { force: true }) : undefined));
  };

  return {
    onProgress(progress) {
      format = progress.format;
      if (!reader || reader.path !== progress.lines.path)
        replace(openGrowingLineFile(progress.lines), progress.dropped);
      else reader.grow(progress.lines);
      done = progress.done;
      firstReport?.();
    },
    async readable(outcome) {
      outcome.then(
        () => undefined,
        (error: unknown) => {
          // After the answer, a failure shows as the view's sentence; before it, the send fails with it.
          problem = error instanceof Error ? error.message : String(error);
          done = true;
        },
      );
      await Promise.race([first, outcome]);
    },
    get lines() {
      if (!reader) throw new Error('No line of the body is formatted yet.');
      return reader;
    },
    get format() {
      return format;
    },
    get state(): FormattingState {
      return { linesSoFar: reader?.lineCount ?? 0, done, ...(problem ? { problem } : {}) };
    },
    async close() {
      await reader?.close().catch(() => {});
      if (reader) await rm(reader.path, { force: true });
    },
  };
}
