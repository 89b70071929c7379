/**
 * Credentials per environment: secrets are typed in, then shown only as set / not set with a masked
 * hint; CRM users are authorized with OAuth2 and shown with their token's expiry.
 */
import { useEffect, useState } from 'react';
import type { AuthWindow } from '../../../../shared/auth-modes';
import type { CredentialsView, CrmUserView, EnvironmentView, SecretField } from '../../../../shared/credentials';
import { SANDBOX_ENVIRONMENT_ID, SECRET_FIELDS, SECRET_LABELS } from '../../../../shared/credentials';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { formatRemaining } from '../../format';
import { Modal } from '../../ui/Modal';

export interface CredentialsDialogProps {
  open: boolean;
  credentials: CredentialsView;
  environmentId: string | null;
  onClose(): void;
  onChanged(credentials: CredentialsView): void;
}

type Message = { kind: 'error' | 'info'; text: string } | null;

/** The clock, ticking only while `running` (the dialog is open). */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

function expiry(at: number | null, now: number): string {
  if (at === null) return 'no expiry given';
  const left = at - now;
  return left <= 0 ? `expired ${formatRemaining(left)} ago` : `expires in ${formatRemaining(left)}`;
}

function SecretRow(props: {
  environment: EnvironmentView;
  field: SecretField;
  run(action: () => Promise<CredentialsView>, done: string): Promise<boolean>;
}) {
  const { environment, field } = props;
  const [value, setValue] = useState('');
  const status = environment.secrets[field];
  const label = SECRET_LABELS[field];
  return (
    <form
      className="secret-row"
      onSubmit={(event) => {
        event.preventDefault();
        if (!value) return;
        void props
          .run(
            () => api().credentials.setSecret({ environmentId: environment.id, field, value }),
            `${label} saved for ${environment.name}.`,
          )
          .then((ok) => ok && setValue(''));
      }}
    >
      <span className="secret-label">{label}</span>
      <span className={`secret-status${status.set ? ' set' : ''}`} aria-label={`${label} status`}>
        {status.set ? `set ${status.hint ?? ''}${status.source === 'sandbox' ? ' (demo)' : ''}` : 'not set'}
      </span>
      <input
        type="password"
        autoComplete="off"
        spellCheck={false}
        aria-label={`New ${label}`}
        placeholder={status.set ? 'Replace…' : 'Enter…'}
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit" className="button small" aria-label={`Save ${label}`} disabled={!value}>
        Save
      </button>
      <button
        type="button"
        className="button ghost small"
        aria-label={`Clear ${label}`}
        disabled={status.source !== 'vault'}
        onClick={() =>
          void props.run(
            () => api().credentials.clearSecret({ environmentId: environment.id, field }),
            `${label} cleared.`,
          )
        }
      >
        Clear
      </button>
    </form>
  );
}

function UserRow(props: {
  user: CrmUserView;
  now: number;
  busy: boolean;
  onRefresh(): void;
  onReauthorize(): void;
  onRemove(): void;
}) {
  const { user, now } = props;
  return (
    <li
      className={`user-row${user.status === 'needs-reauthorization' ? ' needs' : ''}`}
      aria-label={`CRM user ${user.name}`}
    >
      <span className="user-name">{user.name}</span>
      <span className="user-status">
        {user.status === 'authorized'
          ? `Access token ${expiry(user.accessExpiresAt, now)}`
          : `Needs re-authorization — ${user.problem ?? ''}`}
      </span>
      {user.status === 'authorized' ? (
        <button
          type="button"
          className="button ghost small"
          disabled={props.busy}
          onClick={props.onRefresh}
          aria-label={`Refresh ${user.name}`}
        >
          Refresh
        </button>
      ) : (
        <button
          type="button"
          className="button small primary"
          disabled={props.busy}
          onClick={props.onReauthorize}
          aria-label={`Re-authorize ${user.name}`}
        >
          Re-authorize
        </button>
      )}
      <button
        type="button"
        className="button ghost small"
        disabled={props.busy}
        onClick={props.onRemove}
        aria-label={`Remove ${user.name}`}
      >
        Remove
      </button>
    </li>
  );
}

export function CredentialsDialog(props: CredentialsDialogProps) {
  const { credentials } = props;
  const [selected, setSelected] = useState<string>(props.environmentId ?? SANDBOX_ENVIRONMENT_ID);
  const [message, setMessage] = useState<Message>(null);
  const [userName, setUserName] = useState('');
  const [authorizing, setAuthorizing] = useState(false);
  const [newEnv, setNewEnv] = useState({ name: '', origin: '', authorizationUrl: '' });
  const [authUrl, setAuthUrl] = useState('');
  const now = useNow(props.open);
  const environment = credentials.environments.find((e) => e.id === selected) ?? credentials.environments[0];

  const startAfresh = () => {
    setSelected(
      props.environmentId && credentials.environments.some((e) => e.id === props.environmentId)
        ? props.environmentId
        : SANDBOX_ENVIRONMENT_ID,
    );
    setMessage(null);
  };

  useEffect(() => setAuthUrl(environment?.authorizationUrl ?? ''), [environment?.id, environment?.authorizationUrl]);

  const run = async (action: () => Promise<CredentialsView>, done: string): Promise<boolean> => {
    try {
      props.onChanged(await action());
      setMessage({ kind: 'info', text: done });
      return true;
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
      return false;
    }
  };

  const authorize = async (name: string, userId?: string) => {
    if (!environment) return;
    setAuthorizing(true);
    setMessage({ kind: 'info', text: `Waiting for the authorization page of ${environment.name}…` });
    try {
      const user = await api().oauth.authorize({ environmentId: environment.id, userName: name, userId });
      setMessage({ kind: 'info', text: `${user.name} is authorized.` });
      setUserName('');
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setAuthorizing(false);
      props.onChanged(await api().credentials.get());
    }
  };

  if (!environment) return null;
  const vault = credentials.vault;
  const isSandbox = environment.id === SANDBOX_ENVIRONMENT_ID;

  return (
    <Modal
      open={props.open}
      className="credentials-dialog"
      labelledBy="credentials-title"
      onOpen={startAfresh}
      onClose={props.onClose}
    >
      <div className="dialog-head">
        <h2 id="credentials-title">Credentials</h2>
        <button type="button" className="icon-button" aria-label="Close credentials" onClick={props.onClose}>
          ×
        </button>
      </div>
      <p className="muted-text">
        Secrets stay in the app’s main process, encrypted at rest, and go only to their environment’s address. Here you
        can replace or clear them; they are never shown again.
      </p>
      {vault.protection !== 'os' && (
        <div className={`vault-warning${vault.weakAllowed ? ' accepted' : ''}`} role="note" aria-label="Secret storage">
          <p>{vault.warning}</p>
          {vault.protection === 'weak' && !vault.weakAllowed && (
            <button
              type="button"
              className="button small"
              onClick={() =>
                void run(
                  () => api().credentials.allowWeakProtection({ allowed: true }),
                  'Secrets will be stored with weak protection.',
                )
              }
            >
              Store secrets with weak protection
            </button>
          )}
          {vault.protection === 'weak' && vault.weakAllowed && (
            <button
              type="button"
              className="button ghost small"
              onClick={() =>
                void run(
                  () => api().credentials.allowWeakProtection({ allowed: false }),
                  'Weak protection is no longer allowed.',
                )
              }
            >
              Stop allowing weak protection
            </button>
          )}
        </div>
      )}

      <div className="env-picker">
        <label className="field-inline">
          <span>Environment</span>
          <select
            data-autofocus
            aria-label="Environment"
            value={environment.id}
            onChange={(event) => setSelected(event.target.value)}
          >
            {credentials.environments.map((env) => (
              <option key={env.id} value={env.id}>
                {env.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted-text env-origin">
          {environment.origin ?? (isSandbox ? 'starts when picked as the target' : '')}
        </span>
        {!environment.builtin && (
          <button
            type="button"
            className="button ghost small"
            onClick={() =>
              void run(
                () => api().environments.remove({ environmentId: environment.id }),
                `${environment.name} removed.`,
              ).then(() => setSelected(SANDBOX_ENVIRONMENT_ID))
            }
          >
            Remove environment
          </button>
        )}
      </div>

      <section className="secrets" aria-label={`Secrets of ${environment.name}`}>
        {SECRET_FIELDS.map((field) => (
          <SecretRow key={`${environment.id}-${field}`} environment={environment} field={field} run={run} />
        ))}
      </section>

      {!isSandbox && (
        <form
          className="auth-url"
          onSubmit={(event) => {
            event.preventDefault();
            void run(
              () => api().environments.update({ environmentId: environment.id, authorizationUrl: authUrl.trim() }),
              'Authorization page saved.',
            );
          }}
        >
          <label className="field-inline grow">
            <span>Authorization page</span>
            <input
              type="text"
              aria-label="Authorization page"
              value={authUrl}
              onChange={(event) => setAuthUrl(event.target.value)}
              placeholder="https://<portal>/<locale>/crm/authorization/"
            />
          </label>
          <button
            type="submit"
            className="button small"
            disabled={authUrl.trim() === (environment.authorizationUrl ?? '')}
          >
            Save
          </button>
        </form>
      )}

      <section className="crm-users" aria-label="CRM users">
        <h3>CRM users {isSandbox && <span className="muted-text">(for this session, like the sandbox)</span>}</h3>
        {environment.users.length === 0 ? (
          <p className="empty">No CRM user authorized yet. Calls on behalf of a CRM user (adverts) need one.</p>
        ) : (
          <ul>
            {environment.users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                now={now}
                busy={authorizing}
                onRefresh={() =>
                  void run(
                    () => api().oauth.refresh({ environmentId: environment.id, userId: user.id }),
                    `${user.name}’s token refreshed.`,
                  )
                }
                onReauthorize={() => void authorize(user.name, user.id)}
                onRemove={() =>
                  void run(
                    () => api().oauth.removeUser({ environmentId: environment.id, userId: user.id }),
                    `${user.name} removed.`,
                  )
                }
              />
            ))}
          </ul>
        )}
        <form
          className="authorize-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (userName.trim()) void authorize(userName.trim());
          }}
        >
          <input
            type="text"
            aria-label="CRM user name"
            placeholder="Name for the CRM user, e.g. Anna (office Warsaw)"
            value={userName}
            onChange={(event) => setUserName(event.target.value)}
            disabled={authorizing}
          />
          {authorizing ? (
            <button type="button" className="button danger small" onClick={() => void api().oauth.cancel()}>
              Cancel authorization
            </button>
          ) : (
            <button type="submit" className="button primary small" disabled={!userName.trim()}>
              Authorize a CRM user
            </button>
          )}
        </form>
        <fieldset className="auth-window">
          <legend className="muted-text">Open the authorization page in</legend>
          {(['app-window', 'system-browser'] as AuthWindow[]).map((where) => (
            <label key={where}>
              <input
                type="radio"
                name="auth-window"
                checked={credentials.authWindow === where}
                onChange={() =>
                  void run(
                    async () => (await api().settings.update({ authWindow: where }), api().credentials.get()),
                    'Saved.',
                  )
                }
              />{' '}
              {where === 'app-window' ? 'an app window' : 'the system browser'}
            </label>
          ))}
        </fieldset>
      </section>

      <details className="add-environment">
        <summary>Add an environment</summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run(
              () =>
                api().environments.add({
                  name: newEnv.name.trim(),
                  origin: newEnv.origin.trim().replace(/\/$/, ''),
                  ...(newEnv.authorizationUrl.trim() ? { authorizationUrl: newEnv.authorizationUrl.trim() } : {}),
                }),
              `${newEnv.name.trim()} added.`,
            ).then((ok) => ok && setNewEnv({ name: '', origin: '', authorizationUrl: '' }));
          }}
        >
          <input
            type="text"
            aria-label="Environment name"
            placeholder="Name, e.g. Staging"
            value={newEnv.name}
            onChange={(e) => setNewEnv({ ...newEnv, name: e.target.value })}
          />
          <input
            type="text"
            aria-label="Environment address"
            placeholder="https://api.staging.example.com"
            value={newEnv.origin}
            onChange={(e) => setNewEnv({ ...newEnv, origin: e.target.value })}
          />
          <input
            type="text"
            aria-label="Environment authorization page"
            placeholder="Authorization page (optional)"
            value={newEnv.authorizationUrl}
            onChange={(e) => setNewEnv({ ...newEnv, authorizationUrl: e.target.value })}
          />
          <button type="submit" className="button small" disabled={!newEnv.name.trim() || !newEnv.origin.trim()}>
            Add
          </button>
        </form>
      </details>

      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          aria-label="Credentials message"
          className={message.kind === 'error' ? 'form-error' : 'form-info'}
        >
          {message.text}
        </p>
      )}
    </Modal>
  );
}
