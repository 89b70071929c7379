/**
 * A companion to the list reporter, which shows skipped tests without their reason: at the end,
 * one line per project and reason, e.g. why the electron project did not run here.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private readonly counts = new Map<string, number>();

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const annotations = [...result.annotations, ...test.annotations];
    const reason = annotations.find((a) => a.type === 'skip' || a.type === 'fixme')?.description ?? 'no reason given';
    const key = `[${test.parent.project()?.name ?? '?'}] ${reason}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  onEnd(): void {
    for (const [key, count] of this.counts) console.log(`  Skipped ${count} test(s): ${key}`);
  }
}
