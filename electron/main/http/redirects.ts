/**
 * Redirect rules, followed by our own loop (axios runs with maxRedirects: 0). Pure functions.
 *
 * - 301/302 turn POST into GET without a body; 303 turns any method but HEAD into GET without a
 *   body; 307/308 keep method and body.
 * - Only https:// targets are followed.
 * - When a redirect leaves the origin (scheme, host, port), credentials are dropped and stay dropped:
 *   headers named like credentials, and every header whose value holds one of the request's secrets
 *   whatever its name. A body that holds a secret is never re-sent to another origin (307/308): the
 *   redirect is not followed.
 */
import type { Method } from '../../../shared/http-types';
import { NO_SECRETS, type SecretFinder } from '../credentials/secret-routing';

export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

// Stryker: equivalent — 'x-api-key' emptied still matches by its 'api-key' part below.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

/** True for headers that carry credentials and must not follow a redirect to another origin. */
export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    CREDENTIAL_HEADERS.has(lower) || lower.includes('token') || lower.includes('secret') || lower.includes('api-key')
  );
}

/** Headers that describe a body; they go when the body goes. */
const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);

export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.hostname === b.hostname && effectivePort(a) === effectivePort(b);
}

// Stryker disable all: equivalent — URL already writes a scheme's default port as '' and the schemes are equal here, so comparing
// the ports as written gives the same answer whatever this maps '' to.
function effectivePort(url: URL): string {
  if (url.port !== '') return url.port;
  return url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
}
// Stryker restore all

export interface Hop {
  method: Method;
  url: URL;
  headers: Array<[string, string]>;
  /** The encoded body, or null when none is sent. */
  body: Buffer | null;
}

export type RedirectDecision =
  | { kind: 'follow'; next: Hop }
  | { kind: 'insecure'; location: string }
  | { kind: 'invalid'; location: string }
  /** A 307/308 to another origin would re-send a body that holds a secret. */
  | { kind: 'secret-body'; origin: string };

/**
 * What to send next after a redirect response with this status and Location. `secrets` knows the
 * request's secrets (credentials, secret variables, tokens), to keep them at their origin.
 */
export function followRedirect(
  current: Hop,
  status: number,
  location: string,
  secrets: SecretFinder = NO_SECRETS,
): RedirectDecision {
  let target: URL;
  try {
    target = new URL(location, current.url);
  } catch {
    return { kind: 'invalid', location };
  }
  if (target.protocol !== 'https:') return { kind: 'insecure', location: target.href };
  // A fragment of the original URL is kept when the Location has none (RFC 9110 10.2.2); fragments are never sent anyway.
  target.hash = '';

  const toGet =
    (status === 303 && current.method !== 'GET' && current.method !== 'HEAD') ||
    ((status === 301 || status === 302) && current.method === 'POST');
  const crossOrigin = !sameOrigin(current.url, target);
  const body = toGet ? null : current.body;
  if (crossOrigin && body !== null && secrets.holdsSecret(body.toString('utf8')))
    return { kind: 'secret-body', origin: target.origin };

  let headers = current.headers;
  // Stryker: equivalent — `true` here filters a hop that needs no change, which keeps every header (a copy, not the list itself).
  if (toGet || crossOrigin) {
    headers = headers.filter(([name, value]) => {
      const lower = name.toLowerCase();
      if (toGet && BODY_HEADERS.has(lower)) return false;
      if (crossOrigin && (isCredentialHeader(lower) || secrets.holdsSecret(value))) return false;
      // Host belongs to the old origin.
      if (crossOrigin && lower === 'host') return false;
      return true;
    });
  }
  return {
    kind: 'follow',
    next: {
      method: toGet ? 'GET' : current.method,
      url: target,
      headers,
      body,
    },
  };
}
