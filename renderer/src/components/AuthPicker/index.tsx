import type { SavedAuth, AuthSelection } from '../../../../shared/schemas/auth';
import type { EnvironmentView } from '../../../../shared/credentials';
import { AUTH_MODE_LABELS, AUTH_MODES, MANUAL_BEARER } from '../../../../shared/auth-modes';

export interface AuthPickerProps {
  auth: SavedAuth;
  /** What 'inherit' resolves to (the collection's auth), or null. */
  inherited: AuthSelection | null;
  canInherit: boolean;
  environment: EnvironmentView | undefined;
  onAuth(auth: SavedAuth): void;
  onOpenCredentials(): void;
}

export function AuthPicker({ auth, inherited, canInherit, environment, onAuth, onOpenCredentials }: AuthPickerProps) {
  const users = environment?.users ?? [];
  return (
    <div className="auth-picker">
      <label className="field-inline">
        <span>Auth</span>
        <select
          aria-label="Auth"
          value={auth.mode}
          onChange={(event) => onAuth({ mode: event.target.value as SavedAuth['mode'] } as SavedAuth)}
        >
          {(canInherit || auth.mode === 'inherit') && (
            <option value="inherit">
              From the collection{inherited ? ` (${AUTH_MODE_LABELS[inherited.mode]})` : ''}
            </option>
          )}
          {AUTH_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {AUTH_MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      {auth.mode === 'api-key-bearer' && (
        <label className="field-inline">
          <span>Acts for</span>
          <select
            aria-label="Acts for"
            value={auth.bearer ?? ''}
            onChange={(event) => onAuth({ ...auth, bearer: event.target.value || undefined })}
          >
            {!auth.bearer && <option value="">Pick a CRM user…</option>}
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
                {user.status === 'needs-reauthorization' ? ' (needs re-authorization)' : ''}
              </option>
            ))}
            <option value={MANUAL_BEARER}>Token entered by hand</option>
          </select>
        </label>
      )}
      {auth.mode === 'bearer' && (
        <label className="field-inline">
          <span>Token</span>
          <input
            aria-label="Bearer token"
            value={auth.token ?? ''}
            placeholder="{{accessToken}}"
            spellCheck={false}
            onChange={(event) => onAuth({ ...auth, token: event.target.value })}
          />
        </label>
      )}
      <span className="auth-env muted-text">{environmentNote(auth, environment)}</span>
      <span className="spacer" />
      <button type="button" className="button ghost small" onClick={onOpenCredentials}>
        Credentials…
      </button>
    </div>
  );
}

/** Bearer token auth takes nothing from Credentials: its token is the request's own text. */
function environmentNote(auth: SavedAuth, environment: EnvironmentView | undefined): string {
  if (auth.mode === 'bearer') return 'A {{secret variable}} keeps the token out of the collection';
  return environment ? `Credentials of ${environment.name}` : 'No environment: no credentials are sent';
}
