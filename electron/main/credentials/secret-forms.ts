/**
 * The forms a secret takes when a server echoes it back inside something else: as sent, escaped
 * as in a JSON string (also with `\/`, as PHP writes slashes, and with non-ASCII as `\uXXXX`), and
 * percent-encoded as in a URL or a form (upper- and lower-case hex). Masking looks for every form,
 * so a token echoed in a JSON body or a redirect URL is masked too. A server may escape in other
 * ways still (any character may be written `\uXXXX` in JSON): what the main process decodes from a
 * body (filter results, captures, copied values) is masked again after decoding, with secretMasker.
 */

/** What a masked secret becomes. */
export const MASK = '••••';

/** Secrets shorter than this are not masked: they would mask ordinary text. */
export const MIN_SECRET_CHARS = 4;

const jsonEscaped = (secret: string) => JSON.stringify(secret).slice(1, -1);
const asciiOnly = (text: string) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

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

/** Every form of every secret, without repeats or forms under MIN_SECRET_CHARS, longest first (a form inside another must not break the longer one's match). */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    const json = jsonEscaped(secret);
    const slashes = json.replaceAll('/', '\\/');
    for (const form of [secret, json, slashes, asciiOnly(json), asciiOnly(slashes), ...percentForms(secret)]) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** A function that replaces every form of the secrets in a text with MASK (the forms worked out once, for many texts). */
export function secretMasker(secrets: readonly string[]): (text: string) => string {
  const forms = secretForms(secrets);
  // Stryker: equivalent — `false` gives a masker that loops over no forms, which also returns the text as it was.
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    // Stryker: equivalent — `true`: splitting a text that does not hold the form and joining it again gives the same text.
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  };
}
