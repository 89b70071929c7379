/**
 * Puts credentials into a request at send time, in the main process: X-API-KEY, Bearer (a CRM
 * user's token or one entered by hand), Basic, or a plain Bearer token the request itself names. Credentials go only to their environment's origin.
 */
import type { AuthSelection } from '../../../shared/schemas/auth';
import { MANUAL_BEARER } from '../../../shared/auth-modes';
import type { HeaderRow } from '../../../shared/schemas/header';
import type { Problem } from '../../../shared/http-types';
import type { TokenManager } from '../oauth/tokens';
import type { CredentialsStore } from './store';
import { basicCredentials } from './known-secrets';
import { secretMasker } from './secret-forms';
import { mayGoTo, type BoundSecret } from './secret-routing';

export interface ResolvedAuth {
  /** Rows appended after the user's rows (and replacing rows of the same name). */
  headers: HeaderRow[];
  /** The secret values used, to keep them out of anything shown to the renderer. */
  secrets: string[];
  /** Set when a CRM user's token is used: a 401 saying it expired triggers one refresh and retry. */
  bearerUser: { environmentId: string; userId: string } | null;
  /** The same secrets, bound to their environment's origin (secret-routing.ts). */
  bound: BoundSecret[];
}

export type AuthOutcome = { ok: true; auth: ResolvedAuth } | { ok: false; problems: Problem[] };

const row = (name: string, value: string): HeaderRow => ({
  id: `auth-${name}`,
  name,
  value,
  enabled: true,
  origin: 'user',
});
const problem = (message: string): AuthOutcome => ({ ok: false, problems: [{ field: 'auth', message }] });
const NO_BEARER_TOKEN =
  'Enter the Bearer token (Auth → Bearer token), or set Auth to None. A {{variable}} keeps a secret token out of the collection.';
const NONE: ResolvedAuth = { headers: [], secrets: [], bearerUser: null, bound: [] };

/** The last URL's origin: a request is usually sent again and again to the same URL. */
let lastUrl: string | null = null;
let lastOrigin = '';
function originOf(url: string): string {
  if (url !== lastUrl) {
    lastOrigin = new URL(url).origin;
    lastUrl = url;
  }
  return lastOrigin;
}

export async function resolveAuth(
  request: { url: string; environmentId: string | null; auth: AuthSelection },
  deps: { store: Pick<CredentialsStore, 'environment' | 'secret'>; tokens: Pick<TokenManager, 'accessToken'> },
): Promise<AuthOutcome> {
  const { auth } = request;
  if (auth.mode === 'none') return { ok: true, auth: NONE };
  // Its token went in as a header row before variables were resolved (withBearerRow).
  if (auth.mode === 'bearer') return auth.token?.trim() ? { ok: true, auth: NONE } : problem(NO_BEARER_TOKEN);
  if (!request.environmentId) {
    return problem('Credentials are sent only within an environment: pick one as the target, or set Auth to None.');
  }
  const env = deps.store.environment(request.environmentId);
  if (!env) return problem('The environment of this request no longer exists. Pick another target.');
  if (!env.origin) return problem(`${env.name} has no address yet: pick it as the target to start it.`);
  const urlOrigin = originOf(request.url);
  const origins = [env.origin];
  if (!mayGoTo({ origins }, urlOrigin)) {
    return problem(
      `The credentials of ${env.name} go only to ${env.origin}; this URL goes to ${urlOrigin}. Change the URL, pick the matching environment, or set Auth to None.`,
    );
  }

  const secret = (field: Parameters<CredentialsStore['secret']>[1]) => deps.store.secret(env.id, field);
  const headers: HeaderRow[] = [];
  const secrets: string[] = [];
  let bearerUser: ResolvedAuth['bearerUser'] = null;

  if (auth.mode === 'api-key' || auth.mode === 'api-key-bearer') {
    const apiKey = secret('apiKey');
    if (!apiKey) return problem(`No API key is set for ${env.name}. Add it in Credentials.`);
    headers.push(row('X-API-KEY', apiKey));
    secrets.push(apiKey);
  }
  if (auth.mode === 'api-key-bearer') {
    let token: string | undefined;
    if (!auth.bearer) return problem('Pick the CRM user this request acts for (Auth → Acts for).');
    if (auth.bearer === MANUAL_BEARER) {
      token = secret('bearerToken');
      if (!token)
        return problem(
          `No Bearer token is entered for ${env.name}. Enter one in Credentials, or pick an authorized CRM user.`,
        );
    } else {
      try {
        token = await deps.tokens.accessToken(env.id, auth.bearer);
      } catch (error) {
        return problem((error as Error).message);
      }
      bearerUser = { environmentId: env.id, userId: auth.bearer };
    }
    headers.push(row('Authorization', `Bearer ${token}`));
    secrets.push(token);
  }
  if (auth.mode === 'basic') {
    const user = secret('basicUser');
    const password = secret('basicPassword');
    if (!user || !password)
      return problem(`Basic auth needs a user and a password for ${env.name}. Set them in Credentials.`);
    const encoded = basicCredentials(user, password);
    headers.push(row('Authorization', `Basic ${encoded}`));
    // The user name is masked too: with it, half of what guards the account is known.
    secrets.push(user, password, encoded);
  }
  const where = `the environment “${env.name}”`;
  const bind = (value: string): BoundSecret => ({
    name: env.name,
    scope: { kind: 'credentials', environmentId: env.id },
    where,
    value,
    origins,
  });
  return { ok: true, auth: { headers, secrets, bearerUser, bound: secrets.map(bind) } };
}

/** The user's rows without those the auth sets, then the auth's rows. */
export function withAuthHeaders(rows: HeaderRow[], auth: Pick<ResolvedAuth, 'headers'>): HeaderRow[] {
  if (auth.headers.length === 0) return rows;
  const names = auth.headers.map((h) => h.name.toLowerCase());
  const out: HeaderRow[] = [];
  for (const r of rows) if (!names.includes(r.name.trim().toLowerCase())) out.push(r);
  for (const h of auth.headers) out.push(h);
  return out;
}

/**
 * Bearer auth's token is text with {{variables}}, as a header value is, and goes to whatever origin the
 * URL names (Postman's Bearer): it becomes an `Authorization: Bearer …` row before variables are resolved,
 * so its secret variables are resolved, origin-checked and masked exactly as every header row's are.
 * Every path that resolves a request's variables (sending, code snippets) goes through this first.
 */
export function withBearerRow<T extends { headers: HeaderRow[]; auth: AuthSelection }>(request: T): T {
  const token = request.auth.mode === 'bearer' ? request.auth.token?.trim() : undefined;
  if (!token) return request;
  return {
    ...request,
    headers: withAuthHeaders(request.headers, { headers: [row('Authorization', `Bearer ${token}`)] }),
  };
}

/** True for a 401 that says the access token expired (header or body). */
export function saysTokenExpired(status: number, headers: Array<[string, string]>, body: string): boolean {
  if (status !== 401) return false;
  const challenge = headers.find(([name]) => name.toLowerCase() === 'www-authenticate')?.[1] ?? '';
  return /expired/i.test(challenge) || /token[^"]{0,40}expired|expired[^"]{0,40}token/i.test(body.slice(0, 4096));
}

/**
 * Replaces every occurrence of the secrets used in this request, in any of their forms (secretForms), in what goes
 * back to the renderer. For many texts, use secretMasker once.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secretMasker(secrets)(text);
}
