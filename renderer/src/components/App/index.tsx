import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { authHeaderPreview, SANDBOX_ENVIRONMENT_ID } from '../../../../shared/credentials';
import { SANDBOX_EXAMPLES, UNKNOWN_ADVERT_UUID } from '../../../../shared/examples';
import type { NetworkErrorResult } from '../../../../shared/http-types';
import { findProblems } from '../../../../shared/validate';
import { api } from '../../api';
import { ANY_TARGET, initialState, reducer, type TargetId } from '../../state';
import { AuthPicker } from '../AuthPicker';
import { BodyEditor } from '../BodyEditor';
import { CredentialsDialog } from '../CredentialsDialog';
import { HeadersEditor } from '../HeadersEditor';
import { ProblemsAlert } from '../ProblemsAlert';
import { RequestLine } from '../RequestLine';
import { ResponsePane } from '../ResponsePane';
import { SettingsDialog } from '../SettingsDialog';
import { TargetBar } from '../TargetBar';

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

export function App() {
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [credentialsOpen, setCredentialsOpen] = useState(false);
  const { draft } = state;
  const problems = state.attempted ? [...findProblems(draft), ...state.serverProblems] : [];
  const environmentId = state.target === ANY_TARGET ? null : state.target;
  const environment = state.credentials?.environments.find((e) => e.id === environmentId);

  // The latest state for callbacks that outlive a render (keyboard shortcut, editor keymap).
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    let cancelled = false;
    Promise.all([api().settings.get(), api().credentials.get()])
      .then(([settings, credentials]) => {
        if (cancelled) return;
        dispatch({ type: 'settings', settings });
        dispatch({ type: 'credentials', credentials });
      })
      .catch((error: Error) => !cancelled && dispatch({ type: 'error', message: `Could not load settings: ${error.message}` }))
      .finally(() => {
        if (!cancelled) document.getElementById('root')?.setAttribute('data-app-state', 'ready');
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const send = useCallback(async () => {
    const current = latest.current;
    if (current.sending) return;
    if (findProblems(current.draft).length > 0) {
      dispatch({ type: 'attempted' });
      return;
    }
    const requestId = crypto.randomUUID();
    dispatch({ type: 'sendStarted', requestId, startedAt: performance.now() });
    const target = current.target === ANY_TARGET ? null : current.target;
    try {
      const result = await api().request.send({ requestId, ...current.draft, environmentId: target });
      dispatch({ type: 'sendFinished', result });
    } catch (error) {
      dispatch({ type: 'sendFinished', result: failure(requestId, (error as Error).message) });
    }
    // A send may have refreshed a token (new expiry) or found a user needing re-authorization.
    if (current.draft.auth.mode === 'api-key-bearer') {
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

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        void send();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send]);

  const chooseTarget = async (target: TargetId) => {
    if (target !== SANDBOX_ENVIRONMENT_ID) {
      dispatch({ type: 'target', target });
      return;
    }
    try {
      const sandbox = await api().sandbox.start();
      // The sandbox's demo credentials are now in the Local sandbox environment.
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

  const invalidRows = new Set(problems.filter((p) => p.field === 'headers' && p.row !== undefined).map((p) => p.row!));
  const headerCount = draft.headers.filter((h) => h.enabled && h.name.trim()).length;
  const authRows = authHeaderPreview(draft.auth, environment);

  return (
    <div className="app">
      <TargetBar
        target={state.target}
        environments={state.credentials?.environments ?? []}
        sandboxOrigin={state.sandbox?.origin ?? null}
        onTarget={(target) => void chooseTarget(target)}
        onExample={loadExample}
        onSettings={() => setSettingsOpen(true)}
      />
      <RequestLine
        method={draft.method}
        url={draft.url}
        sending={state.sending !== null}
        urlInvalid={problems.some((p) => p.field === 'url')}
        onMethod={(method) => dispatch({ type: 'method', method })}
        onUrl={(url) => dispatch({ type: 'url', url })}
        onSend={() => void send()}
        onCancel={cancel}
      />
      <ProblemsAlert problems={problems} />
      {state.error && (
        <div role="alert" className="problems">
          {state.error}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dispatch({ type: 'error', message: null })}>
            ×
          </button>
        </div>
      )}
      <main className="workspace">
        <section className="request-pane" aria-label="Request">
          <AuthPicker auth={draft.auth} environment={environment} onAuth={(auth) => dispatch({ type: 'auth', auth })} onOpenCredentials={() => setCredentialsOpen(true)} />
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
          <h2 className="pane-title">Body</h2>
          <BodyEditor method={draft.method} body={draft.body} onBody={(body) => dispatch({ type: 'body', body })} onSubmit={() => void send()} />
        </section>
        <ResponsePane result={state.result} sending={state.sending} />
      </main>
      {state.credentials && (
        <CredentialsDialog
          open={credentialsOpen}
          credentials={state.credentials}
          environmentId={environmentId}
          onClose={() => setCredentialsOpen(false)}
          onChanged={(credentials) => dispatch({ type: 'credentials', credentials })}
        />
      )}
      {state.settings && (
        <SettingsDialog
          open={settingsOpen}
          settings={state.settings}
          onClose={() => setSettingsOpen(false)}
          onSaved={(settings) => dispatch({ type: 'settings', settings })}
        />
      )}
    </div>
  );
}
