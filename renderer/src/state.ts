/** The renderer's state and the one reducer that changes it. */
import type { SandboxTarget } from '../../shared/contract';
import type { AuthSelection, CredentialsView } from '../../shared/credentials';
import { SANDBOX_ENVIRONMENT_ID } from '../../shared/credentials';
import { conventionHeaderRows, newRowId } from '../../shared/headers';
import type { HeaderRow, Method, Problem, SendResult } from '../../shared/http-types';
import type { SettingsView } from '../../shared/settings';

export interface Draft {
  method: Method;
  url: string;
  headers: HeaderRow[];
  body: string;
  auth: AuthSelection;
}

/** 'any' (no environment, no credentials) or an environment's id. */
export type TargetId = string;
export const ANY_TARGET = 'any';

export interface AppState {
  draft: Draft;
  settings: SettingsView | null;
  sending: { requestId: string; startedAt: number } | null;
  result: SendResult | null;
  /** Set when the user tried to send: from then on problems are shown until they are fixed. */
  attempted: boolean;
  /** Problems only the main process can see (credentials), from the last refused send. */
  serverProblems: Problem[];
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
  | { type: 'auth'; auth: AuthSelection }
  | { type: 'load'; draft: Omit<Draft, 'headers' | 'auth'>; auth?: AuthSelection }
  | { type: 'error'; message: string | null };


export function initialState(): AppState {
  return {
    draft: {
      method: 'GET',
      url: '',
      headers: conventionHeaderRows({ crmName: '' }),
      body: '',
      auth: { mode: 'none' },
    },
    settings: null,
    sending: null,
    result: null,
    attempted: false,
    serverProblems: [],
    credentials: null,
    target: ANY_TARGET,
    sandbox: null,
    lastAdvertUuid: null,
    error: null,
  };
}

/** Replaces the scheme, host and port of a URL, keeping the path; a blank URL gets the default path. */
export function withOrigin(url: string, origin: string, defaultPath = '/taxonomy/v1/categories'): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url.trim());
  const rest = match ? match[1] : url.trim().replace(/^\/*/, '/');
  return origin + (rest && rest !== '/' ? rest : defaultPath);
}

function setDraft(state: AppState, patch: Partial<Draft>): AppState {
  // Problems the main process found belong to the draft it saw.
  return { ...state, serverProblems: [], draft: { ...state.draft, ...patch } };
}

/** The first authorized CRM user of an environment, to act for by default. */
function firstUser(credentials: CredentialsView | null, environmentId: string): string | undefined {
  return credentials?.environments.find((e) => e.id === environmentId)?.users.find((u) => u.status === 'authorized')?.id;
}

function setHeader(headers: HeaderRow[], name: string, value: string | null): HeaderRow[] {
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

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'method':
      return setDraft(state, { method: action.method });
    case 'url':
      return setDraft(state, { url: action.url });
    case 'body':
      return setDraft(state, { body: action.body });
    case 'addHeader':
      return setDraft(state, {
        headers: [...state.draft.headers, { id: newRowId(), name: '', value: '', enabled: true, origin: 'user' }],
      });
    case 'updateHeader':
      return setDraft(state, {
        headers: state.draft.headers.map((h) => (h.id === action.id ? { ...h, ...action.patch } : h)),
      });
    case 'removeHeader':
      return setDraft(state, { headers: state.draft.headers.filter((h) => h.id !== action.id) });
    case 'setHeader':
      return setDraft(state, { headers: setHeader(state.draft.headers, action.name, action.value) });
    case 'attempted':
      return { ...state, attempted: true };
    case 'sendStarted':
      return { ...state, attempted: false, serverProblems: [], error: null, sending: { requestId: action.requestId, startedAt: action.startedAt } };
    case 'sendFinished': {
      if (state.sending?.requestId !== action.result.requestId) return state;
      if (action.result.kind === 'rejected') return { ...state, sending: null, attempted: true, serverProblems: action.result.problems };
      return { ...state, sending: null, result: action.result, lastAdvertUuid: advertUuidFrom(action.result) ?? state.lastAdvertUuid };
    }
    case 'settings': {
      // Default User-Agent rows that still show the old CRM name follow the new one.
      const oldName = state.settings?.crmName ?? '';
      const headers = state.draft.headers.map((h) =>
        h.origin === 'default' && h.name === 'User-Agent' && h.value === oldName ? { ...h, value: action.settings.crmName } : h,
      );
      return { ...state, settings: action.settings, draft: { ...state.draft, headers } };
    }
    case 'target': {
      const sandbox = action.sandbox ?? state.sandbox;
      let { url, auth } = state.draft;
      const origin =
        action.target === SANDBOX_ENVIRONMENT_ID
          ? sandbox?.origin
          : state.credentials?.environments.find((e) => e.id === action.target)?.origin ?? undefined;
      if (origin) url = withOrigin(url, origin);
      if (action.target === ANY_TARGET) auth = { mode: 'none' };
      else if (auth.mode === 'none') auth = { mode: 'api-key' };
      return { ...state, serverProblems: [], target: action.target, sandbox, draft: { ...state.draft, url, auth } };
    }
    case 'credentials': {
      // A CRM user who was removed cannot be acted for; fall back to the first authorized one.
      let { auth } = state.draft;
      const env = action.credentials.environments.find((e) => e.id === state.target);
      if (auth.mode === 'api-key-bearer' && auth.bearer !== 'manual' && !env?.users.some((u) => u.id === auth.bearer)) {
        auth = { ...auth, bearer: firstUser(action.credentials, state.target) };
      }
      return { ...state, credentials: action.credentials, draft: { ...state.draft, auth } };
    }
    case 'auth': {
      let auth = action.auth;
      if (auth.mode === 'api-key-bearer' && !auth.bearer) auth = { ...auth, bearer: firstUser(state.credentials, state.target) };
      return setDraft(state, { auth });
    }
    case 'load': {
      let auth = action.auth ?? state.draft.auth;
      if (auth.mode === 'api-key-bearer' && !auth.bearer) auth = { ...auth, bearer: firstUser(state.credentials, state.target) };
      return { ...state, attempted: false, serverProblems: [], draft: { ...action.draft, headers: state.draft.headers, auth } };
    }
    case 'error':
      return { ...state, error: action.message };
  }
}
