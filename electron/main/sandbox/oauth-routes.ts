/**
 * The OAuth2 side of the sandbox over HTTP:
 *
 *   GET  /<locale>/crm/authorization/           the portal's page where a CRM user lets an app act for them
 *   POST /<locale>/crm/authorization/decision   Allow / Deny → 302 back to the app's loopback redirect URI
 *   POST /oauth/v1/token                        authorization_code and refresh_token grants (X-API-KEY + Basic)
 *
 * and the check that advert calls carry a CRM user's access token (Authorization: Bearer …).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasMediaType, sendEmpty, sendError, sendHtml, sendJson, sendOAuthError } from './answers';
import {
  DEFAULT_CRM_USER,
  renderAuthorizationForm,
  renderProblemPage,
  type AuthorizationForm,
} from './authorization-page';
import {
  CODE_CHALLENGE,
  checkRedirectUri,
  parseBasicCredentials,
  parseBearerToken,
  redirectWith,
  type GrantResult,
  type OAuthAuthority,
} from './oauth';

/** What these routes use of the server's route context. */
export interface OAuthRouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  bodyText: string;
  state: { oauth: OAuthAuthority; requireUserToken: boolean };
}

const LOCALE = /^[a-z]{2}$/i;
const MAX_USER_LENGTH = 100;

// ---------------------------------------------------------------------------------------------
// The authorization page and the user's decision

export function showAuthorizationPage({ res, url, params, state }: OAuthRouteContext): void {
  if (!LOCALE.test(params.locale ?? '')) return sendError(res, 404, `No resource at ${url.pathname}.`);
  const query = url.searchParams;
  const responseType = query.get('response_type');
  const problems: string[] = [];
  if (responseType !== 'code') {
    problems.push(
      responseType
        ? `response_type must be "code" (got "${responseType}").`
        : 'response_type is missing: it must be "code".',
    );
  }
  const checked = checkAuthorizationFields(query, state.oauth);
  problems.push(...checked.problems);
  if (!checked.request || problems.length > 0) return sendProblemPage(res, problems);
  sendForm(res, 200, { ...checked.request, locale: params.locale!, user: DEFAULT_CRM_USER });
}

export function decideAuthorization({ req, res, url, params, bodyText, state }: OAuthRouteContext): void {
  if (!LOCALE.test(params.locale ?? '')) return sendError(res, 404, `No resource at ${url.pathname}.`);
  if (!hasMediaType(req.headers['content-type'], 'application/x-www-form-urlencoded')) {
    return sendProblemPage(res, [
      'The decision must be posted as a form (Content-Type: application/x-www-form-urlencoded).',
    ]);
  }
  const fields = new URLSearchParams(bodyText);
  const checked = checkAuthorizationFields(fields, state.oauth);
  if (!checked.request) return sendProblemPage(res, checked.problems);
  const { clientId, state: clientState, redirectUri, codeChallenge } = checked.request;

  const decision = fields.get('decision');
  if (decision === 'deny')
    return sendRedirect(res, redirectWith(redirectUri, { error: 'access_denied', state: clientState }));
  if (decision !== 'allow')
    return sendProblemPage(res, [
      `decision must be "allow" or "deny" (got ${decision === null ? 'none' : `"${decision}"`}).`,
    ]);

  const user = (fields.get('user') ?? '').trim();
  const userProblem = !user
    ? 'Enter the name of the CRM user the application will act for.'
    : user.length > MAX_USER_LENGTH
      ? `The CRM user name is too long (at most ${MAX_USER_LENGTH} characters).`
      : undefined;
  if (userProblem)
    return sendForm(res, 400, { ...checked.request, locale: params.locale!, user, problem: userProblem });

  const code = state.oauth.issueCode(clientId, user, redirectUri, codeChallenge ?? null);
  sendRedirect(res, redirectWith(redirectUri, { code, state: clientState }));
}

interface AuthorizationRequest {
  clientId: string;
  state: string;
  redirectUri: string;
  /** PKCE (RFC 7636): the S256 challenge, when the client sent one. */
  codeChallenge?: string;
}

/** The PKCE fields: none, or an S256 challenge ("plain" would show the verifier to whoever sees the page's URL). */
function checkCodeChallenge(fields: URLSearchParams): { codeChallenge?: string; problem?: string } {
  const challenge = fields.get('code_challenge');
  const method = fields.get('code_challenge_method');
  if (challenge === null)
    return method === null ? {} : { problem: 'code_challenge_method was sent without a code_challenge.' };
  if (method !== 'S256')
    return { problem: `code_challenge_method must be "S256" (got ${method === null ? 'none' : `"${method}"`}).` };
  if (!CODE_CHALLENGE.test(challenge)) {
    return {
      problem: 'code_challenge must be the base64url SHA-256 of the code_verifier: 43 characters of A-Z a-z 0-9 - _.',
    };
  }
  return { codeChallenge: challenge };
}

/** client_id, state, redirect_uri and the PKCE challenge, as the page's query and the decision form both carry them. */
function checkAuthorizationFields(
  fields: URLSearchParams,
  oauth: OAuthAuthority,
): { request?: AuthorizationRequest; problems: string[] } {
  const problems: string[] = [];
  const clientId = fields.get('client_id') ?? '';
  if (!clientId) problems.push('client_id is missing.');
  else if (!oauth.hasClient(clientId))
    problems.push(
      `client_id "${clientId}" is not a client the sandbox knows (see the client id the sandbox printed or exposes).`,
    );
  const clientState = fields.get('state') ?? '';
  if (!clientState)
    problems.push(
      'state is missing: send a random value and check that the same value comes back (it protects against cross-site request forgery).',
    );
  const redirect = checkRedirectUri(fields.get('redirect_uri'));
  if (!redirect.ok) problems.push(redirect.problem);
  const pkce = checkCodeChallenge(fields);
  if (pkce.problem) problems.push(pkce.problem);
  if (problems.length > 0 || !redirect.ok) return { problems };
  const request: AuthorizationRequest = { clientId, state: clientState, redirectUri: redirect.uri };
  if (pkce.codeChallenge) request.codeChallenge = pkce.codeChallenge;
  return { request, problems };
}

function sendForm(res: ServerResponse, status: number, form: AuthorizationForm): void {
  const page = renderAuthorizationForm(form);
  sendHtml(res, status, page.html, { 'Content-Security-Policy': page.csp });
}

function sendProblemPage(res: ServerResponse, problems: string[]): void {
  const page = renderProblemPage('The authorization request is not valid', problems);
  sendHtml(res, 400, page.html, { 'Content-Security-Policy': page.csp });
}

function sendRedirect(res: ServerResponse, location: string): void {
  sendEmpty(res, 302, { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
}

// ---------------------------------------------------------------------------------------------
// The token endpoint (X-API-KEY is checked before this, like on every API path)

const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Partner API sandbox", charset="UTF-8"' };

export function exchangeToken({ req, res, bodyText, state }: OAuthRouteContext): void {
  const credentials = parseBasicCredentials(req.headers.authorization);
  if (!credentials) {
    return sendOAuthError(
      res,
      401,
      'invalid_client',
      'Send the client credentials as Authorization: Basic base64(client_id:client_secret).',
      BASIC_CHALLENGE,
    );
  }
  if (!state.oauth.authenticateClient(credentials.clientId, credentials.clientSecret)) {
    return sendOAuthError(
      res,
      401,
      'invalid_client',
      'The client credentials are not valid (unknown client_id or wrong client_secret).',
      BASIC_CHALLENGE,
    );
  }
  if (!hasMediaType(req.headers['content-type'], 'application/json')) {
    const got = req.headers['content-type'] ? ` (got: ${req.headers['content-type']})` : ' (none was sent)';
    return sendOAuthError(res, 400, 'invalid_request', `Send a JSON body with Content-Type: application/json${got}.`);
  }
  const body = parseJsonObject(bodyText);
  if (typeof body === 'string') return sendOAuthError(res, 400, 'invalid_request', body);

  const grantType = body.grant_type;
  if (grantType === 'authorization_code')
    return answerGrant(res, authorizationCodeGrant(body, credentials.clientId, state.oauth));
  if (grantType === 'refresh_token')
    return answerGrant(res, refreshTokenGrant(body, credentials.clientId, state.oauth));
  if (grantType === undefined)
    return sendOAuthError(
      res,
      400,
      'invalid_request',
      'grant_type is missing: use "authorization_code" or "refresh_token".',
    );
  sendOAuthError(
    res,
    400,
    'unsupported_grant_type',
    `grant_type ${JSON.stringify(grantType)} is not supported: use "authorization_code" or "refresh_token".`,
  );
}

type GrantAttempt = GrantResult | { ok: false; invalidRequest: string };

function authorizationCodeGrant(body: Record<string, unknown>, clientId: string, oauth: OAuthAuthority): GrantAttempt {
  if (typeof body.code !== 'string' || body.code === '')
    return { ok: false, invalidRequest: 'code is missing: send the code from the redirect.' };
  if (body.redirect_uri !== undefined && typeof body.redirect_uri !== 'string')
    return { ok: false, invalidRequest: 'redirect_uri must be a string.' };
  if (body.code_verifier !== undefined && typeof body.code_verifier !== 'string')
    return { ok: false, invalidRequest: 'code_verifier must be a string.' };
  return oauth.redeemCode(clientId, body.code, body.redirect_uri, body.code_verifier);
}

function refreshTokenGrant(body: Record<string, unknown>, clientId: string, oauth: OAuthAuthority): GrantAttempt {
  if (typeof body.refresh_token !== 'string' || body.refresh_token === '')
    return { ok: false, invalidRequest: 'refresh_token is missing.' };
  return oauth.refresh(clientId, body.refresh_token);
}

function answerGrant(res: ServerResponse, result: GrantAttempt): void {
  if (result.ok) return sendJson(res, 200, result.tokens, { Pragma: 'no-cache' });
  if ('invalidRequest' in result) return sendOAuthError(res, 400, 'invalid_request', result.invalidRequest);
  sendOAuthError(res, 400, 'invalid_grant', result.description);
}

function parseJsonObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `The request body is not valid JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'The request body must be a JSON object, e.g. {"grant_type": "authorization_code", "code": "…"}.';
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Calls made for a CRM user

export interface Refusal {
  status: number;
  detail: string;
  headers?: Record<string, string>;
}

/**
 * The CRM user an advert call acts for, from its Bearer access token. When user tokens are not
 * required, a call without one (or with one that does not work) acts for no one in particular.
 */
export function checkUserToken(
  req: IncomingMessage,
  state: OAuthRouteContext['state'],
): { user: string | null } | { refusal: Refusal } {
  const token = parseBearerToken(req.headers.authorization);
  const check = token === undefined ? undefined : state.oauth.checkAccessToken(token);
  if (check?.status === 'valid') return { user: check.user };
  if (!state.requireUserToken) return { user: null };
  if (check === undefined) {
    return {
      refusal: {
        status: 401,
        detail: 'This call acts for a CRM user: send Authorization: Bearer <access token>.',
        headers: { 'WWW-Authenticate': 'Bearer' },
      },
    };
  }
  const description = check.status === 'expired' ? 'The access token expired' : 'The access token is not valid';
  return {
    refusal: {
      status: 401,
      detail: description,
      headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    },
  };
}
