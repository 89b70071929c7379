/**
 * Every Postman collection among the fixtures, imported by the app, against what Postman's own
 * libraries make of the same item: postman-collection (Collection, Item, Request, Url#toString,
 * Property.replaceSubstitutions) for the method, URL and headers, and postman-runtime's body builder
 * (the code newman sends bodies with) for the body and the Content-Type it adds. The same variables
 * (the imported collection's) are supplied to both sides. Where the app differs on purpose, the
 * difference is normalised below, each with its reason.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  Collection,
  type Item,
  ItemGroup,
  Property,
  type Header,
  type Request,
  type RequestAuth,
} from 'postman-collection';
import { describe, expect, it } from 'vitest';
import { authFolder, effectiveAuth, type AuthFolder } from '../../../shared/effective-auth';
import type { ImportedCollection, ImportedNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { SavedAuth } from '../../../shared/schemas/auth';
import { methodTakesBody } from '../../../shared/headers';
import type { HeaderRow } from '../../../shared/schemas/header';
import { layeredLookup, scopeMap, substitute } from '../../../shared/variables';
import { SECRET_PATH_ITEM, pathVariableCollection } from '../../../test/support/postman-path-variables';
import { withBearerRow } from '../credentials/auth';
import { isLiteralSecret, isOnlyVariables, toMethod } from './common';
import { importPostman } from './postman';

type RuntimeBody = { body?: string; form?: Record<string, string | string[]> } | undefined;
const runtimeCore = createRequire(import.meta.url)('postman-runtime/lib/requester/core') as {
  getRequestBody(request: Request): RuntimeBody;
};
const urlEncoder = createRequire(import.meta.url)('postman-url-encoder') as {
  toNodeUrl(url: string): { href: string };
};

/**
 * The URL as newman puts it on the wire: postman-runtime resolves the URL as text and parses it again,
 * then postman-url-encoder percent-encodes each part (WHATWG's sets, as the app's URL parser does); both sides go through it.
 */
const onTheWire = (url: string) => urlEncoder.toNodeUrl(url.trim()).href;

const FIXTURES = new URL('./fixtures/postman/', import.meta.url);
const collectionFixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .filter((name) => {
    const json = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { info?: unknown };
    return json.info !== undefined;
  });

/** An imported request with the folders above it (for the auth it inherits), outermost first. */
type AppRequest = Omit<RequestDoc, 'id'> & { folders: AuthFolder[] };
const appRequests = (nodes: ImportedNode[], folders: AuthFolder[] = []): AppRequest[] =>
  nodes.flatMap((n) =>
    n.kind === 'request' ? [{ ...n.request, folders }] : appRequests(n.children, [...folders, authFolder(n)]),
  );

/** The items newman runs, in its order, less those with a method the app does not send (the import lists those). */
function sdkItems(collection: Collection): Item[] {
  // The library's types give `any` for list members: they are Items and ItemGroups.
  const walk = (group: ItemGroup): Item[] =>
    (group.items.all() as Array<Item | ItemGroup>).flatMap((child) =>
      ItemGroup.isItemGroup(child) ? walk(child as ItemGroup) : [child as Item],
    );
  return walk(collection).filter((item) => toMethod(item.request.method));
}

interface Resolved {
  method: string;
  url: string;
  headers: string[];
  body: string | Record<string, string | string[]> | null;
}

function variablesOf(collection: ImportedCollection): Record<string, string> {
  return Object.fromEntries(collection.variables.filter((v) => v.enabled).map((v) => [v.name, v.value]));
}

/** What newman would send for the item, with the app's variables supplied. */
function resolveSdk(item: Item, variables: Record<string, string>): Resolved {
  const request = item.request;
  // Dynamic variables ({{$guid}}, {{$timestamp}}…) take a new value on every send: both sides keep them as written.
  const put = (text: string) =>
    Property.replaceSubstitutions(text.replace(/\{\{\$/g, '{{\u0000'), [variables]).replace(/\{\{\u0000/g, '{{$');
  const built = runtimeCore.getRequestBody(request);
  const headers = new Map<string, { key: string; value: string }[]>();
  (request.headers.all() as Header[]).forEach((header) => {
    // Literal credentials in the request's own header rows go to the app's Credentials, not into the imported request.
    if (header.disabled || isCredentialRow(header.key, header.value)) return;
    const rows = headers.get(header.key.toLowerCase()) ?? [];
    headers.set(header.key.toLowerCase(), [...rows, { key: header.key, value: header.value }]);
  });
  // postman-runtime hands a urlencoded body to its HTTP client as a form, which adds this Content-Type.
  if (built?.form && !headers.has('content-type'))
    headers.set('content-type', [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded' }]);
  applyAuth(item, headers);
  const lines = [...headers.values()].flat().map((h) => `${h.key}: ${put(h.value)}`);
  const body = built?.form ? resolveForm(built.form, put) : built?.body !== undefined ? put(built.body) : null;
  // The app trims the URL (a stray newline at the end of the last path segment is in one real file).
  return { method: request.method, url: onTheWire(put(request.url.toString())), headers: lines.sort(), body };
}

function resolveForm(
  form: Record<string, string | string[]>,
  put: (text: string) => string,
): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(form).map(([key, value]) => [put(key), Array.isArray(value) ? value.map(put) : put(value)]),
  );
}

function isCredentialRow(name: string, value: string): boolean {
  const lower = name.trim().toLowerCase();
  if (lower === 'x-api-key') return isLiteralSecret(value);
  if (lower !== 'authorization' || !isLiteralSecret(value)) return false;
  const [scheme = '', ...rest] = value.trim().split(/\s+/);
  return !['bearer', 'basic'].includes(scheme.toLowerCase()) || isLiteralSecret(rest.join(' '));
}

/**
 * The header rows postman-runtime adds for the item's auth, where the app sends them as header rows
 * (Bearer, from its Bearer auth; an API key in another header as a {{variable}}). Basic, X-API-KEY and the other types
 * are the app's Credentials or listed as not imported: checked through the auth mode instead.
 */
function applyAuth(item: Item, headers: Map<string, { key: string; value: string }[]>): void {
  const auth = item.getAuth() as (RequestAuth & { type: string }) | undefined;
  if (!auth) return;
  const param = (key: string) => String(auth.parameters().get(key) ?? '');
  if (auth.type === 'bearer' && param('token') !== '' && param('token').trim() !== '{{accessToken}}') {
    headers.set('authorization', [{ key: 'Authorization', value: `Bearer ${param('token').trim()}` }]);
  }
  if (
    auth.type === 'apikey' &&
    (param('in') || 'header') === 'header' &&
    param('key').toLowerCase() !== 'x-api-key' &&
    isOnlyVariables(param('value'))
  ) {
    headers.set(param('key').toLowerCase(), [{ key: param('key'), value: param('value') }]);
  }
}

/**
 * The same for the app's imported request, with the same variables, its Bearer auth's row added as the
 * app sends it (withBearerRow); its body read as a form where postman-runtime sends one.
 */
function resolveApp(
  request: AppRequest,
  auth: SavedAuth,
  variables: Record<string, string>,
  asForm: boolean,
): Resolved {
  const lookup = layeredLookup([
    scopeMap(Object.entries(variables).map(([name, value]) => ({ name, value, enabled: true, secret: false }))),
  ]);
  const put = (text: string) => substitute(text, lookup).text;
  const rows: HeaderRow[] = request.headers.map((h, i) => ({ ...h, id: String(i), origin: 'user' }));
  const sent = auth.mode === 'inherit' ? rows : withBearerRow({ headers: rows, auth }).headers;
  const headers = sent.filter((h) => h.enabled).map((h) => `${h.name}: ${put(h.value)}`);
  // The app's HTTP client sends no body with GET or HEAD (electron/main/http/client.ts), as postman-runtime prunes it.
  const text = request.body === '' || !methodTakesBody(request.method) ? null : put(request.body);
  const body = text !== null && asForm ? formOf(text) : text;
  return { method: request.method, url: onTheWire(put(request.url)), headers: headers.sort(), body };
}

/** A urlencoded body as postman-runtime hands it to its HTTP client: key → value, or values for a repeated key. */
function formOf(text: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const had = form[key];
    form[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return form;
}

/** Bodies the app lists as not imported (form-data, files) or sends nowhere (GET, HEAD…): nothing to compare. */
function comparableBody(item: Item): boolean {
  const mode = item.request.body?.mode;
  return mode !== 'formdata' && mode !== 'file';
}

function sentAuth(request: AppRequest, collection: ImportedCollection): SavedAuth {
  return effectiveAuth(request.auth, request.folders, collection.auth).auth;
}

describe('every Postman fixture: the app imports what postman-collection and postman-runtime send', () => {
  it('finds the collections', () => {
    expect(collectionFixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.each(collectionFixtures)('%s', (name) => {
    compareWithSdk(JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as object, name);
  });
});

/** Imports the collection and checks every request against what newman would send for it; returns the app's requests. */
function compareWithSdk(json: object, name: string): AppRequest[] {
  const imported = importPostman(json).collections[0]!;
  const requests = appRequests(imported.items);
  const items = sdkItems(new Collection(json as ConstructorParameters<typeof Collection>[0]));
  expect(requests.map((r) => r.name)).toEqual(items.map((item, i) => item.name.trim() || requests[i]!.name));
  const variables = variablesOf(imported);

  items.forEach((item, index) => {
    const request = requests[index]!;
    const sdk = resolveSdk(item, variables);
    const app = resolveApp(
      request,
      sentAuth(request, imported),
      variables,
      typeof sdk.body === 'object' && sdk.body !== null,
    );
    const where = `${name} → ${item.name}`;
    expect(app.method, where).toBe(sdk.method);
    expect(app.url, where).toBe(sdk.url);
    expect(app.headers, where).toEqual(sdk.headers);
    if (comparableBody(item)) expect(app.body, where).toEqual(sdk.body);
    const authType = (item.getAuth() as (RequestAuth & { type: string }) | undefined)?.type;
    if (authType === 'basic') expect(sentAuth(request, imported).mode, where).toBe('basic');
    if (authType === 'bearer')
      expect(sentAuth(request, imported).mode, where).toMatch(/^(bearer|none|api-key-bearer)$/);
  });
  return requests;
}

describe('path variables: each request sends its own values, as postman-collection puts them in', () => {
  const json = pathVariableCollection([SECRET_PATH_ITEM]);

  it('imports 123 and 456 for the two requests, references and empty values as newman sends them', () => {
    const requests = compareWithSdk(json, 'inline');
    expect(requests.map((r) => r.url)).toEqual([
      '{{host}}/orders/123',
      '{{host}}/orders/456',
      '{{host}}/orders/{{orderId}}/lines/x{{orderId}}',
      '{{host}}/orders/:id/:line',
      '{{host}}/files/a b/{é}%41?q=1#f.json',
      '{{host}}/keys/{{apikey}}',
    ]);
    expect(importPostman(json).collections[0]!.variables).toEqual([
      { name: 'host', value: 'https://h.example', enabled: true, secret: false },
      { name: 'orderId', value: 'o-9', enabled: true, secret: false },
      { name: 'apikey', value: 'sk_live_1', enabled: true, secret: true },
    ]);
  });
});
