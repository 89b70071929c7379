import { methodTakesBody } from '../../../../shared/headers';
import type { Method } from '../../../../shared/http-types';
import { prettyPrintJson } from '../../../../shared/json';
import { shortcutText } from '../../key-presses';
import { CodeEditor } from '../../ui/CodeEditor';

export interface BodyEditorProps {
  method: Method;
  body: string;
  onBody(body: string): void;
  onSubmit(): void;
}

export function BodyEditor(props: BodyEditorProps) {
  const takesBody = methodTakesBody(props.method);
  return (
    <div className="body-editor">
      <div className="body-toolbar">
        <span className="muted-text">JSON{!takesBody && ` — a ${props.method} request carries no body`}</span>
        <span className="spacer" />
        <button
          type="button"
          className="button ghost small"
          disabled={props.body.trim() === ''}
          title={`Re-indent the JSON, numbers and strings exactly as typed (${shortcutText('formatBody')})`}
          onClick={() => {
            // Invalid JSON stays as typed; the lint marker says where it is wrong.
            const pretty = prettyPrintJson(props.body);
            if (pretty !== null) props.onBody(pretty);
          }}
        >
          Format
        </button>
      </div>
      <CodeEditor
        label="Request body"
        language="json"
        value={props.body}
        onChange={props.onBody}
        onSubmit={props.onSubmit}
      />
    </div>
  );
}
