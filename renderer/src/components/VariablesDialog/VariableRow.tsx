/**
 * One editable variable: use it, name, value (a password field for secrets, with where the secret
 * may be sent), secret, remove.
 */
import type { Row } from './rows';

/** Where this scope's secrets may go: their own list (a collection, Globals), or the environment's address. */
export type SecretOrigins = { kind: 'list' } | { kind: 'environment'; origin: string | null };

export interface VariableRowProps {
  row: Row;
  secretOrigins: SecretOrigins;
  onChange(patch: Partial<Row>): void;
  onRemove(): void;
}

/** Under a secret's value: the origins it may be sent to (editable for a collection or Globals). */
function AllowedOrigins(props: {
  row: Row;
  label: string;
  secretOrigins: SecretOrigins;
  onChange(patch: Partial<Row>): void;
}) {
  const { row, label, secretOrigins, onChange } = props;
  if (secretOrigins.kind === 'environment') {
    return (
      <span className="variables-origins-note">
        Sent only to {secretOrigins.origin ?? 'the environment’s address (none yet)'}
      </span>
    );
  }
  return (
    <label className="variables-origins">
      <span>Allowed origins</span>
      <input
        type="text"
        aria-label={`Allowed origins of ${label}`}
        placeholder="not bound yet: the first send binds it to that origin"
        spellCheck={false}
        value={row.origins ?? ''}
        onChange={(event) => onChange({ origins: event.target.value })}
      />
    </label>
  );
}

export function VariableRow({ row, secretOrigins, onChange, onRemove }: VariableRowProps) {
  const label = row.name.trim() || 'new variable';
  if (row.fixed) {
    // Set by the app (e.g. the Local sandbox's address): shown as it is, with the reason.
    return (
      <tr className="fixed" title={row.fixed}>
        <td>
          <input type="checkbox" aria-label={`Use ${label}`} checked={row.enabled} disabled />
        </td>
        <td>
          <input type="text" aria-label="Variable name" value={row.name} readOnly />
        </td>
        <td>
          <input
            type="text"
            aria-label="Variable value"
            value={row.value}
            readOnly
            aria-describedby={`fixed-${row.key}`}
          />
          <span id={`fixed-${row.key}`} className="variables-fixed-note">
            {row.fixed}
          </span>
        </td>
        <td className="variables-secret" />
        <td />
      </tr>
    );
  }
  const placeholder = row.hint ? `set ${row.hint} — type to replace` : row.secret ? 'not set — type a value' : 'value';
  return (
    <tr className={row.enabled ? undefined : 'disabled'}>
      <td>
        <input
          type="checkbox"
          aria-label={`Use ${label}`}
          checked={row.enabled}
          onChange={(event) => onChange({ enabled: event.target.checked })}
        />
      </td>
      <td>
        <input
          type="text"
          aria-label="Variable name"
          placeholder="name"
          spellCheck={false}
          value={row.name}
          maxLength={200}
          onChange={(event) => onChange({ name: event.target.value })}
        />
      </td>
      <td>
        {row.secret ? (
          <>
            <input
              type="password"
              aria-label="Variable value"
              autoComplete="off"
              placeholder={placeholder}
              value={row.value}
              onChange={(event) => onChange({ value: event.target.value })}
            />
            <AllowedOrigins row={row} label={label} secretOrigins={secretOrigins} onChange={onChange} />
          </>
        ) : (
          <input
            type="text"
            aria-label="Variable value"
            placeholder={placeholder}
            spellCheck={false}
            value={row.value}
            onChange={(event) => onChange({ value: event.target.value })}
          />
        )}
      </td>
      <td className="variables-secret">
        <input
          type="checkbox"
          aria-label={`Secret ${label}`}
          checked={row.secret}
          onChange={(event) => onChange({ secret: event.target.checked })}
        />
      </td>
      <td>
        <button type="button" className="icon-button" aria-label={`Remove variable ${label}`} onClick={onRemove}>
          ×
        </button>
      </td>
    </tr>
  );
}
