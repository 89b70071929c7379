/**
 * The left panel: saved collections (a tree of folders and requests) and the history of sends.
 * Every change goes through the main process and comes back as a new CollectionsView, handed up
 * with onCollections; deletes offer an undo for a few seconds instead of asking first.
 */
import { useEffect, useId, useState } from 'react';
import type { CollectionsView } from '../../../../shared/collections';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { useLatest } from '../../hooks/use-latest';
import { useNotice } from '../../hooks/use-notice';
import { TabButton } from '../../ui/TabButton';
import { tablistKeyDown } from '../../ui/tablist-keys';
import { CollectionsPanel } from './CollectionsPanel';
import { HistoryPanel } from './HistoryPanel';
import type { SidebarProps } from './props';

export type { SidebarProps };

type Tab = 'collections' | 'history';
type Toast = { text: string; undoId?: string };

const UNDO_MS = 10_000;
const NOTE_MS = 4_000;

export function Sidebar(props: SidebarProps) {
  const [tab, setTab] = useState<Tab>('collections');
  const [error, setError] = useState<string | null>(null);
  const [toast, showToast] = useNotice<Toast>(NOTE_MS);
  const ids = useId();
  const onCollections = useLatest(props.onCollections);

  // The menu's File ▸ New Collection… opens the form: it is on the Collections tab.
  useEffect(() => {
    if (props.creatingCollection) setTab('collections');
  }, [props.creatingCollection]);

  const show = (next: Toast | null) => showToast(next, next?.undoId ? UNDO_MS : NOTE_MS);

  const fail = (e: unknown) => setError(errorText(e));

  const run = async (action: () => Promise<CollectionsView>): Promise<boolean> => {
    try {
      onCollections.current(await action());
      setError(null);
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  };

  const remove = (name: string, action: () => Promise<{ view: CollectionsView; undoId: string }>) => {
    void action().then(({ view, undoId }) => {
      onCollections.current(view);
      setError(null);
      show({ text: `Deleted “${name}”.`, undoId });
    }, fail);
  };

  const undo = async (undoId: string) => {
    show(null);
    if (await run(() => api().collections.undo({ undoId }))) show({ text: 'Restored.' });
  };

  const tabs: Array<{ id: Tab; label: string }> = [
    { id: 'collections', label: 'Collections' },
    { id: 'history', label: 'History' },
  ];

  return (
    <aside className="sidebar" aria-label="Sidebar">
      <div role="tablist" aria-label="Sidebar views" className="tabs sidebar-tabs" onKeyDown={tablistKeyDown}>
        {tabs.map((t) => (
          <TabButton
            key={t.id}
            id={`${ids}-tab-${t.id}`}
            aria-controls={`${ids}-panel-${t.id}`}
            selected={tab === t.id}
            onSelect={() => setTab(t.id)}
          >
            {t.label}
          </TabButton>
        ))}
      </div>
      {error && (
        <div className="sidebar-error">
          <span role="alert" className="form-error">
            {error}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss sidebar error"
            onClick={() => setError(null)}
          >
            ×
          </button>
        </div>
      )}
      <div
        role="tabpanel"
        id={`${ids}-panel-collections`}
        aria-labelledby={`${ids}-tab-collections`}
        className="sidebar-panel"
        hidden={tab !== 'collections'}
      >
        <CollectionsPanel
          collections={props.collections}
          activeLink={props.activeLink}
          onOpenRequest={props.onOpenRequest}
          onEditVariables={props.onEditVariables}
          onImport={props.onImport}
          onRun={props.onRun}
          onFolderAuth={props.onFolderAuth}
          onStarterAdded={props.onStarterAdded}
          creatingCollection={props.creatingCollection}
          onCreatingCollection={props.onCreatingCollection}
          run={run}
          remove={remove}
          notify={(text) => show({ text })}
          fail={fail}
        />
      </div>
      <div
        role="tabpanel"
        id={`${ids}-panel-history`}
        aria-labelledby={`${ids}-tab-history`}
        className="sidebar-panel"
        hidden={tab !== 'history'}
      >
        <HistoryPanel
          visible={tab === 'history'}
          historyVersion={props.historyVersion}
          onOpenHistory={props.onOpenHistory}
          fail={fail}
        />
      </div>
      <div role="status" className="sidebar-toast-region">
        {toast && (
          <div className="sidebar-toast">
            <span>{toast.text}</span>
            {toast.undoId && (
              <button type="button" className="button small" onClick={() => void undo(toast.undoId!)}>
                Undo
              </button>
            )}
          </div>
        )}
      </div>
    </aside>
  );
}
