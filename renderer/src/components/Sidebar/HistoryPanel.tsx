/** The History tab: what was sent, newest first, searchable; a click re-opens an entry. */
import { useEffect, useRef, useState } from 'react';
import type { HistoryEntry } from '../../../../shared/collections';
import { api } from '../../api';
import { formatBytes } from '../../format';
import { methodClass, relativeTime } from './tree';

export interface HistoryPanelProps {
  /** Loads only while shown, and again each time it is shown. */
  visible: boolean;
  historyVersion: number;
  onOpenHistory(entryId: string): void;
  fail(error: unknown): void;
}

const DEBOUNCE_MS = 150;

function outcomeText(entry: HistoryEntry): string {
  return entry.status !== null ? String(entry.status) : entry.outcome || 'No response';
}

export function HistoryPanel(props: HistoryPanelProps) {
  const { visible, historyVersion } = props;
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [reloads, setReloads] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const fail = useRef(props.fail);
  fail.current = props.fail;

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const q = query.trim();
      api()
        .history.list(q ? { query: q } : {})
        .then(
          (list) => {
            if (cancelled) return;
            setEntries([...list].sort((a, b) => b.at - a.at));
            setNow(Date.now());
          },
          (error) => !cancelled && fail.current(error),
        );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [visible, historyVersion, query, reloads]);

  // Keep "2 min ago" current while the list is shown.
  useEffect(() => {
    if (!visible) return;
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(tick);
  }, [visible]);

  const clear = async () => {
    try {
      await api().history.clear();
      setEntries([]);
      setReloads((n) => n + 1);
    } catch (error) {
      props.fail(error);
    }
  };

  return (
    <div className="history-panel">
      <div className="sidebar-toolbar">
        <input
          type="search"
          className="history-search"
          aria-label="Search history"
          placeholder="Search URL, method or status"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button
          type="button"
          className="button small ghost"
          disabled={!entries || entries.length === 0}
          onClick={() => void clear()}
        >
          Clear history
        </button>
      </div>
      {entries === null ? (
        <p className="empty sidebar-empty">Loading history…</p>
      ) : entries.length === 0 ? (
        <p className="empty sidebar-empty">
          {query.trim()
            ? `No sent request matches “${query.trim()}”.`
            : 'Nothing sent yet. Each request you send appears here, newest first.'}
        </p>
      ) : (
        <ul role="list" aria-label="History" className="history-list">
          {entries.map((entry) => {
            const when = relativeTime(entry.at, now);
            const size = entry.bodyBytes !== null ? formatBytes(entry.bodyBytes) : null;
            const outcome = outcomeText(entry);
            return (
              <li key={entry.id}>
                <button
                  type="button"
                  className="history-entry"
                  aria-label={`${entry.method} ${entry.url} — ${outcome}, ${when}${size ? `, ${size}` : ''}`}
                  title={`${entry.method} ${entry.url}\n${new Date(entry.at).toLocaleString()}`}
                  onClick={() => props.onOpenHistory(entry.id)}
                >
                  {/* The spaces between the parts keep the visible text the words of the name above. */}
                  <span className="history-line">
                    <span className={`method-badge ${methodClass(entry.method)}`}>{entry.method}</span>{' '}
                    <span className="history-url">{entry.url}</span>
                  </span>{' '}
                  <span className="history-meta">
                    <span className={`history-status kind-${entry.statusKind}`}>{outcome}</span> <span>{when}</span>
                    {size && (
                      <>
                        {' '}
                        <span>{size}</span>
                      </>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
