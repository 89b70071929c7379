/**
 * The auth choice of a request or a folder: a mode, who an API key + Bearer acts for, a Bearer
 * token's text. "Inherited from …" names where an inherited auth comes from (the nearest folder that
 * sets one, or the collection: shared/effective-auth.ts).
 */
import type { SavedAuth } from '../../../../shared/schemas/auth';
import type { EnvironmentView } from '../../../../shared/credentials';
import { AUTH_MODE_LABELS, AUTH_MODES, MANUAL_BEARER } from '../../../../shared/auth-modes';
import { authSourceText, type EffectiveAuth } from '../../../../shared/effective-auth';

export interface AuthPickerProps {
  auth: SavedAuth;
  /** What 'inherit' resolves to and where it comes from, or null (not in a collection). */
  inherited: EffectiveAuth | null;
  canInherit: boolean;
  environment: EnvironmentView | undefined;
  onAuth(auth: SavedAuth): void;
  /** Opens Credentials; without it (in a dialog) the picker offers no button for it. */
  onOpenCredentials?(): void;
}

/** The inherit choice's label: “Inherited from folder “Listings” (Bearer token)”. */
export function inheritedLabel(inherited: EffectiveAuth | null): string {
  if (!inherited) return 'Inherited from the collection';
  return `Inherited from ${authSourceText(inherited.source)} (${AUTH_MODE_LABELS[inherited.auth.mode]})`;
}

export function AuthPicker({ auth, inherited, canInherit, environment, onAuth, onOpenCredentials }: AuthPickerProps) {
  const users = environment?.users ?? [];
  return (
    <div className="auth-picker">
      <label className="field-inline">
        <span>Auth</span>
        <select
          aria-label="Auth"
          title={auth.mode === 'inherit' ? inheritedLabel(inherited) : undefined}
          value={auth.mode}
          onChange={(event) => onAuth({ mode: event.target.value as SavedAuth['mode'] } as SavedAuth)}
        >
          {(canInherit || auth.mode === 'inherit') && <option value="inherit">{inheritedLabel(inherited)}</option>}
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
      {onOpenCredentials && (
        <button type="button" className="button ghost small" onClick={onOpenCredentials}>
          Credentials…
        </button>
      )}
    </div>
  );
}

/** Bearer token auth takes nothing from Credentials: its token is the request's own text. */
function environmentNote(auth: SavedAuth, environment: EnvironmentView | undefined): string {
  if (auth.mode === 'bearer') return 'A {{secret variable}} keeps the token out of the collection';
  return environment ? `Credentials of ${environment.name}` : 'No environment: no credentials are sent';
}
