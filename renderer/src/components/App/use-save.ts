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

export function useSave(latest: { readonly current: AppState }, dispatch: Dispatch<Action>, notify: (notice: string) => void) {
  const [dialogOpen, setDialogOpen] = useState(false);

  /** Saves where `target` says (from the dialog), else where the tab's request is; asks where when it is nowhere yet. */
  const save = useCallback(
    async (target: SaveTarget | null = null) => {
      const current = latest.current;
      const place = savePlace(current, target, () => crypto.randomUUID());
      if (!place) {
        setDialogOpen(true);
        return;
      }
      try {
        const { moved, ...collections } = await api().collections.saveRequest({
          collectionId: place.collectionId,
          parentId: place.parentId,
          request: docFromDraft(activeData(current).draft, place.requestId, place.name),
        });
        dispatch({ type: 'collections', collections });
        dispatch({ type: 'saved', collectionId: place.collectionId, requestId: place.requestId, name: place.name, headerValues: moved?.headers, token: moved?.token });
        if (target) setDialogOpen(false);
        notify(savedNotice(place.name, moved));
      } catch (error) {
        dispatch(errorAction(error));
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
