/** Sentences for the progress of a download or of a long job on a body. */
import type { Progress } from '../../../../shared/http-types';
import { formatBytes } from '../../format';

const PHASES: Record<Progress['phase'], string> = {
  waiting: 'Waiting for the answer',
  receiving: 'Received',
  formatting: 'Formatting',
  searching: 'Searched',
  filtering: 'Filtered',
  'formatting-results': 'Formatting the results:',
};

/** e.g. "Received 12.3 MB of 20.0 MB (62%) · 45.1 MB/s", "Waiting for the answer". */
export function describeProgress(progress: Progress): string {
  if (progress.phase === 'waiting' && progress.doneBytes === 0) return PHASES.waiting;
  // A download that has all its bytes and is being formatted.
  if (progress.phase === 'formatting' && progress.totalBytes !== null && progress.doneBytes >= progress.totalBytes) {
    return `Received ${formatBytes(progress.doneBytes)} · formatting…`;
  }
  const parts = [`${PHASES[progress.phase]} ${formatBytes(progress.doneBytes)}`];
  if (progress.totalBytes !== null && progress.totalBytes > 0) {
    const percent = Math.min(100, Math.floor((progress.doneBytes / progress.totalBytes) * 100));
    parts[0] += ` of ${formatBytes(progress.totalBytes)} (${percent}%)`;
  }
  if (progress.bytesPerSecond > 0) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  return parts.join(' · ');
}

/** 0…1 when the total is known, else null (an indeterminate bar). */
export function progressFraction(progress: Progress | null): number | null {
  if (!progress || progress.totalBytes === null || progress.totalBytes <= 0) return null;
  return Math.max(0, Math.min(1, progress.doneBytes / progress.totalBytes));
}
