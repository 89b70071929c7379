/**
 * "Generate code": the request in the language the user's CRM is written in (export:code; the main
 * process writes it with httpsnippet). The code shown reads credentials and secret variables from
 * environment variables, so it never holds a secret; "Copy with real values" asks the main process,
 * which writes the code with the real values straight to the clipboard. The last language chosen is
 * kept in Settings. A modal dialog (ui/ModalDialog): Tab stays inside, Escape closes it, and focus goes
 * back to where it was when it opened.
 */
import { useEffect, useState } from 'react';
import { CODE_TARGETS, codeTargetLabel, type CodeTargetId } from '../../../../shared/code-targets';
import type { RequestOf } from '../../../../shared/contract';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { ModalDialog } from '../../ui/ModalDialog';

export interface CodeDialogProps {
  /** The request as it stood when the dialog opened. */
  request: RequestOf<'export:code'>['request'];
  /** The language to start with: the last one chosen. */
  target: CodeTargetId;
  onTarget(target: CodeTargetId): void;
  onClose(): void;
}

type Code =
  { state: 'loading' } | { state: 'ready'; text: string; environment: string[] } | { state: 'failed'; error: string };

/** The code of `request` in `target`, asked again whenever either changes. */
function useCode(request: CodeDialogProps['request'], target: CodeTargetId): Code {
  const [code, setCode] = useState<Code>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setCode({ state: 'loading' });
    api()
      .export.code({ request, target, withSecrets: false })
      .then(
        (answer) => live && setCode({ state: 'ready', text: answer.text ?? '', environment: answer.environment }),
        (error: unknown) => live && setCode({ state: 'failed', error: errorText(error) }),
      );
    return () => {
      live = false;
    };
  }, [request, target]);
  return code;
}

/** "OLX_API_KEY and OLX_ACCESS_TOKEN". */
function listed(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

export function CodeDialog(props: CodeDialogProps) {
  const [target, setTarget] = useState(props.target);
  const [wrap, setWrap] = useState(false);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const code = useCode(props.request, target);
  const label = codeTargetLabel(target);

  const choose = (next: CodeTargetId) => {
    setTarget(next);
    setStatus(null);
    props.onTarget(next);
  };
  const copy = async () => {
    if (code.state !== 'ready') return;
    try {
      await navigator.clipboard.writeText(code.text);
      setStatus({ text: `Copied the ${label} code, with the credentials read from the environment.`, failed: false });
    } catch (error) {
      setStatus({ text: `Could not copy: ${errorText(error)}`, failed: true });
    }
  };
  const copyReal = async () => {
    try {
      await api().export.code({ request: props.request, target, withSecrets: true });
      setStatus({
        text: `Copied the ${label} code with the real credentials. Paste it only where it is safe.`,
        failed: false,
      });
    } catch (error) {
      setStatus({ text: errorText(error), failed: true });
    }
  };

  return (
    <ModalDialog
      className="code-dialog"
      title="Generate code"
      onClose={props.onClose}
      actions={
        <>
          <label className="code-wrap">
            <input type="checkbox" checked={wrap} onChange={(event) => setWrap(event.target.checked)} />
            Wrap long lines
          </label>
          <button type="button" className="button" disabled={code.state !== 'ready'} onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" className="button" disabled={code.state !== 'ready'} onClick={() => void copyReal()}>
            Copy with real values
          </button>
        </>
      }
    >
      <label className="field code-language">
        <span>Language</span>
        <select value={target} onChange={(event) => choose(event.target.value as CodeTargetId)}>
          {CODE_TARGETS.map((t) => (
            <option key={t.id} value={t.id}>
              {codeTargetLabel(t.id)}
            </option>
          ))}
        </select>
      </label>
      {code.state === 'ready' && code.environment.length > 0 && (
        <p className="muted-text code-environment">
          Reads {listed(code.environment)} from the environment: set {code.environment.length > 1 ? 'them' : 'it'}{' '}
          before running the code.
        </p>
      )}
      {code.state === 'failed' ? (
        <p role="alert" className="problems">
          {code.error}
        </p>
      ) : (
        <pre
          className={`code-view${wrap ? ' wrapped' : ''}`}
          role="region"
          aria-label={`${label} code`}
          aria-busy={code.state === 'loading'}
          tabIndex={0}
        >
          <code>{code.state === 'ready' ? code.text : 'Writing the code…'}</code>
        </pre>
      )}
      <p role="status" className={`code-status${status?.failed ? ' failed' : ''}`}>
        {status?.text}
      </p>
    </ModalDialog>
  );
}
