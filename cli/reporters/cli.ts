/**
 * The cli reporter: one line per request (✓/✗, method, folders and name, status, time, size),
 * its checks under it with ✓/✗ (a failure with what was expected and what came), then a summary
 * table. Colours only when the output is a terminal (and NO_COLOR is not set). Lines are written
 * in batches (every 100 ms, or at 16 KB): a write per request cost about a tenth of a run's CPU.
 */
import type { RequestEvent, RunReporter, RunSummary } from '../../electron/main/runner/engine';

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

type Paint = (text: string) => string;

function palette(colour: boolean): { green: Paint; red: Paint; dim: Paint; bold: Paint } {
  const code = (open: number, close: number): Paint =>
    colour ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
  return { green: code(32, 39), red: code(31, 39), dim: code(2, 22), bold: code(1, 22) };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A plain table with box-drawing borders; the first row is the header. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (left: string, middle: string, right: string) =>
    `${left}${widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
  const row = (cells: string[]) => `│${cells.map((cell, i) => ` ${cell.padEnd(widths[i]!)} `).join('│')}│`;
  return [line('┌', '┬', '┐'), row(rows[0]!), line('├', '┼', '┤'), ...rows.slice(1).map(row), line('└', '┴', '┘')].join(
    '\n',
  );
}

const BATCH_MS = 100;
const BATCH_CHARS = 16 * 1024;

/** Writes what is given at most every BATCH_MS (or when BATCH_CHARS have gathered), and all at flush(). */
function batched(out: Output): { write(text: string): void; flush(): void } {
  let pending = '';
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending !== '') out.write(pending);
    pending = '';
  };
  return {
    write(text) {
      pending += text;
      if (pending.length >= BATCH_CHARS) flush();
      else timer ??= setTimeout(flush, BATCH_MS);
    },
    flush,
  };
}

export function cliReporter(output: Output, env: NodeJS.ProcessEnv): RunReporter {
  const paint = palette(Boolean(output.isTTY) && !env.NO_COLOR);
  const out = batched(output);
  const tick = paint.green('✓');
  const cross = paint.red('✗');
  let iterations = 1;
  let shownIteration = 0;
  const requestLine = (event: RequestEvent) => {
    const name = [...event.folders, event.name].join(' / ');
    const outcome =
      event.status !== null
        ? `${event.status}${event.statusText ? ` ${event.statusText}` : ''}`
        : paint.red('no response');
    const size = event.sizeBytes !== null ? `  ${formatBytes(event.sizeBytes)}` : '';
    return `${event.passed ? tick : cross} ${event.method.padEnd(6)} ${paint.bold(name)}  ${outcome}  ${formatMs(event.timeMs)}${size}\n`;
  };
  return {
    start(info) {
      iterations = info.iterations;
      out.write(`${paint.bold(info.collection)}\n\n`);
    },
    request(event) {
      if (iterations > 1 && event.iteration !== shownIteration) {
        shownIteration = event.iteration;
        out.write(`${paint.dim(`Iteration ${event.iteration}/${iterations}`)}\n`);
      }
      let text = requestLine(event);
      if (event.error !== null) text += `    ${paint.red(event.error)}\n`;
      for (const check of event.checks) {
        if (check.passed) text += `    ${tick} ${check.label}\n`;
        else
          text += `    ${cross} ${check.label}${paint.dim(check.error ? ` — ${check.error}` : ` — expected ${check.expected ?? ''}, got ${check.actual ?? ''}`)}\n`;
      }
      for (const note of event.notes) text += `    ${paint.dim(note)}\n`;
      out.write(text);
    },
    end(summary: RunSummary) {
      const rows = [
        ['', 'executed', 'failed'],
        ['iterations', String(summary.iterations), String(summary.failedIterations)],
        ['requests', String(summary.requests), String(summary.failedRequests)],
        ['checks', String(summary.checks), String(summary.failedChecks)],
      ];
      const average = summary.requests > 0 ? summary.responseMs / summary.requests : 0;
      const verdict = summary.passed
        ? paint.green('Every check passed.')
        : paint.red(
            summary.cancelled
              ? 'Interrupted: the requests not yet started were not sent.'
              : summary.bailed
                ? 'Stopped at the first failure (--bail).'
                : 'Some requests or checks failed.',
          );
      out.write(
        `\n${table(rows)}\nTotal run duration: ${formatMs(summary.durationMs)}; average response time: ${formatMs(average)}.\n${verdict}\n`,
      );
      out.flush();
    },
  };
}
