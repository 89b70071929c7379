/**
 * Import: a file (or several: the first is the source, the others are files it refers to, e.g. the
 * advert.json of `--data-raw @advert.json`) or pasted text. The main process reads the format and
 * answers with a preview; nothing is stored until Import. Text typed here is kept when a preview fails.
 * A large file takes a second or more to read: its progress shows as a bar, with Cancel.
 */
import { useEffect, useRef, useState } from 'react';
import type { CollectionsView, ImportPreview } from '../../../../shared/collections';
import type { CredentialsView } from '../../../../shared/credentials';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { useProgressPoll } from '../BodyViewer';
import { ImportProgressBar } from './ImportProgressBar';
import { PreviewSummary } from './PreviewSummary';
import { Modal } from '../../ui/Modal';

export interface ImportDialogProps {
  open: boolean;
  onClose(): void;
  onImported(result: { collections: CollectionsView; credentials: CredentialsView }): void;
}

interface Chosen {
  fileName: string;
  text: string;
  /** The other files chosen, by name. */
  files: Record<string, string>;
}

const ACCEPT = '.json,.yaml,.yml,.txt,.sh,.curl,.md,.bat,.cmd';
const CANCELLED = 'Import cancelled.';

const readImportProgress = (jobId: string) => api().import.progress({ jobId });

export function ImportDialog(props: ImportDialogProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [pasted, setPasted] = useState('');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reading' | 'preview' | 'import' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The preview being read in the main process, polled for its progress. */
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useProgressPoll(jobId, readImportProgress, 150);

  const startAfresh = () => {
    setPreview(null);
    setError(null);
  };

  // A preview still being read when the dialog closes is not wanted any more.
  useEffect(() => {
    if (!props.open && jobId)
      void api()
        .import.cancel({ jobId })
        .catch(() => undefined);
  }, [props.open, jobId]);

  const choose = async (list: FileList | null) => {
    const picked = Array.from(list ?? []);
    setPreview(null);
    setError(null);
    setNotice(null);
    if (picked.length === 0) return;
    setBusy('reading');
    const texts: string[] = [];
    for (const file of picked) {
      try {
        texts.push(await file.text());
      } catch {
        setError(`Could not read ${file.name}. Check that the file exists and is readable.`);
        setBusy(null);
        return;
      }
    }
    const [first, ...rest] = picked;
    const files: Record<string, string> = {};
    rest.forEach((file, i) => (files[file.name] = texts[i + 1]!));
    setChosen({ fileName: first!.name, text: texts[0]!, files });
    setBusy(null);
  };

  const clearFiles = () => {
    setChosen(null);
    setPreview(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const source = chosen ?? (pasted.trim() ? { text: pasted, fileName: undefined, files: {} } : null);

  const runPreview = async () => {
    if (!source) return;
    if (!source.text.trim()) {
      setError(`${chosen?.fileName ?? 'The text'} is empty: there is nothing to import.`);
      return;
    }
    setBusy('preview');
    setError(null);
    setNotice(null);
    setPreview(null);
    const job = crypto.randomUUID();
    setJobId(job);
    try {
      const files = Object.keys(source.files).length > 0 ? source.files : undefined;
      const named = source.fileName ? { fileName: source.fileName } : {};
      setPreview(await api().import.preview({ text: source.text, jobId: job, ...named, ...(files ? { files } : {}) }));
    } catch (e) {
      const message = errorText(e);
      if (message === CANCELLED) setNotice(message);
      else setError(message);
    } finally {
      setJobId(null);
      setBusy(null);
    }
  };

  const cancelPreview = () => {
    if (jobId)
      void api()
        .import.cancel({ jobId })
        .catch(() => undefined);
  };

  const apply = async () => {
    if (!preview) return;
    setBusy('import');
    setError(null);
    try {
      const result = await api().import.apply({ previewId: preview.previewId });
      props.onImported(result);
      setPasted('');
      clearFiles();
      props.onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const others = chosen ? Object.keys(chosen.files) : [];

  return (
    <Modal
      open={props.open}
      className="import-dialog"
      labelledBy="import-title"
      onOpen={startAfresh}
      onClose={props.onClose}
    >
      <div className="dialog-head">
        <h2 id="import-title">Import</h2>
        <button type="button" className="icon-button" aria-label="Close import" onClick={props.onClose}>
          ×
        </button>
      </div>
      <p className="muted-text">
        A Postman collection (v2.1) or environment, an OpenAPI document (JSON or YAML), or a cURL command. You see what
        will be imported before anything is saved.
      </p>

      <div className="import-source">
        <label className="button small file-button">
          Choose files
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={ACCEPT}
            disabled={busy !== null}
            onChange={(event) => void choose(event.target.files)}
          />
        </label>
        {chosen ? (
          <span className="import-chosen">
            <span>
              Source: <strong>{chosen.fileName}</strong>
              {others.length > 0 && <span className="muted-text"> — also offered: {others.join(', ')}</span>}
            </span>
            <button type="button" className="button ghost small" onClick={clearFiles}>
              Use pasted text instead
            </button>
          </span>
        ) : (
          <span className="muted-text">
            or paste below. With several files, the first is imported and the others are files it refers to (e.g.
            advert.json for --data-raw @advert.json).
          </span>
        )}
      </div>

      <textarea
        className="import-paste"
        aria-label="Paste"
        placeholder="Paste a cURL command, a Postman collection or environment, or an OpenAPI document"
        spellCheck={false}
        value={pasted}
        disabled={chosen !== null}
        onChange={(event) => {
          setPasted(event.target.value);
          setPreview(null);
        }}
      />

      <div className="dialog-buttons import-actions">
        <button type="button" className="button" disabled={!source || busy !== null} onClick={() => void runPreview()}>
          Preview
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!preview || busy !== null}
          onClick={() => void apply()}
        >
          Import
        </button>
      </div>

      {busy === 'preview' && <ImportProgressBar progress={progress} onCancel={cancelPreview} />}
      {(busy === 'reading' || busy === 'import') && (
        <p className="muted-text" role="status">
          {busy === 'reading' ? 'Reading the files…' : 'Importing…'}
        </p>
      )}
      {notice && !busy && (
        <p className="muted-text" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" className="form-error import-error">
          {error}
        </p>
      )}
      {preview && <PreviewSummary preview={preview} />}
    </Modal>
  );
}
