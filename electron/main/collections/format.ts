/**
 * The on-disk format of a collection: what collection.json and each `<slug>.request.json` hold, how
 * they are written (fixed key order, 2-space JSON, trailing newline, body as an array of lines) and
 * read (validated, migrated from older versions). Pure functions, no file system: store.ts does I/O.
 *
 * collection.json (version 1):
 *   {
 *     "format": "partner-api-workbench.collection",
 *     "version": 1,
 *     "id": "…", "name": "Partner API", "description"?: "…",
 *     "auth": { "mode": "api-key-bearer" },
 *     "variables": [ { "name": "baseUrl", "value": "https://api.olxgroup.com", "enabled": true, "secret": false } ],
 *     "items": [
 *       { "folder": "Adverts", "id": "…", "path": "adverts", "auth"?: { "mode": "bearer", "token": "{{t}}" }, "items": [
 *         { "request": "adverts/publish-an-advert.request.json", "id": "…", "name": "Publish an advert", "method": "POST" } ] },
 *       { "request": "get-a-token.request.json", "id": "…", "name": "Get a token", "method": "POST" } ]
 *   }
 *   `path` / `request` are relative to the collection folder, with `/` separators on every OS.
 *   A folder's `auth` (the auth its requests inherit, shaped as the collection's) is written only when
 *   the folder sets one, so a file saved before folders had auth, or without any, is unchanged; a file
 *   with one is version 2 (FOLDER_AUTH_VERSION), which an older app refuses rather than misreads.
 *
 * <request>.request.json (version 1):
 *   { "format": "partner-api-workbench.request", "version": 1, "id", "name", "method", "url",
 *     "description"?, "headers": [ { "name", "value", "enabled", "origin"? } ], "body": [ "line 1", … ],
 *     "auth": { "mode": "inherit" }, "captures": [ { "variable", "path" } ],
 *     "checks"?: [ { "on", "target", "op", "expected", "enabled" } ] }
 *   `auth` is { "mode" } with, for "api-key-bearer", "bearer" (a CRM user's id or "manual") and, for
 *   "bearer", "token" (the token text, a {{variable}}: a literal one is moved to the vault on save).
 *   `checks` is written only when the request has some, so a file saved before checks existed, or
 *   by a request without any, is unchanged; a file without it reads as no checks.
 *   The body is the text split at "\n": a trailing newline is a last "" element, a CRLF line keeps its
 *   "\r", so `lines.join("\n")` gives back the exact text. An empty body is [].
 *
 * Version 0 (the prototype's format, still read and migrated): no "format" field, no version (or 0);
 * collection.json has `variables` as an object map {name: value} and items without `path`, `name`
 * and `method`; a request file has `headers` as an object map {name: value}, `body` as one string,
 * no `auth` and no `captures`.
 */
import * as z from 'zod/mini';
import { storedVariable } from '../../../shared/collections';
import { METHODS, type Method } from '../../../shared/http-types';
import { originList } from '../../../shared/origins';
import { authSelectionSchema, type AuthSelection, type SavedAuth } from '../../../shared/schemas/auth';
import type { Capture } from '../../../shared/schemas/capture';
import type { Check } from '../../../shared/schemas/check';
import type { SavedHeader } from '../../../shared/schemas/header';
import { issueClause } from '../../../shared/schemas/issue-text';
import { requestDocSchema, type RequestDoc } from '../../../shared/schemas/request';
import { collectionMetaSchema, type CollectionMeta } from '../../../shared/schemas/collection';
import { variableDefSchema, type VariableDef } from '../../../shared/schemas/variable';
import { MAX_DOCUMENT_DEPTH, nestsDeeperThan } from '../../../shared/json-depth';

/** Folders inside folders the app creates or moves (each is two levels of collection.json). */
export const MAX_FOLDER_DEPTH = 100;
/** collection.json deeper than this is not one the app wrote (imports nest at most MAX_DOCUMENT_DEPTH). */
const MAX_COLLECTION_FILE_DEPTH = 2 * MAX_DOCUMENT_DEPTH;

export const COLLECTION_FORMAT = 'partner-api-workbench.collection';
export const REQUEST_FORMAT = 'partner-api-workbench.request';
export const CURRENT_VERSION = 1;
/**
 * collection.json with a folder that sets auth is written as version 2, so that an app from before
 * folder auth refuses it ("saved by a newer version") rather than dropping the folder's auth and
 * sending its requests the collection's credentials. Without folder auth it stays version 1, byte
 * for byte. Version 2 differs from 1 only by folders' `auth`: no migration is needed to read 1.
 */
export const FOLDER_AUTH_VERSION = 2;
export const COLLECTION_FILE = 'collection.json';
export const REQUEST_SUFFIX = '.request.json';
/** What a collection's requests inherit when nothing else was chosen: API key + the first authorized CRM user. */
export const DEFAULT_COLLECTION_AUTH: AuthSelection = { mode: 'api-key-bearer' };

/** A request as the index (collection.json) lists it. `file` is relative to the collection folder. */
export interface IndexRequest {
  kind: 'request';
  id: string;
  name: string;
  method: Method;
  file: string;
}

/** A folder as the index lists it. `path` is its folder, relative to the collection folder. */
export interface IndexFolder {
  kind: 'folder';
  id: string;
  name: string;
  path: string;
  /** The auth its requests inherit; absent (and not written) when it inherits its parent's. */
  auth?: AuthSelection;
  children: IndexNode[];
}

export type IndexNode = IndexRequest | IndexFolder;

export interface CollectionIndex extends CollectionMeta {
  items: IndexNode[];
}

/** A file that is not what it should be; the message is a sentence for the user. */
export class FormatError extends Error {}

/** A file written by a newer version of the app: never set aside, never overwritten. */
export class NewerVersionError extends FormatError {}

// ---------------------------------------------------------------------------------------------
// Writing

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function bodyToLines(body: string): string[] {
  return body === '' ? [] : body.split('\n');
}

export function linesToBody(lines: readonly string[]): string {
  return lines.join('\n');
}

/** Only the fields the mode has, in a fixed order: `bearer` for API key + Bearer, `token` for Bearer. */
function authOut(auth: SavedAuth): Json {
  const out: Json = { mode: auth.mode };
  if (auth.mode === 'inherit') return out;
  if (auth.bearer !== undefined) out.bearer = auth.bearer;
  if (auth.token !== undefined) out.token = auth.token;
  return out;
}
const headerOut = (h: SavedHeader) =>
  h.origin
    ? { name: h.name, value: h.value, enabled: h.enabled, origin: h.origin }
    : { name: h.name, value: h.value, enabled: h.enabled };
const captureOut = (c: Capture) => ({ variable: c.variable, path: c.path });
const checkOut = (c: Check) => ({ on: c.on, target: c.target, op: c.op, expected: c.expected, enabled: c.enabled });

/** Secret values never reach these files: a secret variable is written with value "". */
const variableOut = (v: VariableDef) => storedVariable(v);

export function serializeRequest(doc: RequestDoc): string {
  return json({
    format: REQUEST_FORMAT,
    version: CURRENT_VERSION,
    id: doc.id,
    name: doc.name,
    method: doc.method,
    url: doc.url,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    headers: doc.headers.map(headerOut),
    body: bodyToLines(doc.body),
    auth: authOut(doc.auth),
    captures: doc.captures.map(captureOut),
    ...(doc.checks?.length ? { checks: doc.checks.map(checkOut) } : {}),
  });
}

function itemOut(node: IndexNode): unknown {
  return node.kind === 'request'
    ? { request: node.file, id: node.id, name: node.name, method: node.method }
    : {
        folder: node.name,
        id: node.id,
        path: node.path,
        ...(node.auth ? { auth: authOut(node.auth) } : {}),
        items: node.children.map(itemOut),
      };
}

export function serializeIndexNode(node: IndexNode): unknown {
  return itemOut(node);
}

/** Whether any folder of the tree sets auth. */
function anyFolderAuth(nodes: readonly IndexNode[]): boolean {
  return nodes.some((node) => node.kind === 'folder' && (node.auth !== undefined || anyFolderAuth(node.children)));
}

export function serializeCollection(index: CollectionIndex): string {
  return json({
    format: COLLECTION_FORMAT,
    version: anyFolderAuth(index.items) ? FOLDER_AUTH_VERSION : CURRENT_VERSION,
    id: index.id,
    name: index.name,
    ...(index.description !== undefined ? { description: index.description } : {}),
    auth: authOut(index.auth),
    variables: index.variables.map(variableOut),
    items: index.items.map(itemOut),
  });
}

// ---------------------------------------------------------------------------------------------
// Slugs

const TRANSLITERATE: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
};
/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;
const MAX_SLUG = 60;

/** A file-name-safe, lower-case ASCII form of a name: "Publish an advert" → "publish-an-advert". */
export function slugify(name: string, fallback: string): string {
  let slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x00-\x7f]/g, (c) => TRANSLITERATE[c] ?? '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG) slug = slug.slice(0, MAX_SLUG).replace(/-+[^-]*$/, '') || slug.slice(0, MAX_SLUG);
  return slug || fallback;
}

/** The first of slug, slug-2, slug-3… that `taken` refuses (compared case-insensitively) and that is no Windows device name. */
export function uniqueSlug(slug: string, taken: (candidate: string) => boolean): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? slug : `${slug}-${n}`;
    if (!RESERVED.test(candidate) && !taken(candidate)) return candidate;
  }
}

/** Whether an existing file/folder base name is already the slug of `name` (possibly with a -N suffix). */
export function slugFits(base: string, name: string, fallback: string): boolean {
  const slug = slugify(name, fallback);
  return base === slug || (base.startsWith(`${slug}-`) && /^\d+$/.test(base.slice(slug.length + 1)));
}

// ---------------------------------------------------------------------------------------------
// Reading

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function need(condition: unknown, what: string): asserts condition {
  if (!condition) throw new FormatError(`${what} is missing or not valid`);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isMethod = (value: unknown): value is Method => (METHODS as readonly unknown[]).includes(value);

/**
 * The value checked by a shared schema, or a FormatError whose message says which field is wrong
 * and what to put there. `at` is where the value sits in the file, for that message.
 */
function validated<T>(schema: z.ZodMiniType<T>, value: unknown, what: string, at: PropertyKey[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ ...issue, path: [...at, ...issue.path] }));
  throw new FormatError(
    issueClause(
      issues,
      at.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value),
      what,
    ),
  );
}

/** Validates a collection's auth choice; throws FormatError. */
export function parseAuthSelection(value: unknown): AuthSelection {
  return validated(authSelectionSchema, value, 'the collection', ['auth']);
}

/** A relative path inside the collection folder: `/`-separated, no empty, `.` or `..` parts, no drive. */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.length > 1000 || /[\\:\0]/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Reads a version number (at most `newest`); a file without one is version 0. */
function versionOf(doc: Json, format: string, what: string, newest = CURRENT_VERSION): number {
  if (doc.format === undefined && (doc.version === undefined || doc.version === 0)) return 0;
  if (doc.format !== format) throw new FormatError(`it is not a ${what} file`);
  need(Number.isInteger(doc.version) && (doc.version as number) >= 0, 'version');
  if ((doc.version as number) > newest)
    throw new NewerVersionError('it was saved by a newer version of Partner API Workbench; update the app to open it');
  return doc.version as number;
}

export interface Migration {
  from: number;
  migrate(doc: Json): Json;
}

function runMigrations(doc: Json, version: number, table: readonly Migration[]): Json {
  let current = doc;
  for (let v = version; v < CURRENT_VERSION; v++) {
    const step = table.find((m) => m.from === v);
    if (!step) throw new FormatError(`no migration from version ${v}`);
    current = step.migrate(current);
  }
  return current;
}

const mapToArray = (value: unknown, what: string) => {
  if (value === undefined) return [];
  need(isObject(value), what);
  return Object.entries(value);
};

/** Request files: from version 0 (headers map, body string, no auth/captures). */
export const REQUEST_MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    migrate: (doc) => ({
      format: REQUEST_FORMAT,
      version: 1,
      id: doc.id,
      name: doc.name,
      method: doc.method,
      url: doc.url ?? '',
      ...(doc.description !== undefined ? { description: doc.description } : {}),
      headers: mapToArray(doc.headers, 'headers').map(([name, value]) => ({
        name,
        value: String(value),
        enabled: true,
      })),
      body: bodyToLines(isString(doc.body) ? doc.body : ''),
      auth: doc.auth ?? { mode: 'inherit' },
      captures: [],
    }),
  },
];

/**
 * collection.json: from version 0 (variables map; items without folder paths, names or methods).
 * A folder's path is taken from its first direct request, else its parent's path + the slug of its
 * name. Request names and methods are left out: the loader reads them from the request files.
 */
export const COLLECTION_MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    migrate: (doc) => {
      const items = (list: unknown, parentPath: string): unknown[] => {
        need(Array.isArray(list), 'items');
        return list.map((item) => {
          need(isObject(item), 'an item');
          if (item.folder === undefined) return { request: item.request, id: item.id };
          const first = Array.isArray(item.items)
            ? item.items.find((c) => isObject(c) && isString(c.request))
            : undefined;
          const fromChild =
            isObject(first) && isString(first.request) && first.request.includes('/')
              ? first.request.slice(0, first.request.lastIndexOf('/'))
              : null;
          const path = fromChild ?? (parentPath ? `${parentPath}/` : '') + slugify(String(item.folder), 'folder');
          return { folder: item.folder, id: item.id, path, items: items(item.items ?? [], path) };
        });
      };
      return {
        format: COLLECTION_FORMAT,
        version: 1,
        id: doc.id,
        name: doc.name,
        ...(doc.description !== undefined ? { description: doc.description } : {}),
        auth: doc.auth ?? DEFAULT_COLLECTION_AUTH,
        variables: mapToArray(doc.variables, 'variables').map(([name, value]) => ({
          name,
          value: String(value),
          enabled: true,
          secret: false,
        })),
        items: items(doc.items ?? [], ''),
      };
    },
  },
];

export interface ParsedRequest {
  doc: RequestDoc;
  /** The version the file had; below CURRENT_VERSION means it should be rewritten. */
  version: number;
}

/**
 * A request file of the current version: the saved request's own schema, with the file's format and
 * version, and the body as its lines.
 */
const requestFileSchema = z.extend(requestDocSchema, {
  format: z.literal(REQUEST_FORMAT),
  version: z.literal(CURRENT_VERSION),
  body: z.array(z.string()),
});

/** Parses a request file; throws FormatError (or NewerVersionError) with what is wrong. */
export function parseRequest(text: string): ParsedRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FormatError('it is not valid JSON');
  }
  need(isObject(raw), 'the request');
  const version = versionOf(raw, REQUEST_FORMAT, 'request');
  const {
    format: _format,
    version: _version,
    body,
    ...doc
  } = validated(requestFileSchema, runMigrations(raw, version, REQUEST_MIGRATIONS), 'the request');
  return { doc: { ...doc, body: linesToBody(body) }, version };
}

export interface ParsedCollection {
  index: CollectionIndex;
  version: number;
  /** Items left out because they were not valid, each in a sentence. */
  problems: string[];
  /** Requests whose name/method the index does not hold (version 0): the loader reads them from their files. */
  incomplete: Set<string>;
}

/**
 * collection.json of the current version: the collection's own data, with the file's format, version
 * and items (read one by one by parseIndexItems: a bad item is dropped, not the collection). A
 * secret's allowed origins are read leniently: what is not an https origin is left out.
 */
const collectionFileSchema = z.extend(collectionMetaSchema, {
  format: z.literal(COLLECTION_FORMAT),
  version: z.union([z.literal(CURRENT_VERSION), z.literal(FOLDER_AUTH_VERSION)]),
  variables: z.array(z.extend(variableDefSchema, { origins: z.optional(z.array(z.unknown())) })),
  items: z.array(z.unknown()),
});

/** Parses collection.json; throws FormatError when the file as a whole is unusable. Bad items are dropped with a problem. */
export function parseCollection(text: string): ParsedCollection {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FormatError('it is not valid JSON');
  }
  need(isObject(raw), 'the collection');
  if (nestsDeeperThan(raw, MAX_COLLECTION_FILE_DEPTH))
    throw new FormatError(`its folders are nested more than ${MAX_COLLECTION_FILE_DEPTH / 2} levels deep`);
  const version = versionOf(raw, COLLECTION_FORMAT, 'collection', FOLDER_AUTH_VERSION);
  const file = validated(collectionFileSchema, runMigrations(raw, version, COLLECTION_MIGRATIONS), 'the collection');
  const { format: _format, version: _version, items: list, variables, ...meta } = file;
  const { items, problems, incomplete } = parseIndexItems(list);
  const index: CollectionIndex = {
    ...meta,
    variables: variables.map((v) => storedVariable({ ...v, origins: v.origins && originList(v.origins) })),
    items,
  };
  return { index, version, problems, incomplete };
}

export interface ParsedItems {
  items: IndexNode[];
  /** Items left out because they were not valid, each in a sentence. */
  problems: string[];
  /** Requests whose name/method the entry does not hold: the loader reads them from their files. */
  incomplete: Set<string>;
}

/**
 * A folder's auth as collection.json holds it. One that is not valid sends nothing rather than
 * letting the folder's requests fall back to the collection's credentials, and says so.
 */
function folderAuth(value: unknown, folder: string, where: string, problems: string[]): AuthSelection {
  const parsed = authSelectionSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(
    `The auth of the folder “${folder}” in ${where} is not valid, so its requests send no credentials until you set its auth again.`,
  );
  return { mode: 'none' };
}

/** Parses the `items` of collection.json (or a trashed node); invalid entries are dropped with a problem. */
export function parseIndexItems(list: unknown[], where = 'collection.json'): ParsedItems {
  const problems: string[] = [];
  const incomplete = new Set<string>();
  const ids = new Set<string>();
  const folderPaths = new Set<string>();
  const files = new Set<string>();
  const items = (list: unknown[], where: string): IndexNode[] =>
    list.flatMap((item): IndexNode[] => {
      if (!isObject(item) || !isString(item.id) || item.id === '' || ids.has(item.id)) {
        problems.push(`An entry in ${where} has no id or a repeated id, so it was left out.`);
        return [];
      }
      if (item.folder !== undefined) {
        const path = item.path;
        if (
          !isString(item.folder) ||
          !isString(path) ||
          !isSafeRelativePath(path) ||
          folderPaths.has(path.toLowerCase()) ||
          !Array.isArray(item.items)
        ) {
          problems.push(
            `The folder entry “${String(item.folder)}” in ${where} is not valid, so it was left out with what it holds.`,
          );
          return [];
        }
        ids.add(item.id);
        folderPaths.add(path.toLowerCase());
        const folder: IndexFolder = {
          kind: 'folder',
          id: item.id,
          name: item.folder,
          path,
          children: items(item.items, `folder “${item.folder}”`),
        };
        if (item.auth !== undefined) folder.auth = folderAuth(item.auth, item.folder, where, problems);
        return [folder];
      }
      const file = item.request;
      if (
        !isString(file) ||
        !isSafeRelativePath(file) ||
        !file.endsWith(REQUEST_SUFFIX) ||
        files.has(file.toLowerCase())
      ) {
        problems.push(
          `The request entry ${isString(file) ? file : `with id ${item.id}`} in ${where} is not valid, so it was left out.`,
        );
        return [];
      }
      ids.add(item.id);
      files.add(file.toLowerCase());
      const complete = isString(item.name) && isMethod(item.method);
      if (!complete) incomplete.add(item.id);
      return [
        {
          kind: 'request',
          id: item.id,
          file,
          name: complete ? (item.name as string) : '',
          method: complete ? (item.method as Method) : 'GET',
        },
      ];
    });
  return { items: items(list, where), problems, incomplete };
}
