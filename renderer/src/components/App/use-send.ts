/**
 * Sending the active tab's request and cancelling it. A draft with problems is not sent (the
 * problems show instead); every send, answered or not, bumps `historyVersion` so the history
 * list reloads.
 */
import { useCallback, useState, type Dispatch } from 'react';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { activeData, type Action, type AppState } from '../../state';
import { checkDraft } from '../../variables-preview';
import { effectiveAuth, failure, outgoing, variableContext } from './selectors';

export function useSend(latest: { readonly current: AppState }, dispatch: Dispatch<Action>) {
  const [historyVersion, setHistoryVersion] = useState(0);

  const send = useCallback(async () => {
    const current = latest.current;
    const { draft, sending } = activeData(current);
    if (sending) return;
    if (checkDraft(draft, variableContext(current)).length > 0) {
      dispatch({ type: 'attempted' });
      return;
    }
    const requestId = crypto.randomUUID();
    dispatch({ type: 'sendStarted', requestId, startedAt: performance.now() });
    try {
      const result = await api().request.send(outgoing(current, requestId));
      dispatch({ type: 'sendFinished', result });
    } catch (error) {
      dispatch({ type: 'sendFinished', result: failure(requestId, errorText(error)) });
    }
    setHistoryVersion((v) => v + 1);
    // A send may have refreshed a token (new expiry) or found a user needing re-authorization.
    if (effectiveAuth(current).mode === 'api-key-bearer') {
      api()
        .credentials.get()
        .then((credentials) => dispatch({ type: 'credentials', credentials }))
        .catch(() => undefined);
    }
  }, [latest, dispatch]);

  const cancel = useCallback(() => {
    const { sending } = activeData(latest.current);
    if (sending) void api().request.cancel({ requestId: sending.requestId });
  }, [latest]);

  return { send, cancel, historyVersion };
}
