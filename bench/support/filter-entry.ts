/**
 * One measurement of bench/filter.mjs, run in a process of its own so its peak RSS is the filter's:
 * `node filter-bench.cjs <stream|old> <file> <expression> <maxResultChars>` prints
 * {seconds, peakRssMb, count, chars} or {seconds, peakRssMb, refused} as JSON.
 */
import { readFileSync } from 'node:fs';
import { compileJsonPath } from '../../shared/jsonpath-query';
import { filterInThisThread } from '../../electron/main/response/filter';

/** The filter as it was before streaming: the whole body as one string, parsed, queried, written. */
function oldWay(file: string, expression: string): { json: string; count: number } {
  const query = compileJsonPath(expression);
  const results = query.run(JSON.parse(readFileSync(file, 'utf8')));
  return { json: JSON.stringify(results), count: results.length };
}

async function main(): Promise<void> {
  const [way, file, expression, maxResultChars] = process.argv.slice(2) as [string, string, string, string];
  const started = performance.now();
  let outcome: Record<string, unknown>;
  try {
    const run =
      way === 'old'
        ? oldWay(file, expression)
        : await filterInThisThread({ file, expression, maxResultChars: Number(maxResultChars) });
    outcome = { count: run.count, chars: run.json.length };
  } catch (error) {
    outcome = { refused: (error as Error).message };
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, peakRssMb, ...outcome }));
}

void main();
