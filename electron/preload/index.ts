/** The preload: exposes window.api (one function per contract channel), never ipcRenderer itself. */
import { contextBridge, ipcRenderer } from 'electron';
import type { Envelope } from '../../shared/contract';
import { createApi } from './api';

contextBridge.exposeInMainWorld(
  'api',
  createApi({ invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Envelope<unknown>> }),
);
