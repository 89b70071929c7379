/** The preload: exposes window.api (one function per contract channel and event), never ipcRenderer itself. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope } from '../../shared/contract';
import { createApi } from './api';

contextBridge.exposeInMainWorld(
  'api',
  createApi({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Envelope<unknown>>,
    subscribe(event, listener) {
      // The page gets the payload only: Electron's event object (and its sender) stays here.
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => void ipcRenderer.removeListener(event, forward);
    },
  }),
);
