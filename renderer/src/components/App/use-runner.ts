/**
 * The runner's place in the app: the run dialog (opened from a collection's or a folder's "Run…"), the
 * one run whose results are shown, whether they are shown instead of the request builder, opening a
 * row's response in a tab, and "Run failed again". A run replaced or closed is dropped in the main
 * process, so its rows file does not outlive it.
 */
import { useCallback, useRef, useState } from 'react';
import { METHODS, type Method } from '../../../../shared/http-types';
import type { RunStart } from '../../../../shared/schemas/run';
import { api } from '../../api';
import { errorText } from '../../error-text';
import type { Action } from '../../state';
import type { RunScope } from '../RunDialog/run-form';
import { runRowResult } from '../RunnerView/run-response';
import { errorAction } from './selectors';

export interface ShownRun {
  runId: string;
  title: string;
  start: RunStart;
}

function dropRun(runId: string) {
  void api()
    .runner.drop({ runId })
    .catch(() => undefined); // a run that cannot be dropped is removed with the data folder's temporary files
}

/** A row's method as a draft takes it (a run only sends the methods the app knows). */
function methodOf(method: string): Method {
  return METHODS.find((m) => m === method) ?? 'GET';
}

export function useRunner(dispatch: React.Dispatch<Action>, setNotice: (text: string | null) => void) {
  const [dialogScope, setDialogScope] = useState<RunScope | null>(null);
  const [run, setRun] = useState<ShownRun | null>(null);
  const [shown, setShown] = useState(false);
  /** The run shown, for dropping it when another replaces it. */
  const current = useRef<ShownRun | null>(null);

  /** Starts a run and shows its results; resolves with the sentence of a refusal, or null. */
  const start = useCallback(
    async (settings: RunStart, title: string): Promise<string | null> => {
      try {
        const started = await api().runner.start(settings);
        if (current.current) dropRun(current.current.runId);
        current.current = { runId: started.runId, title, start: settings };
        setRun(current.current);
        setShown(true);
        setDialogScope(null);
        if (started.warnings.length > 0) setNotice(started.warnings.join(' '));
        return null;
      } catch (error) {
        return errorText(error);
      }
    },
    [setNotice],
  );

  const runAgain = async (requestIds: string[]) => {
    if (!run) return;
    const { folderIds: _folders, ...same } = run.start;
    const refused = await start({ ...same, requestIds }, `${run.title} (failed again)`);
    if (refused) dispatch({ type: 'error', message: refused });
  };

  /** Opens the row's request in a tab (its saved one when it is still there) with the response the run got. */
  const openRow = async (runId: string, index: number) => {
    try {
      const answer = await api().runner.response({ runId, index });
      const collectionId = run?.start.collectionId;
      const doc = collectionId
        ? await api()
            .collections.getRequest({ collectionId, requestId: answer.row.requestId })
            .catch(() => null)
        : null;
      if (collectionId && doc) dispatch({ type: 'openRequest', collectionId, doc });
      else
        dispatch({
          type: 'openDraft',
          name: answer.row.name,
          draft: {
            method: methodOf(answer.row.method),
            url: answer.row.url,
            headers: [],
            body: '',
            auth: { mode: 'none' },
            captures: [],
            checks: [],
          },
        });
      const requestId = `run-${runId}-${index}`;
      dispatch({ type: 'sendStarted', requestId, startedAt: Date.now() });
      dispatch({ type: 'sendFinished', result: runRowResult(answer, requestId) });
      setShown(false);
    } catch (error) {
      dispatch(errorAction(error));
    }
  };

  const close = () => {
    if (current.current) dropRun(current.current.runId);
    current.current = null;
    setRun(null);
    setShown(false);
  };

  return {
    dialogScope,
    openDialog: (collectionId: string, folderId: string | null) => setDialogScope({ collectionId, folderId }),
    closeDialog: () => setDialogScope(null),
    run,
    shown: shown && run !== null,
    show: setShown,
    start,
    runAgain,
    openRow,
    close,
  };
}
