/** The editor's props and ref handle, apart from CodeMirror so that index.tsx loads none of it. */
export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** The accessible name of the editable area (role textbox). */
  label: string;
  language: 'json' | 'text';
  /** Ctrl/Cmd+Enter inside the editor. */
  onSubmit?: () => void;
}

export interface CodeEditorHandle {
  openSearch(): void;
  focus(): void;
}
