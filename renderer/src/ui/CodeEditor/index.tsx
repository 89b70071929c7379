/**
 * The code editor (CodeMirror 6, in CodeMirrorEditor.tsx), a chunk of its own (CodeMirror is more
 * than half of the renderer's JavaScript) so that start-up does not wait for it. The app asks for it
 * with loadCodeEditor as soon as it is ready; an editor mounted before that asks itself after
 * SELF_LOAD_DELAY_MS. Until the code is there, each editor is a plain box of the same size that
 * takes no input (nothing typed can be lost) and does not claim the editor's role and name.
 *
 * The handle's methods called before the editor is there are carried out when it is.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { CodeEditorHandle, CodeEditorProps } from './types';

export type { CodeEditorHandle, CodeEditorProps } from './types';

type EditorComponent = (typeof import('./CodeMirrorEditor'))['CodeMirrorEditor'];

/** How long a mounted editor waits for the app to call loadCodeEditor before loading the code itself. */
const SELF_LOAD_DELAY_MS = 300;

let loaded: EditorComponent | null = null;
let loading: Promise<EditorComponent> | null = null;
let requestLoad: () => void = () => undefined;
const loadRequested = new Promise<void>((resolve) => (requestLoad = resolve));

/** Starts loading the editor's code (once); resolves when editors can be shown. */
export function loadCodeEditor(): Promise<EditorComponent> {
  requestLoad();
  loading ??= import('./CodeMirrorEditor').then(
    (module) => (loaded = module.CodeMirrorEditor),
    (error: unknown) => {
      loading = null; // the next editor that mounts tries again
      throw error;
    },
  );
  return loading;
}

export const CodeEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor(props, ref) {
  const [Editor, setEditor] = useState<EditorComponent | null>(() => loaded);
  const [failure, setFailure] = useState<string | null>(null);
  const inner = useRef<CodeEditorHandle>(null);
  const pending = useRef<keyof CodeEditorHandle | null>(null);

  useEffect(() => {
    if (Editor) return;
    let live = true;
    const timer = setTimeout(requestLoad, SELF_LOAD_DELAY_MS);
    loadRequested.then(loadCodeEditor).then(
      (component) => live && setEditor(() => component),
      (error: Error) => live && setFailure(`The editor could not be loaded: ${error.message}`),
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [Editor]);

  // Children's effects run first: once Editor is set, the CodeMirror view behind `inner` exists.
  useEffect(() => {
    const call = pending.current;
    if (Editor && call) {
      pending.current = null;
      inner.current?.[call]();
    }
  }, [Editor]);

  useImperativeHandle(
    ref,
    () => ({
      openSearch() {
        if (inner.current) inner.current.openSearch();
        else pending.current = 'openSearch';
      },
      focus() {
        if (inner.current) inner.current.focus();
        else pending.current = 'focus';
      },
    }),
    [],
  );

  if (Editor) return <Editor ref={inner} {...props} />;
  return (
    <div
      className="code-editor code-editor-loading"
      aria-busy={failure === null}
      style={{ backgroundColor: 'var(--editor-bg)' }}
    >
      {failure && (
        <p role="alert" className="muted-text" style={{ margin: 0, padding: '6px 10px' }}>
          {failure}
        </p>
      )}
    </div>
  );
});
