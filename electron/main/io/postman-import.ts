/**
 * Postman Collection v2.0 / v2.1 and Postman environments → the app's collections and
 * environments. Test scripts become checks and captures; as in Postman, the collection's and each
 * folder's apply to every request below them. What cannot come along (other scripts and
 * statements, form-data and file bodies, other auth types, secret auth values) is listed in
 * `unsupported`, one sentence per item, naming it.
 */
import { MAX_VARIABLE_NAME } from '../../../shared/names';
import { MAX_CAPTURES } from '../../../shared/schemas/capture';
import { MAX_CHECKS } from '../../../shared/schemas/check';
import type { ImportResult, ImportedCollection, ImportedEnvironment, ImportedNode } from '../../../shared/collections';
import type { SavedAuth, AuthSelection } from '../../../shared/schemas/auth';
import { authFolder, effectiveAuth, type AuthFolder } from '../../../shared/effective-auth';
import type { SavedHeader } from '../../../shared/schemas/header';
import type { VariableDef } from '../../../shared/schemas/variable';
import { methodTakesBody } from '../../../shared/headers';
import type { Method } from '../../../shared/http-types';
import { joinedScripts, readItemScripts, type ScriptChecks } from './postman-test-scripts';
import { chooseName, type NameUse } from '../collections/literal-secrets';
import {
  asString,
  declareVariable,
  descriptionText,
  encodeKeepingVariables,
  findHeader,
  isObject,
  isSecretValue,
  isValidVariableName,
  noteUnsupportedDynamicVariables,
  quote,
  requestName,
  toMethod,
} from './common';
import { extractCredentialHeaders, foundAny, noCredentials, withCredentials } from './credential-headers';
import { PLACEHOLDERS, PLACEHOLDER_VARIABLE_NOTE, SECRET_VARIABLE_NOTE, importAuth } from './postman-auth';

interface Context {
  unsupported: string[];
  variables: VariableDef[];
  collectionAuth: AuthSelection;
}

export function postmanVersion(json: unknown): '2.0' | '2.1' | null {
  if (!isObject(json) || !isObject(json.info)) return null;
  const schema = asString(json.info.schema);
  if (/v2\.1(\.\d+)?\//.test(schema)) return '2.1';
  if (/v2\.0(\.\d+)?\//.test(schema)) return '2.0';
  if (/v1(\.\d+)*\//.test(schema))
    throw new Error(
      'This is a Postman Collection v1 file. Open it in Postman and export it again as Collection v2.1, then import that file.',
    );
  return schema === '' && Array.isArray(json.item) ? '2.1' : null;
}

export function importPostman(json: unknown): ImportResult {
  const version = postmanVersion(json);
  if (!version || !isObject(json) || !isObject(json.info))
    throw new Error('This is not a Postman collection: it has no "info" with a v2.0 or v2.1 schema.');
  const name = asString(json.info.name).trim() || 'Imported collection';
  const unsupported: string[] = [];
  const variables = importVariables(json.variable ?? json.variables, `the collection ${quote(name)}`, unsupported);
  const converted = importAuth(json.auth, `the collection ${quote(name)}`, unsupported);
  const collectionAuth: AuthSelection =
    !converted.auth || converted.auth.mode === 'inherit' ? { mode: 'none' } : converted.auth;
  const scripts = importScripts(json, `the collection ${quote(name)}`, unsupported);

  const context: Context = { unsupported, variables, collectionAuth };
  const items = importItems(json.item, { folders: [], headers: converted.headers, scripts }, context);
  const collection: ImportedCollection = { name, variables, auth: collectionAuth, items };
  const description = descriptionText(json.info.description);
  if (description) collection.description = description;
  noteUnsupportedDynamicVariables([collection], [], unsupported);
  return { format: `Postman Collection v${version}`, collections: [collection], environments: [], unsupported };
}

/**
 * What a folder passes down: the folders above a request with the auth each sets (Postman's requests
 * inherit the nearest, as the app's do: the folder keeps it), the auth header rows of the nearest
 * auth (an API key in another header, which the app's auth cannot send), and the checks and captures
 * of its and its parents' test scripts (Postman runs them for every request in it).
 */
interface Inherited {
  folders: AuthFolder[];
  headers: SavedHeader[];
  scripts: ScriptChecks;
}

function importItems(value: unknown, inherited: Inherited, context: Context): ImportedNode[] {
  if (!Array.isArray(value)) return [];
  const nodes: ImportedNode[] = [];
  for (const item of value.filter(isObject)) {
    if (Array.isArray(item.item)) {
      const name = asString(item.name).trim() || 'Folder';
      const owner = `the folder ${quote(name)}`;
      const converted = importAuth(item.auth, owner, context.unsupported);
      const scripts = joinedScripts(inherited.scripts, importScripts(item, owner, context.unsupported));
      for (const variable of importVariables(item.variable, owner, context.unsupported))
        declareVariable(context.variables, variable.name, variable.value, variable.secret);
      const auth = converted.auth && converted.auth.mode !== 'inherit' ? converted.auth : undefined;
      const folders = [...inherited.folders, authFolder({ name, auth })];
      const passed: Inherited = { folders, headers: auth ? converted.headers : inherited.headers, scripts };
      const children = importItems(item.item, passed, context);
      nodes.push(auth ? { kind: 'folder', name, auth, children } : { kind: 'folder', name, children });
    } else if (item.request !== undefined) {
      const node = importRequest(item, inherited, context);
      if (node) nodes.push(node);
    }
  }
  return nodes;
}

function importRequest(item: Record<string, unknown>, inherited: Inherited, context: Context): ImportedNode | null {
  const request = typeof item.request === 'string' ? { url: item.request } : isObject(item.request) ? item.request : {};
  const method = toMethod(request.method ?? 'GET');
  const { url, ignoredRaw } = importUrl(request.url, context.variables);
  const name = asString(item.name).trim() || (method ? requestName(method, url) : url);
  if (ignoredRaw !== undefined) {
    context.unsupported.push(
      `The URL of ${quote(name)} was imported as Postman's runner sends it (${url}): its raw text (${ignoredRaw}) disagrees with its parts.`,
    );
  }
  if (!method) {
    context.unsupported.push(
      `${quote(name)} uses the method ${asString(request.method)}, which the app does not send; it was not imported.`,
    );
    return null;
  }
  const owner = quote(name);
  const converted = importAuth(request.auth, owner, context.unsupported);
  const own = converted.auth && converted.auth.mode !== 'inherit' ? converted : undefined;
  let auth: SavedAuth = own?.auth ?? { mode: 'inherit' };
  const authHeaders = own ? own.headers : inherited.headers;

  const found = noCredentials();
  const ownHeaders = extractCredentialHeaders(
    importHeaders(request.header ?? request.headers),
    found,
    context.unsupported,
    name,
  );
  let headers = [...replacedBy(ownHeaders, authHeaders), ...authHeaders];
  const resolve = () => effectiveAuth(auth, inherited.folders, context.collectionAuth).auth;
  const effective = resolve();
  if (foundAny(found)) {
    const merged = withCredentials(effective, found);
    if (merged !== effective) auth = merged;
  }
  // The app adds X-API-KEY itself when the auth sends the key (exports carry it as a header row).
  const finalAuth = resolve();
  if (finalAuth.mode === 'api-key' || finalAuth.mode === 'api-key-bearer') {
    headers = headers.filter(
      (h) => !(h.name.trim().toLowerCase() === 'x-api-key' && h.value.trim() === `{{${PLACEHOLDERS.apiKey}}}`),
    );
  }

  const body = importBody(request.body, headers, { name, method }, context);
  const ownScripts = importScripts(item, owner, context.unsupported);
  const { captures, checks } = withinLimits(inherited.scripts, ownScripts, owner, context.unsupported);
  noteExamples(item, owner, context.unsupported);
  const doc: ImportedNode = { kind: 'request', request: { name, method, url, headers, body, auth, captures } };
  if (checks.length > 0) doc.request.checks = checks;
  const description = descriptionText(request.description) ?? descriptionText(item.description);
  if (description) doc.request.description = description;
  return doc;
}

/**
 * A literal secret under a secret-looking name (`client_secret=abc`) becomes `{{clientSecret}}`, a
 * secret variable of the collection holding the value: stored, its value goes to the vault, not the
 * collection's files, as header credentials do (collections/literal-secrets.ts names it the same way).
 */
function secretAsVariable(name: string, value: string, variables: VariableDef[]): string {
  if (!isSecretValue(name, value)) return value;
  // The collection already keeps this very secret (`client_secret` as a variable too): refer to it.
  const same = variables.find((v) => v.secret && v.value === value);
  if (same) return `{{${same.name}}}`;
  const use = (candidate: string, secret: string): NameUse => {
    const found = variables.find((v) => v.name === candidate);
    return !found ? 'free' : found.secret && found.value === secret ? 'same' : 'taken';
  };
  const variable = chooseName(name, value, use);
  if (!variables.some((v) => v.name === variable))
    variables.push({ name: variable, value, enabled: true, secret: true });
  return `{{${variable}}}`;
}

/** Postman's auth replaces the request's own header of the same name (postman-runtime removes it): that row goes out switched off. */
function replacedBy(rows: SavedHeader[], authRows: SavedHeader[]): SavedHeader[] {
  const names = new Set(authRows.map((h) => h.name.trim().toLowerCase()));
  return rows.map((h) => (h.enabled && names.has(h.name.trim().toLowerCase()) ? { ...h, enabled: false } : h));
}

/**
 * A URL string, or Postman's URL object as postman-collection (newman) builds it: the structured
 * parts (protocol, host, port, path, query, hash) win over `raw`, disabled query parameters are
 * left out; `raw` is used only when there are no parts (the Postman app parses it then).
 * Postman's `:id` path variables take this request's own values. `ignoredRaw`: a raw text that says something else.
 */
function importUrl(value: unknown, variables: VariableDef[]): { url: string; ignoredRaw?: string } {
  let raw = '';
  let ignoredRaw: string | undefined;
  if (typeof value === 'string') raw = value;
  else if (isObject(value)) {
    const built = hasUrlParts(value) ? buildUrl(value) : '';
    const given = asString(value.raw).trim();
    raw = built || given;
    if (built && given && !sameUrl(built, given)) ignoredRaw = given;
  }
  const url = fillPathVariables(raw.trim(), pathVariableValues(value), variables);
  return ignoredRaw === undefined ? { url } : { url, ignoredRaw };
}

/** The request's `url.variable` entries by name (`id` for older files); a later entry of a name wins, as in postman-collection. */
function pathVariableValues(url: unknown): Map<string, unknown> {
  const entries = isObject(url) && Array.isArray(url.variable) ? url.variable.filter(isObject) : [];
  return new Map(entries.map((entry) => [asString(entry.key || entry.id), entry.value]));
}

/**
 * Each `:name` path segment filled in as postman-collection's Url#getPath does, with this request's
 * own value: the name runs to the first `.` (`:id.json` keeps `.json`); a missing, empty or non-text
 * value leaves `:name` as written, which is what Postman sends. Written into the URL, not kept as a
 * collection variable, so two requests with different `:id` values each send their own.
 * The value goes in as written: newman puts it into the URL text unresolved and unencoded, resolves
 * {{references}} in that text, parses it again and percent-encodes the path, as the app's sending
 * (WHATWG URL, the same path encode set) does with this text. So a `{{reference}}` is resolved at
 * send time (nested ones too), and a `?` or `#` in a value starts the query or fragment in both.
 * The one place the app must fall back to a variable: a literal secret (`:apiKey` = `abc…`) becomes
 * a secret collection variable, so its value goes to the vault, not the collection's files or exports.
 */
function fillPathVariables(url: string, values: Map<string, unknown>, variables: VariableDef[]): string {
  const [, origin = '', path = '', rest = ''] = /^((?:[a-z][a-z0-9+.-]*:\/\/)?[^/?#]*)([^?#]*)(.*)$/is.exec(url) ?? [];
  if (!path.includes('/:')) return url;
  const fill = (segment: string): string => {
    if (!segment.startsWith(':')) return segment;
    const dot = segment.indexOf('.');
    const name = segment.slice(1, dot === -1 ? undefined : dot);
    const value = values.get(name);
    if (name === '' || typeof value !== 'string' || value === '') return segment;
    return secretAsVariable(name, value, variables) + segment.slice(name.length + 1);
  };
  return origin + path.split('/').map(fill).join('/') + rest;
}

function hasUrlParts(url: Record<string, unknown>): boolean {
  return ['protocol', 'host', 'port', 'path', 'query', 'hash'].some(
    (key) => url[key] !== undefined && url[key] !== null && url[key] !== '',
  );
}

/** Equal once spaces and their encoding are set aside; a raw text without the query its parts add is not a disagreement. */
function sameUrl(built: string, raw: string): boolean {
  const plain = (url: string) => url.trim().replace(/%20/g, ' ').replace(/\?$/, '');
  return plain(built) === plain(raw) || (!raw.includes('?') && plain(built).split('?')[0] === plain(raw));
}

function urlPart(value: unknown, separator: string): string {
  return Array.isArray(value)
    ? value.map((p) => (isObject(p) ? asString(p.value) : asString(p))).join(separator)
    : asString(value);
}

/** As postman-collection's `Url#toString`. */
function buildUrl(url: Record<string, unknown>): string {
  const protocol = asString(url.protocol).replace(/:\/\/$/, '');
  const host = urlPart(url.host, '.');
  const port = asString(url.port);
  const path = urlPart(url.path, '/');
  const params = Array.isArray(url.query) ? url.query.filter(isObject) : [];
  const enabled = params.filter((q) => q.disabled !== true);
  const param = (q: Record<string, unknown>) =>
    (typeof q.key === 'string' ? encodeQueryPart(q.key, true) : '') +
    (typeof q.value === 'string' ? `=${encodeQueryPart(q.value, false)}` : '');
  const query = enabled.map(param).join('&');
  const hash = typeof url.hash === 'string' ? `#${url.hash}` : '';
  const pathText = url.path === undefined || url.path === null || url.path === '' ? '' : `/${path.replace(/^\//, '')}`;
  return `${protocol ? `${protocol}://` : ''}${host}${port ? `:${port}` : ''}${pathText}${enabled.length > 0 ? `?${query}` : ''}${hash}`;
}

/** postman-collection's query encoding: `&`, `#` (and `=` in a key) are escaped outside {{variables}}; the rest is sent as written. */
function encodeQueryPart(text: string, isKey: boolean): string {
  return text
    .split(/(\{\{[^{}]*\}\})/)
    .map((piece, i) =>
      i % 2 === 1
        ? piece
        : piece
            .replace(/&/g, '%26')
            .replace(/#/g, '%23')
            .replace(isKey ? /=/g : /(?!)/g, '%3D'),
    )
    .join('');
}

function importHeaders(value: unknown): SavedHeader[] {
  if (typeof value === 'string') {
    return value
      .split(/\r?\n/)
      .map((line) => /^\s*(\/\/)?\s*([^:]+):\s?(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ name: m[2]!.trim(), value: m[3]!, enabled: m[1] === undefined }));
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((h) => ({
    name: asString(h.key ?? h.name),
    value: asString(h.value),
    enabled: h.disabled !== true && h.enabled !== false,
  }));
}

const RAW_LANGUAGE_TYPES: Record<string, string> = {
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  text: 'text/plain',
  javascript: 'application/javascript',
};

/** The body as text; adds the Content-Type Postman would send when the request has none. */
function importBody(
  value: unknown,
  headers: SavedHeader[],
  request: { name: string; method: Method },
  context: Context,
): string {
  const { name } = request;
  const unsupported = context.unsupported;
  if (!isObject(value) || value.disabled === true) return '';
  // postman-runtime sends no body, and so adds no Content-Type, with GET or HEAD (the app does not send that body either).
  const addType = (type: string) => {
    if (methodTakesBody(request.method) && !findHeader(headers, 'content-type'))
      headers.push({ name: 'Content-Type', value: type, enabled: true });
  };
  switch (value.mode) {
    case 'raw': {
      const raw = asString(value.raw);
      const options = isObject(value.options) && isObject(value.options.raw) ? value.options.raw : {};
      // postman-runtime sends text/plain when the language is not one it knows (or not given).
      if (raw !== '') addType(RAW_LANGUAGE_TYPES[asString(options.language)] ?? 'text/plain');
      return raw;
    }
    case 'urlencoded': {
      const fields = Array.isArray(value.urlencoded)
        ? value.urlencoded.filter((f) => isObject(f) && f.disabled !== true && f.enabled !== false)
        : [];
      if (fields.length === 0) return '';
      addType('application/x-www-form-urlencoded');
      return fields
        .map((f) => {
          const key = asString((f as Record<string, unknown>).key);
          const fieldValue = secretAsVariable(key, asString((f as Record<string, unknown>).value), context.variables);
          return `${encodeKeepingVariables(key)}=${encodeKeepingVariables(fieldValue)}`;
        })
        .join('&');
    }
    case 'formdata': {
      const fields = Array.isArray(value.formdata)
        ? value.formdata.filter((f) => isObject(f) && f.disabled !== true)
        : [];
      if (fields.length > 0)
        unsupported.push(
          `The form-data body of ${quote(name)} was not imported: the app sends JSON and text bodies only.`,
        );
      return '';
    }
    case 'file':
      if (isObject(value.file) && (value.file.src || value.file.content))
        unsupported.push(
          `The file body of ${quote(name)} was not imported: paste the file's content as the body instead.`,
        );
      return '';
    case 'graphql':
      return graphqlBody(value.graphql, addType);
    default:
      return '';
  }
}

/**
 * A GraphQL POST as postman-runtime sends it: JSON `{"query": …, "operationName": …, "variables": …}`,
 * the variables' text put in as written (it may hold {{variables}}), an empty one left out.
 */
function graphqlBody(value: unknown, addType: (type: string) => void): string {
  if (!isObject(value)) return '';
  addType('application/json');
  if (typeof value.variables !== 'string') {
    return JSON.stringify({ query: value.query, operationName: value.operationName, variables: value.variables });
  }
  const parts: string[] = [];
  if (typeof value.query === 'string') parts.push(`"query":${JSON.stringify(value.query)}`);
  if (typeof value.operationName === 'string') parts.push(`"operationName":${JSON.stringify(value.operationName)}`);
  if (typeof value.variables === 'string' && value.variables !== '') parts.push(`"variables":${value.variables}`);
  return `{${parts.join(',')}}`;
}

/** Saved example responses: the app keeps none, so each request that had some says how many. */
function noteExamples(item: Record<string, unknown>, owner: string, unsupported: string[]): void {
  const examples = Array.isArray(item.response) ? item.response.filter(isObject) : [];
  if (examples.length === 0) return;
  const names = examples.map((e) => quote(asString(e.name).trim() || 'Example')).join(', ');
  const plural = examples.length > 1;
  const subject = `The saved example response${plural ? 's' : ''} of ${owner} (${names})`;
  unsupported.push(`${subject} ${plural ? 'were' : 'was'} not imported: the app does not keep examples.`);
}

/**
 * Checks and captures from an item's test script (common pm.test assertions, values stored into
 * variables, the app's own blocks: io/postman-checks.ts); the statements left out are listed in a
 * sentence, and any other script is named as not imported. Called once per item, so a folder's
 * or the collection's script is named once, not once for each request it applies to.
 */
function importScripts(item: Record<string, unknown>, owner: string, unsupported: string[]): ScriptChecks {
  const read = readItemScripts(item);
  if (read.notImported.length > 0) unsupported.push(notImportedSentence(read.notImported, owner));
  if (read.otherScripts.length > 0) unsupported.push(scriptSentence(read.otherScripts, owner));
  return { checks: read.checks, captures: read.captures };
}

/**
 * The importer's limits: a request given more checks or captures keeps the first ones (Postman's
 * order: the collection's, the folders', its own), and says so, naming where they came from.
 */
function withinLimits(inherited: ScriptChecks, own: ScriptChecks, owner: string, unsupported: string[]): ScriptChecks {
  const all = joinedScripts(inherited, own);
  const whose = (inheritedCount: number, verb: string, more: string) =>
    inheritedCount === 0
      ? `The test script of ${owner} ${verb}`
      : `${owner} ${more} from its test script and those of the folders and collection it is in:`;
  if (all.checks.length > MAX_CHECKS)
    unsupported.push(
      `${whose(inherited.checks.length, 'has', 'gets checks')} ${all.checks.length} checks; the first ${MAX_CHECKS} were imported.`,
    );
  if (all.captures.length > MAX_CAPTURES)
    unsupported.push(
      `${whose(inherited.captures.length, 'stores', 'gets captures')} ${all.captures.length} values; the first ${MAX_CAPTURES} were imported as captures.`,
    );
  return { checks: all.checks.slice(0, MAX_CHECKS), captures: all.captures.slice(0, MAX_CAPTURES) };
}

/** Statements shown in a sentence; the rest are counted. */
const SHOWN_STATEMENTS = 3;
const STATEMENT_CHARACTERS = 100;

/** The statements of a test script that are neither checks nor captures, as written (a few, shortened). */
function notImportedSentence(statements: readonly string[], owner: string): string {
  const shown = statements.slice(0, SHOWN_STATEMENTS).map((statement) => {
    const line = statement.replace(/\s+/g, ' ').trim();
    return `“${line.length > STATEMENT_CHARACTERS ? `${line.slice(0, STATEMENT_CHARACTERS - 1)}…` : line}”`;
  });
  const more = statements.length - shown.length;
  const list = more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
  const plural = statements.length > 1;
  // The request's name comes last: the import summary takes a sentence's last quoted name as what it names.
  return `${plural ? 'These statements were' : 'This statement was'} not imported (the app reads checks and captures, and runs no scripts): ${list}, in the test script of ${owner}.`;
}

function scriptSentence(kinds: string[], owner: string): string {
  const sorted = kinds.sort((a, b) => (a === 'pre-request' ? -1 : b === 'pre-request' ? 1 : a.localeCompare(b)));
  const plural = sorted.length > 1;
  return `The ${sorted.join(' and ')} script${plural ? 's' : ''} of ${owner} ${plural ? 'were' : 'was'} not imported: the app does not run scripts.`;
}

function importVariables(value: unknown, owner: string, unsupported: string[]): VariableDef[] {
  if (!Array.isArray(value)) return [];
  const variables: VariableDef[] = [];
  for (const entry of value.filter(isObject)) {
    const name = asString(entry.key ?? entry.id).trim();
    // Empty, or a placeholder the app declared on export: the app takes those values from Credentials.
    if (name === '' || descriptionText(entry.description) === PLACEHOLDER_VARIABLE_NOTE) continue;
    if (!isValidVariableName(name)) {
      const rule =
        name.length > MAX_VARIABLE_NAME
          ? `a name has at most ${MAX_VARIABLE_NAME} characters`
          : 'names start with a letter or _ and use letters, digits, _ . and -';
      unsupported.push(`The variable ${quote(name)} of ${owner} was not imported: ${rule}.`);
      continue;
    }
    const secret =
      entry.type === 'secret' ||
      descriptionText(entry.description) === SECRET_VARIABLE_NOTE ||
      isSecretValue(name, asString(entry.value));
    if (!variables.some((v) => v.name === name))
      variables.push({
        name,
        value: asString(entry.value),
        enabled: entry.disabled !== true && entry.enabled !== false,
        secret,
      });
  }
  return variables;
}

export function importPostmanEnvironment(json: unknown): ImportResult {
  if (!isObject(json) || !Array.isArray(json.values))
    throw new Error('This is not a Postman environment: it has no "values" list.');
  const name = asString(json.name).trim() || 'Imported environment';
  const unsupported: string[] = [];
  const variables = importVariables(json.values, `the environment ${quote(name)}`, unsupported);
  const environment: ImportedEnvironment = { name, variables };
  const format = json._postman_variable_scope === 'globals' ? 'Postman globals' : 'Postman environment';
  noteUnsupportedDynamicVariables([], [environment], unsupported);
  return { format, collections: [], environments: [environment], unsupported };
}
