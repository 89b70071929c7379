/**
 * Variables of one scope (Globals, an environment, a collection), edited as a table. Secret values
 * are never shown: a secret row shows its masked hint, and an untouched one keeps its stored value.
 * Edits are kept per scope while the dialog is open, so switching the scope picker loses nothing.
 */
import { useRef, useState } from 'react';
import type { CollectionsView } from '../../../../shared/collections';
import type { VariableScope } from '../../../../shared/schemas/variable';
import type { CredentialsView } from '../../../../shared/credentials';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { problemsOf, type Row, rowsFrom, scopeData, scopeFromKey, scopeKey, toInputs } from './rows';
import { VariableRow, type SecretOrigins } from './VariableRow';
import { Modal } from '../../ui/Modal';

export interface VariablesDialogProps {
  open: boolean;
  scope: VariableScope | null;
  collections: CollectionsView | null;
  credentials: CredentialsView | null;
  onClose(): void;
  onSaved(result: { collections: CollectionsView; credentials: CredentialsView }): void;
}

type Message = { kind: 'error'; lines: string[] } | { kind: 'info'; text: string } | null;

export function VariablesDialog(props: VariablesDialogProps) {
  const { collections, credentials } = props;
  const [key, setKey] = useState(() => scopeKey(props.scope ?? { kind: 'global' }));
  const [drafts, setDrafts] = useState<Record<string, Row[]>>({});
  const [message, setMessage] = useState<Message>(null);
  const [saving, setSaving] = useState(false);
  const counter = useRef(0);

  const startAfresh = () => {
    setKey(scopeKey(props.scope ?? { kind: 'global' }));
    setDrafts({});
    setMessage(null);
  };

  const scope = scopeFromKey(key);
  const data = scopeData(scope, collections, credentials);
  const rows = drafts[key] ?? rowsFrom(data?.variables ?? []);
  const dirty = key in drafts;

  const edit = (next: Row[]) => {
    setDrafts((was) => ({ ...was, [key]: next }));
    setMessage(null);
  };

  const save = async () => {
    const problems = problemsOf(rows);
    if (problems.length > 0) {
      setMessage({ kind: 'error', lines: problems });
      return;
    }
    setSaving(true);
    try {
      const result = await api().variables.set({ scope, variables: toInputs(rows, scope.kind !== 'environment') });
      props.onSaved(result);
      setDrafts(({ [key]: _saved, ...rest }) => rest);
      setMessage({ kind: 'info', text: 'Saved.' });
    } catch (error) {
      setMessage({ kind: 'error', lines: [errorText(error)] });
    } finally {
      setSaving(false);
    }
  };

  const environments = credentials?.environments ?? [];
  const collectionList = collections?.collections ?? [];
  const secretOrigins: SecretOrigins =
    scope.kind === 'environment'
      ? { kind: 'environment', origin: environments.find((e) => e.id === scope.environmentId)?.origin ?? null }
      : { kind: 'list' };

  return (
    <Modal
      open={props.open}
      className="variables-dialog"
      labelledBy="variables-title"
      onOpen={startAfresh}
      onClose={props.onClose}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="dialog-head">
          <h2 id="variables-title">Variables — {data?.name ?? 'Globals'}</h2>
          <button type="button" className="icon-button" aria-label="Close variables" onClick={props.onClose}>
            ×
          </button>
        </div>
        <p className="muted-text">
          Use them as {'{{name}}'} in the URL, headers and body. The most specific wins: captured values, then the
          environment, the collection, and Globals. A secret is sent only to its allowed origins: an environment’s to
          its address; a collection’s or Globals’ to the list under its value (empty: the first send binds it to that
          origin).
        </p>
        <label className="field-inline variables-scope">
          <span>Scope</span>
          <select
            data-autofocus
            aria-label="Scope"
            value={key}
            onChange={(event) => (setKey(event.target.value), setMessage(null))}
          >
            <option value="global">Globals</option>
            {environments.length > 0 && (
              <optgroup label="Environments">
                {environments.map((env) => (
                  <option key={env.id} value={scopeKey({ kind: 'environment', environmentId: env.id })}>
                    {env.name}
                  </option>
                ))}
              </optgroup>
            )}
            {collectionList.length > 0 && (
              <optgroup label="Collections">
                {collectionList.map((c) => (
                  <option key={c.id} value={scopeKey({ kind: 'collection', collectionId: c.id })}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>

        {data === null ? (
          <p className="empty">
            {collections === null ? 'Loading…' : 'This scope no longer exists. Pick another one.'}
          </p>
        ) : (
          <>
            {rows.length === 0 ? (
              <p className="empty">No variables here yet.</p>
            ) : (
              <table className="variables-table" aria-label={`Variables of ${data.name}`}>
                <colgroup>
                  <col className="col-use" />
                  <col className="col-name" />
                  <col className="col-value" />
                  <col className="col-secret" />
                  <col className="col-remove" />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">Use</th>
                    <th scope="col">Name</th>
                    <th scope="col">Value</th>
                    <th scope="col">Secret</th>
                    <th scope="col">
                      <span className="visually-hidden">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <VariableRow
                      key={row.key}
                      row={row}
                      secretOrigins={secretOrigins}
                      onChange={(patch) => edit(rows.map((r) => (r.key === row.key ? { ...r, ...patch } : r)))}
                      onRemove={() => edit(rows.filter((r) => r.key !== row.key))}
                    />
                  ))}
                </tbody>
              </table>
            )}
            <button
              type="button"
              className="button small"
              onClick={() =>
                edit([
                  ...rows,
                  {
                    key: `new${++counter.current}`,
                    name: '',
                    value: '',
                    enabled: true,
                    secret: false,
                    hint: null,
                    original: null,
                  },
                ])
              }
            >
              Add variable
            </button>
          </>
        )}

        {message?.kind === 'error' && (
          <div role="alert" className="form-error variables-problems">
            {message.lines.length === 1 ? (
              <p>{message.lines[0]}</p>
            ) : (
              <ul>
                {message.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {message?.kind === 'info' && (
          <p role="status" className="form-info">
            {message.text}
          </p>
        )}

        <div className="dialog-buttons">
          {dirty && <span className="muted-text variables-dirty">Unsaved changes</span>}
          <button type="button" className="button ghost" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" className="button primary" disabled={data === null || saving || !dirty}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
