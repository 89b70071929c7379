/**
 * One measurement of bench/filter.mjs, run in a process of its own so its peak RSS is the filter's:
 * `node filter-bench.cjs <stream|old> <file> <expression> <maxResultChars> <dir>` prints
 * {seconds, peakRssMb, count, chars} or {seconds, peakRssMb, refused} as JSON;
 * `… view <file> <expression> <maxResultChars> <dir> <filter worker> <format worker>` measures the
 * whole way from the expression to the result's lines, as the app's main process does it (its
 * workers are threads of the same process, so their memory is in the same RSS), and adds {lines}.
 * bench/filter.mjs also bundles this file against an older commit's tree, to compare that commit's
 * result path with this one's in one run: where the filter gives its results as one string (before
 * they went through a file), `intoView` takes that string the way body-jobs.ts took it then.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileJsonPath } from '../../shared/jsonpath-query';
import { secretMasker } from '../../electron/main/credentials/secret-forms';
import { filterInThisThread, runJsonPathFilter, type FilterRun } from '../../electron/main/response/filter';
import { startFormatting } from '../../electron/main/response/formatting';
import { createJsonStreamFormatter } from '../../electron/main/response/json-stream';
import { createLineFileWriter } from '../../electron/main/response/line-file';

/** The app masks the request's secrets in a filter's results: a bench request has one (not in the body). */
const SECRETS = ['bench-api-key-0123456789abcdef'];
const MiB = 1024 * 1024;

/** What a filter gave: a results file (now), or the results as one string (an older commit). */
type AnyRun = FilterRun | { json: string; count: number };

/** The filter as it was before streaming: the whole body as one string, parsed, queried, written. */
function oldWay(file: string, expression: string): { json: string; count: number } {
  const query = compileJsonPath(expression);
  const results = query.run(JSON.parse(readFileSync(file, 'utf8')));
  return { json: JSON.stringify(results), count: results.length };
}

/** The results formatted into a lines file, as the app makes a filter's view. */
async function intoView(run: AnyRun, dir: string, formatWorker: string): Promise<{ chars: number; lines: number }> {
  const linesPath = join(dir, 'results.lines');
  if ('json' in run) {
    // An older commit: the string was cloned from the worker, masked, then formatted here in slices of 1 MiB.
    const json = secretMasker(SECRETS)(run.json);
    const writer = createLineFileWriter(linesPath);
    const formatter = createJsonStreamFormatter(writer);
    for (let at = 0; at < json.length; at += MiB) {
      formatter.write(json.slice(at, at + MiB));
      await new Promise((resolve) => setImmediate(resolve));
    }
    formatter.end();
    return { chars: json.length, lines: (await writer.finish()).lineCount };
  }
  const job = {
    rawPath: join(dir, 'results.json'),
    linesPath,
    textLinesPath: join(dir, 'results.text.lines'),
    contentType: 'application/json',
    json: true,
  };
  const body = await startFormatting(job, formatWorker, () => {}).end(run.bytes);
  return { chars: run.bytes, lines: body.lines.lineCount };
}

async function measured(args: string[]): Promise<Record<string, unknown>> {
  const [way, file, expression, maxResultChars, dir, filterWorker, formatWorker] = args as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const resultsPath = join(dir, 'results.json');
  if (way === 'old') {
    const run = oldWay(file, expression);
    return { count: run.count, chars: run.json.length };
  }
  if (way === 'stream') {
    const job = { file, expression, resultsPath, maxResultChars: Number(maxResultChars) };
    const run = (await filterInThisThread(job)) as AnyRun;
    return { count: run.count, chars: 'json' in run ? run.json.length : run.bytes };
  }
  const run = await runJsonPathFilter({
    file,
    expression,
    resultsPath,
    secrets: SECRETS,
    maxResultChars: Number(maxResultChars),
    workerFile: filterWorker,
  });
  return { count: run.count, ...(await intoView(run, dir, formatWorker)) };
}

async function main(): Promise<void> {
  const started = performance.now();
  let outcome: Record<string, unknown>;
  try {
    outcome = await measured(process.argv.slice(2));
  } catch (error) {
    outcome = { refused: (error as Error).message };
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, peakRssMb, ...outcome }));
}

void main();
