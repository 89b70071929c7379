/**
 * Literal credentials typed into a request's X-API-KEY or Authorization row. A collection's files
 * are meant for git and for sharing, and so are its exports: a key written there is a key published.
 * Saving and importing take such a value out of the row, keep it as a secret variable (its value in
 * the vault), and leave `{{variable}}` in the row, so the request still sends it. Pure: the caller
 * says which variable names are free and stores what was taken out.
 */
import type { SavedAuth } from '../../../shared/schemas/auth';
import type { SavedHeader } from '../../../shared/schemas/header';
import { isOnlyVariables } from '../io/common';

export interface LiteralSecret {
  /** The header's name as typed. */
  header: string;
  variable: string;
  value: string;
}

/** For a candidate name: free, already holding this very secret (reuse it), or used for something else. */
export type NameUse = 'free' | 'same' | 'taken';

const CREDENTIAL_HEADERS = new Set(['x-api-key', 'authorization']);
const SCHEME = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+(\S.*)$/;

/** The row's value split into what stays (an auth scheme such as "Bearer ") and the literal secret, or null when there is none. */
function literalPart(row: SavedHeader): { keep: string; secret: string } | null {
  const name = row.name.trim();
  if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) return null;
  const value = row.value.trim();
  if (value === '' || isOnlyVariables(value)) return null;
  const scheme = name.toLowerCase() === 'authorization' ? SCHEME.exec(value) : null;
  const keep = scheme ? `${scheme[1]} ` : '';
  const secret = scheme ? scheme[2]! : value;
  if (isOnlyVariables(secret)) return null;
  if (secret.includes('{{')) {
    throw new Error(
      `The ${name} header mixes a literal credential with {{variables}}, and the collection’s files must not hold it: ` +
        'put the whole credential in a secret variable and write {{thatVariable}} in the header.',
    );
  }
  return { keep, secret };
}

/** `X-API-KEY` → xApiKey, `Authorization` → authorization. */
function baseName(header: string): string {
  const words = header
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const name = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return /^[a-z]/.test(name) ? name : 'secret';
}

/** A name for the secret: the header's (or field's), then with 2, 3… when it is used for something else. */
export function chooseName(header: string, secret: string, use: (name: string, secret: string) => NameUse): string {
  const base = baseName(header);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}${n}`;
    if (use(candidate, secret) !== 'taken') return candidate;
  }
}

/**
 * The rows with each literal credential replaced by `{{variable}}`, and what was taken out. `use`
 * says how a name is used already; names chosen here count as used by their secret for later rows.
 * Throws a sentence for a credential mixed with variables (it cannot be taken out whole).
 */
export function liftLiteralSecrets(
  headers: readonly SavedHeader[],
  use: (name: string, secret: string) => NameUse,
): { headers: SavedHeader[]; lifted: LiteralSecret[] } {
  const lifted: LiteralSecret[] = [];
  const useSoFar = (name: string, secret: string): NameUse => {
    const earlier = lifted.find((l) => l.variable === name);
    if (earlier) return earlier.value === secret ? 'same' : 'taken';
    return use(name, secret);
  };
  const rows = headers.map((row) => {
    const part = literalPart(row);
    if (!part) return row;
    const variable = chooseName(row.name.trim(), part.secret, useSoFar);
    if (!lifted.some((l) => l.variable === variable))
      lifted.push({ header: row.name.trim(), variable, value: part.secret });
    return { ...row, value: `${part.keep}{{${variable}}}` };
  });
  return { headers: rows, lifted };
}

/** Bearer auth's token is a credential as an Authorization row's is: the same rule takes a literal one out. */
export function liftBearerToken<A extends SavedAuth>(
  auth: A,
  use: (name: string, secret: string) => NameUse,
): { auth: A; lifted: LiteralSecret[] } {
  if (auth.mode !== 'bearer' || !auth.token?.trim()) return { auth, lifted: [] };
  const scheme = 'Bearer ';
  const { headers, lifted } = liftLiteralSecrets(
    [{ name: 'Authorization', value: scheme + auth.token.trim(), enabled: true }],
    use,
  );
  return lifted.length === 0
    ? { auth, lifted }
    : { auth: { ...auth, token: headers[0]!.value.slice(scheme.length) }, lifted };
}

/** One line for the user: which headers' credentials now live in which secret variables. */
export function liftedNotice(lifted: readonly LiteralSecret[]): string {
  const list = (items: string[]) =>
    items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0]!;
  const headers = list([...new Set(lifted.map((l) => l.header))]);
  const variables = list(lifted.map((l) => `{{${l.variable}}}`));
  return lifted.length > 1
    ? `The credentials in ${headers} are now the secret variables ${variables} (encrypted), not in the collection’s files.`
    : `The credential in ${headers} is now the secret variable ${variables} (encrypted), not in the collection’s files.`;
}
