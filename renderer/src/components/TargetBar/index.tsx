import type { EnvironmentView } from '../../../../shared/credentials';
import { SANDBOX_ENVIRONMENT_ID } from '../../../../shared/credentials';
import { SANDBOX_EXAMPLES } from '../../../../shared/examples';
import { ANY_TARGET, type TargetId } from '../../state';

export interface TargetBarProps {
  target: TargetId;
  environments: EnvironmentView[];
  sandboxOrigin: string | null;
  onTarget(target: TargetId): void;
  onExample(id: string): void;
  onSettings(): void;
  onToggleSidebar(): void;
  onVariables(): void;
}

export function TargetBar(props: TargetBarProps) {
  return (
    <header className="top-bar">
      <button
        type="button"
        className="icon-button sidebar-toggle"
        aria-label="Toggle sidebar"
        title="Collections and history"
        onClick={props.onToggleSidebar}
      >
        ☰
      </button>
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">{'{ }'}</span> Partner API Workbench
      </div>
      <label className="field-inline">
        <span>Target</span>
        <select
          aria-label="Target"
          value={props.target}
          onChange={(event) => props.onTarget(event.target.value as TargetId)}
        >
          <option value={ANY_TARGET}>Any HTTPS URL (no credentials)</option>
          {props.environments.map((env) => (
            <option key={env.id} value={env.id}>
              {env.name}
            </option>
          ))}
        </select>
      </label>
      {props.target === SANDBOX_ENVIRONMENT_ID && (
        <label className="field-inline">
          <span>Example</span>
          <select
            aria-label="Example request"
            value=""
            onChange={(event) => {
              if (event.target.value) props.onExample(event.target.value);
            }}
          >
            <option value="">Try a documented status…</option>
            {SANDBOX_EXAMPLES.map((example) => (
              <option key={example.id} value={example.id}>
                {example.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {props.target === SANDBOX_ENVIRONMENT_ID && props.sandboxOrigin && (
        <span
          className="target-note"
          title="The sandbox runs on this computer only; its certificate is trusted for this session."
        >
          {props.sandboxOrigin}
        </span>
      )}
      <span className="spacer" />
      <button type="button" className="button ghost" onClick={props.onVariables}>
        Variables
      </button>
      <button type="button" className="button ghost" onClick={props.onSettings}>
        Settings
      </button>
    </header>
  );
}
