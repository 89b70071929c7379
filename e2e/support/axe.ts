/**
 * The accessibility check the e2e suite keeps: axe-core's WCAG 2.0/2.1 A and AA rules on the page as
 * it is, failing on any serious or critical violation with a list a person can act on (the rule, its
 * impact, the elements it found and what is wrong), not axe's raw JSON.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

/** One violation as lines: `rule (impact): help`, then each element's selector and axe's summary of it. */
export function describeViolation(violation: Violation): string {
  const nodes = violation.nodes.map((node) => {
    const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
    return `    ${node.target.join(' ')} — ${summary}`;
  });
  return [`  ${violation.id} (${violation.impact}): ${violation.help}`, ...nodes].join('\n');
}

/** The serious and critical violations axe finds on the page now. */
export async function blockingViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
}

/** Fails, naming the screen, when axe finds a serious or critical violation on the page. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const found = await blockingViolations(page);
  const report = found.map(describeViolation).join('\n');
  expect.soft(report, `axe found serious or critical violations on "${screen}":\n${report}`).toBe('');
}
