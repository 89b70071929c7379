/**
 * The bridge's preload, run in the page by addInitScript before the app's own scripts: window.api
 * is built by the real preload's createApi, over a transport that calls the binding page.ts
 * exposes (page.exposeBinding) instead of Electron's IPC. Bundled to an IIFE by load.mjs.
 */
import { createApi } from '../../../electron/preload/api';
import type { Channel, Envelope } from '../../../shared/contract';

const target = window as unknown as {
  __workbenchInvoke(channel: Channel, payload: unknown): Promise<Envelope<unknown>>;
};

// Like contextBridge.exposeInMainWorld: a property the page can neither replace nor delete.
Object.defineProperty(window, 'api', {
  value: createApi({ invoke: (channel, payload) => target.__workbenchInvoke(channel, payload) }),
  enumerable: true,
});
