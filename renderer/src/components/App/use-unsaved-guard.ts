/**
 * Unsaved requests are never dropped silently. Closing a tab with changes asks first (Save, Don't
 * save, Cancel); closing the window while any tab has changes is held (the main process asks).
 */
import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import { isDirty, type Action, type AppState } from '../../state';
import { anyDirty } from './selectors';
import type { SaveOutcome } from './use-save';

export function useUnsavedGuard(
  state: AppState,
  latest: { readonly current: AppState },
  dispatch: Dispatch<Action>,
  save: () => Promise<SaveOutcome>,
  saveDialogOpen: boolean,
) {
  const [closing, setClosing] = useState<string | null>(null);
  /** A tab whose "Save" opened the save dialog: it closes once the dialog has saved it, and stays if the dialog is cancelled. */
  const closeWhenSaved = useRef<string | null>(null);

  useEffect(() => {
    const id = closeWhenSaved.current;
    if (id === null) return;
    const tab = state.tabs.find((t) => t.id === id);
    if (tab && !isDirty(tab)) dispatch({ type: 'closeTab', id });
    if (!tab || !isDirty(tab) || !saveDialogOpen) closeWhenSaved.current = null;
  }, [state.tabs, saveDialogOpen, dispatch]);

  /** Closes the tab, or asks first when it has unsaved changes. */
  const requestClose = useCallback(
    (id: string) => {
      const tab = latest.current.tabs.find((t) => t.id === id);
      if (!tab) return;
      if (isDirty(tab)) setClosing(id);
      else dispatch({ type: 'closeTab', id });
    },
    [latest, dispatch],
  );

  const dirty = anyDirty(state);
  useEffect(() => {
    if (!dirty) return;
    const hold = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', hold);
    return () => window.removeEventListener('beforeunload', hold);
  }, [dirty]);

  const closingTab = state.tabs.find((t) => t.id === closing);
  /** The answers to "Save changes to …?" for the tab being closed. */
  const answers = closingTab && {
    name: closingTab.name,
    onSave: () => {
      setClosing(null);
      if (closingTab.id !== state.activeTab) dispatch({ type: 'switchTab', id: closingTab.id });
      else
        void save().then((outcome) => {
          // Only a written request may close its tab; a failed save keeps the tab and its changes.
          if (outcome === 'saved') dispatch({ type: 'closeTab', id: closingTab.id });
          else if (outcome === 'asked') closeWhenSaved.current = closingTab.id;
        });
    },
    onDiscard: () => {
      setClosing(null);
      dispatch({ type: 'closeTab', id: closingTab.id });
    },
    onCancel: () => setClosing(null),
  };

  return { requestClose, closing: answers };
}
