/** Console errors, CSP violations and uncaught exceptions of the app's pages: any of them fails the test. */
import type { BrowserContext, ConsoleMessage } from '@playwright/test';

function where(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return url ? ` [${url}:${lineNumber}]` : '';
}

/** Starts collecting; the returned array fills as problems occur. */
export function collectPageProblems(context: BrowserContext): string[] {
  const problems: string[] = [];
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium reports CSP violations (of the header and of the meta tag) as console errors.
    const kind = /Content Security Policy/i.test(message.text()) ? 'CSP violation' : 'console error';
    problems.push(`${kind}: ${message.text()}${where(message)}`);
  });
  context.on('weberror', (webError) => {
    const error = webError.error();
    // One line, the top frame in brackets: text like a stack frame would be taken for the test's own.
    const top = error.stack
      ?.split('\n')
      .find((line) => /^\s*at /.test(line))
      ?.trim();
    problems.push(`uncaught exception: ${error.name}: ${error.message}${top ? ` [${top}]` : ''}`);
  });
  return problems;
}

export function pageProblemsError(problems: readonly string[]): Error | null {
  if (problems.length === 0) return null;
  return new Error(`The page reported ${problems.length} problem(s):\n${problems.map((p) => `  • ${p}`).join('\n')}`);
}
