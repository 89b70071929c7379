/** The renderer's state and the one reducer that changes it. */
import type { SandboxTarget } from '../../shared/contract';
import type { Capture } from '../../shared/schemas/capture';
import type { Check } from '../../shared/schemas/check';
import type { CollectionsView, MovedSecrets } from '../../shared/collections';
import type { RequestDoc } from '../../shared/schemas/request';
import type { SavedAuth, AuthSelection } from '../../shared/schemas/auth';
import type { CredentialsView } from '../../shared/credentials';
import { SANDBOX_ENVIRONMENT_ID } from '../../shared/credentials';
import { conventionHeaderRows, newRowId } from '../../shared/headers';
import type { HeaderRow } from '../../shared/schemas/header';
import type { Method, Problem, SendResult } from '../../shared/http-types';
import type { SettingsView } from '../../shared/schemas/settings';

export interface Draft {
  method: Method;
  url: string;
  headers: HeaderRow[];
  body: string;
  /** 'inherit' takes the collection's auth (only for requests saved in a collection). */
  auth: SavedAuth;
  captures: Capture[];
  checks: Check[];
}

/** What each tab has of its own: its request as edited and its last send. */
export interface TabData {
  draft: Draft;
  sending: { requestId: string; startedAt: number } | null;
  result: SendResult | null;
  /** Set when the user tried to send: from then on problems are shown until they are fixed. */
  attempted: boolean;
  /** Problems only the main process can see (credentials), from the last refused send. */
  serverProblems: Problem[];
}

export interface Tab {
  id: string;
  name: string;
  /** The saved request this tab edits, if any. */
  link: { collectionId: string; requestId: string } | null;
  /** The draft as last saved or opened, to tell unsaved changes. */
  saved: string;
  /** The one place the tab's draft lives, whether the tab is the active one or not. */
  data: TabData;
}

/** 'any' (no environment, no credentials) or an environment's id. */
export type TargetId = string;
export const ANY_TARGET = 'any';

export interface AppState {
  tabs: Tab[];
  activeTab: string;
  collections: CollectionsView | null;
  /** Values captured from responses in this session, per collection ('' outside collections), for previews. */
  captured: Record<string, Record<string, string>>;
  settings: SettingsView | null;
  credentials: CredentialsView | null;
  target: TargetId;
  sandbox: SandboxTarget | null;
  /** The uuid of the advert last published in this session (from a 202's data.uuid). */
  lastAdvertUuid: string | null;
  error: string | null;
}

export type Action =
  | { type: 'method'; method: Method }
  | { type: 'url'; url: string }
  | { type: 'body'; body: string }
  | { type: 'addHeader' }
  | { type: 'updateHeader'; id: string; patch: Partial<Pick<HeaderRow, 'name' | 'value' | 'enabled'>> }
  | { type: 'removeHeader'; id: string }
  | { type: 'setHeader'; name: string; value: string | null }
  | { type: 'attempted' }
  | { type: 'sendStarted'; requestId: string; startedAt: number }
  | { type: 'sendFinished'; result: SendResult }
  | { type: 'settings'; settings: SettingsView }
  | { type: 'target'; target: TargetId; sandbox?: SandboxTarget }
  | { type: 'credentials'; credentials: CredentialsView }
  | { type: 'auth'; auth: SavedAuth }
  | { type: 'load'; draft: Omit<Draft, 'headers' | 'auth' | 'captures' | 'checks'>; auth?: SavedAuth }
  | { type: 'error'; message: string | null }
  | { type: 'newTab' }
  | { type: 'switchTab'; id: string }
  | { type: 'closeTab'; id: string }
  | { type: 'openRequest'; collectionId: string; doc: RequestDoc }
  | { type: 'openDraft'; name: string; draft: Omit<Draft, 'headers'> & { headers: Array<Omit<HeaderRow, 'id'>> } }
  /** `headerValues`: rows whose literal credential the save replaced with a {{variable}} (by position); `token`: the same for Bearer auth's token. */
  | {
      type: 'saved';
      collectionId: string;
      requestId: string;
      name: string;
      headerValues?: MovedSecrets['headers'];
      token?: string;
    }
  | { type: 'collections'; collections: CollectionsView }
  | { type: 'captures'; captures: Capture[] }
  | { type: 'checks'; checks: Check[] };

function blankDraft(crmName = ''): Draft {
  return {
    method: 'GET',
    url: '',
    headers: conventionHeaderRows({ crmName }),
    body: '',
    auth: { mode: 'none' },
    captures: [],
    checks: [],
  };
}

/** A draft in a form that is equal when the saved request would be equal. */
export function snapshot(draft: Draft): string {
  return JSON.stringify({
    method: draft.method,
    url: draft.url,
    headers: draft.headers.map((h) => [h.name, h.value, h.enabled]),
    body: draft.body,
    auth: draft.auth,
    captures: draft.captures,
    checks: draft.checks,
  });
}

const EMPTY: Omit<TabData, 'draft'> = { sending: null, result: null, attempted: false, serverProblems: [] };

let tabCounter = 0;
function newTab(draft: Draft, name = 'Untitled request', link: Tab['link'] = null): Tab {
  tabCounter += 1;
  return { id: `tab-${tabCounter}`, name, link, saved: snapshot(draft), data: { draft, ...EMPTY } };
}

/** Whether the tab's draft differs from the request as last saved or opened. */
export function isDirty(tab: Tab): boolean {
  return snapshot(tab.data.draft) !== tab.saved;
}

/** The tab the user sees. */
export function activeTab(state: AppState): Tab {
  const tab = state.tabs.find((t) => t.id === state.activeTab);
  if (!tab) throw new Error(`The active tab ${state.activeTab} is not among the tabs.`);
  return tab;
}

/** The active tab's request as edited, and its last send. */
export function activeData(state: AppState): TabData {
  return activeTab(state).data;
}

/** The draft with the values a save wrote in some header rows (by position). */
function withHeaderValues(draft: Draft, values: MovedSecrets['headers']): Draft {
  if (values.length === 0) return draft;
  const headers = draft.headers.map((row, index) => {
    const changed = values.find((v) => v.index === index);
    return changed ? { ...row, value: changed.value } : row;
  });
  return { ...draft, headers };
}

function withSavedToken(draft: Draft, token: string | undefined): Draft {
  return token !== undefined && draft.auth.mode === 'bearer' ? { ...draft, auth: { ...draft.auth, token } } : draft;
}

/** The request a saved document describes, as a draft. */
export function draftFromDoc(
  doc: Pick<RequestDoc, 'method' | 'url' | 'headers' | 'body' | 'auth' | 'captures' | 'checks'>,
): Draft {
  return {
    method: doc.method,
    url: doc.url,
    headers: doc.headers.map((h) => ({
      id: newRowId(),
      name: h.name,
      value: h.value,
      enabled: h.enabled,
      origin: h.origin === 'default' ? 'default' : 'user',
    })),
    body: doc.body,
    auth: doc.auth,
    captures: doc.captures,
    checks: doc.checks ?? [],
  };
}

/** The state with `tab` added and made the active one. */
function withTab(state: AppState, tab: Tab): AppState {
  return { ...state, tabs: [...state.tabs, tab], activeTab: tab.id };
}

/** The state with the active tab changed by `change`. */
function updateActiveTab(state: AppState, change: (tab: Tab) => Tab): AppState {
  return { ...state, tabs: state.tabs.map((t) => (t.id === state.activeTab ? change(t) : t)) };
}

/** The state with the active tab's data changed by `change`. */
function updateActive(state: AppState, change: (data: TabData) => TabData): AppState {
  return updateActiveTab(state, (tab) => ({ ...tab, data: change(tab.data) }));
}

export function initialState(): AppState {
  const first = newTab(blankDraft());
  return {
    tabs: [first],
    activeTab: first.id,
    collections: null,
    captured: {},
    settings: null,
    credentials: null,
    target: ANY_TARGET,
    sandbox: null,
    lastAdvertUuid: null,
    error: null,
  };
}

/** Replaces the scheme, host and port of a URL, keeping the path; a blank URL gets the default path. */
export function withOrigin(url: string, origin: string, defaultPath = '/taxonomy/v1/categories'): string {
  // A URL built from a variable ({{baseUrl}}/…) follows the environment by itself.
  if (url.trim().startsWith('{{')) return url;
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url.trim());
  const rest = match ? match[1] : url.trim().replace(/^\/*/, '/');
  return origin + (rest && rest !== '/' ? rest : defaultPath);
}

function setDraft(state: AppState, patch: Partial<Draft>): AppState {
  // Problems the main process found belong to the draft it saw.
  return updateActive(state, (data) => ({ ...data, serverProblems: [], draft: { ...data.draft, ...patch } }));
}

/** The first authorized CRM user of an environment, to act for by default. */
function firstUser(credentials: CredentialsView | null, environmentId: string): string | undefined {
  return credentials?.environments.find((e) => e.id === environmentId)?.users.find((u) => u.status === 'authorized')
    ?.id;
}

export function setHeader(headers: HeaderRow[], name: string, value: string | null): HeaderRow[] {
  const lower = name.toLowerCase();
  const index = headers.findIndex((h) => h.name.trim().toLowerCase() === lower);
  if (value === null) return index < 0 ? headers : headers.filter((_, i) => i !== index);
  if (index < 0) return [...headers, { id: newRowId(), name, value, enabled: true, origin: 'user' }];
  return headers.map((h, i) => (i === index ? { ...h, value, enabled: true } : h));
}

function advertUuidFrom(result: SendResult): string | null {
  if (result.kind !== 'response' || result.status !== 202 || result.bodyFormat !== 'json') return null;
  try {
    const uuid = (JSON.parse(result.body) as { data?: { uuid?: unknown } }).data?.uuid;
    return typeof uuid === 'string' ? uuid : null;
  } catch {
    return null;
  }
}

/** A send's answer in the tab that sent it: the active tab's also records captures and a published advert. */
function finished(state: AppState, result: SendResult): AppState {
  const tab = state.tabs.find((t) => t.data.sending?.requestId === result.requestId);
  if (!tab) return state;
  const answered = (change: Partial<TabData>) => ({
    ...state,
    tabs: state.tabs.map((t) => (t.id === tab.id ? { ...t, data: { ...t.data, sending: null, ...change } } : t)),
  });
  if (result.kind === 'rejected') return answered({ attempted: true, serverProblems: result.problems });
  if (tab.id !== state.activeTab) return answered({ result });
  const captured = result.kind === 'response' ? (result.captured ?? []) : [];
  const key = tab.link?.collectionId ?? '';
  const values = captured.length
    ? {
        ...state.captured,
        [key]: { ...state.captured[key], ...Object.fromEntries(captured.map((c) => [c.variable, c.value])) },
      }
    : state.captured;
  return { ...answered({ result }), captured: values, lastAdvertUuid: advertUuidFrom(result) ?? state.lastAdvertUuid };
}

export function reducer(state: AppState, action: Action): AppState {
  const { draft } = activeData(state);
  switch (action.type) {
    case 'method':
      return setDraft(state, { method: action.method });
    case 'url':
      return setDraft(state, { url: action.url });
    case 'body':
      return setDraft(state, { body: action.body });
    case 'addHeader':
      return setDraft(state, {
        headers: [...draft.headers, { id: newRowId(), name: '', value: '', enabled: true, origin: 'user' }],
      });
    case 'updateHeader':
      return setDraft(state, {
        headers: draft.headers.map((h) => (h.id === action.id ? { ...h, ...action.patch } : h)),
      });
    case 'removeHeader':
      return setDraft(state, { headers: draft.headers.filter((h) => h.id !== action.id) });
    case 'setHeader':
      return setDraft(state, { headers: setHeader(draft.headers, action.name, action.value) });
    case 'attempted':
      return updateActive(state, (data) => ({ ...data, attempted: true }));
    case 'sendStarted':
      return {
        ...updateActive(state, (data) => ({
          ...data,
          attempted: false,
          serverProblems: [],
          sending: { requestId: action.requestId, startedAt: action.startedAt },
        })),
        error: null,
      };
    case 'sendFinished':
      return finished(state, action.result);
    case 'settings': {
      // Default User-Agent rows that still show the old CRM name follow the new one.
      const oldName = state.settings?.crmName ?? '';
      const headers = draft.headers.map((h) =>
        h.origin === 'default' && h.name === 'User-Agent' && h.value === oldName
          ? { ...h, value: action.settings.crmName }
          : h,
      );
      const nextDraft = { ...draft, headers };
      // A tab without changes stays without changes when only the CRM name it shows changed.
      const followed = updateActiveTab(state, (tab) => ({
        ...tab,
        saved: tab.saved === snapshot(draft) ? snapshot(nextDraft) : tab.saved,
        data: { ...tab.data, draft: nextDraft },
      }));
      return { ...followed, settings: action.settings };
    }
    case 'target': {
      const sandbox = action.sandbox ?? state.sandbox;
      let { url, auth } = draft;
      const origin =
        action.target === SANDBOX_ENVIRONMENT_ID
          ? sandbox?.origin
          : (state.credentials?.environments.find((e) => e.id === action.target)?.origin ?? undefined);
      if (origin) url = withOrigin(url, origin);
      if (action.target === ANY_TARGET) auth = { mode: 'none' };
      else if (auth.mode === 'none') auth = { mode: 'api-key' };
      return {
        ...updateActive(state, (data) => ({ ...data, serverProblems: [], draft: { ...draft, url, auth } })),
        target: action.target,
        sandbox,
      };
    }
    case 'credentials': {
      // A CRM user who was removed cannot be acted for; fall back to the first authorized one.
      let { auth } = draft;
      const env = action.credentials.environments.find((e) => e.id === state.target);
      if (
        auth.mode === 'api-key-bearer' &&
        auth.bearer !== 'manual' &&
        !env?.users.some((u) => u.id === (auth as AuthSelection).bearer)
      ) {
        auth = { ...auth, bearer: firstUser(action.credentials, state.target) };
      }
      return {
        ...updateActive(state, (data) => ({ ...data, draft: { ...draft, auth } })),
        credentials: action.credentials,
      };
    }
    case 'auth': {
      let auth = action.auth;
      if (auth.mode === 'api-key-bearer' && !auth.bearer)
        auth = { ...auth, bearer: firstUser(state.credentials, state.target) };
      return setDraft(state, { auth });
    }
    case 'load': {
      let auth = action.auth ?? draft.auth;
      if (auth.mode === 'api-key-bearer' && !auth.bearer)
        auth = { ...auth, bearer: firstUser(state.credentials, state.target) };
      return updateActive(state, (data) => ({
        ...data,
        attempted: false,
        serverProblems: [],
        draft: { ...action.draft, headers: draft.headers, auth, captures: [], checks: [] },
      }));
    }
    case 'captures':
      return setDraft(state, { captures: action.captures });
    case 'checks':
      return setDraft(state, { checks: action.checks });
    case 'newTab':
      return withTab(state, newTab(blankDraft(state.settings?.crmName)));
    case 'switchTab':
      return action.id === state.activeTab || !state.tabs.some((t) => t.id === action.id)
        ? state
        : { ...state, activeTab: action.id };
    case 'closeTab': {
      const index = state.tabs.findIndex((t) => t.id === action.id);
      if (index < 0) return state;
      const rest = state.tabs.filter((t) => t.id !== action.id);
      if (rest.length === 0) {
        const fresh = newTab(blankDraft(state.settings?.crmName));
        return { ...state, tabs: [fresh], activeTab: fresh.id };
      }
      if (action.id !== state.activeTab) return { ...state, tabs: rest };
      const next = rest[Math.min(index, rest.length - 1)]!;
      return { ...state, tabs: rest, activeTab: next.id };
    }
    case 'openRequest': {
      const open = state.tabs.find(
        (t) => t.link?.collectionId === action.collectionId && t.link.requestId === action.doc.id,
      );
      if (open) return { ...state, activeTab: open.id };
      return withTab(
        state,
        newTab(draftFromDoc(action.doc), action.doc.name, {
          collectionId: action.collectionId,
          requestId: action.doc.id,
        }),
      );
    }
    case 'openDraft': {
      const tab = newTab(
        { ...action.draft, headers: action.draft.headers.map((h) => ({ ...h, id: newRowId() })) },
        action.name,
      );
      // Not saved anywhere yet: marked as changed from the start.
      return withTab(state, { ...tab, saved: '' });
    }
    case 'saved': {
      const saved = withSavedToken(withHeaderValues(draft, action.headerValues ?? []), action.token);
      return updateActiveTab(state, (tab) => ({
        ...tab,
        name: action.name,
        link: { collectionId: action.collectionId, requestId: action.requestId },
        saved: snapshot(saved),
        data: { ...tab.data, draft: saved },
      }));
    }
    case 'collections':
      return { ...state, collections: action.collections };
    case 'error':
      return { ...state, error: action.message };
  }
}
