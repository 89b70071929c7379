/**
 * The bridge: what electron/main/index.ts does with a BrowserWindow and ipcMain, done with a
 * Playwright page in this Node process. The real main services answer through the same dispatch
 * (dispatchForWindow), and window.api is the real preload's createApi over page.exposeBinding
 * (preload.ts): only Electron's IPC pipe is replaced. The e2e fixtures and the benches both use it,
 * bundled with main.ts (load.mjs).
 */
import type { Page } from '@playwright/test';
import { cipherFromSafeStorage } from '../../../electron/main/credentials/vault';
import { dispatchForWindow } from '../../../electron/main/ipc/window-dispatch';
import { createMainServices, type MainServices, type MainServicesOptions } from '../../../electron/main/services';
import type { Envelope, EventChannel } from '../../../shared/contract';
import { safeStorage, setUserDataPath } from '../../../test/support/fake-electron';

export interface BridgeOptions {
  /** Where the renderer build is served: the only origin the dispatch answers. */
  origin: string;
  /** preload.ts as a page script (bridgePreloadScript in load.mjs). */
  preloadScript: string;
  /** The services' options; the cipher is the fake safeStorage's, as on Linux. */
  services: Omit<MainServicesOptions, 'cipher'>;
  /** Page scripts run before the preload. */
  beforePreload?: readonly string[];
  /** Sees each answer and how long the main process took; what it returns is what the page gets. */
  answer?(channel: string, envelope: Envelope<unknown>, ms: number): unknown;
}

/** Wires `page` (before it navigates) to fresh main services over `services.dataDir`; the caller disposes of them. */
export async function bridgePage(page: Page, options: BridgeOptions): Promise<MainServices> {
  setUserDataPath(options.services.dataDir);
  const services = createMainServices({ ...options.services, cipher: cipherFromSafeStorage(safeStorage, 'linux') });
  const dispatch = dispatchForWindow(services.handlers, options.origin);
  const answer = options.answer ?? ((_channel: string, envelope: Envelope<unknown>) => envelope);
  try {
    await page.exposeBinding('__workbenchInvoke', async ({ frame }, channel: string, payload: unknown) => {
      const started = performance.now();
      const envelope = await dispatch(channel, frame.url(), payload);
      return answer(channel, envelope, performance.now() - started);
    });
    for (const content of options.beforePreload ?? []) await page.addInitScript({ content });
    await page.addInitScript({ content: options.preloadScript });
  } catch (error) {
    await services.dispose();
    throw error;
  }
  return services;
}

/** What the main process's webContents.send(event, payload) does, for a page wired by bridgePage. */
export async function emitEvent(page: Page, event: EventChannel, payload: unknown): Promise<void> {
  await page.evaluate(
    ([name, value]) =>
      (window as unknown as { __workbenchEmit(e: string, p: unknown): void }).__workbenchEmit(name, value),
    [event, payload] as const,
  );
}
