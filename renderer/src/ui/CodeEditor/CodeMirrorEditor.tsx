/**
 * A CodeMirror 6 editor: JSON highlighting, bracket matching, folding, search, and (when editable)
 * lint markers that give the line and column of a JSON error. Read-only mode keeps the editor
 * focusable so that search and selection still work.
 *
 * Loaded on demand (its own chunk, with CodeMirror): import CodeEditor from ./index.tsx instead.
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { lintGutter, linter, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { findJsonError } from '../../../../shared/json';
import { showsDark, watchDark } from '../../theme';
import { darkBase, editorHighlighting, editorTheme } from './theme';
import type { CodeEditorHandle, CodeEditorProps } from './types';

function jsonDiagnostics(view: EditorView): Diagnostic[] {
  const text = view.state.doc.toString();
  if (text.trim() === '') return [];
  const error = findJsonError(text);
  if (!error) return [];
  const from = Math.min(error.offset, text.length);
  return [
    {
      from,
      to: Math.min(from + 1, text.length),
      severity: 'error',
      message: `Line ${error.line}, column ${error.column}: ${error.message}`,
    },
  ];
}

function languageExtensions(language: CodeEditorProps['language'], readOnly: boolean): Extension {
  if (language !== 'json') return [];
  return readOnly ? [json()] : [json(), linter(jsonDiagnostics, { delay: 250 }), lintGutter()];
}

export const CodeMirrorEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeMirrorEditor(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const scheme = useRef(new Compartment());
  // The latest callbacks, read by the editor's listeners without re-creating the editor.
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    const readOnly = props.readOnly ?? false;
    const editing: Extension = readOnly
      ? [EditorState.readOnly.of(true), EditorView.lineWrapping]
      : [history(), closeBrackets(), indentOnInput(), keymap.of([...closeBracketsKeymap, ...historyKeymap])];
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-Enter',
                run: () => {
                  callbacks.current.onSubmit?.();
                  return true;
                },
              },
            ]),
          ),
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          drawSelection(),
          bracketMatching(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          search({ top: true }),
          editing,
          keymap.of([...defaultKeymap, ...searchKeymap, ...foldKeymap]),
          language.current.of(languageExtensions(props.language, readOnly)),
          editorTheme,
          scheme.current.of(darkBase(showsDark())),
          editorHighlighting,
          // tabindex: the content is focusable (contenteditable) anyway; saying so lets tools that
          // look for a focusable element in a scrolling region (axe) find it.
          EditorView.contentAttributes.of({
            'aria-label': props.label,
            'aria-multiline': 'true',
            role: 'textbox',
            tabindex: '0',
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    const unwatch = watchDark((dark) => created.dispatch({ effects: scheme.current.reconfigure(darkBase(dark)) }));
    return () => {
      unwatch();
      created.destroy();
      view.current = null;
    };
    // The editor is created once; value and language changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    if (current.state.doc.toString() !== props.value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: language.current.reconfigure(languageExtensions(props.language, props.readOnly ?? false)),
    });
  }, [props.language, props.readOnly]);

  useImperativeHandle(ref, () => ({
    openSearch() {
      if (view.current) {
        view.current.focus();
        openSearchPanel(view.current);
      }
    },
    focus() {
      view.current?.focus();
    },
  }));

  return <div className="code-editor" ref={host} />;
});
