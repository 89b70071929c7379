/**
 * The API's token endpoint: POST /oauth/v1/token with Basic client credentials and a JSON body,
 * for both grants. Sent through the app's own HTTP client (same trust, timeout), which follows no
 * redirect here: a 3xx is an error, so the code, refresh token and client secret never go anywhere
 * but the environment's own endpoint. Tokens travel only in bodies and headers, never in URLs.
 */
import { randomUUID } from 'node:crypto';
import type { HeaderRow } from '../../../shared/schemas/header';
import type { HttpResponseResult } from '../../../shared/http-types';
import type { WireRequest } from '../../../shared/schemas/outgoing-request';
import { basicCredentials } from '../credentials/known-secrets';
import type { HttpClient } from '../http/client';
import type { TokenSet } from '../credentials/store';

export interface TokenEndpoint {
  origin: string;
  apiKey: string;
  clientId: string;
  clientSecret: string;
  userAgent: string;
}

export type TokenGrant =
  | { grant_type: 'authorization_code'; code: string; redirect_uri?: string; code_verifier?: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

/** A refusal by the token endpoint (bad code, revoked refresh token…), as opposed to a network failure. */
export class TokenRefused extends Error {}

const row = (name: string, value: string): HeaderRow => ({ id: name, name, value, enabled: true, origin: 'user' });

function tokenRequest(endpoint: TokenEndpoint, grant: TokenGrant): WireRequest {
  return {
    requestId: `token-${randomUUID()}`,
    method: 'POST',
    url: `${endpoint.origin}/oauth/v1/token`,
    headers: [
      row('Accept', 'application/json'),
      row('Content-Type', 'application/json'),
      row('User-Agent', endpoint.userAgent || 'Partner API Workbench'),
      row('X-API-KEY', endpoint.apiKey),
      row('Authorization', `Basic ${basicCredentials(endpoint.clientId, endpoint.clientSecret)}`),
    ],
    body: JSON.stringify(grant),
  };
}

/** The grant's own secret: the authorization code or the refresh token. */
function grantSecret(grant: TokenGrant): string {
  return grant.grant_type === 'refresh_token' ? grant.refresh_token : grant.code;
}

function refusal(response: HttpResponseResult): string {
  let detail = '';
  try {
    const body = JSON.parse(response.body) as { error?: unknown; error_description?: unknown };
    const error =
      typeof body.error === 'object' && body.error !== null
        ? (body.error as { detail?: unknown; title?: unknown })
        : null;
    detail = String(body.error_description ?? error?.detail ?? error?.title ?? body.error ?? '');
  } catch {
    // Not JSON: the status says enough.
  }
  const sentence = `The token endpoint answered ${response.status}${detail ? `: ${detail.trim()}` : ''}`;
  // The endpoint's description is often a sentence already: one full stop, not two.
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Runs one grant. Throws TokenRefused when the endpoint says no, Error for network failures. */
export async function requestTokens(
  client: Pick<HttpClient, 'send'>,
  endpoint: TokenEndpoint,
  grant: TokenGrant,
  options: { timeoutMs: number; signal?: AbortSignal; now?: () => number },
): Promise<TokenSet> {
  const result = await client.send(tokenRequest(endpoint, grant), {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    followRedirects: false,
    // Bound to the endpoint's origin, like every credential: the client checks each hop against that rule.
    secrets: [endpoint.apiKey, endpoint.clientId, endpoint.clientSecret, grantSecret(grant)].map((value) => ({
      name: 'token endpoint',
      scope: { kind: 'credentials', environmentId: '' },
      where: `the token endpoint at ${endpoint.origin}`,
      value,
      origins: [endpoint.origin],
    })),
  });
  if (result.kind === 'network-error' && result.code === 'redirect-refused')
    throw new Error(`${result.message} ${result.hint}`);
  if (result.kind === 'network-error') throw new Error(`Could not reach the token endpoint: ${result.message}`);
  if (result.status !== 200) throw new TokenRefused(refusal(result));
  let body: { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown; refresh_expires_in?: unknown };
  try {
    body = JSON.parse(result.body) as typeof body;
  } catch {
    throw new TokenRefused('The token endpoint’s answer is not JSON.');
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new TokenRefused('The token endpoint’s answer has no access_token.');
  }
  const now = (options.now ?? Date.now)();
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  const refreshIn = typeof body.refresh_expires_in === 'number' ? body.refresh_expires_in : 365 * 24 * 3600;
  const refreshToken = typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : null;
  return {
    accessToken: body.access_token,
    refreshToken: refreshToken ?? (grant.grant_type === 'refresh_token' ? grant.refresh_token : null),
    accessExpiresAt: now + expiresIn * 1000,
    refreshExpiresAt: refreshToken ? now + refreshIn * 1000 : null,
  };
}
