/** The import dialog's progress bar while a file is read in the main process (import:progress), with Cancel. */
import type { ImportProgress } from '../../../../shared/import-progress';

const PHASES: Record<ImportProgress['phase'], string> = {
  parsing: 'Reading the file',
  converting: 'Making the requests',
  checking: 'Checking for secrets',
};

/** e.g. "Reading the file… 23%"; before the first answer, "Reading what will be imported…". */
export function describeImportProgress(progress: ImportProgress | null): string {
  if (!progress) return 'Reading what will be imported…';
  return `${PHASES[progress.phase]}… ${Math.floor(progress.fraction * 100)}%`;
}

export function ImportProgressBar({ progress, onCancel }: { progress: ImportProgress | null; onCancel(): void }) {
  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  return (
    <div className="import-progress" role="status" aria-label="Import progress">
      <div
        className="import-meter"
        role="progressbar"
        aria-label="Import"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="muted-text">{describeImportProgress(progress)}</span>
      <button type="button" className="button small" onClick={onCancel}>
        Cancel import
      </button>
    </div>
  );
}
