/**
 * The requests a run may cover, one checkbox each in tree order (folder path, method, name), with
 * "Select all", "Select none" and how many are checked. A long list scrolls inside the dialog, so
 * the dialog's buttons stay in reach.
 */
import { methodClass } from '../Sidebar/tree';
import { checkedIds, selectionCount, type SelectableRequest } from './run-selection';

export interface RequestChecklistProps {
  requests: readonly SelectableRequest[];
  unchecked: ReadonlySet<string>;
  onChange(unchecked: ReadonlySet<string>): void;
}

export function RequestChecklist({ requests, unchecked, onChange }: RequestChecklistProps) {
  const toggle = (id: string, checked: boolean) => {
    const next = new Set(unchecked);
    if (checked) next.delete(id);
    else next.add(id);
    onChange(next);
  };

  return (
    <fieldset className="run-selection">
      <legend>Requests to run</legend>
      <div className="run-selection-bar">
        <span className="muted-text" aria-live="polite">
          {selectionCount(checkedIds(requests, unchecked).length, requests.length)}
        </span>
        <button type="button" className="button small ghost" onClick={() => onChange(new Set())}>
          Select all
        </button>
        <button
          type="button"
          className="button small ghost"
          onClick={() => onChange(new Set(requests.map((r) => r.id)))}
        >
          Select none
        </button>
      </div>
      <ul className="run-selection-list">
        {requests.map((r) => (
          <li key={r.id}>
            <label>
              <input type="checkbox" checked={!unchecked.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
              <span className={`method-badge ${methodClass(r.method)}`}>{r.method}</span>{' '}
              <span className="run-selection-name" title={r.path ? `${r.path} / ${r.name}` : r.name}>
                {r.path && <span className="muted-text">{r.path} / </span>}
                {r.name}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
