/**
 * OpenAPI security requirements → the app's auth.
 *
 * - apiKey in the header X-API-KEY → API key; http bearer → Bearer; both → API key + Bearer.
 * - oauth2 with the authorization code flow → Bearer from an authorized CRM user (the app runs that
 *   flow itself). Other flows, OpenID Connect, mutual TLS, cookies: not imported, said once per scheme.
 * - A Bearer without an API key still becomes API key + Bearer, the app's only Bearer mode (the
 *   Partner API's conventions put X-API-KEY on every call); a sentence says so.
 * - http basic → Basic.
 * - An apiKey in another header or in the query → a header row or query parameter with a secret
 *   {{variable}} (declared empty), since the app's Credentials hold only X-API-KEY.
 *
 * A requirement lists alternatives (OR), each naming schemes that all apply (AND): the first
 * alternative the app can send is taken. `{}` (security optional) means no auth.
 */
import { MANUAL_BEARER } from '../../../shared/auth-modes';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { isObject } from './common';

export interface MappedSecurity {
  auth: AuthSelection;
  headers: Array<{ name: string; variable: string }>;
  query: Array<{ name: string; variable: string }>;
  /** Problems keyed by what they are about, so that each is said once with the operations it touches. */
  problems: Array<{ key: string; sentence: (operations: string) => string }>;
}

type Piece =
  | { kind: 'x-api-key' }
  | { kind: 'bearer'; crmUser: boolean }
  | { kind: 'basic' }
  | { kind: 'header' | 'query'; name: string; variable: string }
  | { kind: 'problem'; key: string; sentence: (operations: string) => string };

export function mapSecurity(requirement: unknown, schemes: Record<string, unknown>): MappedSecurity {
  const alternatives = Array.isArray(requirement) ? requirement.filter(isObject) : [];
  let firstProblems: MappedSecurity['problems'] | null = null;
  for (const alternative of alternatives) {
    const pieces = Object.keys(alternative).map((name) => piece(name, schemes[name]));
    const problems = pieces.filter((p): p is Extract<Piece, { kind: 'problem' }> => p.kind === 'problem');
    if (problems.length === 0) return combine(pieces);
    firstProblems ??= problems.map(({ key, sentence }) => ({ key, sentence }));
  }
  return { auth: { mode: 'none' }, headers: [], query: [], problems: firstProblems ?? [] };
}

function combine(pieces: Piece[]): MappedSecurity {
  const out: MappedSecurity = { auth: { mode: 'none' }, headers: [], query: [], problems: [] };
  const key = pieces.some((p) => p.kind === 'x-api-key');
  const bearer = pieces.find((p): p is Extract<Piece, { kind: 'bearer' }> => p.kind === 'bearer');
  for (const p of pieces) {
    if (p.kind === 'header') out.headers.push({ name: p.name, variable: p.variable });
    if (p.kind === 'query') out.query.push({ name: p.name, variable: p.variable });
  }
  if (pieces.some((p) => p.kind === 'basic')) out.auth = { mode: 'basic' };
  else if (bearer) {
    out.auth = bearer.crmUser ? { mode: 'api-key-bearer' } : { mode: 'api-key-bearer', bearer: MANUAL_BEARER };
    if (!key) {
      out.problems.push({
        key: 'bearer-without-key',
        sentence: (ops) =>
          `Some requests use a Bearer token without an API key (${ops}): the app sends the two together (API key + Bearer). If this API needs no X-API-KEY, choose auth None for them and add an Authorization header.`,
      });
    }
  } else if (key) out.auth = { mode: 'api-key' };
  return out;
}

const FLOW_NAMES: Record<string, string> = {
  implicit: 'implicit',
  password: 'password',
  clientCredentials: 'client credentials',
  deviceAuthorization: 'device authorization',
};

function piece(name: string, raw: unknown): Piece {
  const problem = (sentence: (ops: string) => string): Piece => ({ kind: 'problem', key: `scheme:${name}`, sentence });
  if (!isObject(raw))
    return problem(
      (ops) => `The security scheme '${name}' is not defined in the document (used by ${ops}); no auth was set for it.`,
    );
  const type = String(raw.type ?? '');
  if (type === 'apiKey') {
    const where = String(raw.in ?? '');
    const header = String(raw.name ?? '');
    if (where === 'header' && header.toLowerCase() === 'x-api-key') return { kind: 'x-api-key' };
    if (where === 'header' || where === 'query') return { kind: where, name: header, variable: variableFor(name) };
    return problem(
      (ops) =>
        `The API key '${name}' in a ${where || 'place the document does not name'} was not imported (used by ${ops}): the app does not manage cookies.`,
    );
  }
  if (type === 'http') {
    const scheme = String(raw.scheme ?? '').toLowerCase();
    if (scheme === 'bearer') return { kind: 'bearer', crmUser: false };
    if (scheme === 'basic') return { kind: 'basic' };
    return problem(
      (ops) =>
        `The HTTP ${scheme || 'auth'} scheme '${name}' was not imported (used by ${ops}): the app sends Basic and Bearer only.`,
    );
  }
  if (type === 'oauth2') {
    const flows = isObject(raw.flows) ? Object.keys(raw.flows) : [];
    if (flows.includes('authorizationCode')) return { kind: 'bearer', crmUser: true };
    const names = flows.map((f) => FLOW_NAMES[f] ?? f).join(' and ') || 'unknown';
    return problem(
      (ops) =>
        `The OAuth2 ${names} flow of '${name}' was not imported (used by ${ops}): the app runs the OAuth2 authorization code flow itself.`,
    );
  }
  if (type === 'openIdConnect')
    return problem(
      (ops) =>
        `The OpenID Connect scheme '${name}' was not imported (used by ${ops}): the app runs the OAuth2 authorization code flow itself.`,
    );
  if (type === 'mutualTLS')
    return problem(
      (ops) =>
        `The mutual TLS scheme '${name}' was not imported (used by ${ops}): the app does not send client certificates.`,
    );
  return problem(
    (ops) => `The security scheme '${name}' (type ${type || 'unknown'}) was not imported (used by ${ops}).`,
  );
}

/** A variable name the app accepts, from a scheme's name (`api_key`, `petstore-key`). */
export function variableFor(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
