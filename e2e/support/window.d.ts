/** window.api as the renderer sees it (renderer/src/api.ts), for page.evaluate callbacks in specs. */
import type { Api } from '../../shared/contract';

declare global {
  interface Window {
    readonly api: Api;
  }
}

export {};
