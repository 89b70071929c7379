/**
 * What the App derives from its state: the request the main process gets, the document a save
 * writes, what the tabs bar and the save dialog show. Pure functions of the state, so they are
 * tested without a window and the App's hooks and layout only wire them up.
 */
import type { FolderNode, HistoryDetail, MovedSecrets, TreeNode } from '../../../../shared/collections';
import type { RequestDoc } from '../../../../shared/schemas/request';
import type { AuthSelection, SavedAuth } from '../../../../shared/schemas/auth';
import { foldersTo, inheritedAuth, type EffectiveAuth } from '../../../../shared/effective-auth';
import { SANDBOX_EXAMPLES, UNKNOWN_ADVERT_UUID } from '../../../../shared/examples';
import type { NetworkErrorResult, Problem } from '../../../../shared/http-types';
import type { OutgoingRequest } from '../../../../shared/schemas/outgoing-request';
import { errorText } from '../../error-text';
import {
  activeData,
  activeTab,
  ANY_TARGET,
  draftFromDoc,
  isDirty,
  reducer,
  type Action,
  type AppState,
  type Draft,
  type Tab,
} from '../../state';
import type { VariableContext } from '../../variables-preview';
import type { SaveTarget } from '../SaveDialog';
import type { StartupData } from './startup';

/** The key the 403 example sends: one the sandbox does not know. */
const UNKNOWN_KEY = 'sbx_unknown_key_0000';

/** The answer shown when a send failed before the main process could answer. */
export function failure(requestId: string, message: string): NetworkErrorResult {
  return {
    kind: 'network-error',
    requestId,
    statusKind: 'network-error',
    code: 'other',
    message,
    hint: 'Nothing was received. Try again; if it keeps failing, restart the app.',
    timings: { totalMs: 0 },
  };
}

/** The action that shows a failed call's sentence above the request. */
export function errorAction(error: unknown, prefix = ''): Action {
  return { type: 'error', message: `${prefix}${errorText(error)}` };
}

/** The app's state with the start-up data in it, as the three actions would make it. */
export function withStartupData(state: AppState, data: StartupData): AppState {
  const withSettings = reducer(state, { type: 'settings', settings: data.settings });
  const withCredentials = reducer(withSettings, { type: 'credentials', credentials: data.credentials });
  return reducer(withCredentials, { type: 'collections', collections: data.collections });
}

/** The saved request the active tab edits, if any. */
export function activeLink(state: AppState): Tab['link'] {
  return activeTab(state).link;
}

/** The environment requests go to (null: any URL, no credentials). */
export function environmentIdOf(state: AppState): string | null {
  return state.target === ANY_TARGET ? null : state.target;
}

/** The CRM user an inherited API key + Bearer that names none acts for: the environment's first authorized one, as a new request's would. */
function firstAuthorizedUser(state: AppState): string | undefined {
  return state.credentials?.environments
    .find((e) => e.id === state.target)
    ?.users.find((u) => u.status === 'authorized')?.id;
}

/**
 * What `inherit` gives below a node of a collection (the active request, or a folder): the nearest
 * folder above it that sets auth, else the collection's. Null when the collection is not there.
 */
export function inheritedAuthAt(state: AppState, collectionId: string, nodeId: string): EffectiveAuth | null {
  const collection = state.collections?.collections.find((c) => c.id === collectionId);
  if (!collection) return null;
  return inheritedAuth(foldersTo(collection.tree, nodeId) ?? [], collection.auth, firstAuthorizedUser(state));
}

/** What the active request's `inherit` gives, and where it comes from; null for a request in no collection. */
export function activeInheritedAuth(state: AppState): EffectiveAuth | null {
  const link = activeLink(state);
  return link ? inheritedAuthAt(state, link.collectionId, link.requestId) : null;
}

function findFolder(nodes: readonly TreeNode[], folderId: string): FolderNode | null {
  for (const node of nodes) {
    if (node.kind !== 'folder') continue;
    if (node.id === folderId) return node;
    const below = findFolder(node.children, folderId);
    if (below) return below;
  }
  return null;
}

/** A folder as its auth dialog shows it: its name, its own auth (`inherit` when it sets none) and what it inherits; null once it is gone. */
export function folderAuthView(
  state: AppState,
  collectionId: string,
  folderId: string,
): { name: string; auth: SavedAuth; inherited: EffectiveAuth | null } | null {
  const collection = state.collections?.collections.find((c) => c.id === collectionId);
  const folder = collection ? findFolder(collection.tree, folderId) : null;
  if (!folder) return null;
  return {
    name: folder.name,
    auth: folder.auth ?? { mode: 'inherit' },
    inherited: inheritedAuthAt(state, collectionId, folderId),
  };
}

/** The auth a request uses: its own, or what it inherits through its folders from its collection. */
export function effectiveAuth(state: AppState): AuthSelection {
  const { auth } = activeData(state).draft;
  if (auth.mode !== 'inherit') return auth;
  return activeInheritedAuth(state)?.auth ?? { mode: 'none' };
}

export function variableContext(state: AppState): VariableContext {
  return {
    collections: state.collections,
    credentials: state.credentials,
    captured: state.captured,
    environmentId: environmentIdOf(state),
    collectionId: activeLink(state)?.collectionId ?? null,
  };
}

/** Captures the user has finished typing (both the variable and the path). */
function completeCaptures(draft: Draft) {
  return draft.captures.filter((c) => c.variable.trim() && c.path.trim());
}

/** The request as the main process gets it. */
export function outgoing(state: AppState, requestId: string): OutgoingRequest {
  const { draft } = activeData(state);
  return {
    requestId,
    method: draft.method,
    url: draft.url,
    headers: draft.headers,
    body: draft.body,
    auth: effectiveAuth(state),
    environmentId: environmentIdOf(state),
    collectionId: activeLink(state)?.collectionId ?? null,
    captures: completeCaptures(draft),
    checks: draft.checks,
  };
}

/** The document a save writes for `draft`. */
export function docFromDraft(draft: Draft, id: string, name: string): RequestDoc {
  return {
    id,
    name,
    method: draft.method,
    url: draft.url,
    headers: draft.headers.map((h) => ({
      name: h.name,
      value: h.value,
      enabled: h.enabled,
      ...(h.origin === 'default' ? { origin: 'default' as const } : {}),
    })),
    body: draft.body,
    auth: draft.auth,
    captures: completeCaptures(draft),
    checks: draft.checks,
  };
}

/** Where a save writes the active tab's request. */
export interface SavePlace {
  collectionId: string;
  parentId: string | null;
  requestId: string;
  name: string;
}

/**
 * Where a save goes: the place chosen in the save dialog (as a new request), else the saved request
 * the tab edits; null when the tab edits none and the dialog must ask.
 */
export function savePlace(state: AppState, target: SaveTarget | null, newId: () => string): SavePlace | null {
  if (target)
    return { collectionId: target.collectionId, parentId: target.parentId, requestId: newId(), name: target.name };
  const tab = activeTab(state);
  if (!tab.link) return null;
  return { collectionId: tab.link.collectionId, parentId: null, requestId: tab.link.requestId, name: tab.name };
}

/** "Saved “Publish”.", and what the save did with a credential typed into a header, when it did. */
export function savedNotice(name: string, moved: MovedSecrets | undefined): string {
  return moved ? `Saved “${name}”. ${moved.notice}` : `Saved “${name}”.`;
}

/** The name the save dialog suggests: the tab's, or the method and path of an untitled request. */
export function defaultSaveName(state: AppState): string {
  const tab = activeTab(state);
  if (tab.name !== 'Untitled request') return tab.name;
  const { draft } = tab.data;
  return `${draft.method} ${draft.url.replace(/^(\{\{[^}]+\}\}|https:\/\/[^/]+)/, '') || '/'}`;
}

/** The tabs as the tabs bar shows them: with their method and whether they have unsaved changes. */
export function tabsForBar(state: AppState): Array<Tab & { dirty: boolean; method: string }> {
  return state.tabs.map((t) => ({ ...t, dirty: isDirty(t), method: t.data.draft.method }));
}

/** Whether any tab has changes that are not saved. */
export function anyDirty(state: AppState): boolean {
  return state.tabs.some(isDirty);
}

/** The header rows a problem points at, to mark them. */
export function invalidHeaderRows(problems: Problem[]): Set<number> {
  return new Set(problems.flatMap((p) => (p.field === 'headers' && p.row !== undefined ? [p.row] : [])));
}

/** A request from the history, opened as a new tab: named by its method and path. */
export function openHistoryAction(entry: HistoryDetail): Action {
  const doc = draftFromDoc({ ...entry.request, captures: [] });
  return {
    type: 'openDraft',
    name: `${entry.method} ${entry.url.replace(/^https:\/\/[^/]+/, '') || '/'}`,
    draft: {
      ...doc,
      headers: entry.request.headers.map((h) => ({ ...h, origin: h.origin === 'default' ? 'default' : 'user' })),
    },
  };
}

/** What picking an example does: its method, sandbox URL, body and auth (none when the sandbox is not started). */
export function exampleActions(state: AppState, id: string): Action[] {
  const example = SANDBOX_EXAMPLES.find((e) => e.id === id);
  if (!example || !state.sandbox) return [];
  const path = example.path.replace('{advert}', state.lastAdvertUuid ?? UNKNOWN_ADVERT_UUID);
  const auth = example.auth === 'wrong-key' ? { mode: 'none' as const } : { mode: example.auth };
  return [
    {
      type: 'load',
      draft: { method: example.method, url: state.sandbox.origin + path, body: example.body ?? '' },
      auth,
    },
    // Only the 403 example carries a key of its own, typed as a plain header row.
    { type: 'setHeader', name: 'X-API-KEY', value: example.auth === 'wrong-key' ? UNKNOWN_KEY : null },
  ];
}

/** What a pasted cURL command does to the request: its method, URL, body, auth and headers. */
export function curlActions(request: Omit<RequestDoc, 'id'>): Action[] {
  const doc = draftFromDoc(request);
  return [
    {
      type: 'load',
      draft: { method: doc.method, url: doc.url, body: doc.body },
      auth: request.auth.mode === 'inherit' ? undefined : request.auth,
    },
    ...doc.headers.map((header): Action => ({ type: 'setHeader', name: header.name, value: header.value })),
  ];
}

/** The note after a cURL command was pasted, naming what it had that the request cannot hold. */
export function curlNotice(unsupported: string[]): string {
  return unsupported.length
    ? `Imported the cURL command. Not imported: ${unsupported.join(' ')}`
    : 'Imported the cURL command.';
}
