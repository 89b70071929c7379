/**
 * Playwright fixtures: the real renderer build with window.api wired to the real main-process
 * handlers, either through the bridge (Chromium + page.exposeBinding, the handlers running in this
 * Node process) or in the real Electron app where its binary exists. See docs/DESIGN.md,
 * "Testing without the Electron binary".
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import type { CommandId } from '../../shared/commands';
import { bridgePreloadScript, loadBridgeMain, type BridgeMain } from './bridge/load.mjs';
import type { MainServices } from './bridge/main';
import { electronSwitches, mainProcessEnv } from '../../scripts/main-process-tuning.mjs';
import { findElectronBinary } from './electron-binary';
import { collectPageProblems, pageProblemsError } from './page-problems';
import { FILTER_WORKER, FORMAT_WORKER, IMPORT_WORKER, MAIN_BUNDLE, RENDERER_DIR, ROOT } from './paths';
import { serveStatic } from './static-server';
import { Workbench } from './workbench';

export type AppMode = 'bridge' | 'electron';
export type Sandbox = Awaited<ReturnType<BridgeMain['startSandbox']>>;

export interface AppData {
  /** The app's data folder for this test (settings.json etc.), fresh and empty at the start. */
  dataDir: string;
}

interface BridgeWorker {
  browser: Browser;
  /** Where out/renderer is served; the only origin the dispatcher trusts. */
  origin: string;
  preloadScript: string;
}

export interface WorkbenchWorkerFixtures {
  /** Set per project in playwright.config.ts. */
  appMode: AppMode;
  bridgeWorker: BridgeWorker | null;
}

/** Pages the app opened to authorize a CRM user (the portal's authorization page). */
export interface AuthorizationPages {
  /** The next page the app opens, once it has loaded. */
  next(): Promise<Page>;
}

/** Every answer the main process gave the renderer over the bridge, for tests about secrets. */
export interface IpcRecord {
  channel: string;
  result: unknown;
}

export interface WorkbenchTestFixtures {
  /** Bridge only: the OS secret storage the fake safeStorage pretends to have ('basic_text' = weak, Linux without a keyring). */
  secretStorage: 'gnome_libsecret' | 'basic_text' | 'unavailable';
  /** Skips every test of the electron project, with the reason, where the binary is missing. */
  requireElectron: void;
  sandbox: Sandbox;
  appData: AppData;
  /** The app's window, with data-app-state="ready" reached. */
  app: Page;
  workbench: Workbench;
  authorizationPages: AuthorizationPages;
  /** Bridge only: what window.api returned, in order. Empty in the electron project. */
  ipcLog: IpcRecord[];
  /** Bridge only: what the main process wrote to the clipboard. */
  clipboard: string[];
  /** Clicks the application menu's item of a command: in Electron the real menu's item, in the bridge the event it sends. */
  menuCommand(id: CommandId): Promise<void>;
}

/** Each app page's way to click a menu item, set by the `app` fixture for its mode. */
const menuClickers = new WeakMap<Page, (id: CommandId) => Promise<void>>();

/** A queue of pages: pages pushed before anyone waits are kept. */
function pageQueue() {
  const pages: Page[] = [];
  const waiters: Array<(page: Page) => void> = [];
  return {
    push(page: Page) {
      const waiter = waiters.shift();
      if (waiter) waiter(page);
      else pages.push(page);
    },
    next(): Promise<Page> {
      const page = pages.shift();
      return page ? Promise.resolve(page) : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

const VIEWPORT = { width: 1280, height: 820 };

/** Waits for the app to say it is ready; on failure, says what the page reported meanwhile. */
async function untilReady(page: Page, problems: readonly string[]): Promise<void> {
  try {
    await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  } catch (error) {
    const reported = pageProblemsError(problems);
    throw reported ? new Error(`The app did not become ready. ${reported.message}`, { cause: error }) : error;
  }
}

function stringEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/** The file each client certificate dialog picks in the data folder (a spec writes them first). */
export const CLIENT_CERTIFICATE_FILES = { certificate: 'client.crt', key: 'client.key', pkcs12: 'client.p12' } as const;

export const test = base.extend<WorkbenchTestFixtures, WorkbenchWorkerFixtures>({
  appMode: ['bridge', { scope: 'worker', option: true }],

  bridgeWorker: [
    async ({ appMode, playwright, headless, launchOptions }, use) => {
      if (appMode !== 'bridge') return use(null);
      const server = await serveStatic(RENDERER_DIR);
      const preloadScript = bridgePreloadScript();
      const browser = await playwright.chromium.launch({ headless, ...launchOptions });
      try {
        await use({ browser, origin: server.origin, preloadScript });
      } finally {
        await browser.close();
        await server.close();
      }
    },
    { scope: 'worker' },
  ],

  requireElectron: [
    async ({ appMode }, use) => {
      const binary = appMode === 'electron' ? findElectronBinary() : null;
      if (binary?.path === null) test.skip(true, `Electron binary not available here: ${binary.reason}`);
      await use();
    },
    { auto: true },
  ],

  sandbox: async ({}, use) => {
    const { startSandbox } = loadBridgeMain();
    const sandbox = await startSandbox();
    try {
      await use(sandbox);
    } finally {
      await sandbox.close();
    }
  },

  appData: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'workbench-e2e-'));
    try {
      await use({ dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },

  secretStorage: ['gnome_libsecret', { option: true }],

  ipcLog: async ({}, use) => {
    await use([]);
  },

  clipboard: async ({}, use) => {
    await use([]);
  },

  authorizationPages: async ({}, use) => {
    await use(pageQueue());
  },

  app: async (
    { appMode, bridgeWorker, sandbox, appData, playwright, ipcLog, authorizationPages, secretStorage, clipboard },
    use,
  ) => {
    const { dataDir } = appData;
    const opened = authorizationPages as ReturnType<typeof pageQueue>;
    let problems: string[];

    if (appMode === 'bridge') {
      if (!bridgeWorker) throw new Error('The bridge was not set up.');
      const main = loadBridgeMain();
      main.setSafeStorageBackend(secretStorage);
      // "The system browser": a separate browser context, as a user's browser would be. It does not
      // know the sandbox's CA, so it is told to accept it, as a user would click through.
      const browserContext = await bridgeWorker.browser.newContext({ ignoreHTTPSErrors: true });
      const context = await bridgeWorker.browser.newContext({ viewport: VIEWPORT });
      problems = collectPageProblems(context);
      let services: MainServices | undefined;
      try {
        const page = await context.newPage();
        services = await main.bridgePage(page, {
          origin: bridgeWorker.origin,
          preloadScript: bridgeWorker.preloadScript,
          services: {
            dataDir,
            sandbox,
            openAuthorizationPage: async (url) => {
              const authorizationPage = await browserContext.newPage();
              await authorizationPage.goto(url);
              opened.push(authorizationPage);
            },
            writeClipboard: (text) => clipboard.push(text),
            filterWorkerFile: FILTER_WORKER,
            formatWorkerFile: FORMAT_WORKER,
            importWorkerFile: IMPORT_WORKER,
            // The save dialog: the user picks <data folder>/saved/<suggested name>.
            chooseSaveFile: async (name) => {
              await mkdir(join(dataDir, 'saved'), { recursive: true });
              return join(dataDir, 'saved', name);
            },
            // The run's data file dialog: the user picks <data folder>/run-data.csv (a spec writes it first).
            chooseDataFile: async () => join(dataDir, 'run-data.csv'),
            // A client certificate's dialog: the user picks <data folder>/client.crt, client.key or client.p12.
            chooseClientCertificateFile: async (role) => join(dataDir, CLIENT_CERTIFICATE_FILES[role]),
          },
          answer: (channel, result) => {
            ipcLog.push({ channel, result });
            return result;
          },
        });
        await page.goto(`${bridgeWorker.origin}/index.html`);
        await untilReady(page, problems);
        // What electron/main/index.ts does when an item is clicked: the command's id sent to the page.
        menuClickers.set(page, (id) => main.emitEvent(page, 'menu:command', id));
        await use(page);
      } finally {
        await context.close();
        await services?.dispose();
        await browserContext.close();
        main.setSafeStorageBackend('gnome_libsecret');
      }
    } else {
      const binary = findElectronBinary();
      if (!binary.path) throw new Error('Electron binary not available here.');
      if (!existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run npm run build first.`);
      // The env vars the main process honours are listed in playwright.config.ts.
      const electronApp = await playwright._electron.launch({
        executablePath: binary.path,
        // Started as scripts/start.mjs starts it: the main process's V8 flag and allocator setting.
        args: [...electronSwitches(), MAIN_BUNDLE],
        cwd: ROOT,
        env: mainProcessEnv(
          stringEnv({
            WORKBENCH_DATA_DIR: dataDir,
            WORKBENCH_SANDBOX_ORIGIN: sandbox.origin,
            WORKBENCH_SANDBOX_API_KEY: sandbox.apiKey,
            WORKBENCH_EXTRA_CA: sandbox.caCertPath,
            WORKBENCH_SANDBOX_CLIENT_ID: sandbox.oauthClient.clientId,
            WORKBENCH_SANDBOX_CLIENT_SECRET: sandbox.oauthClient.clientSecret,
          }),
        ),
      });
      problems = collectPageProblems(electronApp.context());
      try {
        const page = await electronApp.firstWindow();
        // The app's authorization window (the default choice) is any window it opens next.
        electronApp.on('window', (other) => {
          if (other !== page) void other.waitForLoadState().then(() => opened.push(other));
        });
        await untilReady(page, problems);
        menuClickers.set(page, async (id) => {
          const clicked = await electronApp.evaluate(({ Menu }, item) => {
            const found = Menu.getApplicationMenu()?.getMenuItemById(item);
            found?.click();
            return Boolean(found);
          }, id);
          if (!clicked) throw new Error(`The application menu has no item ${id}.`);
        });
        await use(page);
      } finally {
        await electronApp.close();
      }
    }

    const error = pageProblemsError(problems);
    if (error) throw error;
  },

  menuCommand: async ({ app }, use) => {
    await use((id) => {
      const click = menuClickers.get(app);
      if (!click) throw new Error('The app was not started.');
      return click(id);
    });
  },

  workbench: async ({ app }, use) => {
    await use(new Workbench(app));
  },
});

export { expect, Workbench };
