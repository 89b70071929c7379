/**
 * The open requests as a tablist: one Tab stop (the selected tab), ←/→/Home/End to pick another,
 * Delete to close the focused one (Ctrl/⌘+W too). A tab's name is the request's name (with
 * "unsaved changes" when it has them); the method is drawn by CSS from data-method, as on the
 * tree's rows. The × buttons are for the mouse and stay out of the Tab order and the accessibility
 * tree: a tablist may hold only tabs.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { shortcutText } from '../../key-presses';
import type { Tab } from '../../state';
import { TabButton } from '../../ui/TabButton';
import { tablistKeyDown } from '../../ui/tablist-keys';

export interface TabsBarProps {
  tabs: Array<Tab & { dirty: boolean; method: string }>;
  activeTab: string;
  onSwitch(id: string): void;
  onClose(id: string): void;
  onNew(): void;
  /** The run whose results can be shown in place of the request (null: no run). */
  runResults?: { title: string; shown: boolean; onShow(): void } | null;
}

export function TabsBar(props: TabsBarProps) {
  const list = useRef<HTMLDivElement>(null);
  /** A tab closed by Delete: focus goes to the tab selected after it, not to the page. */
  const focusSelected = useRef(false);
  useEffect(() => {
    if (!focusSelected.current) return;
    focusSelected.current = false;
    list.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  });

  // On the tablist: Delete closes the focused tab, the arrows pick one (tablistKeyDown).
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const id = (event.target as HTMLElement).dataset.tabId;
    if (event.key === 'Delete' && id) {
      event.preventDefault();
      focusSelected.current = true;
      props.onClose(id);
    } else tablistKeyDown(event);
  };
  return (
    <div className="tabs-bar">
      <div ref={list} role="tablist" aria-label="Open requests" className="tabs-list" onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => {
          const active = tab.id === props.activeTab;
          return (
            <div key={tab.id} className={`request-tab${active ? ' active' : ''}`}>
              <TabButton
                selected={active}
                onSelect={() => props.onSwitch(tab.id)}
                aria-label={`${tab.name}${tab.dirty ? ' (unsaved changes)' : ''}`}
                className="request-tab-button"
                data-tab-id={tab.id}
                onAuxClick={(event) => event.button === 1 && props.onClose(tab.id)}
                title={tab.name}
              >
                <span className={`tab-method method-${tab.method.toLowerCase()}`} data-method={tab.method} />
                <span className="tab-name">{tab.name}</span>
                {tab.dirty && <span className="dirty-dot" aria-hidden="true" />}
              </TabButton>
              <button
                type="button"
                className="icon-button tab-close"
                tabIndex={-1}
                aria-hidden="true"
                title={`Close ${tab.name}`}
                onClick={() => props.onClose(tab.id)}
              >
                ×
              </button>
            </div>
          );
        })}
      </div>
      <button
        type="button"
        className="icon-button new-tab"
        aria-label="New request"
        title={`New request (${shortcutText('newTab')})`}
        onClick={props.onNew}
      >
        +
      </button>
      {props.runResults && (
        <button
          type="button"
          className={`run-results-tab${props.runResults.shown ? ' active' : ''}`}
          aria-pressed={props.runResults.shown}
          title={`Results of the run of ${props.runResults.title}`}
          onClick={props.runResults.onShow}
        >
          Run results
        </button>
      )}
    </div>
  );
}
