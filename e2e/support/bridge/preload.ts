/**
 * The bridge's preload, run in the page by addInitScript before the app's own scripts: window.api
 * is built by the real preload's createApi, over a transport that calls the binding page.ts
 * exposes (page.exposeBinding) instead of Electron's IPC. Events the main process would send
 * (webContents.send) are delivered by `__workbenchEmit`, which page.ts's `emitEvent` calls.
 * Bundled to an IIFE by load.mjs.
 */
import { createApi } from '../../../electron/preload/api';
import type { Channel, Envelope, EventChannel } from '../../../shared/contract';

const target = window as unknown as {
  __workbenchInvoke(channel: Channel, payload: unknown): Promise<Envelope<unknown>>;
};

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

Object.defineProperty(window, '__workbenchEmit', {
  value: (event: EventChannel, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  },
});

// Like contextBridge.exposeInMainWorld: a property the page can neither replace nor delete.
Object.defineProperty(window, 'api', {
  value: createApi({
    invoke: (channel, payload) => target.__workbenchInvoke(channel, payload),
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  }),
  enumerable: true,
});
