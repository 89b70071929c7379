/**
 * Saving the active tab's request: where the tab's saved request is (Ctrl+S, Save), or as a new
 * request where the save dialog says. One path for both, so what a save writes, what it tells the
 * state (the values it moved into the vault) and the notice after it cannot drift apart.
 */
import { useCallback, useState, type Dispatch } from 'react';
import { api } from '../../api';
import { activeData, type Action, type AppState } from '../../state';
import type { SaveTarget } from '../SaveDialog';
import { docFromDraft, errorAction, savedNotice, savePlace } from './selectors';

/** What a save did: wrote the request, opened the dialog to ask where, or failed (the error is shown). */
export type SaveOutcome = 'saved' | 'asked' | 'failed';

export function useSave(
  latest: { readonly current: AppState },
  dispatch: Dispatch<Action>,
  notify: (notice: string) => void,
) {
  const [dialogOpen, setDialogOpen] = useState(false);

  /**
   * Saves where `target` says (from the dialog), else where the tab's request is; asks where when
   * it is nowhere yet. Says which happened, so a caller that closes the tab after saving waits.
   */
  const save = useCallback(
    async (target: SaveTarget | null = null): Promise<SaveOutcome> => {
      const current = latest.current;
      const place = savePlace(current, target, () => crypto.randomUUID());
      if (!place) {
        setDialogOpen(true);
        return 'asked';
      }
      try {
        const { moved, ...collections } = await api().collections.saveRequest({
          collectionId: place.collectionId,
          parentId: place.parentId,
          request: docFromDraft(activeData(current).draft, place.requestId, place.name),
        });
        dispatch({ type: 'collections', collections });
        dispatch({
          type: 'saved',
          collectionId: place.collectionId,
          requestId: place.requestId,
          name: place.name,
          headerValues: moved?.headers,
          token: moved?.token,
        });
        if (target) setDialogOpen(false);
        notify(savedNotice(place.name, moved));
        return 'saved';
      } catch (error) {
        dispatch(errorAction(error));
        return 'failed';
      }
    },
    [latest, dispatch, notify],
  );

  /** The save dialog's "New collection": the new collection's id, or null when it could not be made. */
  const createCollection = useCallback(
    async (name: string) => {
      try {
        const collections = await api().collections.create({ name });
        dispatch({ type: 'collections', collections });
        return collections.collections.find((c) => c.name === name)?.id ?? null;
      } catch (error) {
        dispatch(errorAction(error));
        return null;
      }
    },
    [dispatch],
  );

  const closeDialog = useCallback(() => setDialogOpen(false), []);

  return { save, createCollection, dialogOpen, closeDialog };
}
