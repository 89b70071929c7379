/**
 * The data model of collections, variables and history, shared by both processes. Collections are
 * stored as a folder of readable files (see electron/main/collections); these are the shapes that
 * cross IPC. Secret values never appear here: secret variables carry only a masked hint.
 */
import { MAX_ENVIRONMENT_NAME, type AuthSelection } from './credentials';
import type { Method } from './http-types';

/** A header as saved: no row ids; `origin` keeps the API's convention rows recognisable. */
export interface SavedHeader {
  name: string;
  value: string;
  enabled: boolean;
  origin?: 'default';
}

/** Takes a value from a JSON response body into a variable, e.g. `$.data.uuid` → advertUuid. */
export interface Capture {
  variable: string;
  /** A JSONPath-style reference: `$.data.uuid`, `$.items[0].id`, `$['odd key']`. */
  path: string;
}

/** Auth as saved on a request: its own, or the collection's ('inherit'). */
export type SavedAuth = AuthSelection | { mode: 'inherit' };

export interface RequestDoc {
  id: string;
  name: string;
  method: Method;
  /** May hold {{variables}}. */
  url: string;
  headers: SavedHeader[];
  body: string;
  auth: SavedAuth;
  captures: Capture[];
  /** Free text shown under the request's name. */
  description?: string;
}

export interface RequestNode {
  kind: 'request';
  id: string;
  name: string;
  method: Method;
}

export interface FolderNode {
  kind: 'folder';
  id: string;
  name: string;
  children: TreeNode[];
}

export type TreeNode = RequestNode | FolderNode;

/** A variable as the renderer sees it: secret ones have value '' and a masked hint. */
export interface VariableView {
  name: string;
  value: string;
  enabled: boolean;
  secret: boolean;
  /** For secret variables: whether a value is set, and its masked hint. */
  hint: string | null;
  /** Set by the app, not the user: why it cannot be changed here (e.g. the Local sandbox's address). */
  fixed?: string;
  /**
   * For a collection's or Globals' secret variables: the origins their value may be sent to (see
   * VariableDef.origins; empty: not bound yet). An environment's secrets show none: they go only to
   * the environment's own address (EnvironmentView.origin).
   */
  origins?: string[];
}

/** A variable as the renderer sends it. For a secret variable, value null keeps the stored secret. */
export interface VariableInput {
  name: string;
  value: string | null;
  enabled: boolean;
  secret: boolean;
  /** For a collection's or Globals' secret: its allowed origins (https://host[:port]); missing keeps the stored list. */
  origins?: string[];
}

export interface CollectionSummary {
  id: string;
  name: string;
  /** Where its files are, for the user to find them (e.g. to keep them in git). */
  location: string;
  tree: TreeNode[];
  variables: VariableView[];
  /** The auth requests inherit; default: API key + the first authorized CRM user. */
  auth: AuthSelection;
  /** Files that could not be read and were set aside, each in a sentence. */
  problems: string[];
}

export interface CollectionsView {
  collections: CollectionSummary[];
  globals: VariableView[];
}

/** Literal credentials a save took out of header rows into secret variables: the notice, and each changed row's new value. */
export interface MovedSecrets {
  notice: string;
  /** Positions in the saved request's headers, with the value now saved there (e.g. `{{xApiKey}}`). */
  headers: Array<{ index: number; value: string }>;
  /** Bearer token auth's token as now saved (e.g. `{{authorization}}`), when its literal token was moved. */
  token?: string;
}

export type SaveRequestResult = CollectionsView & { moved?: MovedSecrets };

export type VariableScope = { kind: 'global' } | { kind: 'collection'; collectionId: string } | { kind: 'environment'; environmentId: string };

export interface HistoryEntry {
  id: string;
  /** Epoch milliseconds. */
  at: number;
  method: Method;
  /** The URL as sent (variables resolved; secret values masked). */
  url: string;
  status: number | null;
  /** For network errors: the short title, e.g. "Connection refused". */
  outcome: string;
  statusKind: string;
  totalMs: number;
  bodyBytes: number | null;
  environmentId: string | null;
  collectionId: string | null;
  requestDocId: string | null;
}

/** A history entry with the request as it was (secrets masked), to re-open. */
export interface HistoryDetail extends HistoryEntry {
  request: Omit<RequestDoc, 'id' | 'name' | 'captures'>;
}

/** What an import found, before it is applied. */
export interface ImportPreview {
  previewId: string;
  /** e.g. "Postman Collection v2.1", "cURL command", "OpenAPI 3.1". */
  format: string;
  collections: Array<{ name: string; requests: number; folders: number }>;
  environments: Array<{ name: string; variables: number }>;
  /** Parts of the source that were not imported, each in a sentence. */
  unsupported: string[];
}

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Longest variable name the app takes (in the Variables dialog, an import, a capture). */
export const MAX_VARIABLE_NAME = 200;
/** Longest name of a request, folder or collection; an imported one is shortened to it. */
export const MAX_NAME = 300;

/** An imported name as the app keeps it: trimmed, at most `max` characters, or the fallback when empty. */
export function clipName(name: string, fallback: string, max = MAX_NAME): string {
  const trimmed = name.trim();
  if (trimmed === '') return fallback;
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}

export const importedCollectionName = (name: string): string => clipName(name, 'Imported collection');
/** Leaves room for the " (2)" that tells it from an environment of the same name. */
export const importedEnvironmentName = (name: string): string => clipName(name, 'Imported environment', MAX_ENVIRONMENT_NAME - 5);

/** A variable as imported or stored, secret values included (main process only). */
export interface VariableDef {
  name: string;
  value: string;
  enabled: boolean;
  secret: boolean;
  /**
   * A collection's or Globals' secret: the only origins (scheme://host:port) its value is sent to.
   * Missing or empty (files written before the list existed, a new secret): not bound yet, and the
   * first request that sends it binds it to that request's origin. Environments' secrets have none:
   * they go to the environment's address only.
   */
  origins?: string[];
}

/** A variable as a scope's own files keep it: a secret's value blank (it is in the vault), its allowed origins kept. */
export function storedVariable(v: VariableDef): VariableDef {
  const stored: VariableDef = { name: String(v.name), value: v.secret ? '' : String(v.value ?? ''), enabled: Boolean(v.enabled), secret: Boolean(v.secret) };
  if (v.secret && Array.isArray(v.origins) && v.origins.length > 0) stored.origins = originList(v.origins);
  return stored;
}

/**
 * The origins (https://host[:port], as URL.origin writes them) in a list, without repeats; what is
 * not an https origin is left out. For lists read from files, which the user may have edited.
 */
export function originList(values: readonly unknown[]): string[] {
  const origins = new Set<string>();
  for (const value of values) {
    const origin = typeof value === 'string' ? httpsOriginOf(value) : null;
    if (origin) origins.add(origin);
  }
  return [...origins];
}

/** The origin of an https:// address given as an origin (a trailing / is allowed; no path, query or user), or null. */
export function httpsOriginOf(text: string): string | null {
  const trimmed = text.trim();
  if (!URL.canParse(trimmed)) return null;
  const url = new URL(trimmed);
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !trimmed.endsWith('?') && !trimmed.endsWith('#');
  return url.protocol === 'https:' && bare ? url.origin : null;
}

export type ImportedNode = { kind: 'request'; request: Omit<RequestDoc, 'id'> } | { kind: 'folder'; name: string; children: ImportedNode[] };

/** A collection read from another format (or the starter collection), before it is stored. */
export interface ImportedCollection {
  name: string;
  description?: string;
  variables: VariableDef[];
  auth: AuthSelection;
  items: ImportedNode[];
}

export interface ImportedEnvironment {
  name: string;
  variables: VariableDef[];
}

export interface ImportResult {
  format: string;
  collections: ImportedCollection[];
  environments: ImportedEnvironment[];
  /** Parts of the source that were not imported, each in a sentence naming where they were. */
  unsupported: string[];
}
