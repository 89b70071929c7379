/**
 * The start-up data in the App's state. main.tsx asks for it first thing; when it came before the
 * first render it is in the first state already, otherwise it is applied when it comes.
 */
import { useEffect, useState, type Dispatch } from 'react';
import type { Action } from '../../state';
import { errorAction } from './selectors';
import { loadStartupData, startupDataIfAnswered } from './startup';

/** The start-up warnings to show, and whether the data is in the state (or failed to come: the error says so). */
export function useStartup(dispatch: Dispatch<Action>) {
  const [warnings, setWarnings] = useState<string[]>(() => startupDataIfAnswered()?.warnings ?? []);
  const [loaded, setLoaded] = useState(() => startupDataIfAnswered() !== null);

  useEffect(() => {
    if (loaded) return;
    let cancelled = false;
    loadStartupData()
      .then(({ settings, credentials, collections, warnings: found }) => {
        if (cancelled) return;
        setWarnings(found);
        dispatch({ type: 'settings', settings });
        dispatch({ type: 'credentials', credentials });
        dispatch({ type: 'collections', collections });
      })
      .catch((error: unknown) => !cancelled && dispatch(errorAction(error, 'Could not load your data: ')))
      .finally(() => !cancelled && setLoaded(true));
    return () => {
      cancelled = true;
    };
    // Runs once: `loaded` only ever turns true, and then there is nothing left to load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return { warnings, loaded };
}
