/**
 * The sandbox's OAuth2 authorization server, without HTTP: clients, one-time authorization codes,
 * access and refresh tokens (opaque random strings, kept in memory), and the checks on redirect
 * URIs and client credentials. The routes that speak HTTP are in oauth-routes.ts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface TokenLifetimes {
  /** Access tokens. Default 1 hour. */
  accessSeconds: number;
  /** Refresh tokens. Default 1 year. */
  refreshSeconds: number;
  /** Authorization codes. Default 5 minutes. */
  codeSeconds: number;
}

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 60 * 60;
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;
export const DEFAULT_AUTHORIZATION_CODE_TTL_SECONDS = 5 * 60;
export const OAUTH_SCOPE = 'v2 read write';

export const ACCESS_TOKEN_PREFIX = 'sbx_at_';
export const REFRESH_TOKEN_PREFIX = 'sbx_rt_';

/** What the token endpoint answers on success (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export type GrantResult = { ok: true; tokens: TokenResponse } | { ok: false; description: string };

export type AccessCheck =
  { status: 'valid'; clientId: string; user: string } | { status: 'unknown' } | { status: 'expired' };

/** Everything issued under one authorization (one code, then its tokens through every rotation). */
interface Grant {
  id: string;
  clientId: string;
  user: string;
}

interface IssuedCode {
  grant: Grant;
  redirectUri: string;
  /** The S256 code_challenge of the authorization request (PKCE), or null when none was sent. */
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
}

interface IssuedToken {
  grant: Grant;
  expiresAt: number;
}

/** Expired access tokens are remembered this long, so that a client hears "expired", not "not valid". */
const EXPIRED_MEMORY_MS = 24 * 60 * 60 * 1000;

export function generateOAuthClient(): OAuthClient {
  return { clientId: 'sbx-client-' + randomBytes(6).toString('hex'), clientSecret: randomBytes(24).toString('hex') };
}

export class OAuthAuthority {
  private readonly clients = new Map<string, string>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();
  /** Refresh tokens replaced by rotation, until they would have expired: only to explain a refusal. */
  private readonly rotatedRefreshTokens = new Map<string, number>();
  private lifetimes: TokenLifetimes;

  constructor(
    clients: OAuthClient[],
    lifetimes: Partial<TokenLifetimes> = {},
    private readonly now: () => number = Date.now,
  ) {
    if (clients.length === 0) throw new Error('At least one OAuth client is needed.');
    for (const client of clients) {
      if (!client.clientId || !client.clientSecret)
        throw new Error('Each OAuth client needs a clientId and a clientSecret.');
      if (client.clientId.includes(':'))
        throw new Error(`OAuth client id "${client.clientId}" must not contain ":" (it goes in Basic credentials).`);
      this.clients.set(client.clientId, client.clientSecret);
    }
    this.lifetimes = {
      accessSeconds: DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
      refreshSeconds: DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
      codeSeconds: DEFAULT_AUTHORIZATION_CODE_TTL_SECONDS,
    };
    this.setLifetimes(lifetimes);
  }

  getLifetimes(): TokenLifetimes {
    return { ...this.lifetimes };
  }

  /** Applies to what is issued from now on; what was issued keeps its expiry. */
  setLifetimes(change: Partial<TokenLifetimes>): void {
    const next = { ...this.lifetimes };
    for (const key of ['accessSeconds', 'refreshSeconds', 'codeSeconds'] as const) {
      const value = change[key];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`${key} must be a whole number of seconds, 1 or more (got ${value}).`);
      next[key] = value;
    }
    this.lifetimes = next;
  }

  /** Every access token issued so far is expired from now on (tokens issued later are not). */
  expireAccessTokens(): void {
    const past = this.now() - 1;
    for (const token of this.accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, past);
  }

  hasClient(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  authenticateClient(clientId: string, clientSecret: string): boolean {
    const expected = this.clients.get(clientId);
    if (expected === undefined) return false;
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(clientSecret, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  issueCode(clientId: string, user: string, redirectUri: string, codeChallenge: string | null = null): string {
    this.prune();
    const code = randomBytes(20).toString('hex');
    const grant: Grant = { id: randomBytes(8).toString('hex'), clientId, user };
    this.codes.set(code, {
      grant,
      redirectUri,
      codeChallenge,
      expiresAt: this.now() + this.lifetimes.codeSeconds * 1000,
      used: false,
    });
    return code;
  }

  /**
   * The authorization_code grant. A code works once; using it again also revokes the tokens it gave
   * (RFC 6749 §4.1.2). When the client names a redirect_uri it must be the one the code was issued for;
   * when the authorization request had a code_challenge, the code_verifier must match it (RFC 7636).
   */
  redeemCode(clientId: string, code: string, redirectUri: string | undefined, codeVerifier?: string): GrantResult {
    const issued = this.codes.get(code);
    if (!issued) return { ok: false, description: 'The authorization code is not valid.' };
    if (issued.grant.clientId !== clientId)
      return { ok: false, description: 'The authorization code was issued to another client.' };
    if (issued.used) {
      this.revokeGrant(issued.grant.id);
      return {
        ok: false,
        description: 'The authorization code was already used; the tokens issued for it are revoked.',
      };
    }
    if (this.now() >= issued.expiresAt) {
      return {
        ok: false,
        description: `The authorization code expired (codes live ${this.lifetimes.codeSeconds} seconds).`,
      };
    }
    if (redirectUri !== undefined && redirectUri !== issued.redirectUri) {
      return { ok: false, description: 'redirect_uri does not match the one the authorization code was issued for.' };
    }
    const pkceProblem = verifierProblem(issued.codeChallenge, codeVerifier);
    if (pkceProblem) return { ok: false, description: pkceProblem };
    issued.used = true;
    return { ok: true, tokens: this.issueTokens(issued.grant) };
  }

  /** The refresh_token grant: a new access token and a new refresh token; the old refresh token stops working. */
  refresh(clientId: string, refreshToken: string): GrantResult {
    const issued = this.refreshTokens.get(refreshToken);
    if (!issued) {
      if (this.rotatedRefreshTokens.has(refreshToken)) {
        return {
          ok: false,
          description:
            'The refresh token was already used: each refresh gives a new refresh token, and the old one stops working.',
        };
      }
      return { ok: false, description: 'The refresh token is not valid.' };
    }
    if (issued.grant.clientId !== clientId)
      return { ok: false, description: 'The refresh token was issued to another client.' };
    if (this.now() >= issued.expiresAt) return { ok: false, description: 'The refresh token expired.' };
    this.refreshTokens.delete(refreshToken);
    this.rotatedRefreshTokens.set(refreshToken, issued.expiresAt);
    return { ok: true, tokens: this.issueTokens(issued.grant) };
  }

  checkAccessToken(token: string): AccessCheck {
    const issued = this.accessTokens.get(token);
    if (!issued) return { status: 'unknown' };
    if (this.now() >= issued.expiresAt) return { status: 'expired' };
    return { status: 'valid', clientId: issued.grant.clientId, user: issued.grant.user };
  }

  private issueTokens(grant: Grant): TokenResponse {
    this.prune();
    const now = this.now();
    const accessToken = ACCESS_TOKEN_PREFIX + randomBytes(24).toString('hex');
    const refreshToken = REFRESH_TOKEN_PREFIX + randomBytes(24).toString('hex');
    this.accessTokens.set(accessToken, { grant, expiresAt: now + this.lifetimes.accessSeconds * 1000 });
    this.refreshTokens.set(refreshToken, { grant, expiresAt: now + this.lifetimes.refreshSeconds * 1000 });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.lifetimes.accessSeconds,
      refresh_token: refreshToken,
      scope: OAUTH_SCOPE,
    };
  }

  private revokeGrant(grantId: string): void {
    for (const tokens of [this.accessTokens, this.refreshTokens]) {
      for (const [token, issued] of tokens) if (issued.grant.id === grantId) tokens.delete(token);
    }
  }

  /** Forgets what can no longer matter, so a long-running sandbox does not grow without end. */
  private prune(): void {
    const now = this.now();
    for (const [code, issued] of this.codes) if (now >= issued.expiresAt) this.codes.delete(code);
    for (const [token, issued] of this.accessTokens)
      if (now - issued.expiresAt > EXPIRED_MEMORY_MS) this.accessTokens.delete(token);
    for (const [token, issued] of this.refreshTokens)
      if (now - issued.expiresAt > EXPIRED_MEMORY_MS) this.refreshTokens.delete(token);
    for (const [token, expiresAt] of this.rotatedRefreshTokens)
      if (now >= expiresAt) this.rotatedRefreshTokens.delete(token);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks on what clients send

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** An S256 challenge: the base64url of a SHA-256 digest, 43 characters without padding. */
export const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Why a code_verifier does not fit the code's challenge (PKCE), or null when it does. */
function verifierProblem(challenge: string | null, verifier: string | undefined): string | null {
  if (challenge === null)
    return verifier === undefined
      ? null
      : 'code_verifier was sent, but the authorization request had no code_challenge.';
  if (verifier === undefined)
    return 'code_verifier is missing: the authorization request had a code_challenge (PKCE), so send its verifier.';
  if (!CODE_VERIFIER.test(verifier))
    return 'code_verifier must be 43 to 128 characters: letters, digits and - . _ ~ (RFC 7636).';
  const computed = Buffer.from(s256Challenge(verifier));
  const expected = Buffer.from(challenge);
  const matches = computed.length === expected.length && timingSafeEqual(computed, expected);
  return matches ? null : 'code_verifier does not match the code_challenge of the authorization request.';
}

/** Client credentials from `Authorization: Basic base64(client_id:client_secret)`, or undefined. */
export function parseBasicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+=*)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** The token from `Authorization: Bearer <token>`, or undefined when there is none. */
export function parseBearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The sandbox has no registered redirect URIs, so it takes the one the client gives, but only on
 * this computer (a native app's loopback redirect, RFC 8252 §7.3): the sandbox never sends a user,
 * or a code, anywhere else.
 */
export function checkRedirectUri(value: string | null): { ok: true; uri: string } | { ok: false; problem: string } {
  const example = 'e.g. http://127.0.0.1:53682/callback';
  if (value === null || value.trim() === '') {
    return {
      ok: false,
      problem: `redirect_uri is missing. The sandbox has no registered redirect URI: give a loopback one, ${example}.`,
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: `redirect_uri is not an absolute URL (got "${value}"); ${example}.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `redirect_uri must be an http:// or https:// URL (got ${url.protocol}).` };
  }
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    return {
      ok: false,
      problem: `redirect_uri must point at this computer: http://127.0.0.1:<port>/… or http://localhost:<port>/… (got host ${url.hostname}).`,
    };
  }
  if (url.username || url.password)
    return { ok: false, problem: 'redirect_uri must not contain a user name or password.' };
  if (value.includes('#')) return { ok: false, problem: 'redirect_uri must not contain a fragment (#…).' };
  return { ok: true, uri: value };
}

/** `<redirect_uri>?<params>`, keeping any query the redirect URI already has. */
export function redirectWith(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}
