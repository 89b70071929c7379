/**
 * The local sandbox: an HTTPS server on 127.0.0.1 that follows the Partner API's conventions
 * (X-API-KEY, JSON bodies, wrapped responses, error bodies, documented status codes), with its
 * OAuth2 side (the CRM authorization page, the token endpoint, Bearer tokens on advert calls: see
 * oauth-routes.ts), plus a few helper routes under /sandbox/v1 for testing a client (errors, slow,
 * large, redirects, drops).
 *
 * It makes its own certificate authority at start, so clients trust that CA instead of turning
 * TLS checks off. Used by the app ("Local sandbox" target), by tests, and by `npm run sandbox`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { createCertificateAuthority } from '../tls/certificates';
import { hasMediaType, sendData, sendEmpty, sendError, statusTitle, type ValidationIssue } from './answers';
import { CATEGORIES, CITIES, SITE_ADVERT_URL, isSiteUrn, type SiteUrn } from './fixtures';
import { OAuthAuthority, generateOAuthClient, type OAuthClient, type TokenLifetimes } from './oauth';
import {
  checkUserToken,
  decideAuthorization,
  exchangeToken,
  showAuthorizationPage,
  type Refusal,
} from './oauth-routes';

// ---------------------------------------------------------------------------------------------
// Public API

export type { OAuthClient } from './oauth';

export interface SandboxOptions {
  /** 0 = a random free port. Default 0. */
  port?: number;
  /** Accepted X-API-KEY values. Default: one generated key, 'sbx_' + random hex. */
  apiKeys?: string[];
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Folder to write ca.pem to. Default: a fresh temporary folder, removed by close(). */
  caDir?: string;
  /** Called once per request when its exchange ends (status 0 = no answer was sent). */
  onResponse?: (entry: { method: string; path: string; status: number; ms: number }) => void;
  /** OAuth2 clients the sandbox knows. Default: one generated client ('sbx-client-' + hex, random hex secret). */
  oauthClients?: OAuthClient[];
  /** Lifetime of access tokens issued from now on. Default 3600 (1 hour). */
  accessTokenTtlSeconds?: number;
  /** Lifetime of refresh tokens issued from now on. Default 31,536,000 (1 year). */
  refreshTokenTtlSeconds?: number;
  /** Lifetime of authorization codes issued from now on. Default 300 (5 minutes). */
  authorizationCodeTtlSeconds?: number;
  /**
   * Advert calls act for a CRM user: they need Authorization: Bearer <access token> besides
   * X-API-KEY. false = the API key alone is enough (a valid Bearer still names the user). Default true.
   */
  requireUserToken?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

export interface Sandbox {
  /** https://127.0.0.1:PORT */
  origin: string;
  apiKey: string;
  caCertPem: string;
  caCertPath: string;
  /** The last 200 requests, newest last. */
  received: ReceivedRequest[];
  /** How many /sandbox/v1/slow answers are still waiting (their timers are stopped when the client goes away). */
  pendingSlowResponses(): number;
  /** The first OAuth2 client (the generated one unless options.oauthClients was given). */
  oauthClient: OAuthClient;
  /** The CRM authorization page: `${origin}/en/crm/authorization/`. */
  authorizationUrl: string;
  /** Lifetimes (whole seconds, 1 or more) of what is issued from now on; expires_in follows them. */
  setTokenLifetimes(lifetimes: { accessSeconds?: number; refreshSeconds?: number; codeSeconds?: number }): void;
  /** Every access token issued so far counts as expired from now on (refresh tokens still work). */
  expireAccessTokens(): void;
  /** Moves the sandbox's clock forward: codes and tokens expire as if that much time had passed (tests need not wait). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const MAX_SLOW_MS = 120_000;
export const MAX_LARGE_BYTES = 2 * 1024 * 1024 * 1024;
const RECEIVED_LIMIT = 200;
/**
 * After refusing a body that is too large, what still arrives is discarded (not kept) for at most
 * this long after the answer went out, so the client can finish sending and read the answer
 * rather than meet a connection reset; then the connection is cut.
 */
const DRAIN_LIMIT_MS = 5_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const apiKeys = options.apiKeys && options.apiKeys.length > 0 ? [...options.apiKeys] : [generateApiKey()];
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 0)
    throw new Error('maxBodyBytes must be a whole number of bytes.');

  const oauthClients =
    options.oauthClients && options.oauthClients.length > 0
      ? options.oauthClients.map((client) => ({ ...client }))
      : [generateOAuthClient()];
  let clockOffsetMs = 0;
  const clock = () => Date.now() + clockOffsetMs;
  const oauth = new OAuthAuthority(oauthClients, lifetimesFrom(options), clock);

  const ca = createCertificateAuthority('Partner API sandbox local CA');
  const leaf = ca.issue({ hosts: ['localhost', '127.0.0.1'], commonName: 'localhost' });
  const ownsCaDir = options.caDir === undefined;
  const caDir = options.caDir ?? mkdtempSync(join(tmpdir(), 'partner-api-sandbox-'));
  mkdirSync(caDir, { recursive: true });
  const caCertPath = join(caDir, 'ca.pem');
  writeFileSync(caCertPath, ca.certPem, { mode: 0o644 });

  const state: SandboxState = {
    apiKeys: new Set(apiKeys),
    maxBodyBytes,
    adverts: new Map(),
    received: [],
    slowTimers: new Set(),
    onResponse: options.onResponse,
    oauth,
    requireUserToken: options.requireUserToken ?? true,
  };
  const server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
    handleRequest(state, req, res).catch((error: unknown) => answerCrash(res, error));
  });

  try {
    await listen(server, options.port ?? 0);
  } catch (error) {
    if (ownsCaDir) rmSync(caDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const origin = `https://127.0.0.1:${port}`;
  return {
    origin,
    apiKey: apiKeys[0]!,
    caCertPem: ca.certPem,
    caCertPath,
    received: state.received,
    pendingSlowResponses: () => state.slowTimers.size,
    oauthClient: { ...oauthClients[0]! },
    authorizationUrl: `${origin}/en/crm/authorization/`,
    setTokenLifetimes: ({ accessSeconds, refreshSeconds, codeSeconds }) =>
      oauth.setLifetimes({ accessSeconds, refreshSeconds, codeSeconds }),
    expireAccessTokens: () => oauth.expireAccessTokens(),
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of state.slowTimers) clearTimeout(timer);
        state.slowTimers.clear();
        server.close(() => {
          if (ownsCaDir) rmSync(caDir, { recursive: true, force: true });
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function generateApiKey(): string {
  return 'sbx_' + randomBytes(16).toString('hex');
}

function lifetimesFrom(options: SandboxOptions): Partial<TokenLifetimes> {
  return {
    accessSeconds: options.accessTokenTtlSeconds,
    refreshSeconds: options.refreshTokenTtlSeconds,
    codeSeconds: options.authorizationCodeTtlSeconds,
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// ---------------------------------------------------------------------------------------------
// State, context and the request pipeline

interface StoredAdvert {
  uuid: string;
  payload: Record<string, unknown>;
  active: boolean;
  lastAction: 'published' | 'updated' | 'activated' | 'deactivated';
  lastActionAt: string;
  /** The CRM user whose access token published it (null when user tokens are off and none was sent). */
  crmUser: string | null;
}

interface SandboxState {
  apiKeys: Set<string>;
  maxBodyBytes: number;
  adverts: Map<string, StoredAdvert>;
  received: ReceivedRequest[];
  slowTimers: Set<NodeJS.Timeout>;
  onResponse: SandboxOptions['onResponse'];
  oauth: OAuthAuthority;
  requireUserToken: boolean;
}

interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** Raw body text (at most maxBodyBytes). */
  bodyText: string;
  /** Parsed JSON body for routes that take one; undefined when the body is empty. */
  json: unknown;
  /** The CRM user the call acts for (advert routes), from its Bearer access token. */
  crmUser: string | null;
  state: SandboxState;
}

type Handler = (ctx: RouteContext) => void | Promise<void>;

/** 'json': POST/PUT must be JSON. 'optional-json': JSON when a body is sent. 'raw': taken as it is. */
type BodyKind = 'json' | 'optional-json' | 'raw';

interface Route {
  methods: readonly string[] | 'any';
  pattern: RegExp;
  keys: string[];
  body: BodyKind;
  handle: Handler;
}

/** Paths of the Partner API proper: these need X-API-KEY, even when the route does not exist. */
const API_PATH = /^\/(advert|taxonomy|locations|oauth)(\/|$)/;
/** Paths of calls made for a CRM user: these need a Bearer access token too (unless requireUserToken is off). */
const USER_PATH = /^\/advert(\/|$)/;

async function handleRequest(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = Date.now();
  const method = req.method ?? 'GET';
  const rawPath = req.url ?? '/';
  res.on('close', () => {
    state.onResponse?.({
      method,
      path: rawPath,
      status: res.writableFinished ? res.statusCode : 0,
      ms: Date.now() - startedAt,
    });
  });

  const body = await readBody(req, res, state.maxBodyBytes);
  record(state, { method, path: rawPath, headers: { ...req.headers }, body: body.text, at: startedAt });
  if (body.aborted) return;

  let url: URL;
  try {
    url = new URL(rawPath, 'https://127.0.0.1');
  } catch {
    return sendError(res, 400, 'The request target is not a valid URL path.');
  }
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;

  if (API_PATH.test(pathname)) {
    const refusal = checkApiKey(req, state);
    if (refusal) return sendError(res, refusal.status, refusal.detail);
  }
  let crmUser: string | null = null;
  if (USER_PATH.test(pathname)) {
    const checked = checkUserToken(req, state);
    if ('refusal' in checked)
      return sendError(res, checked.refusal.status, checked.refusal.detail, undefined, checked.refusal.headers);
    crmUser = checked.user;
  }

  const found = findRoute(pathname, method);
  if (found.kind === 'not-found') return sendError(res, 404, `No resource at ${pathname}.`);
  if (found.kind === 'wrong-method') {
    res.setHeader('Allow', found.allow.join(', '));
    return sendError(res, 405, `${method} is not allowed on ${pathname}. Allowed: ${found.allow.join(', ')}.`);
  }

  const { route, params } = found;
  const parsed = checkBody(route, req, body, state.maxBodyBytes);
  if ('refusal' in parsed) return sendError(res, 400, parsed.refusal);

  await route.handle({ req, res, url, params, bodyText: body.text, json: parsed.json, crmUser, state });
}

/** The body rules, in order: JSON content type for POST/PUT, size, then well-formed JSON. */
function checkBody(
  route: Route,
  req: IncomingMessage,
  body: ReadResult,
  maxBodyBytes: number,
): { json: unknown } | { refusal: string } {
  const contentType = req.headers['content-type'];
  if (route.body !== 'raw' && (req.method === 'POST' || req.method === 'PUT')) {
    const hasBody = body.text.length > 0 || body.tooLarge;
    if ((route.body === 'json' || hasBody) && !isJsonContentType(contentType)) {
      const got = contentType ? ` (got: ${contentType})` : ' (none was sent)';
      return { refusal: `POST and PUT requests must send a JSON body with Content-Type: application/json${got}.` };
    }
  }
  if (body.tooLarge) return { refusal: `Request body size too large: the limit is ${maxBodyBytes} bytes.` };
  if (route.body === 'raw' || body.text.trim().length === 0) return { json: undefined };
  try {
    return { json: JSON.parse(body.text) };
  } catch (error) {
    return { refusal: `The request body is not valid JSON: ${(error as Error).message}` };
  }
}

function record(state: SandboxState, entry: ReceivedRequest): void {
  state.received.push(entry);
  if (state.received.length > RECEIVED_LIMIT) state.received.splice(0, state.received.length - RECEIVED_LIMIT);
}

function checkApiKey(req: IncomingMessage, state: SandboxState): Refusal | undefined {
  const header = req.headers['x-api-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!key)
    return {
      status: 401,
      detail: 'The X-API-KEY header is missing. Every request must carry the API key of the application.',
    };
  if (!state.apiKeys.has(key)) return { status: 403, detail: 'The API key in the X-API-KEY header is not valid.' };
  return undefined;
}

function isJsonContentType(value: string | undefined): boolean {
  return hasMediaType(value, 'application/json');
}

interface ReadResult {
  text: string;
  tooLarge: boolean;
  /** The client went away before the body was complete: nobody is left to answer. */
  aborted: boolean;
}

/**
 * Reads the body, keeping at most maxBytes. When the body is larger it settles at once with
 * tooLarge (the answer goes out without waiting for the rest), then discards what still arrives
 * for a bounded time (DRAIN_LIMIT_MS).
 */
function readBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    const settle = (tooLarge: boolean, aborted: boolean) => {
      if (settled) return;
      settled = true;
      resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge, aborted });
      if (tooLarge) limitDrain();
    };
    const limitDrain = () => {
      const timer = setTimeout(() => req.socket.destroy(), DRAIN_LIMIT_MS).unref();
      res.once('finish', () => timer.refresh());
      req.once('end', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
    };

    req.on('data', (chunk: Buffer) => {
      if (settled) return; // Draining: discard.
      const room = maxBytes - kept;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        kept += room;
        settle(true, false);
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    });
    req.on('end', () => settle(false, false));
    req.on('close', () => settle(false, !req.complete));
    req.on('error', () => settle(false, true));
  });
}

// ---------------------------------------------------------------------------------------------
// Answers (the shapes are in answers.ts)

/** A handler threw: answer 500 like a server whose handler crashed (or drop the connection if the answer had begun). */
function answerCrash(res: ServerResponse, _error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, 500, 'The server failed while handling the request. Try again later.');
}

// ---------------------------------------------------------------------------------------------
// Advert routes

function publishAdvert({ res, json, crmUser, state }: RouteContext): void {
  const issues = validateAdvert(json);
  if (issues.length > 0) return sendError(res, 400, 'The advert is not valid. See validation for each field.', issues);
  const payload = json as Record<string, unknown>;
  const advert: StoredAdvert = {
    uuid: randomUUID(),
    payload,
    active: true,
    lastAction: 'published',
    lastActionAt: new Date().toISOString(),
    crmUser,
  };
  state.adverts.set(advert.uuid, advert);
  sendData(res, 202, 'Advert accepted for publication', advertSummary(advert));
}

function updateAdvert({ res, json, params, state }: RouteContext): void {
  const advert = state.adverts.get(params.uuid ?? '');
  if (!advert) return sendError(res, 409, `Advert ${params.uuid} cannot be updated: it was not created yet.`);
  const issues = validateAdvert(json);
  if (issues.length > 0) return sendError(res, 400, 'The advert is not valid. See validation for each field.', issues);
  advert.payload = json as Record<string, unknown>;
  touch(advert, 'updated');
  sendData(res, 202, 'Advert accepted for update', advertSummary(advert));
}

function deleteAdvert({ res, params, state }: RouteContext): void {
  if (!state.adverts.delete(params.uuid ?? '')) return advertNotFound(res, params);
  sendEmpty(res, 204);
}

function activateAdvert({ res, params, state }: RouteContext): void {
  const advert = state.adverts.get(params.uuid ?? '');
  if (!advert) return advertNotFound(res, params);
  advert.active = true;
  touch(advert, 'activated');
  sendData(res, 202, 'Advert accepted for activation', advertSummary(advert));
}

function deactivateAdvert({ res, params, state }: RouteContext): void {
  const advert = state.adverts.get(params.uuid ?? '');
  if (!advert) return advertNotFound(res, params);
  advert.active = false;
  touch(advert, 'deactivated');
  sendData(res, 202, 'Advert accepted for deactivation', advertSummary(advert));
}

function getAdvert({ res, params, state }: RouteContext): void {
  const advert = state.adverts.get(params.uuid ?? '');
  if (!advert) return advertNotFound(res, params);
  sendData(res, 200, 'OK', { ...advert.payload, uuid: advert.uuid });
}

function getAdvertMeta({ res, params, state }: RouteContext): void {
  const advert = state.adverts.get(params.uuid ?? '');
  if (!advert) return advertNotFound(res, params);
  sendData(res, 200, 'OK', {
    uuid: advert.uuid,
    last_action_status: advert.lastAction,
    last_action_at: advert.lastActionAt,
    state: { code: advert.active ? 'active' : 'inactive', url: publicUrl(advert) },
    custom_fields: advert.payload.custom_fields ?? null,
    crm_user: advert.crmUser,
  });
}

function advertNotFound(res: ServerResponse, params: Record<string, string>): void {
  sendError(res, 404, `No advert with uuid ${params.uuid}.`);
}

function touch(advert: StoredAdvert, action: StoredAdvert['lastAction']): void {
  advert.lastAction = action;
  advert.lastActionAt = new Date().toISOString();
}

function advertSummary(advert: StoredAdvert): Record<string, unknown> {
  return {
    uuid: advert.uuid,
    site_urn: advert.payload.site_urn,
    category_urn: advert.payload.category_urn,
    custom_fields: advert.payload.custom_fields ?? null,
  };
}

function publicUrl(advert: StoredAdvert): string {
  const site = advert.payload.site_urn as SiteUrn;
  const slug = String(advert.payload.title)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${SITE_ADVERT_URL[site]}${slug}-ID${advert.uuid.slice(0, 8)}`;
}

// Validation: loose, like the API's first line of checks; each failure names its field.

function validateAdvert(body: unknown): ValidationIssue[] {
  if (!isObject(body)) {
    return [
      {
        field: 'body',
        title: 'Invalid payload',
        detail: 'The request body must be a JSON object describing the advert.',
      },
    ];
  }
  return [
    ...checkText(body, 'title', 5, 70),
    ...checkText(body, 'description', 50, 65_535),
    ...checkText(body, 'category_urn', 1, 255),
    ...checkSite(body),
    ...checkImages(body),
    ...checkPrice(body),
    ...checkContact(body),
  ];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(field: string, title: string, detail: string): ValidationIssue[] {
  return [{ field, title, detail }];
}

function checkText(body: Record<string, unknown>, field: string, min: number, max: number): ValidationIssue[] {
  const value = body[field];
  if (value === undefined || value === null) return issue(field, 'Missing field', `${field} is required.`);
  if (typeof value !== 'string') return issue(field, 'Wrong type', `${field} must be a string.`);
  const length = Array.from(value).length;
  if (length < min || length > max) {
    return issue(field, 'Invalid length', `${field} must be ${min}–${max} characters long (it is ${length}).`);
  }
  return [];
}

function checkSite(body: Record<string, unknown>): ValidationIssue[] {
  const value = body.site_urn;
  if (value === undefined || value === null) return issue('site_urn', 'Missing field', 'site_urn is required.');
  if (!isSiteUrn(value)) {
    return issue(
      'site_urn',
      'Invalid value',
      'site_urn must be one of urn:site:otodompl, urn:site:imovirtualcom, urn:site:storiaro.',
    );
  }
  return [];
}

function checkImages(body: Record<string, unknown>): ValidationIssue[] {
  const images = body.images;
  if (images === undefined || images === null)
    return issue('images', 'Missing field', 'images is required (1–24 images).');
  if (!Array.isArray(images)) return issue('images', 'Wrong type', 'images must be an array of {"url": …} objects.');
  if (images.length < 1 || images.length > 24) {
    return issue('images', 'Invalid count', `images must hold 1–24 items (it holds ${images.length}).`);
  }
  return images.flatMap((image: unknown, index) => {
    const url = isObject(image) ? image.url : undefined;
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) {
      return issue(
        `images[${index}].url`,
        'Invalid value',
        'Each image needs a url starting with http:// or https://.',
      );
    }
    return [];
  });
}

function checkPrice(body: Record<string, unknown>): ValidationIssue[] {
  const price = body.price;
  if (price === undefined || price === null) return issue('price', 'Missing field', 'price is required.');
  if (!isObject(price))
    return issue('price', 'Wrong type', 'price must be an object {"value": number, "currency": string}.');
  const issues: ValidationIssue[] = [];
  if (typeof price.value !== 'number' || !Number.isFinite(price.value) || price.value < 0) {
    issues.push(...issue('price.value', 'Invalid value', 'price.value must be a number, zero or more.'));
  }
  if (typeof price.currency !== 'string' || price.currency.trim() === '') {
    issues.push(...issue('price.currency', 'Missing field', 'price.currency is required (e.g. PLN, EUR, RON).'));
  }
  return issues;
}

function checkContact(body: Record<string, unknown>): ValidationIssue[] {
  const contact = body.contact;
  if (contact === undefined || contact === null) return issue('contact', 'Missing field', 'contact is required.');
  if (!isObject(contact))
    return issue('contact', 'Wrong type', 'contact must be an object {"name", "phone", "email"}.');
  return [];
}

// ---------------------------------------------------------------------------------------------
// Taxonomy and locations

function listCategories({ res }: RouteContext): void {
  sendData(res, 200, 'OK', CATEGORIES);
}

function listCities({ res, params }: RouteContext): void {
  const site = params.site;
  if (!isSiteUrn(site))
    return sendError(res, 404, `Unknown site ${site}. Known sites: ${Object.keys(CITIES).join(', ')}.`);
  sendData(res, 200, 'OK', CITIES[site]);
}

// ---------------------------------------------------------------------------------------------
// Test helper routes (/sandbox/v1, no API key)

function failOnPurpose(): never {
  throw new Error('Simulated handler failure (/sandbox/v1/error).');
}

function answerStatus({ res, params }: RouteContext): void {
  const raw = params.code ?? '';
  const code = /^\d{3}$/.test(raw) ? Number(raw) : NaN;
  if (!(code >= 200 && code <= 599)) {
    return sendError(
      res,
      400,
      `Choose a final status code from 200 to 599 (got ${raw}); 1xx codes cannot end an exchange.`,
    );
  }
  if (code === 204 || code === 205 || code === 304) return sendEmpty(res, code);
  if (code >= 400)
    return sendError(res, code, `The sandbox answered ${code} because /sandbox/v1/status/${code} was requested.`);
  sendData(res, code, statusTitle(code), { status: code });
}

function answerSlowly({ res, url, state }: RouteContext): void {
  const ms = wholeNumberParam(url, 'ms', 0, MAX_SLOW_MS);
  if (ms === undefined)
    return sendError(res, 400, `ms must be a whole number of milliseconds from 0 to ${MAX_SLOW_MS}.`);
  const timer = setTimeout(() => {
    state.slowTimers.delete(timer);
    sendData(res, 200, `Answered after ${ms} ms`, { waited_ms: ms });
  }, ms);
  state.slowTimers.add(timer);
  res.once('close', () => {
    clearTimeout(timer);
    state.slowTimers.delete(timer);
  });
}

function answerLarge({ req, res, url }: RouteContext): void {
  const bytes = wholeNumberParam(url, 'bytes', 0, MAX_LARGE_BYTES);
  if (bytes === undefined) return sendError(res, 400, `bytes must be a whole number from 0 to ${MAX_LARGE_BYTES}.`);
  const pad = url.searchParams.has('pad') ? wholeNumberParam(url, 'pad', 0, MAX_LARGE_PAD) : 0;
  if (pad === undefined) return sendError(res, 400, `pad must be a whole number from 0 to ${MAX_LARGE_PAD}.`);
  const rate = url.searchParams.has('rate') ? wholeNumberParam(url, 'rate', 1, MAX_LARGE_BYTES) : 0;
  if (rate === undefined)
    return sendError(res, 400, `rate must be a whole number of bytes a second from 1 to ${MAX_LARGE_BYTES}.`);
  const document = largeDocument(bytes, { pad, rate });
  const gzip = url.searchParams.get('gzip') === '1' && acceptsGzip(req.headers['accept-encoding']);
  const done = () => undefined; // A client that leaves mid-stream just ends the stream.
  if (gzip) {
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Encoding': 'gzip',
      Vary: 'Accept-Encoding',
    });
    pipeline(document.stream, createGzip(), res, done);
  } else {
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': document.length,
      Vary: 'Accept-Encoding',
    });
    pipeline(document.stream, res, done);
  }
}

function redirect({ res, url }: RouteContext): void {
  const to = url.searchParams.get('to');
  const status = Number(url.searchParams.get('status') ?? '302');
  if (!to) return sendError(res, 400, 'Give the target as ?to=<url>.');
  if (![300, 301, 302, 303, 307, 308].includes(status)) {
    return sendError(res, 400, 'status must be one of 300, 301, 302, 303, 307, 308.');
  }
  if (/[\u0000-\u001f\u007f]/.test(to))
    return sendError(res, 400, 'The target URL must not contain control characters.');
  // Header values must be ASCII: percent-encode anything else (spaces, non-Latin letters).
  const location = to.replace(/[^\u0021-\u007e]/gu, (char) => encodeURIComponent(char));
  res.setHeader('Location', location);
  sendData(res, status, `Redirecting to ${to}`, { location });
}

/** Echoes the request; ?pad=N adds N characters of filler (up to 16 MB), for a large body that holds the request's headers. */
function echo({ req, res, url, bodyText }: RouteContext): void {
  const pad = wholeNumberParam(url, 'pad', 0, 16 * 1024 * 1024) ?? 0;
  sendData(res, 200, 'Echo', {
    method: req.method,
    path: req.url,
    headers: req.headers,
    body: bodyText,
    ...(pad > 0 ? { padding: 'x'.repeat(pad) } : {}),
  });
}

function drop({ req }: RouteContext): void {
  req.socket.destroy();
}

function wholeNumberParam(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
}

function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

// The large document: {"items":[{…},{…},…],"last":true}, exactly `bytes` long (at least the empty
// document), made in chunks on demand so memory stays flat whatever the size. ?pad=N gives each item
// a "notes" string of N characters (fewer, longer lines); ?rate=N sends at most N bytes a second
// (a body that trickles).

const LARGE_HEAD = '{"items":[';
const LARGE_TAIL = '],"last":true}';
const LARGE_CHUNK = 64 * 1024;
export const MAX_LARGE_PAD = 1024 * 1024;

/** Item `id` of the large document, as sent. */
export function largeItem(id: number, pad = 0): string {
  const rooms = (id % 5) + 1;
  const area = 28 + ((id * 37) % 140);
  const price = 150_000 + ((id * 7919) % 1_850_000);
  const notes = pad > 0 ? `,"notes":"${'n'.repeat(pad)}"` : '';
  return `{"id":${id},"title":"Apartment ${id}: ${rooms} rooms, ${area} m2, balcony, near the metro","price":${price},"currency":"PLN"${notes}}`;
}

function largeDocument(
  bytes: number,
  { pad, rate }: { pad: number; rate: number },
): { length: number; stream: Readable } {
  const length = Math.max(bytes, LARGE_HEAD.length + LARGE_TAIL.length);
  // A trickle goes out in pieces of a tenth of a second's worth.
  const chunkChars = rate > 0 ? Math.max(1, Math.floor(rate / 10)) : LARGE_CHUNK;
  let sent = 0;
  let nextId = 0;
  const stream = new Readable({
    read() {
      let chunk = sent === 0 ? LARGE_HEAD : '';
      let finished = false;
      while (chunk.length < chunkChars) {
        const item = (nextId === 0 ? '' : ',') + largeItem(nextId, pad);
        if (sent + chunk.length + item.length + LARGE_TAIL.length > length) {
          // No room for another item: pad with JSON whitespace to land on the exact length.
          chunk += ' '.repeat(length - sent - chunk.length - LARGE_TAIL.length) + LARGE_TAIL;
          finished = true;
          break;
        }
        chunk += item;
        nextId += 1;
      }
      sent += chunk.length;
      const push = () => {
        if (stream.destroyed) return;
        stream.push(chunk);
        if (finished) stream.push(null);
      };
      if (rate > 0) setTimeout(push, (chunk.length / rate) * 1000);
      else push();
    },
  });
  return { length, stream };
}

// ---------------------------------------------------------------------------------------------
// The route table

function route(methods: readonly string[] | 'any', template: string, handle: Handler, body: BodyKind = 'raw'): Route {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { methods, pattern: new RegExp(`^${source}$`), keys, body, handle };
}

const ROUTES: Route[] = [
  route(['POST'], '/advert/v1', publishAdvert, 'json'),
  route(['GET'], '/advert/v1/:uuid', getAdvert),
  route(['PUT'], '/advert/v1/:uuid', updateAdvert, 'json'),
  route(['DELETE'], '/advert/v1/:uuid', deleteAdvert),
  route(['GET'], '/advert/v1/:uuid/meta', getAdvertMeta),
  route(['POST'], '/advert/v1/:uuid/activate', activateAdvert, 'optional-json'),
  route(['POST'], '/advert/v1/:uuid/deactivate', deactivateAdvert, 'optional-json'),
  route(['GET'], '/taxonomy/v1/categories', listCategories),
  route(['GET'], '/locations/v1/:site/cities', listCities),
  route(['POST'], '/oauth/v1/token', exchangeToken),

  // The portal's CRM authorization page (no API key: a person's browser opens it).
  route(['GET'], '/:locale/crm/authorization', showAuthorizationPage),
  route(['POST'], '/:locale/crm/authorization/decision', decideAuthorization),

  route(['GET'], '/sandbox/v1/error', failOnPurpose),
  route(['GET'], '/sandbox/v1/status/:code', answerStatus),
  route(['GET'], '/sandbox/v1/slow', answerSlowly),
  route(['GET'], '/sandbox/v1/large', answerLarge),
  route(['GET'], '/sandbox/v1/redirect', redirect),
  route('any', '/sandbox/v1/echo', echo),
  route(['GET'], '/sandbox/v1/drop', drop),
];

type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'not-found' };

function findRoute(pathname: string, method: string): RouteMatch {
  const allow: string[] = [];
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(pathname);
    if (!match) continue;
    if (candidate.methods === 'any' || candidate.methods.includes(method)) {
      const params: Record<string, string> = {};
      candidate.keys.forEach((key, index) => (params[key] = decodeSegment(match[index + 1] ?? '')));
      return { kind: 'found', route: candidate, params };
    }
    allow.push(...candidate.methods);
  }
  return allow.length > 0 ? { kind: 'wrong-method', allow: [...new Set(allow)] } : { kind: 'not-found' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
