/**
 * The views of collections, variables and history that main builds for the renderer, and the shape
 * of an import before it is stored. Collections are stored as a folder of readable files (see
 * electron/main/collections). The shapes that are parsed (a saved request, a variable, the auth
 * choice) are defined once in shared/schemas/. Secret values never appear in a view: secret
 * variables carry only a masked hint.
 */
import type { Method } from './http-types';
import { originList } from './origins';
import type { AuthSelection } from './schemas/auth';
import type { RequestDoc } from './schemas/request';
import type { VariableDef } from './schemas/variable';

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
  /** The auth its requests inherit (shared/effective-auth.ts); absent: it inherits its parent's. */
  auth?: AuthSelection;
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
  /** How many of the request's checks passed and failed on this response; absent when none ran. */
  checks?: { passed: number; failed: number };
  environmentId: string | null;
  collectionId: string | null;
  requestDocId: string | null;
}

/** A history entry with the request as it was (secrets masked), to re-open. */
export interface HistoryDetail extends HistoryEntry {
  request: Omit<RequestDoc, 'id' | 'name' | 'captures'>;
}

/** An exported collection: the file's suggested name and text, and what the export could not carry, each in a sentence. */
export interface CollectionExportFile {
  fileName: string;
  text: string;
  /** e.g. checks newman cannot run as the app does (written as comments); empty when everything went out. */
  notes: string[];
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

/** A variable as a scope's own files keep it: a secret's value blank (it is in the vault), its allowed origins kept. */
export function storedVariable(v: VariableDef): VariableDef {
  const stored: VariableDef = {
    name: String(v.name),
    value: v.secret ? '' : String(v.value ?? ''),
    enabled: Boolean(v.enabled),
    secret: Boolean(v.secret),
  };
  if (v.secret && Array.isArray(v.origins) && v.origins.length > 0) stored.origins = originList(v.origins);
  return stored;
}

export type ImportedNode =
  | { kind: 'request'; request: Omit<RequestDoc, 'id'> }
  | { kind: 'folder'; name: string; auth?: AuthSelection; children: ImportedNode[] };

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
