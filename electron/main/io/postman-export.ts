/**
 * The app's collection → Postman Collection v2.1. Nothing secret goes out: secret variables are
 * exported empty, and auth refers to placeholder variables ({{apiKey}}, {{accessToken}},
 * {{basicUser}}, {{basicPassword}}) that are declared empty for the user to fill in Postman.
 * The only scripts written are derived from a request's captures (capture-script.ts) and checks
 * (postman-checks.ts: one `pm.test` per check, after the captures, in the item's test script).
 */
import type { RequestDoc } from '../../../shared/schemas/request';
import type { SavedHeader } from '../../../shared/schemas/header';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { authFolder, effectiveAuth, type AuthFolder } from '../../../shared/effective-auth';
import { methodTakesBody } from '../../../shared/headers';
import { describeCheck } from '../../../shared/schemas/check';
import { captureScript } from './capture-script';
import { descriptionText, findHeader, quote } from './common';
import { checksScript } from './postman-checks';
import {
  PLACEHOLDERS,
  PLACEHOLDER_VARIABLE_NOTE,
  SECRET_VARIABLE_NOTE,
  exportAuth,
  placeholdersFor,
} from './postman-auth';

export const POSTMAN_SCHEMA_V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export type ExportNode =
  | { kind: 'request'; request: RequestDoc }
  | { kind: 'folder'; name: string; auth?: AuthSelection; children: ExportNode[] };

export interface ExportCollection {
  name: string;
  description?: string;
  variables: VariableDef[];
  auth: AuthSelection;
  items: ExportNode[];
}

export interface PostmanExportOptions {
  /** Postman's `_postman_id`; left out when not given. */
  postmanId?: string;
}

type Json = Record<string, unknown>;

export function exportPostman(collection: ExportCollection, options: PostmanExportOptions = {}): Json {
  return exportPostmanCollection(collection, options).collection;
}

/** What an export writes, and what of it newman cannot do as the app does. */
export interface PostmanExport {
  collection: Json;
  /** Checks written as comments only (newman cannot run them as the app does), each in a sentence naming its request. */
  notExported: string[];
}

export function exportPostmanCollection(
  collection: ExportCollection,
  options: PostmanExportOptions = {},
): PostmanExport {
  const used = new Set<string>(placeholdersFor(collection.auth));
  const notExported: string[] = [];
  const item = exportNodes(collection.items, { collectionAuth: collection.auth, used, notExported }, []);
  const info: Json = { name: collection.name };
  if (options.postmanId) info._postman_id = options.postmanId;
  if (collection.description) info.description = collection.description;
  info.schema = POSTMAN_SCHEMA_V21;
  return {
    collection: {
      info,
      item,
      auth: exportAuth(collection.auth),
      variable: exportVariables(collection.variables, used),
    },
    notExported,
  };
}

/** What the export of every request shares: the collection's auth, the placeholders used so far, the notes. */
interface ExportContext {
  collectionAuth: AuthSelection;
  used: Set<string>;
  notExported: string[];
}

function exportVariables(variables: VariableDef[], placeholders: Set<string>): Json[] {
  const out: Json[] = variables.map((v) => {
    const entry: Json = { key: v.name, value: v.secret ? '' : v.value, type: 'string' };
    if (v.secret) entry.description = SECRET_VARIABLE_NOTE;
    if (!v.enabled) entry.disabled = true;
    return entry;
  });
  for (const name of Object.values(PLACEHOLDERS)) {
    if (placeholders.has(name) && !variables.some((v) => v.name === name)) {
      out.push({ key: name, value: '', type: 'string', description: PLACEHOLDER_VARIABLE_NOTE });
    }
  }
  return out;
}

/** `folders`: those above these nodes, outermost first, for the auth their requests inherit. */
function exportNodes(nodes: ExportNode[], context: ExportContext, folders: AuthFolder[]): Json[] {
  return nodes.map((node) =>
    node.kind === 'folder' ? exportFolder(node, context, folders) : exportRequest(node.request, context, folders),
  );
}

/** A folder, with the auth it sets (Postman's requests inherit it as the app's do); without one it inherits. */
function exportFolder(
  node: Extract<ExportNode, { kind: 'folder' }>,
  context: ExportContext,
  folders: AuthFolder[],
): Json {
  const folder: Json = { name: node.name, item: exportNodes(node.children, context, [...folders, authFolder(node)]) };
  if (node.auth) folder.auth = exportAuth(node.auth);
  return folder;
}

function exportRequest(doc: RequestDoc, context: ExportContext, folders: AuthFolder[]): Json {
  const own = doc.auth.mode === 'inherit' ? undefined : doc.auth;
  const effective = effectiveAuth(doc.auth, folders, context.collectionAuth).auth;
  for (const name of placeholdersFor(effective)) context.used.add(name);

  const header = exportHeaders(doc, effective);
  const request: Json = { method: doc.method, header };
  if (own) request.auth = exportAuth(own);
  if (doc.body !== '') request.body = exportBody(doc.body, doc.headers);
  request.url = postmanUrl(doc.url);
  const description = descriptionText(doc.description);
  if (description) request.description = description;

  const item: Json = { name: doc.name, request, response: [] };
  const exec = testScript(doc, context.notExported);
  if (exec.length > 0) item.event = [{ listen: 'test', script: { type: 'text/javascript', exec } }];
  return item;
}

/** The request's test script: the captures first (a check may use what they store), then the checks. */
function testScript(doc: RequestDoc, notExported: string[]): string[] {
  const captures = doc.captures.length > 0 ? captureScript(doc.captures) : [];
  const checks = doc.checks ?? [];
  const script = checksScript(checks);
  const labels = checks.map((check) => describeCheck(check, check.expected));
  for (const sentence of script.notExported) {
    const label = labels.find((l) => sentence.startsWith(`${l}: `));
    const why = label === undefined ? sentence : sentence.slice(label.length + 2);
    const what = label === undefined ? 'A check' : `The check “${label}”`;
    notExported.push(`${what} of ${quote(doc.name)} is only a comment in the Postman export: ${why}`);
  }
  return [...captures, ...script.exec];
}

/**
 * Header rows as the app would send them: a default Content-Type row without a body and a default
 * row with no value go out switched off. API key + Bearer adds `X-API-KEY: {{apiKey}}`.
 */
function exportHeaders(doc: RequestDoc, effective: AuthSelection): Json[] {
  const rows: SavedHeader[] = [...doc.headers];
  if (
    effective.mode === 'api-key-bearer' &&
    !rows.some((h) => h.enabled && h.name.trim().toLowerCase() === 'x-api-key')
  ) {
    rows.push({ name: 'X-API-KEY', value: `{{${PLACEHOLDERS.apiKey}}}`, enabled: true });
  }
  return rows.map((h) => {
    const lower = h.name.trim().toLowerCase();
    const skipped =
      h.origin === 'default' &&
      ((lower === 'content-type' && (!methodTakesBody(doc.method) || doc.body.trim() === '')) || h.value.trim() === '');
    const entry: Json = { key: h.name, value: h.value, type: 'text' };
    if (!h.enabled || skipped) entry.disabled = true;
    return entry;
  });
}

function exportBody(body: string, headers: SavedHeader[]): Json {
  const type = findHeader(headers, 'content-type')?.value.toLowerCase() ?? '';
  return {
    mode: 'raw',
    raw: body,
    options: { raw: { language: type.includes('json') || (type === '' && parsesAsJson(body)) ? 'json' : 'text' } },
  };
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Postman's URL object: raw plus its parts, as Postman itself exports them. */
export function postmanUrl(raw: string): Json {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(raw.trim());
  if (!match) return { raw };
  const [, protocol, authority = '', path = '', query, hash] = match;
  const url: Json = { raw };
  if (protocol) url.protocol = protocol;
  const portMatch = /^(.*?):(\d+)$/.exec(authority);
  const host = portMatch ? portMatch[1]! : authority;
  if (host !== '') url.host = host.includes('{{') ? [host] : host.split('.');
  if (portMatch) url.port = portMatch[2];
  if (path !== '') url.path = path.replace(/^\//, '').split('/');
  if (query !== undefined && query !== '') {
    url.query = query.split('&').map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? { key: pair, value: null } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
  }
  if (hash) url.hash = hash;
  return url;
}
