/**
 * The run dialog: what to run (the collection or one of its folders, and which of its requests, all
 * checked at first), with which environment, how many iterations, a data file (chosen and read by the main process, which keeps its path), the
 * delay between requests and "stop at the first failure". Start hands the run's settings to the
 * app; a refusal comes back as a sentence shown here, and nothing typed is lost.
 */
import { useState } from 'react';
import type { CollectionsView } from '../../../../shared/collections';
import type { EnvironmentView } from '../../../../shared/credentials';
import type { RunDataFile, RunStart } from '../../../../shared/schemas/run';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { plural } from '../../format';
import { checkRunForm, MAX_ITERATIONS, scopeOptions, type RunFormText, type RunScope } from './run-form';
import { RequestChecklist } from './RequestChecklist';
import { runTarget, runTitle, selectableRequests } from './run-selection';
import { Modal } from '../../ui/Modal';

export interface RunDialogProps {
  /** What the menu's "Run…" was picked on; null while closed. */
  scope: RunScope | null;
  collections: CollectionsView | null;
  environments: EnvironmentView[];
  /** The current target's environment (null: any URL, no environment). */
  environmentId: string | null;
  /** Starts the run; resolves with a sentence when it was refused, null when it started. */
  onStart(start: RunStart, title: string): Promise<string | null>;
  onClose(): void;
}

const FIRST_FORM: RunFormText = { iterations: '1', delayMs: '0' };
const NO_ENVIRONMENT = '';

export function RunDialog(props: RunDialogProps) {
  const [folderId, setFolderId] = useState('');
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const [environmentId, setEnvironmentId] = useState(NO_ENVIRONMENT);
  const [form, setForm] = useState<RunFormText>(FIRST_FORM);
  const [dataFile, setDataFile] = useState<RunDataFile | null>(null);
  const [bail, setBail] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Partial<Record<keyof RunFormText, string>>>({});
  const [starting, setStarting] = useState(false);
  const { scope } = props;

  // Each opening starts from what the menu was picked on and the current target; the numbers typed last time stay.
  const startAfresh = () => {
    setFolderId(scope?.folderId ?? '');
    setUnchecked(new Set());
    setEnvironmentId(props.environmentId ?? NO_ENVIRONMENT);
    setError(null);
    setProblems({});
  };

  const collection = props.collections?.collections.find((c) => c.id === scope?.collectionId);
  const options = collection ? scopeOptions(collection) : [];
  const chosen = options.find((o) => o.value === folderId) ?? options[0];
  const requests = collection && chosen ? selectableRequests(collection.tree, chosen.value) : [];
  const target = chosen ? runTarget(chosen.value, requests, unchecked) : null;

  // Another folder lists other requests: all of them checked again.
  const chooseFolder = (value: string) => {
    setFolderId(value);
    setUnchecked(new Set());
  };

  const chooseDataFile = async () => {
    setError(null);
    try {
      const file = await api().runner.chooseDataFile();
      if (!file) return;
      setDataFile(file);
      // One iteration per row, unless the user asks for more (the last row then repeats).
      setForm((was) => ({ ...was, iterations: String(Math.min(file.rows, MAX_ITERATIONS)) }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  // The iterations the file set go with it.
  const removeDataFile = () => {
    setDataFile(null);
    setForm((was) => ({ ...was, iterations: FIRST_FORM.iterations }));
  };

  const start = async () => {
    if (!collection || !chosen || !target) return;
    const check = checkRunForm(form);
    setProblems(check.ok ? {} : check.problems);
    if (!check.ok) return;
    setStarting(true);
    setError(null);
    const refused = await props.onStart(
      {
        collectionId: collection.id,
        ...target,
        environmentId: environmentId || null,
        iterations: check.value.iterations,
        ...(dataFile ? { dataFileId: dataFile.dataFileId } : {}),
        delayMs: check.value.delayMs,
        bail,
      },
      runTitle(collection.name, chosen.value ? chosen.label : null, target, requests.length),
    );
    setStarting(false);
    setError(refused);
  };

  const field = (name: keyof RunFormText, label: string, hint: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        inputMode="numeric"
        value={form[name]}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={`run-${name}-hint`}
        onChange={(event) => setForm((was) => ({ ...was, [name]: event.target.value }))}
      />
      <small id={`run-${name}-hint`} className={problems[name] ? 'field-problem' : undefined}>
        {problems[name] ?? hint}
      </small>
    </label>
  );

  return (
    <Modal
      open={scope !== null}
      className="run-dialog"
      labelledBy="run-title"
      onOpen={startAfresh}
      onClose={props.onClose}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <h2 id="run-title">Run {collection ? `“${collection.name}”` : 'a collection'}</h2>
        {collection && chosen ? (
          <>
            <label className="field">
              <span>Run</span>
              <select value={chosen.value} onChange={(event) => chooseFolder(event.target.value)}>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label} — {plural(o.requests, 'request', 'requests')}
                  </option>
                ))}
              </select>
              <small>Requests run in tree order; captures carry from one request to the next.</small>
            </label>
            {requests.length > 0 && (
              <RequestChecklist requests={requests} unchecked={unchecked} onChange={setUnchecked} />
            )}
            <label className="field">
              <span>Environment</span>
              <select value={environmentId} onChange={(event) => setEnvironmentId(event.target.value)}>
                <option value={NO_ENVIRONMENT}>No environment (any URL, no credentials)</option>
                {props.environments.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
            </label>
            <div className="run-dialog-numbers">
              {field(
                'iterations',
                'Iterations',
                dataFile ? 'One per data row; more repeat its last row.' : 'How many times to run it all.',
              )}
              {field('delayMs', 'Delay between requests (ms)', 'Waited before each request but the first.')}
            </div>
            <div className="field">
              <span id="run-data-label">Data file (CSV or JSON)</span>
              <div className="run-data-file" role="group" aria-labelledby="run-data-label">
                {dataFile ? (
                  <>
                    <span className="run-data-name" title={dataFile.fileName}>
                      {dataFile.fileName}
                    </span>
                    <span className="muted-text">
                      {plural(dataFile.rows, 'row', 'rows')}
                      {dataFile.columns.length > 0 && ` · ${dataFile.columns.map((c) => `{{${c}}}`).join(', ')}`}
                    </span>
                    <button type="button" className="button small ghost" onClick={removeDataFile}>
                      Remove data file
                    </button>
                  </>
                ) : (
                  <>
                    <span className="muted-text">None: every iteration uses the same variables.</span>
                    <button type="button" className="button small" onClick={() => void chooseDataFile()}>
                      Choose data file…
                    </button>
                  </>
                )}
              </div>
            </div>
            <label className="run-bail">
              <input type="checkbox" checked={bail} onChange={(event) => setBail(event.target.checked)} /> Stop at the
              first failure
            </label>
            {requests.length === 0 && (
              <p className="muted-text">There is no request here to run: add one, or pick another folder.</p>
            )}
            {requests.length > 0 && !target && (
              <p className="muted-text">No request is checked: check the ones to run, or Select all.</p>
            )}
          </>
        ) : (
          <p className="muted-text">This collection is no longer open. Close this dialog and pick another.</p>
        )}
        {error && (
          <p role="alert" className="problems">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" className="button ghost" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" className="button primary" disabled={!target || starting}>
            {starting ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
