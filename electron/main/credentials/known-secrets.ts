/**
 * Every secret the main process has known this session, and the one masking step that every string
 * leaving it passes through: the answers and error texts the renderer gets, and what the stores
 * write to disk (history, credentials.json, settings). Masking with the secrets a single request
 * used missed whatever else the server or the app wrote (a status text, a refused token's
 * description, a host from a secret variable in a DNS error); masking with all of them does not.
 *
 * The vault tells this registry every value it stores or decrypts, the credentials store the Local
 * sandbox's demo credentials and session tokens, the send path the Basic header it built. A value
 * stays known for the session after it is deleted or replaced: a refused refresh token deletes the
 * token, and the refusal that echoes it is written afterwards. The matcher (one regular
 * expression, secretPattern) is built again only when a new secret comes, not on every call.
 */
import { MASK, secretPattern } from './secret-forms';

export interface KnownSecrets {
  /** Adds values to mask from now on (empty and missing ones are ignored). */
  remember(...values: ReadonlyArray<string | null | undefined>): void;
  /** Adds `user:password` as Basic auth sends it (base64), and the password (a user name alone, e.g. a proxy's, may be shown); nothing without both. */
  rememberBasic(user: string | null | undefined, password: string | null | undefined): void;
  /** Every value known so far (for the byte-level redactor of response bodies). */
  values(): readonly string[];
  mask(text: string): string;
  /** A copy of a JSON-like value with every string masked, object keys included. */
  maskDeep<T>(value: T): T;
}

export function basicCredentials(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

export function createKnownSecrets(): KnownSecrets {
  const known = new Set<string>();
  let list: string[] = [];
  let pattern: RegExp | null = null;
  let stale = false;

  const matcher = (): RegExp | null => {
    if (stale) {
      list = [...known];
      pattern = secretPattern(list);
      stale = false;
    }
    return pattern;
  };
  const mask = (text: string): string => {
    const current = matcher();
    return current ? text.replace(current, MASK) : text;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return mask(value);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(walk);
    // fromEntries defines own properties: a key such as __proto__ stays a key, never the prototype.
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [mask(key), walk(inner)]));
  };
  const remember = (...values: ReadonlyArray<string | null | undefined>): void => {
    for (const value of values) {
      if (!value || known.has(value)) continue;
      known.add(value);
      stale = true;
    }
  };

  return {
    remember,
    rememberBasic(user, password) {
      if (user && password) remember(password, basicCredentials(user, password));
    },
    values() {
      matcher();
      return list;
    },
    mask,
    maskDeep: <T>(value: T): T => (matcher() ? (walk(value) as T) : value),
  };
}
