/**
 * Postman auth ⇄ the app's auth. Postman keeps one auth per collection, folder or request (v2.0
 * as an object map, v2.1 as a list of {key, value}); the app keeps API key, API key + Bearer,
 * Bearer (a token text), Basic or none, with the secrets in Credentials. Secret values from Postman are never imported.
 */
import type { SavedAuth, AuthSelection } from '../../../shared/schemas/auth';
import type { SavedHeader } from '../../../shared/schemas/header';
import { MANUAL_BEARER } from '../../../shared/auth-modes';
import { asString, isObject, isOnlyVariables } from './common';

/** The variables the exported auth refers to; declared (empty) in the exported collection. */
export const PLACEHOLDERS = {
  apiKey: 'apiKey',
  accessToken: 'accessToken',
  basicUser: 'basicUser',
  basicPassword: 'basicPassword',
} as const;

/** Marks a secret collection variable in exports (Postman collection variables have no secret type). */
export const SECRET_VARIABLE_NOTE =
  'Secret: its value is not exported. Set it in Postman, for example in an environment.';

/** Marks the declared placeholder variables ({{apiKey}}, …) in exports; they are not imported back. */
export const PLACEHOLDER_VARIABLE_NOTE =
  'Credentials: enter the value in Postman (an environment is best). Partner API Workbench never exports it.';

const OWN_PLACEHOLDERS = new Set(Object.values(PLACEHOLDERS).map((name) => `{{${name}}}`));

export interface ConvertedAuth {
  /** undefined: no auth given here (Postman's default: inherit from the parent). */
  auth: SavedAuth | undefined;
  /** Header rows that carry an API key other than X-API-KEY, when its value is a {{variable}}. */
  headers: SavedHeader[];
}

/** The parameters of an auth of a type, from either version's shape. */
function params(auth: Record<string, unknown>, type: string): Record<string, string> {
  const raw = auth[type];
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.filter(isObject).map((p) => [asString(p.key), asString(p.value)]));
  }
  if (isObject(raw)) return Object.fromEntries(Object.entries(raw).map(([k, value]) => [k, asString(value)]));
  return {};
}

/** A sentence about a secret value, unless the value is the app's own placeholder (e.g. `{{apiKey}}`). */
function secretNote(values: string[], sentence: string, unsupported: string[]): void {
  const given = values.filter((value) => value.trim() !== '');
  if (given.length === 0 || given.every((value) => OWN_PLACEHOLDERS.has(value.trim()))) return;
  unsupported.push(sentence);
}

/** `owner` names where the auth is, for sentences: `'Publish'`, `the folder 'Adverts'`. */
export function importAuth(value: unknown, owner: string, unsupported: string[]): ConvertedAuth {
  if (!isObject(value) || typeof value.type !== 'string') return { auth: undefined, headers: [] };
  const type = value.type;
  const p = params(value, type);
  switch (type) {
    case 'inherit':
      return { auth: { mode: 'inherit' }, headers: [] };
    case 'noauth':
      return { auth: { mode: 'none' }, headers: [] };
    case 'bearer':
      return importBearer(p.token ?? '');
    case 'basic':
      secretNote(
        [p.username ?? '', p.password ?? ''],
        `The Basic user and password of ${owner} were not imported; enter them in Credentials → Basic.`,
        unsupported,
      );
      return { auth: { mode: 'basic' }, headers: [] };
    case 'apikey':
      return importApiKey(p, owner, unsupported);
    default:
      unsupported.push(
        `The ${type} auth of ${owner} was not imported: the app sends API key, Bearer and Basic credentials only.`,
      );
      return { auth: { mode: 'none' }, headers: [] };
  }
}

/**
 * Postman's Bearer sends `Authorization: Bearer <token>` and nothing else, so it stays Bearer, with its
 * token text (a literal token is moved to a secret variable when the import is stored: see
 * postman-import.ts). The app's own export of API key + Bearer ({{accessToken}}) comes back as API key +
 * Bearer. An empty token sends nothing, as in Postman.
 */
function importBearer(token: string): ConvertedAuth {
  if (token.trim() === `{{${PLACEHOLDERS.accessToken}}}`)
    return { auth: { mode: 'api-key-bearer', bearer: MANUAL_BEARER }, headers: [] };
  if (token.trim() === '') return { auth: { mode: 'none' }, headers: [] };
  return { auth: { mode: 'bearer', token: token.trim() }, headers: [] };
}

function importApiKey(p: Record<string, string>, owner: string, unsupported: string[]): ConvertedAuth {
  const name = p.key || 'key';
  const value = p.value ?? '';
  const where = (p.in || 'header').toLowerCase();
  if (where === 'header' && name.toLowerCase() === 'x-api-key') {
    secretNote([value], `The API key of ${owner} was not imported; enter it in Credentials.`, unsupported);
    return { auth: { mode: 'api-key' }, headers: [] };
  }
  if (where === 'header' && isOnlyVariables(value)) {
    return { auth: { mode: 'none' }, headers: [{ name, value, enabled: true }] };
  }
  unsupported.push(
    `The API key auth of ${owner} (${name} in the ${where}) was not imported: the app sends API keys in X-API-KEY, from Credentials.`,
  );
  return { auth: { mode: 'none' }, headers: [] };
}

type KeyValue = { key: string; value: string; type: 'string' };
const kv = (key: string, value: string): KeyValue => ({ key, value, type: 'string' });

/**
 * The app's auth as Postman auth, with variables as placeholders. API key + Bearer has no single
 * Postman equivalent: it becomes Bearer auth, and the requests that use it get an
 * `X-API-KEY: {{apiKey}}` header row (see postman-export.ts).
 */
export function exportAuth(auth: AuthSelection): Record<string, unknown> {
  switch (auth.mode) {
    case 'none':
      return { type: 'noauth' };
    case 'api-key':
      return {
        type: 'apikey',
        apikey: [kv('key', 'X-API-KEY'), kv('value', `{{${PLACEHOLDERS.apiKey}}}`), kv('in', 'header')],
      };
    case 'api-key-bearer':
      return { type: 'bearer', bearer: [kv('token', `{{${PLACEHOLDERS.accessToken}}}`)] };
    case 'bearer':
      return { type: 'bearer', bearer: [kv('token', auth.token ?? '')] };
    case 'basic':
      return {
        type: 'basic',
        basic: [kv('username', `{{${PLACEHOLDERS.basicUser}}}`), kv('password', `{{${PLACEHOLDERS.basicPassword}}}`)],
      };
  }
}

/** The placeholder variables an auth needs. */
export function placeholdersFor(auth: AuthSelection): string[] {
  switch (auth.mode) {
    case 'api-key':
      return [PLACEHOLDERS.apiKey];
    case 'api-key-bearer':
      return [PLACEHOLDERS.apiKey, PLACEHOLDERS.accessToken];
    case 'basic':
      return [PLACEHOLDERS.basicUser, PLACEHOLDERS.basicPassword];
    case 'bearer':
    case 'none':
      return [];
  }
}
