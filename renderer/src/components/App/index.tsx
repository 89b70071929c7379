import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CollectionsView, MovedSecrets } from '../../../../shared/collections';
import type { RequestDoc } from '../../../../shared/schemas/request';
import type { VariableScope } from '../../../../shared/schemas/variable';
import type { AuthSelection } from '../../../../shared/schemas/auth';
import type { CredentialsView } from '../../../../shared/credentials';
import { authHeaderPreview, SANDBOX_ENVIRONMENT_ID } from '../../../../shared/credentials';
import { SANDBOX_EXAMPLES, UNKNOWN_ADVERT_UUID } from '../../../../shared/examples';
import type { NetworkErrorResult } from '../../../../shared/http-types';
import type { OutgoingRequest } from '../../../../shared/schemas/outgoing-request';
import { api } from '../../api';
import { loadCodeEditor } from '../../ui/CodeEditor';
import { ANY_TARGET, draftFromDoc, initialState, isDirty, reducer, type AppState, type TargetId } from '../../state';
import { checkDraft, resolvedUrl, type VariableContext } from '../../variables-preview';
import { AuthPicker } from '../AuthPicker';
import { BodyEditor } from '../BodyEditor';
import { CapturesEditor } from '../CapturesEditor';
import { HeadersEditor } from '../HeadersEditor';
import { ProblemsAlert } from '../ProblemsAlert';
import { RequestLine } from '../RequestLine';
import { ResponsePane } from '../ResponsePane';
import type { SaveTarget } from '../SaveDialog';
import { Sidebar } from '../Sidebar';
import { TabsBar } from '../TabsBar';
import { StartupWarnings } from '../StartupWarnings';
import { TargetBar } from '../TargetBar';
import { deferred, useOnceTrue } from './deferred';
import { loadStartupData, startupDataIfAnswered, type StartupData } from './startup';

// The dialogs are chunks of their own: none is needed to show the request builder. Each is mounted
// the first time it opens (and kept), and all are preloaded once the app is ready.
const CredentialsDialog = deferred(() => import('../CredentialsDialog').then((m) => m.CredentialsDialog));
const SettingsDialog = deferred(() => import('../SettingsDialog').then((m) => m.SettingsDialog));
const ImportDialog = deferred(() => import('../ImportDialog').then((m) => m.ImportDialog));
const VariablesDialog = deferred(() => import('../VariablesDialog').then((m) => m.VariablesDialog));
const SaveDialog = deferred(() => import('../SaveDialog').then((m) => m.SaveDialog));
const DIALOGS = [CredentialsDialog, SettingsDialog, ImportDialog, VariablesDialog, SaveDialog];

const UNKNOWN_KEY = 'sbx_unknown_key_0000';

function failure(requestId: string, message: string): NetworkErrorResult {
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

/** The app's state with the start-up data in it, as the three actions would make it. */
function withStartupData(state: AppState, data: StartupData): AppState {
  const withSettings = reducer(state, { type: 'settings', settings: data.settings });
  const withCredentials = reducer(withSettings, { type: 'credentials', credentials: data.credentials });
  return reducer(withCredentials, { type: 'collections', collections: data.collections });
}

/** The App's first state: with the start-up data when it has come before the first render. */
function firstState(): AppState {
  const data = startupDataIfAnswered();
  return data ? withStartupData(initialState(), data) : initialState();
}

function activeLink(state: AppState) {
  return state.tabs.find((t) => t.id === state.activeTab)?.link ?? null;
}

/** The auth a request uses: its own, or its collection's when it inherits. */
function effectiveAuth(state: AppState): AuthSelection {
  const auth = state.draft.auth;
  if (auth.mode !== 'inherit') return auth;
  const link = activeLink(state);
  const inherited = state.collections?.collections.find((c) => c.id === link?.collectionId)?.auth ?? { mode: 'none' };
  if (inherited.mode === 'api-key-bearer' && !inherited.bearer) {
    // Act for the environment's first authorized CRM user, as a new request would.
    const user = state.credentials?.environments.find((e) => e.id === state.target)?.users.find((u) => u.status === 'authorized');
    return { ...inherited, bearer: user?.id };
  }
  return inherited;
}

function variableContext(state: AppState): VariableContext {
  return {
    collections: state.collections,
    credentials: state.credentials,
    captured: state.captured,
    environmentId: state.target === ANY_TARGET ? null : state.target,
    collectionId: activeLink(state)?.collectionId ?? null,
  };
}

/** The request as the main process gets it. */
function outgoing(state: AppState, requestId: string): OutgoingRequest {
  const { draft } = state;
  return {
    requestId,
    method: draft.method,
    url: draft.url,
    headers: draft.headers,
    body: draft.body,
    auth: effectiveAuth(state),
    environmentId: state.target === ANY_TARGET ? null : state.target,
    collectionId: activeLink(state)?.collectionId ?? null,
    captures: draft.captures.filter((c) => c.variable.trim() && c.path.trim()),
  };
}

function docFromState(state: AppState, id: string, name: string): RequestDoc {
  const { draft } = state;
  return {
    id,
    name,
    method: draft.method,
    url: draft.url,
    headers: draft.headers.map((h) => ({ name: h.name, value: h.value, enabled: h.enabled, ...(h.origin === 'default' ? { origin: 'default' as const } : {}) })),
    body: draft.body,
    auth: draft.auth,
    captures: draft.captures.filter((c) => c.variable.trim() && c.path.trim()),
  };
}

/** "Saved “Publish”.", and what the save did with a credential typed into a header, when it did. */
function savedNotice(name: string, moved: MovedSecrets | undefined): string {
  return moved ? `Saved “${name}”. ${moved.notice}` : `Saved “${name}”.`;
}

export function App() {
  // The start-up data (asked for by main.tsx) is in the first state when it came before this render;
  // otherwise it is applied when it comes (below).
  const [state, dispatch] = useReducer(reducer, undefined, firstState);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [credentialsOpen, setCredentialsOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [saveOpen, setSaveOpen] = useState(false);
  const [variablesScope, setVariablesScope] = useState<VariableScope | null>(null);
  const [closing, setClosing] = useState<string | null>(null);
  const [historyVersion, setHistoryVersion] = useState(0);
  const [sidebarOpen, setSidebarOpen] = useState(() => window.innerWidth > 900);
  const [notice, setNotice] = useState<string | null>(null);
  const [startupWarnings, setStartupWarnings] = useState<string[]>(() => startupDataIfAnswered()?.warnings ?? []);
  const { draft } = state;
  const context = variableContext(state);
  const problems = state.attempted ? [...checkDraft(draft, context), ...state.serverProblems] : [];
  const environmentId = state.target === ANY_TARGET ? null : state.target;
  const environment = state.credentials?.environments.find((e) => e.id === environmentId);
  const link = activeLink(state);
  const activeTab = state.tabs.find((t) => t.id === state.activeTab)!;

  // The latest state for callbacks that outlive a render (keyboard shortcuts, editor keymap).
  const latest = useRef(state);
  latest.current = state;

  // The start-up data is in the state (or failed to come: the error says so).
  const [loaded, setLoaded] = useState(() => startupDataIfAnswered() !== null);
  useEffect(() => {
    if (loaded) return;
    let cancelled = false;
    loadStartupData()
      .then(({ settings, credentials, collections, warnings }) => {
        if (cancelled) return;
        setStartupWarnings(warnings);
        dispatch({ type: 'settings', settings });
        dispatch({ type: 'credentials', credentials });
        dispatch({ type: 'collections', collections });
      })
      .catch((error: Error) => !cancelled && dispatch({ type: 'error', message: `Could not load your data: ${error.message}` }))
      .finally(() => !cancelled && setLoaded(true));
    return () => {
      cancelled = true;
    };
    // Runs once: `loaded` only ever turns true, and then there is nothing left to load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Ready once the render with the data is committed (children's effects ran first: the sidebar
  // lists the collections). Then the code editor's chunk loads (the body is a box that takes no
  // input until it is there), and the dialogs' code, so that none waits when first opened.
  useEffect(() => {
    if (!loaded) return;
    document.getElementById('root')?.setAttribute('data-app-state', 'ready');
    void loadCodeEditor().catch(() => undefined); // an editor that fails to load says so itself
    const timer = setTimeout(() => DIALOGS.forEach((dialog) => void dialog.preload().catch(() => undefined)), 0);
    return () => clearTimeout(timer);
  }, [loaded]);

  const report = (error: unknown) => dispatch({ type: 'error', message: (error as Error).message });

  const send = useCallback(async () => {
    const current = latest.current;
    if (current.sending) return;
    if (checkDraft(current.draft, variableContext(current)).length > 0) {
      dispatch({ type: 'attempted' });
      return;
    }
    const requestId = crypto.randomUUID();
    dispatch({ type: 'sendStarted', requestId, startedAt: performance.now() });
    try {
      const result = await api().request.send(outgoing(current, requestId));
      dispatch({ type: 'sendFinished', result });
    } catch (error) {
      dispatch({ type: 'sendFinished', result: failure(requestId, (error as Error).message) });
    }
    setHistoryVersion((v) => v + 1);
    // A send may have refreshed a token (new expiry) or found a user needing re-authorization.
    if (effectiveAuth(current).mode === 'api-key-bearer') {
      api()
        .credentials.get()
        .then((credentials) => dispatch({ type: 'credentials', credentials }))
        .catch(() => undefined);
    }
  }, []);

  const cancel = useCallback(() => {
    const sending = latest.current.sending;
    if (sending) void api().request.cancel({ requestId: sending.requestId });
  }, []);

  const saveTo = useCallback(async (target: SaveTarget) => {
    const current = latest.current;
    const id = crypto.randomUUID();
    try {
      const { moved, ...collections } = await api().collections.saveRequest({
        collectionId: target.collectionId,
        parentId: target.parentId,
        request: docFromState(current, id, target.name),
      });
      dispatch({ type: 'collections', collections });
      dispatch({ type: 'saved', collectionId: target.collectionId, requestId: id, name: target.name, headerValues: moved?.headers, token: moved?.token });
      setSaveOpen(false);
      setNotice(savedNotice(target.name, moved));
    } catch (error) {
      report(error);
    }
  }, []);

  const save = useCallback(async () => {
    const current = latest.current;
    const tab = current.tabs.find((t) => t.id === current.activeTab)!;
    if (!tab.link) {
      setSaveOpen(true);
      return;
    }
    try {
      const { moved, ...collections } = await api().collections.saveRequest({
        collectionId: tab.link.collectionId,
        parentId: null,
        request: docFromState(current, tab.link.requestId, tab.name),
      });
      dispatch({ type: 'collections', collections });
      const { collectionId, requestId } = tab.link;
      dispatch({ type: 'saved', collectionId, requestId, name: tab.name, headerValues: moved?.headers, token: moved?.token });
      setNotice(savedNotice(tab.name, moved));
    } catch (error) {
      report(error);
    }
  }, []);

  const requestClose = useCallback((id: string) => {
    const current = latest.current;
    const tab = current.tabs.find((t) => t.id === id);
    if (!tab) return;
    const tabDraft = id === current.activeTab ? current.draft : tab.data?.draft;
    if (tabDraft && isDirty(tab, tabDraft)) setClosing(id);
    else dispatch({ type: 'closeTab', id });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.defaultPrevented) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        void send();
      } else if (event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      } else if (event.key.toLowerCase() === 't' && !event.shiftKey) {
        event.preventDefault();
        dispatch({ type: 'newTab' });
      } else if (event.key.toLowerCase() === 'w') {
        event.preventDefault();
        requestClose(latest.current.activeTab);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send, save, requestClose]);

  // Unsaved requests are never dropped silently: closing the window asks (the main process shows the question).
  const anyDirty = state.tabs.some((t) => isDirty(t, t.id === state.activeTab ? draft : t.data!.draft));
  useEffect(() => {
    if (!anyDirty) return;
    const hold = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', hold);
    return () => window.removeEventListener('beforeunload', hold);
  }, [anyDirty]);

  // On narrow windows the sidebar floats over the request: it closes when the window becomes narrow.
  useEffect(() => {
    const narrow = window.matchMedia('(max-width: 900px)');
    const follow = () => setSidebarOpen(!narrow.matches);
    narrow.addEventListener('change', follow);
    return () => narrow.removeEventListener('change', follow);
  }, []);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  const chooseTarget = async (target: TargetId) => {
    if (target !== SANDBOX_ENVIRONMENT_ID) {
      dispatch({ type: 'target', target });
      return;
    }
    try {
      const sandbox = await api().sandbox.start();
      // The sandbox's demo credentials and its baseUrl are now in the Local sandbox environment.
      dispatch({ type: 'credentials', credentials: await api().credentials.get() });
      dispatch({ type: 'target', target, sandbox });
    } catch (error) {
      dispatch({ type: 'error', message: `Could not start the local sandbox: ${(error as Error).message}` });
    }
  };

  const loadExample = (id: string) => {
    const example = SANDBOX_EXAMPLES.find((e) => e.id === id);
    const sandbox = latest.current.sandbox;
    if (!example || !sandbox) return;
    const path = example.path.replace('{advert}', latest.current.lastAdvertUuid ?? UNKNOWN_ADVERT_UUID);
    const auth = example.auth === 'wrong-key' ? { mode: 'none' as const } : { mode: example.auth };
    dispatch({ type: 'load', draft: { method: example.method, url: sandbox.origin + path, body: example.body ?? '' }, auth });
    // Only the 403 example carries a key of its own, typed as a plain header row.
    dispatch({ type: 'setHeader', name: 'X-API-KEY', value: example.auth === 'wrong-key' ? UNKNOWN_KEY : null });
  };

  /** On a narrow window the floating sidebar makes way for what was opened. */
  const makeWay = () => {
    if (window.matchMedia('(max-width: 900px)').matches) setSidebarOpen(false);
  };

  const openRequest = async (collectionId: string, requestId: string) => {
    makeWay();
    try {
      const doc = await api().collections.getRequest({ collectionId, requestId });
      dispatch({ type: 'openRequest', collectionId, doc });
    } catch (error) {
      report(error);
    }
  };

  const openHistory = async (id: string) => {
    makeWay();
    try {
      const entry = await api().history.get({ id });
      dispatch({ type: 'openDraft', name: `${entry.method} ${entry.url.replace(/^https:\/\/[^/]+/, '') || '/'}`, draft: { ...draftFromDoc({ ...entry.request, captures: [] }), headers: entry.request.headers.map((h) => ({ ...h, origin: h.origin === 'default' ? 'default' : 'user' })) } });
    } catch (error) {
      report(error);
    }
  };

  /** A cURL command pasted into the URL field becomes the request. */
  const pasteCurl = async (text: string) => {
    try {
      const { request, unsupported } = await api().import.curl({ text });
      const doc = draftFromDoc(request);
      dispatch({ type: 'load', draft: { method: doc.method, url: doc.url, body: doc.body }, auth: request.auth.mode === 'inherit' ? undefined : request.auth });
      for (const header of doc.headers) dispatch({ type: 'setHeader', name: header.name, value: header.value });
      setNotice(unsupported.length ? `Imported the cURL command. Not imported: ${unsupported.join(' ')}` : 'Imported the cURL command.');
    } catch (error) {
      report(error);
    }
  };

  const copyCurl = async (withSecrets: boolean) => {
    try {
      const answer = await api().export.curl({ request: outgoing(latest.current, crypto.randomUUID()), withSecrets });
      if (answer.text !== null) await navigator.clipboard.writeText(answer.text);
      setNotice(withSecrets ? 'Copied as cURL with the real credentials. Paste it only where it is safe.' : 'Copied as cURL, with placeholders for credentials.');
    } catch (error) {
      report(error);
    }
  };

  const onImported = ({ collections, credentials }: { collections: CollectionsView; credentials: CredentialsView }) => {
    dispatch({ type: 'collections', collections });
    dispatch({ type: 'credentials', credentials });
  };

  const invalidRows = new Set(problems.filter((p) => p.field === 'headers' && p.row !== undefined).map((p) => p.row!));
  const headerCount = draft.headers.filter((h) => h.enabled && h.name.trim()).length;
  const authRows = authHeaderPreview(effectiveAuth(state), environment);
  const preview = resolvedUrl(draft, context);
  const closingTab = state.tabs.find((t) => t.id === closing);
  const mountCredentials = useOnceTrue(credentialsOpen);
  const mountSettings = useOnceTrue(settingsOpen);
  const mountImport = useOnceTrue(importOpen);
  const mountVariables = useOnceTrue(variablesScope !== null);
  const mountSave = useOnceTrue(saveOpen);

  return (
    <div className={`app${sidebarOpen ? ' with-sidebar' : ''}`}>
      <TargetBar
        target={state.target}
        environments={state.credentials?.environments ?? []}
        sandboxOrigin={state.sandbox?.origin ?? null}
        onTarget={(target) => void chooseTarget(target)}
        onExample={loadExample}
        onSettings={() => setSettingsOpen(true)}
        onToggleSidebar={() => setSidebarOpen((open) => !open)}
        onVariables={() => setVariablesScope(environmentId ? { kind: 'environment', environmentId } : { kind: 'global' })}
      />
      <div className="body-row">
        {sidebarOpen && (
          <Sidebar
            collections={state.collections}
            activeLink={link}
            historyVersion={historyVersion}
            onOpenRequest={(collectionId, requestId) => void openRequest(collectionId, requestId)}
            onOpenHistory={(id) => void openHistory(id)}
            onCollections={(collections) => dispatch({ type: 'collections', collections })}
            onEditVariables={setVariablesScope}
            onImport={() => setImportOpen(true)}
            onStarterAdded={() => {
              // The starter collection points at the Local sandbox by default; Production is one switch away.
              if (latest.current.target === ANY_TARGET) void chooseTarget(SANDBOX_ENVIRONMENT_ID);
            }}
          />
        )}
        {sidebarOpen && <div className="sidebar-backdrop" aria-hidden="true" onClick={() => setSidebarOpen(false)} />}
        <div className="main-column">
          <TabsBar
            tabs={state.tabs.map((t) => {
              const tabDraft = t.id === state.activeTab ? draft : t.data!.draft;
              return { ...t, dirty: isDirty(t, tabDraft), method: tabDraft.method };
            })}
            activeTab={state.activeTab}
            onSwitch={(id) => dispatch({ type: 'switchTab', id })}
            onClose={requestClose}
            onNew={() => dispatch({ type: 'newTab' })}
          />
          <RequestLine
            method={draft.method}
            url={draft.url}
            sending={state.sending !== null}
            urlInvalid={problems.some((p) => p.field === 'url')}
            onMethod={(method) => dispatch({ type: 'method', method })}
            onUrl={(url) => dispatch({ type: 'url', url })}
            onPasteCurl={(text) => void pasteCurl(text)}
            onSend={() => void send()}
            onCancel={cancel}
            onSave={() => void save()}
            onCopyCurl={(withSecrets) => void copyCurl(withSecrets)}
          />
          {preview && (
            <p className="resolved-url" aria-label="Resolved URL">
              <span className="muted-text">Sends to </span>
              <span className={preview.unknown.length ? 'unknown' : ''}>{preview.text}</span>
              {preview.unknown.length > 0 && <span className="unknown-note"> — unknown: {preview.unknown.map((n) => `{{${n}}}`).join(', ')}</span>}
            </p>
          )}
          <StartupWarnings warnings={startupWarnings} />
          <ProblemsAlert problems={problems} />
          {state.error && (
            <div role="alert" className="problems">
              {state.error}
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dispatch({ type: 'error', message: null })}>
                ×
              </button>
            </div>
          )}
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
          <main className="workspace">
            <section className="request-pane" aria-label="Request">
              <AuthPicker
                auth={draft.auth}
                inherited={draft.auth.mode === 'inherit' ? effectiveAuth(state) : null}
                canInherit={link !== null}
                environment={environment}
                onAuth={(auth) => dispatch({ type: 'auth', auth })}
                onOpenCredentials={() => setCredentialsOpen(true)}
              />
              <h2 className="pane-title">
                Headers <span className="count">{headerCount + authRows.length}</span>
              </h2>
              <HeadersEditor
                authRows={authRows}
                rows={draft.headers}
                method={draft.method}
                body={draft.body}
                invalidRows={invalidRows}
                onAdd={() => dispatch({ type: 'addHeader' })}
                onChange={(id, patch) => dispatch({ type: 'updateHeader', id, patch })}
                onRemove={(id) => dispatch({ type: 'removeHeader', id })}
              />
              <CapturesEditor captures={draft.captures} onChange={(captures) => dispatch({ type: 'captures', captures })} />
              <h2 className="pane-title">Body</h2>
              <BodyEditor method={draft.method} body={draft.body} onBody={(body) => dispatch({ type: 'body', body })} onSubmit={() => void send()} />
            </section>
            <ResponsePane result={state.result} sending={state.sending} />
          </main>
        </div>
      </div>
      {state.credentials && mountCredentials && (
        <CredentialsDialog.Component
          open={credentialsOpen}
          credentials={state.credentials}
          environmentId={environmentId}
          onClose={() => setCredentialsOpen(false)}
          onChanged={(credentials) => dispatch({ type: 'credentials', credentials })}
        />
      )}
      {state.settings && mountSettings && (
        <SettingsDialog.Component
          open={settingsOpen}
          settings={state.settings}
          onClose={() => setSettingsOpen(false)}
          onSaved={(settings) => dispatch({ type: 'settings', settings })}
        />
      )}
      {mountImport && <ImportDialog.Component open={importOpen} onClose={() => setImportOpen(false)} onImported={onImported} />}
      {mountVariables && (
        <VariablesDialog.Component
          open={variablesScope !== null}
          scope={variablesScope}
          collections={state.collections}
          credentials={state.credentials}
          onClose={() => setVariablesScope(null)}
          onSaved={onImported}
        />
      )}
      {mountSave && (
        <SaveDialog.Component
          open={saveOpen}
          collections={state.collections}
          defaultName={activeTab.name === 'Untitled request' ? `${draft.method} ${draft.url.replace(/^(\{\{[^}]+\}\}|https:\/\/[^/]+)/, '') || '/'}` : activeTab.name}
          onSave={(target) => void saveTo(target)}
          onCreateCollection={async (name) => {
            try {
              const collections = await api().collections.create({ name });
              dispatch({ type: 'collections', collections });
              return collections.collections.find((c) => c.name === name)?.id ?? null;
            } catch (error) {
              report(error);
              return null;
            }
          }}
          onClose={() => setSaveOpen(false)}
        />
      )}
      {closingTab && (
        <ConfirmClose
          name={closingTab.name}
          onSave={() => {
            setClosing(null);
            if (closingTab.id !== state.activeTab) dispatch({ type: 'switchTab', id: closingTab.id });
            else void save().then(() => dispatch({ type: 'closeTab', id: closingTab.id }));
          }}
          onDiscard={() => {
            setClosing(null);
            dispatch({ type: 'closeTab', id: closingTab.id });
          }}
          onCancel={() => setClosing(null)}
        />
      )}
    </div>
  );
}

function ConfirmClose(props: { name: string; onSave(): void; onDiscard(): void; onCancel(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="confirm-dialog" aria-labelledby="confirm-title" onCancel={props.onCancel}>
      <h2 id="confirm-title">Save changes to “{props.name}”?</h2>
      <p className="muted-text">Your changes are lost if you close without saving.</p>
      <div className="dialog-buttons">
        <button type="button" className="button ghost" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={props.onDiscard}>
          Don’t save
        </button>
        <button type="button" className="button primary" onClick={props.onSave}>
          Save
        </button>
      </div>
    </dialog>
  );
}
