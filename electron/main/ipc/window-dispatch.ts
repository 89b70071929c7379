/**
 * How a window reaches the main services: their handlers behind the dispatch, answering calls from
 * one origin only (the app:// renderer; in the test bridge, the origin the test serves the build on).
 * The Electron shell (index.ts, over ipcMain), the e2e and bench bridge (e2e/support/bridge, over
 * page.exposeBinding) and the Node tests (test/support/main-world.ts) all wire it this way.
 */
import { createDispatch, type Dispatch, type Handlers } from './dispatch';
import { APP_ORIGIN, isTrustedSender } from './sender';

export function dispatchForWindow(handlers: Handlers, trustedOrigin: string = APP_ORIGIN): Dispatch {
  return createDispatch(handlers, (senderUrl) => isTrustedSender(senderUrl, trustedOrigin));
}
