import { DOMParser } from '@xmldom/xmldom';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestEvent, RunSummary } from '../engine';
import { junitReporter } from './junit';

const dir = mkdtempSync(join(tmpdir(), 'junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = (over: Partial<RequestEvent>): RequestEvent => ({
  iteration: 1,
  position: 1,
  name: 'Publish',
  folders: ['Adverts'],
  method: 'POST',
  url: 'https://127.0.0.1/advert/v1',
  status: 202,
  statusText: 'Accepted',
  timeMs: 12,
  sizeBytes: 300,
  checks: [],
  error: null,
  notes: [],
  passed: true,
  ...over,
});

const summary: RunSummary = {
  collection: 'Ads & "more" <x>',
  iterations: 1,
  failedIterations: 1,
  requests: 3,
  failedRequests: 1,
  checks: 2,
  failedChecks: 1,
  responseMs: 30,
  durationMs: 1234,
  bailed: false,
  cancelled: false,
  passed: false,
};

describe('junit reporter', () => {
  it('writes well-formed JUnit XML: names escaped, characters XML forbids replaced, totals filled in at the end', () => {
    const path = join(dir, 'report.xml');
    const reporter = junitReporter(path);
    reporter.start?.({ collection: summary.collection, iterations: 1, requests: 3 });
    const odd = 'Read <a&b> "quoted" \'single\' \u0001 \uD800 ✓';
    reporter.request(
      event({
        name: odd,
        checks: [
          { label: 'status is 202', passed: true },
          { label: '$.a is <1>', passed: false, expected: '<1>', actual: '2 & 3' },
        ],
        passed: false,
      }),
    );
    reporter.request(
      event({
        position: 2,
        name: 'Timed out',
        status: null,
        error: 'No answer within 300 ms. Try again.',
        passed: false,
      }),
    );
    reporter.request(event({ position: 3, name: 'No checks' }));
    reporter.end(summary);

    const errors: string[] = [];
    const report = (message: string) => errors.push(message);
    const doc = new DOMParser({ errorHandler: { warning: report, error: report, fatalError: report } }).parseFromString(
      readFileSync(path, 'utf8'),
      'text/xml',
    );
    expect(errors).toEqual([]);
    const root = doc.documentElement!;
    expect(root.tagName).toBe('testsuites');
    expect(root.getAttribute('name')).toBe(summary.collection);
    expect([
      root.getAttribute('tests'),
      root.getAttribute('failures'),
      root.getAttribute('errors'),
      root.getAttribute('time'),
    ]).toEqual(['4', '1', '1', '1.234']);
    const suites = doc.getElementsByTagName('testsuite');
    expect(suites[0]!.getAttribute('name')).toBe('Adverts / Read <a&b> "quoted" \'single\' \uFFFD \uFFFD ✓');
    const failure = suites[0]!.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('message')).toBe('expected <1>, got 2 & 3');
    expect(failure.textContent).toBe('Expected: <1>\nActual: 2 & 3');
    expect(suites[1]!.getElementsByTagName('error')[0]!.getAttribute('message')).toBe(
      'No answer within 300 ms. Try again.',
    );
    expect(suites[2]!.getElementsByTagName('testcase')[0]!.getAttribute('name')).toBe('No checks');
  });
});
