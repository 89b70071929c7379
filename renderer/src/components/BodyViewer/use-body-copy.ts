/**
 * Selecting and copying in a paged body. Only the rows in view are in the DOM, so the browser's
 * selection cannot hold the whole text: Ctrl+A marks it all selected here, and Ctrl+C (or the Copy
 * button) asks the main process, which holds the body, to write the clipboard. A note in the status
 * bar says what was copied.
 */
import { useRef, useState } from 'react';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { plural } from '../../format';
import { useMounted } from '../../hooks/use-mounted';
import { useNotice } from '../../hooks/use-notice';

const NOTE_MS = 3000;

export interface BodyCopy {
  /** Ctrl+A selected the whole text (not only the rows on screen). */
  allSelected: boolean;
  /** What the status bar says: the last copy's note, or that all is selected. */
  status: string | null;
  selectAll(): void;
  unselect(): void;
  /**
   * Ctrl+C: copies the whole text when all is selected, else the value that starts on `line`;
   * false (nothing done) when the browser's own selection is there to copy.
   */
  copy(line: number): boolean;
  /** Copies the value that starts on `line` (a JSON value, or the line's text). */
  copyValue(line: number): void;
}

export function useBodyCopy(viewId: string): BodyCopy {
  const alive = useMounted();
  const [note, showNote] = useNotice<string>(NOTE_MS);
  const [allSelected, setAllSelected] = useState(false);
  const copyingAll = useRef(false);

  const copyAll = async () => {
    if (copyingAll.current) return; // one copy of the whole text at a time
    copyingAll.current = true;
    try {
      const answer = await api().response.copyValue({ viewId, all: true });
      if (!alive.current) return;
      setAllSelected(false);
      showNote(
        answer.copied ? `Copied all ${plural(answer.characters, 'character', 'characters')}` : 'Nothing to copy',
      );
    } catch (error) {
      if (alive.current) showNote(`Could not copy: ${errorText(error)}`);
    } finally {
      copyingAll.current = false;
    }
  };

  const copyValue = async (line: number) => {
    try {
      const answer = await api().response.copyValue({ viewId, line });
      if (!alive.current) return;
      showNote(
        answer.copied
          ? `Copied ${plural(answer.characters, 'character', 'characters')}`
          : 'Nothing to copy on that line',
      );
    } catch (error) {
      if (alive.current) showNote(`Could not copy: ${errorText(error)}`);
    }
  };

  const selectAll = () => {
    document.getSelection()?.removeAllRanges();
    showNote(null);
    setAllSelected(true);
  };

  const copy = (line: number): boolean => {
    if (allSelected) void copyAll();
    else if (document.getSelection()?.toString()) return false;
    else void copyValue(line);
    return true;
  };

  return {
    allSelected,
    status: note ?? (allSelected ? 'All lines selected · Ctrl+C copies' : null),
    selectAll,
    unselect: () => setAllSelected(false),
    copy,
    copyValue: (line) => void copyValue(line),
  };
}
