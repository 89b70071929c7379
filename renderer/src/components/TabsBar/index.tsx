import { shortcutText } from '../../key-presses';
import type { Tab } from '../../state';

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
  return (
    <div className="tabs-bar">
      <div role="tablist" aria-label="Open requests" className="tabs-list">
        {props.tabs.map((tab) => (
          <div key={tab.id} className={`request-tab${tab.id === props.activeTab ? ' active' : ''}`}>
            <button
              type="button"
              role="tab"
              aria-selected={tab.id === props.activeTab}
              aria-label={`${tab.name}${tab.dirty ? ' (unsaved changes)' : ''}`}
              className="request-tab-button"
              onClick={() => props.onSwitch(tab.id)}
              onAuxClick={(event) => event.button === 1 && props.onClose(tab.id)}
              title={tab.name}
            >
              <span className={`tab-method method-${tab.method.toLowerCase()}`}>{tab.method}</span>
              <span className="tab-name">{tab.name}</span>
              {tab.dirty && (
                <span className="dirty-dot" aria-hidden="true">
                  ●
                </span>
              )}
            </button>
            <button
              type="button"
              className="icon-button tab-close"
              aria-label={`Close ${tab.name}`}
              onClick={() => props.onClose(tab.id)}
            >
              ×
            </button>
          </div>
        ))}
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
