/**
 * A small HTTPS client for the sandbox tests: real requests on loopback that trust the sandbox's
 * CA (TLS checks stay on), and the OAuth2 authorization-code flow run as a browser and an app
 * would run it. Nothing is mocked.
 */
import { request, type Agent, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { validAdvert } from '../../electron/main/sandbox/fixtures';
import type { Sandbox } from '../../electron/main/sandbox/server';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  text: string;
  /** The parsed body; tests read the sandbox's JSON answers field by field, so it is left untyped. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  json: any;
}

export interface CallOptions {
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  agent?: Agent;
  ca?: string | null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function call(sandbox: Sandbox, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const requestOptions: RequestOptions = {
    method,
    headers: options.headers,
    agent: options.agent ?? false,
  };
  if (options.ca !== null) requestOptions.ca = options.ca ?? sandbox.caCertPem;
  return new Promise((resolve, reject) => {
    const req = request(sandbox.origin + path, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
        const json = isJson && text.length > 0 && !res.headers['content-encoding'] ? JSON.parse(text) : undefined;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function withKey(sandbox: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return { 'X-API-KEY': sandbox.apiKey, Accept: 'application/json', 'User-Agent': 'sandbox-tests', ...extra };
}

/** The CRM user each sandbox's advert calls act for (set by signIn in beforeAll). */
export const userTokens = new WeakMap<Sandbox, string>();

/** API key plus the Bearer access token of a CRM user: what advert calls carry. */
export function userHeaders(
  sandbox: Sandbox,
  extra: Record<string, string> = {},
  accessToken = userTokens.get(sandbox),
): Record<string, string> {
  if (!accessToken) throw new Error('No CRM user is signed in to this sandbox: call signIn first.');
  return withKey(sandbox, { Authorization: `Bearer ${accessToken}`, ...extra });
}

export function jsonHeaders(sandbox: Sandbox): Record<string, string> {
  return userHeaders(sandbox, { 'Content-Type': 'application/json' });
}

// OAuth2 helpers: the authorization-code flow as a browser and the app would run it, over HTTPS.

export const REDIRECT_URI = 'http://127.0.0.1:53682/oauth/callback';

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export interface AuthorizationParams {
  response_type?: string | null;
  client_id?: string | null;
  state?: string | null;
  redirect_uri?: string | null;
  code_challenge?: string | null;
  code_challenge_method?: string | null;
}

/** Path and query of the authorization page; a null parameter is left out. */
export function authorizationPath(sandbox: Sandbox, params: AuthorizationParams = {}, locale = 'en'): string {
  const all: AuthorizationParams = {
    response_type: 'code',
    client_id: sandbox.oauthClient.clientId,
    state: 'state-1234',
    redirect_uri: REDIRECT_URI,
    ...params,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(all)) if (value !== null && value !== undefined) query.set(name, value);
  return `/${locale}/crm/authorization/?${query}`;
}

export function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

export function attributes(tag: string): Record<string, string> {
  return Object.fromEntries(
    [...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1]!, decodeEntities(match[2]!)]),
  );
}

/** The form of the authorization page as a browser would submit it: action and hidden fields. */
export function formOf(html: string): { method: string; action: string; fields: Record<string, string> } {
  const form = attributes(/<form\b[^>]*>/.exec(html)?.[0] ?? '');
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const input = attributes(tag);
    if (input.type === 'hidden' && input.name) fields[input.name] = input.value ?? '';
  }
  return { method: form.method ?? '', action: form.action ?? '', fields };
}

export function postForm(
  sandbox: Sandbox,
  path: string,
  fields: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<Answer> {
  return call(sandbox, 'POST', path, {
    headers: { 'Content-Type': contentType },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Opens the authorization page, fills in the CRM user, presses Allow (or Deny): the redirect's Location. */
export async function authorize(
  sandbox: Sandbox,
  options: { user?: string; decision?: 'allow' | 'deny'; params?: AuthorizationParams; locale?: string } = {},
): Promise<URL> {
  const page = await call(sandbox, 'GET', authorizationPath(sandbox, options.params, options.locale));
  expect(page.status).toBe(200);
  const form = formOf(page.text);
  const answer = await postForm(sandbox, form.action, {
    ...form.fields,
    user: options.user ?? 'Test agent',
    decision: options.decision ?? 'allow',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.location!);
}

export function basicAuth(client: { clientId: string; clientSecret: string }): string {
  return 'Basic ' + Buffer.from(`${client.clientId}:${client.clientSecret}`, 'utf8').toString('base64');
}

/** POST /oauth/v1/token with the API key and the client's Basic credentials (unless headers override them). */
export function tokenCall(
  sandbox: Sandbox,
  body: unknown,
  options: { client?: { clientId: string; clientSecret: string }; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers = withKey(sandbox, {
    'Content-Type': 'application/json',
    Authorization: basicAuth(options.client ?? sandbox.oauthClient),
    ...options.headers,
  });
  return call(sandbox, 'POST', '/oauth/v1/token', {
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The whole authorization-code flow: page, Allow, code from the redirect, exchange. */
export async function signIn(sandbox: Sandbox, user = 'Test agent'): Promise<TokenBody> {
  const location = await authorize(sandbox, { user });
  const code = location.searchParams.get('code');
  expect(code).toBeTruthy();
  const answer = await tokenCall(sandbox, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
  expect(answer.status).toBe(200);
  return answer.json as TokenBody;
}

export async function codeFor(sandbox: Sandbox, user = 'Test agent'): Promise<string> {
  return (await authorize(sandbox, { user })).searchParams.get('code')!;
}

export async function publish(sandbox: Sandbox, advert: unknown = validAdvert()): Promise<Answer> {
  return call(sandbox, 'POST', '/advert/v1', { headers: jsonHeaders(sandbox), body: JSON.stringify(advert) });
}

export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
