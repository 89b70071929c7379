/**
 * Where a request's secrets may go. A secret is recognised by its value in every form a client
 * writes it (secret-forms.ts: as typed, JSON-escaped, percent-encoded; and inside a Basic header's
 * base64), whatever the name of the header or the place that holds it: a name says nothing about
 * what a user put in a header called `apikey`.
 */
import { secretForms } from './secret-forms';

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
