/**
 * OpenAPI 3.0 / 3.1 (JSON or YAML) → one collection: a request per operation, in folders by first
 * tag. URLs are `{{baseUrl}}` + the path with `{param}` → `{{param}}`; `baseUrl` comes from the first
 * server. JSON and form (urlencoded) bodies come from the examples, or a skeleton made from the
 * schema. Security: see openapi-security.ts. Swagger 2.0 is refused with what to do instead, and so
 * is a document split over several files (it must be bundled first). Names are clipped to what saving
 * accepts (MAX_NAME).
 */
import { clipName } from '../../../shared/names';
import type { ImportResult, ImportedCollection, ImportedNode } from '../../../shared/collections';
import type { SavedHeader } from '../../../shared/schemas/header';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import {
  asString,
  declareVariable,
  encodeKeepingVariables,
  isObject,
  noteUnsupportedDynamicVariables,
  quote,
  toMethod,
} from './common';
import { formBody } from './openapi-form';
import { deref, exampleFromSchema, firstExternalRef, type RefContext } from './openapi-schema';
import { mapSecurity, variableFor, type MappedSecurity } from './openapi-security';
import { parseYamlDocument } from './yaml-document';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PATHS_PER_REPORT = 100;
const IGNORED_HEADER_PARAMS = new Set(['accept', 'content-type', 'authorization']);

type Json = Record<string, unknown>;

function isOperationMethod(key: string): key is (typeof OPERATION_METHODS)[number] {
  return (OPERATION_METHODS as readonly string[]).includes(key);
}

/** Reads JSON or YAML into a document object; a parse error says which. */
export function parseOpenApiText(text: string): Json {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let doc: unknown;
  try {
    doc = trimmed.startsWith('{') ? JSON.parse(trimmed) : parseYamlDocument(trimmed);
  } catch (error) {
    throw new Error(
      `This file could not be read as ${trimmed.startsWith('{') ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  if (!isObject(doc))
    throw new Error('This is not an OpenAPI document: it is not an object with an "openapi" version.');
  return doc;
}

interface Context extends RefContext {
  unsupported: string[];
  notes: Set<string>;
  variables: VariableDef[];
  schemes: Record<string, unknown>;
  /** Problems of security schemes, with the operations they touch. */
  schemeProblems: Map<string, { sentence: (ops: string) => string; operations: string[] }>;
  operation: string;
}

/**
 * A document as text, or already parsed (the import's detection parsed it once: it is not parsed
 * again); `onProgress` is told every so many paths how many of them are done.
 */
export function importOpenApi(
  source: string | Json,
  onProgress: (done: number, total: number) => void = () => undefined,
): ImportResult {
  const doc = typeof source === 'string' ? parseOpenApiText(source) : source;
  if (doc.swagger !== undefined) {
    throw new Error(
      `This is a Swagger ${asString(doc.swagger)} document, not OpenAPI 3. Convert it to OpenAPI 3 first (for example in Swagger Editor: Edit → Convert to OpenAPI 3), then import the result.`,
    );
  }
  const version = asString(doc.openapi);
  const minor = /^3\.(\d+)/.exec(version);
  if (!minor) throw new Error('This is not an OpenAPI document: it has no "openapi": "3.x" version.');
  const external = firstExternalRef(doc);
  if (external !== null) throw new Error(splitDocumentSentence(external));

  const context: Context = {
    root: doc,
    unsupported: [],
    notes: new Set(),
    variables: [],
    schemes: isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {},
    schemeProblems: new Map(),
    operation: '',
    // A document with references to other files was refused above.
    onExternal() {},
  };
  if (Number(minor[1]) > 1)
    context.unsupported.push(
      `OpenAPI ${version} is newer than this importer knows (3.0 and 3.1); parts of it may be missing.`,
    );

  const info = isObject(doc.info) ? doc.info : {};
  context.variables.push({ name: 'baseUrl', value: baseUrl(doc, context.unsupported), enabled: true, secret: false });
  const global = mapSecurity(doc.security, context.schemes);
  const folders = new Map<string, ImportedNode[]>(tagOrder(doc).map((tag) => [folderName(tag), []]));
  const topLevel: ImportedNode[] = [];

  const paths = Object.entries(isObject(doc.paths) ? doc.paths : {});
  for (const [index, [path, rawItem]] of paths.entries()) {
    if (index % PATHS_PER_REPORT === 0) onProgress(index, paths.length);
    context.operation = '';
    const pathItem = deref(rawItem, context);
    if (!isObject(pathItem)) continue;
    // In the document's own order (an API's docs usually list create before update).
    for (const method of Object.keys(pathItem).filter(isOperationMethod)) {
      const operation = deref(pathItem[method], context);
      if (!isObject(operation)) continue;
      const node = importOperation(path, method, pathItem, operation, global, context);
      if (!node) continue;
      const tag =
        Array.isArray(operation.tags) && typeof operation.tags[0] === 'string' ? folderName(operation.tags[0]) : null;
      if (tag === null) topLevel.push(node);
      else if (folders.has(tag)) folders.get(tag)!.push(node);
      else folders.set(tag, [node]);
    }
  }
  onProgress(paths.length, paths.length);

  if (isObject(doc.webhooks) && Object.keys(doc.webhooks).length > 0) {
    context.unsupported.push(
      `The webhooks ${Object.keys(doc.webhooks).join(', ')} were not imported: the app sends requests; it does not receive them.`,
    );
  }
  for (const { sentence, operations } of context.schemeProblems.values())
    context.unsupported.push(sentence(operations.map(quote).join(', ')));
  context.unsupported.push(...context.notes);

  const items: ImportedNode[] = [
    ...[...folders]
      .filter(([, children]) => children.length > 0)
      .map(([name, children]): ImportedNode => ({ kind: 'folder', name, children })),
    ...topLevel,
  ];
  const collection: ImportedCollection = {
    name: asString(info.title).trim() || 'Imported API',
    variables: context.variables,
    auth: global.auth,
    items,
  };
  const description = asString(info.description).trim();
  if (description) collection.description = description;
  noteUnsupportedDynamicVariables([collection], [], context.unsupported);
  return {
    format: `OpenAPI 3.${minor[1]}`,
    collections: [collection],
    environments: [],
    unsupported: context.unsupported,
  };
}

/** Refuses a document that refers to other files: its parts there cannot be read from this one file. */
function splitDocumentSentence(ref: string): string {
  const file = ref.split('#')[0]!;
  return (
    `This OpenAPI document is split over several files (it refers to ${quote(file)}), so it cannot be imported on its own: ` +
    'bundle it into one file first (for example with npx @redocly/cli bundle or swagger-cli bundle), then import the bundled file.'
  );
}

/** A tag as a folder name: one line, no longer than saving accepts. */
function folderName(tag: string): string {
  return clipName(tag.replace(/\s+/g, ' '), 'Untitled folder');
}

/** The first server's URL with its variables at their defaults, without a trailing slash. */
function baseUrl(doc: Json, unsupported: string[]): string {
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0] : null;
  if (!server || typeof server.url !== 'string') {
    unsupported.push("The document names no server: set baseUrl to the API's address.");
    return '';
  }
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) && variable.default !== undefined ? asString(variable.default) : whole;
  });
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    unsupported.push(
      `The server URL ${url} is relative: set baseUrl to the API's full address (for example https://api.example.com${url.startsWith('/') ? url : `/${url}`}).`,
    );
  return url.replace(/\/+$/, '');
}

/** Folders in the order the document's tags list declares, then in order of use. */
function tagOrder(doc: Json): string[] {
  return Array.isArray(doc.tags)
    ? doc.tags
        .filter(isObject)
        .map((t) => asString(t.name))
        .filter((name) => name !== '')
    : [];
}

function importOperation(
  path: string,
  method: (typeof OPERATION_METHODS)[number],
  pathItem: Json,
  operation: Json,
  global: MappedSecurity,
  context: Context,
): ImportedNode | null {
  const verb = method.toUpperCase();
  const name = requestName(asString(operation.summary).trim() || asString(operation.operationId), `${verb} ${path}`);
  context.operation = name;
  const httpMethod = toMethod(verb);
  if (!httpMethod) {
    context.unsupported.push(`${quote(name)} uses ${verb}, which the app does not send; it was not imported.`);
    return null;
  }

  const headers: SavedHeader[] = [];
  const query: string[] = [];
  let urlPath = path;
  for (const param of parameters(pathItem, operation, context)) {
    const paramName = asString(param.name);
    const where = asString(param.in);
    const example = parameterExample(param, context);
    if (where === 'path') {
      const variable = variableFor(paramName);
      declareVariable(context.variables, variable, example === undefined ? '' : valueText(example), false);
      urlPath = urlPath.split(`{${paramName}}`).join(`{{${variable}}}`);
    } else if (where === 'query' && param.required === true) {
      query.push(
        `${encodeURIComponent(paramName)}=${example === undefined ? `{{${declared(context, paramName)}}}` : encodeKeepingVariables(valueText(example))}`,
      );
    } else if (where === 'header' && !IGNORED_HEADER_PARAMS.has(paramName.toLowerCase())) {
      const required = param.required === true;
      headers.push({
        name: paramName,
        value: example !== undefined ? valueText(example) : required ? `{{${declared(context, paramName)}}}` : '',
        enabled: required,
      });
    } else if (where === 'cookie') {
      context.unsupported.push(
        `The cookie parameter '${paramName}' of ${quote(name)} was not imported: the app does not manage cookies; add a Cookie header if it is needed.`,
      );
    }
  }

  const security = operation.security === undefined ? global : mapSecurity(operation.security, context.schemes);
  for (const problem of security.problems) {
    const entry = context.schemeProblems.get(problem.key) ?? { sentence: problem.sentence, operations: [] };
    entry.operations.push(name);
    context.schemeProblems.set(problem.key, entry);
  }
  for (const { name: header, variable } of security.headers) {
    declareVariable(context.variables, variable, '', true);
    headers.push({ name: header, value: `{{${variable}}}`, enabled: true });
  }
  for (const { name: param, variable } of security.query) {
    declareVariable(context.variables, variable, '', true);
    query.push(`${encodeURIComponent(param)}={{${variable}}}`);
  }

  const body = requestBody(operation, name, headers, context);
  if (isObject(operation.callbacks) && Object.keys(operation.callbacks).length > 0) {
    context.unsupported.push(
      `The callbacks of ${quote(name)} (${Object.keys(operation.callbacks).join(', ')}) were not imported: the app sends requests; it does not receive them.`,
    );
  }

  const url = `{{baseUrl}}${urlPath}${query.length > 0 ? `?${query.join('&')}` : ''}`;
  const auth = sameAuth(security.auth, global.auth) ? { mode: 'inherit' as const } : security.auth;
  const node: ImportedNode = {
    kind: 'request',
    request: { name, method: httpMethod, url, headers, body, auth, captures: [] },
  };
  const description = firstParagraph(asString(operation.description));
  if (description) node.request.description = description;
  return node;
}

/** A summary as a request name: one line, no longer than saving accepts (long ones are real: 300+ characters, newlines). */
function requestName(text: string, fallback: string): string {
  return clipName(text.replace(/\s+/g, ' '), fallback);
}

/** Path-item parameters, overridden by the operation's own (same name and place). */
function parameters(pathItem: Json, operation: Json, context: Context): Json[] {
  const read = (list: unknown) => (Array.isArray(list) ? list.map((p) => deref(p, context)).filter(isObject) : []);
  const own = read(operation.parameters);
  const shared = read(pathItem.parameters).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  return [...shared, ...own];
}

function parameterExample(param: Json, context: Context): unknown {
  if (param.example !== undefined) return param.example;
  if (isObject(param.examples)) {
    const first = deref(Object.values(param.examples)[0], context);
    if (isObject(first) && first.value !== undefined) return first.value;
  }
  const schema = deref(param.schema, context);
  if (!isObject(schema)) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  return undefined;
}

function declared(context: Context, name: string): string {
  const variable = variableFor(name);
  declareVariable(context.variables, variable, '', false);
  return variable;
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(asString).join(',');
  return asString(value);
}

const JSON_MEDIA = /^application\/(?:[\w.-]+\+)?json(?:\s*;.*)?$/i;
const FORM_MEDIA = /^application\/x-www-form-urlencoded(?:\s*;.*)?$/i;

/** The JSON body (pretty) or form body (a=1&b=2) and its Content-Type; other media types are listed. */
function requestBody(operation: Json, name: string, headers: SavedHeader[], context: Context): string {
  const body = deref(operation.requestBody, context);
  if (!isObject(body) || !isObject(body.content)) return '';
  const types = Object.keys(body.content);
  const json = types.find((t) => t.toLowerCase() === 'application/json') ?? types.find((t) => JSON_MEDIA.test(t));
  const type = json ?? types.find((t) => FORM_MEDIA.test(t));
  if (!type) {
    if (types.length > 0) {
      const kinds = types.join(' or ');
      context.unsupported.push(
        `The request body of ${quote(name)} (${kinds}) was not imported: the app sends JSON and form (urlencoded) bodies only.`,
      );
    }
    return '';
  }
  const media = deref(body.content[type], context);
  const mediaObject = isObject(media) ? media : {};
  headers.push({ name: 'Content-Type', value: type, enabled: true });
  const example = mediaExample(mediaObject, name, context);
  if (example === undefined) return '';
  return json
    ? JSON.stringify(example, null, 2)
    : formBody(example, isObject(mediaObject.encoding) ? mediaObject.encoding : {});
}

function mediaExample(media: Json, name: string, context: Context): unknown {
  if (media.example !== undefined) return media.example;
  if (isObject(media.examples)) {
    const first = deref(Object.values(media.examples)[0], context);
    if (isObject(first) && first.value !== undefined) return first.value;
    if (isObject(first) && typeof first.externalValue === 'string') {
      context.notes.add(
        `The example body of ${quote(name)} is in ${first.externalValue}, outside this file; a body was made from the schema instead.`,
      );
    }
  }
  return media.schema === undefined ? undefined : exampleFromSchema(media.schema, context);
}

function sameAuth(a: AuthSelection, b: AuthSelection): boolean {
  return a.mode === b.mode && a.bearer === b.bearer;
}

function firstParagraph(text: string): string | undefined {
  const paragraph =
    text
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  if (paragraph === '') return undefined;
  return paragraph.length > 500 ? `${paragraph.slice(0, 497)}…` : paragraph;
}
