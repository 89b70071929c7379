/**
 * The forms a secret takes when a server echoes it back inside something else: as sent, escaped
 * as in a JSON string (also with `\/`, as PHP writes slashes, and with non-ASCII as `\uXXXX`), and
 * percent-encoded as in a URL or a form. Masking looks for every form, so a token echoed in a JSON
 * body or a redirect URL is masked too.
 */

/** Secrets shorter than this are not masked: they would mask ordinary text. */
export const MIN_SECRET_CHARS = 4;

const jsonEscaped = (secret: string) => JSON.stringify(secret).slice(1, -1);
const asciiOnly = (text: string) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Every form of every secret, without repeats or forms under MIN_SECRET_CHARS, longest first (a form inside another must not break the longer one's match). */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    const json = jsonEscaped(secret);
    const slashes = json.replaceAll('/', '\\/');
    const percent = encodeURIComponent(secret);
    for (const form of [secret, json, slashes, asciiOnly(json), asciiOnly(slashes), percent, percent.replaceAll('%20', '+')]) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
