import type { Api } from '../../shared/contract';

declare global {
  interface Window {
    /** Built by the preload from the IPC contract; the renderer's only way to the main process. */
    readonly api: Api;
  }
}

export function api(): Api {
  return window.api;
}
