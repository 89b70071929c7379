/** The renderer's state and the one reducer that changes it. */
import type { SandboxTarget } from '../../shared/contract';
import { conventionHeaderRows, newRowId } from '../../shared/headers';
import type { HeaderRow, Method, SendResult } from '../../shared/http-types';
import type { SettingsView } from '../../shared/settings';

export interface Draft {
  method: Method;
  url: string;
  headers: HeaderRow[];
  body: string;
}

export type TargetId = 'any' | 'sandbox' | 'production';

export interface AppState {
  draft: Draft;
  settings: SettingsView | null;
  sending: { requestId: string; startedAt: number } | null;
  result: SendResult | null;
  /** Set when the user tried to send: from then on problems are shown until they are fixed. */
  attempted: boolean;
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
  | { type: 'load'; draft: Omit<Draft, 'headers'>; headers?: HeaderRow[] }
  | { type: 'error'; message: string | null };

export const PRODUCTION_ORIGIN = 'https://api.olxgroup.com';

export function initialState(): AppState {
  return {
    draft: {
      method: 'GET',
      url: '',
      headers: conventionHeaderRows({ crmName: '' }),
      body: '',
    },
    settings: null,
    sending: null,
    result: null,
    attempted: false,
    target: 'any',
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
  return { ...state, draft: { ...state.draft, ...patch } };
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
      return { ...state, attempted: false, error: null, sending: { requestId: action.requestId, startedAt: action.startedAt } };
    case 'sendFinished': {
      if (state.sending?.requestId !== action.result.requestId) return state;
      if (action.result.kind === 'rejected') return { ...state, sending: null, attempted: true };
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
      let { url, headers } = state.draft;
      if (action.target === 'sandbox' && sandbox) {
        url = withOrigin(url, sandbox.origin);
        headers = setHeader(headers, 'X-API-KEY', sandbox.apiKey);
      } else if (action.target === 'production') {
        url = withOrigin(url, PRODUCTION_ORIGIN);
        // The sandbox's demo key means nothing elsewhere: never send it to another host.
        if (sandbox && headers.some((h) => h.name.toLowerCase() === 'x-api-key' && h.value === sandbox.apiKey)) {
          headers = setHeader(headers, 'X-API-KEY', null);
        }
      }
      return { ...state, target: action.target, sandbox, draft: { ...state.draft, url, headers } };
    }
    case 'load':
      return { ...state, attempted: false, draft: { ...action.draft, headers: action.headers ?? state.draft.headers } };
    case 'error':
      return { ...state, error: action.message };
  }
}
