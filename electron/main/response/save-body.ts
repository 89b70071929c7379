/**
 * Saving a received body (or a filter result) to a file the user chooses in the main process's own
 * dialog, under a name taken from the URL and the content type: the renderer never names a path.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeFsError } from '../storage/fs-errors';
import { bodySize } from './body-jobs';
import type { KeptResponse, ResponseStore } from './store';

export interface SaveBodyDeps {
  store: ResponseStore;
  /** Asks where to save (a native dialog in the app); null when the user cancels. */
  chooseSaveFile?(suggestedName: string): Promise<string | null>;
}

const EXTENSIONS: Array<[RegExp, string]> = [
  [/[/+]json\b/, '.json'],
  [/[/+]xml\b/, '.xml'],
  [/^text\/html/, '.html'],
  [/^text\/csv/, '.csv'],
  [/^text\//, '.txt'],
  [/^image\/png/, '.png'],
  [/^image\/jpe?g/, '.jpg'],
  [/^image\/gif/, '.gif'],
  [/^image\/webp/, '.webp'],
  [/^image\/svg/, '.svg'],
  [/^application\/pdf/, '.pdf'],
  [/^application\/zip/, '.zip'],
  [/^application\/gzip/, '.gz'],
];

/** A file name for a saved body: the URL's last path segment, with an extension from the content type. */
export function suggestedFileName(url: string, contentType: string, format: KeptResponse['format']): string {
  let stem = 'response';
  try {
    const segment = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '');
    const clean = segment
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 80);
    if (clean) stem = clean;
  } catch {
    // keep "response"
  }
  if (/\.[A-Za-z0-9]{1,5}$/.test(stem)) return stem;
  const type = contentType.toLowerCase();
  const ext =
    EXTENSIONS.find(([pattern]) => pattern.test(type))?.[1] ??
    (format === 'json' ? '.json' : format === 'text' ? '.txt' : '.bin');
  return stem + ext;
}

/** The file name a filter result is offered under: the body's name with "-filtered" before a .json extension. */
export function filteredFileName(bodyFileName: string): string {
  const stem = bodyFileName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${stem}-filtered.json`;
}

/**
 * Writes the received body (or, with the `viewId` of a filter result, that result: its pretty JSON as
 * shown) to a file the user chooses in the main process's own dialog.
 */
export async function saveBody(
  deps: SaveBodyDeps,
  request: { responseId: string; viewId?: string },
): Promise<{ saved: boolean; fileName?: string; bytes?: number }> {
  const kept = deps.store.response(request.responseId);
  const view = request.viewId === undefined ? null : deps.store.view(request.viewId);
  if (view && view.response !== kept)
    throw new Error('That filter result belongs to another response. Apply the filter again.');
  const result = view?.derived ? view : null; // the body's own view saves the body, as received
  if (!deps.chooseSaveFile) throw new Error('Saving files is not available here.');
  const bodyName = suggestedFileName(kept.url, kept.contentType, kept.format);
  const target = await deps.chooseSaveFile(result ? filteredFileName(bodyName) : bodyName);
  if (!target) return { saved: false };
  // Looked up again: ten newer responses may have come while the dialog was open.
  if (result) deps.store.view(request.viewId!);
  else deps.store.response(request.responseId);
  try {
    if (result) await copyFile(result.lines.path, target);
    else if (kept.body.kind === 'memory') await writeFile(target, kept.body.bytes);
    else await copyFile(kept.body.path, target);
  } catch (error) {
    throw new Error(describeFsError(error, `save the ${result ? 'filter result' : 'body'}`, basename(target)));
  }
  return { saved: true, fileName: basename(target), bytes: result ? result.lines.bytes : bodySize(kept) };
}
