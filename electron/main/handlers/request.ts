/** request:* — send a request (send/send-request.ts), ask how far its download is, cancel it. */
import type { PrefixHandlers } from '../ipc/dispatch';
import { cancelRequest, requestProgress, sendRequest, type RequestDeps } from '../send/send-request';

export function requestHandlers(deps: RequestDeps): PrefixHandlers<'request'> {
  return {
    'request:send': (request) => sendRequest(deps, request),
    'request:cancel': (request) => cancelRequest(deps, request),
    'request:progress': async (request) => requestProgress(deps, request),
  };
}
