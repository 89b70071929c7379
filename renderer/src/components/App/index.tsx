/**
 * The App: the layout of the request builder and its dialogs. The state is one reducer (state.ts);
 * what the layout shows is derived by the pure selectors (selectors.ts); sending, saving, the
 * keyboard shortcuts, the unsaved-changes guard, the sidebar and the start-up data are hooks of
 * their own (use-*.ts). What is left here is wiring: which event dispatches what.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CollectionsView } from '../../../../shared/collections';
import { DEFAULT_CODE_TARGET, type CodeTargetId } from '../../../../shared/code-targets';
import type { OutgoingRequest } from '../../../../shared/schemas/outgoing-request';
import type { VariableScope } from '../../../../shared/schemas/variable';
import type { CredentialsView } from '../../../../shared/credentials';
import { authHeaderPreview, SANDBOX_ENVIRONMENT_ID } from '../../../../shared/credentials';
import { api } from '../../api';
import { useLatest } from '../../hooks/use-latest';
import { useNotice } from '../../hooks/use-notice';
import { loadCodeEditor } from '../../ui/CodeEditor';
import { prettyPrintJson } from '../../../../shared/json';
import { showTheme } from '../../theme';
import { activeData, ANY_TARGET, initialState, reducer, type AppState, type TargetId } from '../../state';
import { checkDraft, resolvedText, resolvedUrl } from '../../variables-preview';
import { AuthPicker } from '../AuthPicker';
import { BodyEditor } from '../BodyEditor';
import { CapturesEditor } from '../CapturesEditor';
import { ChecksEditor } from '../ChecksEditor';
import { HeadersEditor } from '../HeadersEditor';
import { ProblemsAlert } from '../ProblemsAlert';
import { RequestLine } from '../RequestLine';
import { ResponsePane } from '../ResponsePane';
import { ShortcutsSheet } from '../ShortcutsSheet';
import { FolderAuthDialog } from '../FolderAuthDialog';
import { Sidebar } from '../Sidebar';
import { exportCollection } from '../Sidebar/export-collection';
import { TabsBar } from '../TabsBar';
import { StartupWarnings } from '../StartupWarnings';
import { TargetBar } from '../TargetBar';
import { ConfirmClose } from './ConfirmClose';
import { deferred, useOnceTrue } from './deferred';
import {
  activeInheritedAuth,
  activeLink,
  curlActions,
  curlNotice,
  defaultSaveName,
  effectiveAuth,
  environmentIdOf,
  errorAction,
  exampleActions,
  folderAuthView,
  invalidHeaderRows,
  openHistoryAction,
  outgoing,
  tabsForBar,
  variableContext,
  withStartupData,
} from './selectors';
import { startupDataIfAnswered } from './startup';
import { useSave } from './use-save';
import { useSend } from './use-send';
import { tabBeside, useShortcuts } from './use-shortcuts';
import { useSidebar } from './use-sidebar';
import { useStartup } from './use-startup';
import { useRunner } from './use-runner';
import { useUnsavedGuard } from './use-unsaved-guard';

// The dialogs are chunks of their own: none is needed to show the request builder. Each is mounted
// the first time it opens (and kept), and all are preloaded once the app is ready.
const CredentialsDialog = deferred(() => import('../CredentialsDialog').then((m) => m.CredentialsDialog));
const SettingsDialog = deferred(() => import('../SettingsDialog').then((m) => m.SettingsDialog));
const ImportDialog = deferred(() => import('../ImportDialog').then((m) => m.ImportDialog));
const VariablesDialog = deferred(() => import('../VariablesDialog').then((m) => m.VariablesDialog));
const SaveDialog = deferred(() => import('../SaveDialog').then((m) => m.SaveDialog));
const RunDialog = deferred(() => import('../RunDialog').then((m) => m.RunDialog));
const RunnerView = deferred(() => import('../RunnerView').then((m) => m.RunnerView));
const CodeDialog = deferred(() => import('../CodeDialog').then((m) => m.CodeDialog));
const DIALOGS = [
  CredentialsDialog,
  SettingsDialog,
  ImportDialog,
  VariablesDialog,
  SaveDialog,
  RunDialog,
  RunnerView,
  CodeDialog,
];

/** How long a notice ("Saved “Publish”.") stays above the request. */
const NOTICE_MS = 4000;

/** The App's first state: with the start-up data when it has come before the first render. */
function firstState(): AppState {
  const data = startupDataIfAnswered();
  return data ? withStartupData(initialState(), data) : initialState();
}

export function App() {
  // The start-up data (asked for by main.tsx) is in the first state when it came before this render;
  // otherwise it is applied when it comes (useStartup).
  const [state, dispatch] = useReducer(reducer, undefined, firstState);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [credentialsOpen, setCredentialsOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [variablesScope, setVariablesScope] = useState<VariableScope | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [creatingCollection, setCreatingCollection] = useState(false);
  /** The request "Generate code" shows, taken when it opened; null while it is closed. */
  const [codeRequest, setCodeRequest] = useState<OutgoingRequest | null>(null);
  const [folderAuthOf, setFolderAuthOf] = useState<{ collectionId: string; folderId: string } | null>(null);
  const urlField = useRef<HTMLInputElement>(null);
  const responseSearch = useRef<(() => void) | null>(null);
  const [notice, setNotice] = useNotice(NOTICE_MS);
  const sidebar = useSidebar();
  const runner = useRunner(dispatch, setNotice);

  // The latest state for callbacks that outlive a render (keyboard shortcuts, editor keymap).
  const latest = useLatest(state);

  const { warnings: startupWarnings, loaded } = useStartup(dispatch);
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

  const { send, cancel, historyVersion } = useSend(latest, dispatch);
  const { save, createCollection, dialogOpen: saveOpen, closeDialog: closeSave } = useSave(latest, dispatch, setNotice);
  const saveHere = useCallback(() => save(), [save]);
  const guard = useUnsavedGuard(state, latest, dispatch, saveHere, saveOpen);
  const { requestClose } = guard;
  const switchTab = (id: string) => {
    runner.show(false);
    dispatch({ type: 'switchTab', id });
  };
  const newTab = () => {
    runner.show(false);
    dispatch({ type: 'newTab' });
  };
  const switchBeside = (step: 1 | -1) => {
    const { tabs, activeTab } = latest.current;
    switchTab(
      tabBeside(
        tabs.map((t) => t.id),
        activeTab,
        step,
      ),
    );
  };
  const openCode = () => setCodeRequest(outgoing(latest.current, crypto.randomUUID()));
  /** The language chosen is kept in Settings, for the next time. */
  const rememberCodeTarget = async (codeTarget: CodeTargetId) => {
    try {
      dispatch({ type: 'settings', settings: await api().settings.update({ codeTarget }) });
    } catch (error) {
      dispatch(errorAction(error, 'Could not keep the language chosen: '));
    }
  };
  useShortcuts({
    send: () => void send(),
    save: () => void saveHere(),
    newTab,
    closeTab: () => requestClose(latest.current.activeTab),
    nextTab: () => switchBeside(1),
    previousTab: () => switchBeside(-1),
    focusUrl: () => {
      urlField.current?.focus();
      urlField.current?.select();
    },
    searchResponse: () => responseSearch.current?.(),
    shortcuts: () => setShortcutsOpen((open) => !open),
    cancel,
    settings: () => setSettingsOpen(true),
    import: () => setImportOpen(true),
    newCollection: () => {
      sidebar.setOpen(true);
      setCreatingCollection(true);
    },
    openFolder: () => void openFolder(),
    export: () => void exportActive(),
    formatBody: () => formatBody(),
    copyCurl: () => void copyCurl(false),
    generateCode: () => openCode(),
    toggleSidebar: () => sidebar.setOpen((open) => !open),
    toggleTheme: () => void toggleTheme(),
  });

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
      dispatch(errorAction(error, 'Could not start the local sandbox: '));
    }
  };

  const loadExample = (id: string) => exampleActions(latest.current, id).forEach(dispatch);

  const openRequest = async (collectionId: string, requestId: string) => {
    sidebar.makeWay();
    try {
      const doc = await api().collections.getRequest({ collectionId, requestId });
      dispatch({ type: 'openRequest', collectionId, doc });
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  const openHistory = async (id: string) => {
    sidebar.makeWay();
    try {
      dispatch(openHistoryAction(await api().history.get({ id })));
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  /** A cURL command pasted into the URL field becomes the request. */
  const pasteCurl = async (text: string) => {
    try {
      const { request, unsupported } = await api().import.curl({ text });
      curlActions(request).forEach(dispatch);
      setNotice(curlNotice(unsupported));
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  const copyCurl = async (withSecrets: boolean) => {
    try {
      const answer = await api().export.curl({ request: outgoing(latest.current, crypto.randomUUID()), withSecrets });
      if (answer.text !== null) await navigator.clipboard.writeText(answer.text);
      setNotice(
        withSecrets
          ? 'Copied as cURL with the real credentials. Paste it only where it is safe.'
          : 'Copied as cURL, with placeholders for credentials.',
      );
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  /** The sidebar's Open folder…: a folder chosen in the main process's dialog joins the collections. */
  const openFolder = async () => {
    try {
      dispatch({ type: 'collections', collections: await api().collections.openFolder() });
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  /** File ▸ Export Collection…: the collection of the request in the active tab (or the only one), as Postman v2.1. */
  const exportActive = async () => {
    const list = latest.current.collections?.collections ?? [];
    const linked = activeLink(latest.current);
    const collection = linked
      ? list.find((c) => c.id === linked.collectionId)
      : list.length === 1
        ? list[0]
        : undefined;
    if (!collection) {
      setNotice('Open a saved request of the collection to export, or use Export in its menu (⋯) in the sidebar.');
      return;
    }
    try {
      setNotice(await exportCollection(collection, 'postman'));
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  /** The body editor's Format, for the menu and its keys: JSON that does not parse stays as typed, with a word why. */
  const formatBody = () => {
    const { body } = activeData(latest.current).draft;
    const pretty = body.trim() === '' ? null : prettyPrintJson(body);
    if (pretty !== null) dispatch({ type: 'body', body: pretty });
    else
      setNotice(
        body.trim() === ''
          ? 'The body is empty: there is nothing to format.'
          : 'The body is not valid JSON, so it stays as typed; the editor marks where it is wrong.',
      );
  };

  /** View ▸ Toggle Light/Dark Theme: the other of the two from the one shown, saved as Settings' theme. */
  const toggleTheme = async () => {
    const theme = latest.current.settings?.theme ?? 'system';
    const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    try {
      const settings = await api().settings.update({ theme: dark ? 'light' : 'dark' });
      showTheme(settings.theme);
      dispatch({ type: 'settings', settings });
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  const onImported = ({ collections, credentials }: { collections: CollectionsView; credentials: CredentialsView }) => {
    dispatch({ type: 'collections', collections });
    dispatch({ type: 'credentials', credentials });
  };

  const { draft, sending, result, attempted, serverProblems } = activeData(state);
  const context = variableContext(state);
  const problems = attempted ? [...checkDraft(draft, context), ...serverProblems] : [];
  const environmentId = environmentIdOf(state);
  const environment = state.credentials?.environments.find((e) => e.id === environmentId);
  const link = activeLink(state);
  const headerCount = draft.headers.filter((h) => h.enabled && h.name.trim()).length;
  const authRows = authHeaderPreview(effectiveAuth(state), environment);
  const preview = resolvedUrl(draft, context);
  const mountCredentials = useOnceTrue(credentialsOpen);
  const mountSettings = useOnceTrue(settingsOpen);
  const mountImport = useOnceTrue(importOpen);
  const mountVariables = useOnceTrue(variablesScope !== null);
  const mountSave = useOnceTrue(saveOpen);
  const mountRunDialog = useOnceTrue(runner.dialogScope !== null);
  const folderAuth = folderAuthOf && folderAuthView(state, folderAuthOf.collectionId, folderAuthOf.folderId);

  return (
    <div className={`app${sidebar.open ? ' with-sidebar' : ''}`}>
      <TargetBar
        target={state.target}
        environments={state.credentials?.environments ?? []}
        sandboxOrigin={state.sandbox?.origin ?? null}
        onTarget={(target) => void chooseTarget(target)}
        onExample={loadExample}
        onSettings={() => setSettingsOpen(true)}
        onToggleSidebar={() => sidebar.setOpen((open) => !open)}
        onVariables={() =>
          setVariablesScope(environmentId ? { kind: 'environment', environmentId } : { kind: 'global' })
        }
      />
      <div className="body-row">
        {sidebar.open && (
          <Sidebar
            collections={state.collections}
            activeLink={link}
            historyVersion={historyVersion}
            onOpenRequest={(collectionId, requestId) => void openRequest(collectionId, requestId)}
            onOpenHistory={(id) => void openHistory(id)}
            onCollections={(collections) => dispatch({ type: 'collections', collections })}
            onEditVariables={setVariablesScope}
            onImport={() => setImportOpen(true)}
            creatingCollection={creatingCollection}
            onCreatingCollection={setCreatingCollection}
            onRun={(collectionId, folderId) => {
              sidebar.makeWay();
              runner.openDialog(collectionId, folderId);
            }}
            onFolderAuth={(collectionId, folderId) => setFolderAuthOf({ collectionId, folderId })}
            onStarterAdded={() => {
              // The starter collection points at the Local sandbox by default; Production is one switch away.
              if (latest.current.target === ANY_TARGET) void chooseTarget(SANDBOX_ENVIRONMENT_ID);
            }}
          />
        )}
        {sidebar.open && <div className="sidebar-backdrop" aria-hidden="true" onClick={() => sidebar.setOpen(false)} />}
        {/* While a run's results are shown, the request builder is hidden, not unmounted (styles.css). */}
        <div className={`main-column${runner.shown ? ' showing-run' : ''}`}>
          <TabsBar
            tabs={tabsForBar(state)}
            activeTab={state.activeTab}
            onSwitch={switchTab}
            onClose={requestClose}
            onNew={newTab}
            runResults={runner.run && { title: runner.run.title, shown: runner.shown, onShow: () => runner.show(true) }}
          />
          {runner.shown && runner.run && (
            <RunnerView.Component
              key={runner.run.runId}
              runId={runner.run.runId}
              title={runner.run.title}
              onOpenRow={(runId, index) => void runner.openRow(runId, index)}
              onRunAgain={(ids) => void runner.runAgain(ids)}
              onNotice={setNotice}
              onClose={runner.close}
            />
          )}
          <RequestLine
            method={draft.method}
            url={draft.url}
            sending={sending !== null}
            urlInvalid={problems.some((p) => p.field === 'url')}
            urlRef={urlField}
            onMethod={(method) => dispatch({ type: 'method', method })}
            onUrl={(url) => dispatch({ type: 'url', url })}
            onPasteCurl={(text) => void pasteCurl(text)}
            onSend={() => void send()}
            onCancel={cancel}
            onSave={() => void saveHere()}
            onCopyCurl={(withSecrets) => void copyCurl(withSecrets)}
            onGenerateCode={openCode}
          />
          {preview && (
            <p className="resolved-url" aria-label="Resolved URL">
              <span className="muted-text">Sends to </span>
              <span className={preview.unknown.length ? 'unknown' : ''}>{preview.text}</span>
              {preview.unknown.length > 0 && (
                <span className="unknown-note"> — unknown: {preview.unknown.map((n) => `{{${n}}}`).join(', ')}</span>
              )}
            </p>
          )}
          <StartupWarnings warnings={startupWarnings} />
          <ProblemsAlert problems={problems} />
          {state.error && (
            <div role="alert" className="problems">
              {state.error}
              <button
                type="button"
                className="icon-button"
                aria-label="Dismiss"
                onClick={() => dispatch({ type: 'error', message: null })}
              >
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
                inherited={activeInheritedAuth(state)}
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
                invalidRows={invalidHeaderRows(problems)}
                onAdd={() => dispatch({ type: 'addHeader' })}
                onChange={(id, patch) => dispatch({ type: 'updateHeader', id, patch })}
                onRemove={(id) => dispatch({ type: 'removeHeader', id })}
              />
              <CapturesEditor
                captures={draft.captures}
                onChange={(captures) => dispatch({ type: 'captures', captures })}
              />
              <ChecksEditor
                checks={draft.checks}
                resolve={(text) => resolvedText(text, context)}
                onChange={(checks) => dispatch({ type: 'checks', checks })}
              />
              <h2 className="pane-title">Body</h2>
              <BodyEditor
                method={draft.method}
                body={draft.body}
                onBody={(body) => dispatch({ type: 'body', body })}
                onSubmit={() => void send()}
              />
            </section>
            <ResponsePane result={result} sending={sending} searchRef={responseSearch} />
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
      {mountImport && (
        <ImportDialog.Component open={importOpen} onClose={() => setImportOpen(false)} onImported={onImported} />
      )}
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
          defaultName={defaultSaveName(state)}
          onSave={(target) => void save(target)}
          onCreateCollection={createCollection}
          onClose={closeSave}
        />
      )}
      {mountRunDialog && (
        <RunDialog.Component
          scope={runner.dialogScope}
          collections={state.collections}
          environments={state.credentials?.environments ?? []}
          environmentId={environmentId}
          onStart={runner.start}
          onClose={runner.closeDialog}
        />
      )}
      {guard.closing && <ConfirmClose {...guard.closing} />}
      {shortcutsOpen && <ShortcutsSheet onClose={() => setShortcutsOpen(false)} />}
      {codeRequest && (
        <CodeDialog.Component
          request={codeRequest}
          target={state.settings?.codeTarget ?? DEFAULT_CODE_TARGET}
          onTarget={(target) => void rememberCodeTarget(target)}
          onClose={() => setCodeRequest(null)}
        />
      )}
      {folderAuthOf && folderAuth && (
        <FolderAuthDialog
          {...folderAuthOf}
          folderName={folderAuth.name}
          auth={folderAuth.auth}
          inherited={folderAuth.inherited}
          environment={environment}
          onSaved={(collections) => dispatch({ type: 'collections', collections })}
          onClose={() => setFolderAuthOf(null)}
        />
      )}
    </div>
  );
}
