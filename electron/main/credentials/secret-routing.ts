/**
 * Where a request's secrets may go. A secret is recognised by its value in every form a client
 * writes it (secret-forms.ts: as typed, JSON-escaped, percent-encoded; and inside a Basic header's
 * base64), whatever the name of the header or the place that holds it: a name says nothing about
 * what a user put in a header called `apikey`.
 *
 * Every secret is bound to origins: credentials and an environment's secret variables to the
 * environment's address; a collection's or Globals' secret variables to their own list of allowed
 * origins (bound to the origin of their first send when the list is empty). mayGoTo is the one rule;
 * the send (before anything goes out), every redirect hop, the token endpoint's calls and copying as
 * cURL with real values all ask it, through misroutedSecret.
 */
import type { VariableScope } from '../../../shared/schemas/variable';
import type { Problem } from '../../../shared/http-types';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { secretForms, secretMasker } from './secret-forms';

/** A secret a request uses, and where it may go. */
export interface BoundSecret {
  /** The variable's name (“token” for {{token}}); for credentials, the environment's name. */
  name: string;
  /** Where it is defined: a scope of variables, or an environment's credentials. */
  scope: VariableScope | { kind: 'credentials'; environmentId: string };
  /** The scope's name as sentences say it: “Globals”, “the collection “Adverts””, “the environment “Home””. */
  where: string;
  value: string;
  /** The origins it may go to; null: a collection's or Globals' secret not bound yet (its first send binds it). */
  origins: readonly string[] | null;
}

/** The one rule: may this secret be sent to this origin? An unbound secret may, once: sending it binds it there. */
export function mayGoTo(secret: Pick<BoundSecret, 'origins'>, origin: string): boolean {
  return secret.origins === null || secret.origins.includes(origin);
}

/**
 * The first secret that a request's texts (URL, header names and values, body) would carry to
 * `origin` against the rule. The texts are asked for only when a secret may not go there.
 */
export function misroutedSecret(
  secrets: readonly BoundSecret[],
  origin: string,
  texts: () => readonly string[],
): BoundSecret | null {
  let read: readonly string[] | null = null;
  for (const secret of secrets) {
    if (mayGoTo(secret, origin)) continue;
    const finder = secretFinder([secret.value]);
    read ??= texts();
    if (read.some((text) => finder.holdsSecret(text))) return secret;
  }
  return null;
}

const originsText = (origins: readonly string[]) =>
  origins.length === 0 ? 'nowhere yet' : `only to ${origins.join(', ')}`;

/** “the secret variable {{token}} of the collection “Adverts””, or “the credentials of the environment “Home””. */
export function describeSecret(secret: BoundSecret): string {
  return secret.scope.kind === 'credentials'
    ? `the credentials of ${secret.where}`
    : `the secret variable {{${secret.name}}} of ${secret.where}`;
}

/** What the user can do to let the secret go to `origin`. */
export function howToAllow(secret: BoundSecret, origin: string): string {
  if (secret.scope.kind === 'credentials' || secret.scope.kind === 'environment') {
    return `An environment’s secrets go only to its own address: pick the environment whose address is ${origin} as the target, or change the URL.`;
  }
  return `If ${origin} should have it, add ${origin} to the allowed origins of {{${secret.name}}} in Variables (${secret.where}); otherwise change the URL.`;
}

/**
 * The sentence a refused send (or copy) gets: the secret's name and scope, never its value, and the
 * origin. `outcome` says what did not happen, e.g. “nothing was sent”.
 */
export function refusedSendSentence(secret: BoundSecret, origin: string, outcome = 'nothing was sent'): string {
  const what = describeSecret(secret);
  const rule = `${what[0]!.toUpperCase()}${what.slice(1)} may go ${originsText(secret.origins ?? [])}`;
  return `${rule}; this request would send it to ${origin}, so ${outcome}. ${howToAllow(secret, origin)}`;
}

/** The forms of a request's secrets, worked out once per send and asked of every hop. */
export interface SecretFinder {
  /** True when the text holds any form of any secret (a `Basic` value is decoded first). */
  holdsSecret(text: string): boolean;
}

const BASIC = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i;

/** The decoded user:password of a `Basic …` header value, or null. */
function decodedBasic(text: string): string | null {
  const match = BASIC.exec(text);
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : null;
}

export function secretFinder(secrets: readonly string[]): SecretFinder {
  const forms = secretForms(secrets);
  const holds = (text: string) => forms.some((form) => text.includes(form));
  return {
    holdsSecret(text) {
      if (forms.length === 0) return false;
      if (holds(text)) return true;
      const basic = decodedBasic(text);
      return basic !== null && holds(basic);
    },
  };
}

/** A finder that knows no secret: for callers that send none. */
export const NO_SECRETS: SecretFinder = { holdsSecret: () => false };

/** What a request carries where a secret could be: its URL, enabled header names and values, and body. */
export function requestTexts(request: Pick<OutgoingRequest, 'url' | 'headers' | 'body'>): string[] {
  return [
    request.url,
    ...request.headers.filter((row) => row.enabled).flatMap((row) => [row.name, row.value]),
    request.body,
  ];
}

const NOT_HTTPS_FOR_SECRETS =
  'The URL is not a full https:// address, and secret variables go only to the https:// origins they are allowed: fix the URL first.';

/**
 * A sentence when a secret variable of the request may not go to its URL's origin (mayGoTo), or the
 * URL is no https:// address to send one to; null when all may. `outcome`: what did not happen
 * (a send and copying as cURL with real values both ask).
 */
export function secretRoutingProblem(
  request: OutgoingRequest,
  secrets: readonly BoundSecret[],
  outcome?: string,
): Problem | null {
  if (secrets.length === 0) return null;
  const url = URL.canParse(request.url) ? new URL(request.url) : null;
  if (url?.protocol !== 'https:') {
    return { field: 'url', message: NOT_HTTPS_FOR_SECRETS };
  }
  const misrouted = misroutedSecret(secrets, url.origin, () => requestTexts(request));
  if (!misrouted) return null;
  // The origin may hold a secret (a host from a secret variable): masked like all the renderer gets.
  const mask = secretMasker(secrets.map((secret) => secret.value));
  return { field: 'url', message: mask(refusedSendSentence(misrouted, url.origin, outcome)) };
}
