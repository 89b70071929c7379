/**
 * For tests: plays the user's browser on the sandbox's authorization page — opens it, presses
 * Allow or Deny, and follows the redirect to the app's loopback listener (after `before`, e.g. a forged hit on it).
 */
import { get } from 'node:http';
import type { Sandbox } from '../../electron/main/sandbox/server';
import { call, formOf, postForm } from './sandbox-client';

export interface BrowserVisit {
  decision?: 'allow' | 'deny';
  user?: string;
  /** Runs before the redirect is followed (e.g. another program hitting the listener first). */
  before?(location: URL): Promise<void>;
}

/** A plain GET over HTTP, as a browser following a redirect to the loopback listener makes it. */
export function fetchText(url: URL): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    }).on('error', reject);
  });
}

export async function visitAuthorizationPage(
  sandbox: Sandbox,
  pageUrl: string,
  visit: BrowserVisit = {},
): Promise<{ status: number; text: string }> {
  const url = new URL(pageUrl);
  const page = await call(sandbox, 'GET', url.pathname + url.search);
  if (page.status !== 200)
    throw new Error(`The authorization page answered ${page.status}: ${page.text.slice(0, 200)}`);
  const form = formOf(page.text);
  const answer = await postForm(sandbox, form.action, {
    ...form.fields,
    user: visit.user ?? 'Test agent',
    decision: visit.decision ?? 'allow',
  });
  const location = new URL(answer.headers.location!);
  await visit.before?.(location);
  return fetchText(location);
}
