import { defaultRowSkipReason, overriddenRowIds } from '../../../../shared/headers';
import type { HeaderRow } from '../../../../shared/schemas/header';
import type { Method } from '../../../../shared/http-types';

export interface HeadersEditorProps {
  rows: HeaderRow[];
  /** Rows the main process adds from the credentials at send time: shown masked, not editable here. */
  authRows: Array<{ name: string; display: string; missing: boolean }>;
  method: Method;
  body: string;
  /** Indexes of rows with a problem, to mark them. */
  invalidRows: Set<number>;
  onAdd(): void;
  onChange(id: string, patch: Partial<Pick<HeaderRow, 'name' | 'value' | 'enabled'>>): void;
  onRemove(id: string): void;
}

export function HeadersEditor(props: HeadersEditorProps) {
  const overridden = overriddenRowIds(props.rows);
  const authNames = new Set(props.authRows.map((r) => r.name.toLowerCase()));
  for (const row of props.rows) if (row.enabled && authNames.has(row.name.trim().toLowerCase())) overridden.add(row.id);
  return (
    <div className="headers-editor">
      {props.authRows.length > 0 && (
        <ul className="auth-rows" aria-label="Headers from credentials">
          {props.authRows.map((row) => (
            <li key={row.name} className={`auth-row${row.missing ? ' missing' : ''}`}>
              <span className="auth-row-name">{row.name}</span>
              <span className="auth-row-value">{row.display}</span>
              <span className="tag">auth</span>
            </li>
          ))}
        </ul>
      )}
      {props.rows.length === 0 ? (
        <p className="empty">No headers. The API expects X-API-KEY, Accept and User-Agent on every call.</p>
      ) : (
        <div className="header-rows" role="list" aria-label="Request headers">
          {props.rows.map((row, index) => {
            const skip = defaultRowSkipReason(row, props.method, props.body);
            const isOverridden = overridden.has(row.id);
            const note = !row.enabled
              ? 'off'
              : authNames.has(row.name.trim().toLowerCase())
                ? 'replaced by Auth'
                : isOverridden
                  ? 'overridden below'
                  : skip;
            const label = row.name.trim() || `row ${index + 1}`;
            return (
              <div
                key={row.id}
                role="listitem"
                className={`header-row${row.enabled ? '' : ' disabled'}${isOverridden || skip ? ' muted' : ''}${props.invalidRows.has(index) ? ' invalid' : ''}`}
              >
                <input
                  type="checkbox"
                  aria-label={`Send header ${label}`}
                  checked={row.enabled}
                  onChange={(event) => props.onChange(row.id, { enabled: event.target.checked })}
                />
                <input
                  type="text"
                  aria-label="Header name"
                  className="header-name"
                  placeholder="Name"
                  spellCheck={false}
                  value={row.name}
                  aria-invalid={props.invalidRows.has(index) || undefined}
                  onChange={(event) => props.onChange(row.id, { name: event.target.value })}
                />
                <input
                  type="text"
                  aria-label="Header value"
                  className="header-value"
                  placeholder={
                    row.origin === 'default' && row.name === 'User-Agent' ? 'Your CRM name (Settings)' : 'Value'
                  }
                  spellCheck={false}
                  value={row.value}
                  onChange={(event) => props.onChange(row.id, { value: event.target.value })}
                />
                <span className="row-tags">
                  {row.origin === 'default' && (
                    <span
                      className="tag"
                      title="A convention header of the API, added by the app. Edit, switch off or remove it."
                    >
                      default
                    </span>
                  )}
                  {note && (
                    <span className="row-note" title={note}>
                      {note}
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove header ${label}`}
                  title="Remove"
                  onClick={() => props.onRemove(row.id)}
                >
                  ×
                </button>
              </div>
            );
          })}
        </div>
      )}
      <button type="button" className="button ghost small" onClick={props.onAdd}>
        Add header
      </button>
    </div>
  );
}
