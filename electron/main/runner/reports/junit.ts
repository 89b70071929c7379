/**
 * The junit reporter: JUnit XML as CI systems read it (Jenkins, GitLab, GitHub Actions' test
 * reporters): a testsuite per request run, a testcase per check (one per request when it has
 * none), a failure with the expected and the actual value, an error for a request that got no
 * response. Written as the run goes; the totals on <testsuites> are filled in at the end.
 */
import type { RequestEvent, RunReporter, RunSummary } from '../engine';
import { ReportFile } from './report-file';

/** Characters XML 1.0 does not allow at all (control characters but tab, line feed and return; lone surrogates). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe in an attribute value or element content. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
/** Room kept on <testsuites> for its totals. */
const TOTALS_WIDTH = 120;

export function suiteName(event: RequestEvent, iterations: number): string {
  const name = [...event.folders, event.name].join(' / ');
  return iterations > 1 ? `${name} (iteration ${event.iteration})` : name;
}

function testcases(event: RequestEvent, classname: string): string {
  const time = seconds(event.timeMs);
  const open = (name: string) =>
    `    <testcase name="${xmlText(name)}" classname="${xmlText(classname)}" time="${time}"`;
  if (event.error !== null) {
    return `${open(event.name)}>\n      <error type="RequestError" message="${xmlText(event.error)}"/>\n    </testcase>\n`;
  }
  if (event.checks.length === 0) return `${open(event.name)}/>\n`;
  return event.checks
    .map((check) => {
      if (check.passed) return `${open(check.label)}/>\n`;
      const detail = check.error ?? `Expected: ${check.expected ?? ''}\nActual: ${check.actual ?? ''}`;
      const message = check.error ?? `expected ${check.expected ?? ''}, got ${check.actual ?? ''}`;
      return `${open(check.label)}>\n      <failure type="AssertionFailure" message="${xmlText(message)}">${xmlText(detail)}</failure>\n    </testcase>\n`;
    })
    .join('');
}

export function junitReporter(path: string): RunReporter {
  const file = new ReportFile(path);
  let iterations = 1;
  let collection = '';
  let totalsAt = 0;
  let tests = 0;
  let failures = 0;
  let errors = 0;
  return {
    start(info) {
      iterations = info.iterations;
      collection = info.collection;
      file.write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlText(collection)}"`);
      totalsAt = file.reserve(TOTALS_WIDTH);
      file.write('>\n');
    },
    request(event) {
      const count = event.error !== null ? 1 : Math.max(1, event.checks.length);
      const failed = event.error !== null ? 0 : event.checks.filter((check) => !check.passed).length;
      const errored = event.error !== null ? 1 : 0;
      tests += count;
      failures += failed;
      errors += errored;
      const name = suiteName(event, iterations);
      const classname = [collection, ...event.folders, event.name].join('.');
      file.write(
        `  <testsuite name="${xmlText(name)}" id="${event.position}" tests="${count}" failures="${failed}" errors="${errored}" time="${seconds(event.timeMs)}">\n` +
          testcases(event, classname) +
          '  </testsuite>\n',
      );
    },
    end(summary: RunSummary) {
      file.write('</testsuites>\n');
      file.fill(
        totalsAt,
        ` tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(summary.durationMs)}"`,
      );
      file.close();
    },
  };
}
