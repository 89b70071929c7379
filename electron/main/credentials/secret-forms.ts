/**
 * The forms a secret takes when a server echoes it back inside something else: as sent, escaped
 * as in a JSON string (also with `\/`, as PHP writes slashes, and with non-ASCII as `\uXXXX`), and
 * percent-encoded as in a URL or a form (upper- and lower-case hex). Masking looks for every form,
 * so a token echoed in a JSON body or a redirect URL is masked too. A server may escape in other
 * ways still (any character may be written `\uXXXX` in JSON): what the main process decodes from a
 * body (filter results, captures, copied values) is masked again after decoding, with secretMasker.
 * A host name is written in lower case once parsed, so the lower-case form is masked too (a host
 * that came from a secret variable, named in a DNS error).
 *
 * Secrets of MIN_SECRET_CHARS or more are masked wherever they occur. Shorter ones can only be a
 * Basic user or password or a proxy password (the app refuses to store any other secret under 8
 * characters, see MIN_STORED_SECRET_CHARS): they are masked too, but only where they stand as a
 * word of their own — masking "pw" inside every longer word would blank ordinary text and show
 * what the password is by what is blanked.
 */

/** What a masked secret becomes. */
export const MASK = '••••';

/** Secrets shorter than this are masked only where they stand alone (see the top of this file). */
export const MIN_SECRET_CHARS = 4;

/** Secrets shorter than this are refused when stored, except a Basic user or password and a proxy password (masked anyway). */
export const MIN_STORED_SECRET_CHARS = 8;

/** The sentence that refuses a secret under MIN_STORED_SECRET_CHARS (`what`: "The API key", "A secret variable"…). */
export function tooShortSecret(what: string): string {
  const why = 'a value that short would be masked in ordinary text and is easy to guess';
  return `${what} has fewer than ${MIN_STORED_SECRET_CHARS} characters: ${why}. Enter the whole value.`;
}

const jsonEscaped = (secret: string) => JSON.stringify(secret).slice(1, -1);
const asciiOnly = (text: string) =>
  text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function percentForms(secret: string): string[] {
  let upper: string;
  try {
    upper = encodeURIComponent(secret);
  } catch {
    return []; // a lone surrogate: it cannot be percent-encoded, so it is never sent that way either
  }
  const lower = upper.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  return [upper, upper.replaceAll('%20', '+'), lower, lower.replaceAll('%20', '+')];
}

/** Every form one secret may be echoed in (see the top of this file). */
function formsOf(secret: string): string[] {
  const json = jsonEscaped(secret);
  const slashes = json.replaceAll('/', '\\/');
  return [secret, secret.toLowerCase(), json, slashes, asciiOnly(json), asciiOnly(slashes), ...percentForms(secret)];
}

/** Every form of the secrets that `keep` accepts, without repeats, longest first (a form inside another must not break the longer one's match). */
function formsOfSecrets(secrets: readonly string[], keep: (secret: string) => boolean): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) if (keep(secret)) for (const form of formsOf(secret)) forms.add(form);
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Every form of every secret of MIN_SECRET_CHARS or more (masked wherever they occur), longest first. */
export function secretForms(secrets: readonly string[]): string[] {
  return formsOfSecrets(secrets, (secret) => secret.length >= MIN_SECRET_CHARS);
}

/** The forms of secrets under MIN_SECRET_CHARS, masked only as words of their own. */
export function shortSecretForms(secrets: readonly string[]): string[] {
  return formsOfSecrets(secrets, (secret) => secret.length > 0 && secret.length < MIN_SECRET_CHARS);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A letter or digit (ASCII, or any character past U+00BF): what a short secret must not touch to count as a word. */
const WORD_CHAR = '0-9A-Za-z\\u00c0-\\uffff';

/**
 * A cache of the last `limit` values built, by key (the newest kept): the send path masks with the
 * same set of secrets again and again, and building the matcher costs more than using it.
 */
export function recentlyBuilt<V>(limit: number): (key: string, build: () => V) => V {
  const recent = new Map<string, V>();
  return (key, build) => {
    if (recent.has(key)) {
      const value = recent.get(key)!;
      recent.delete(key);
      recent.set(key, value);
      return value;
    }
    const value = build();
    recent.set(key, value);
    if (recent.size > limit) recent.delete(recent.keys().next().value!);
    return value;
  };
}

const recentPatterns = recentlyBuilt<RegExp | null>(16);

/**
 * One regular expression that finds every form of every secret, the longest first where several
 * start at the same place; null when there is nothing to mask. The last few are kept (recentlyBuilt).
 */
export function secretPattern(secrets: readonly string[]): RegExp | null {
  return recentPatterns(JSON.stringify(secrets), () => buildPattern(secrets));
}

function buildPattern(secrets: readonly string[]): RegExp | null {
  const anywhere = secretForms(secrets).map(escapeRegExp);
  const short = shortSecretForms(secrets).map(escapeRegExp);
  if (short.length > 0) anywhere.push(`(?<![${WORD_CHAR}])(?:${short.join('|')})(?![${WORD_CHAR}])`);
  return anywhere.length === 0 ? null : new RegExp(anywhere.join('|'), 'g');
}

/** A function that replaces every form of the secrets in a text with MASK (the pattern built once, for many texts). */
export function secretMasker(secrets: readonly string[]): (text: string) => string {
  const pattern = secretPattern(secrets);
  if (!pattern) return (text) => text;
  return (text) => text.replace(pattern, MASK);
}
