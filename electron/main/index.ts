/** The Electron main process: the window, the app:// scheme and one IPC registration per contract channel. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, safeStorage, session } from 'electron';
import { CHANNELS } from '../../shared/contract';
import { createAuthorizationPages } from './auth-window';
import { cipherFromSafeStorage } from './credentials/vault';
import { dispatchForWindow } from './ipc/window-dispatch';
import { registerAppScheme, serveRenderer } from './protocol';
import { createMainServices, type MainServices, type SandboxTargetWithCa } from './services';
import { createMainWindow } from './window';

// The bundle lives in out/main; the preload and renderer builds sit beside it.
const outDir = join(__dirname, '..');

registerAppScheme();

// The environment as the app was started with it, for the services to read. NODE_TLS_REJECT_UNAUTHORIZED
// is then taken out of this process's own environment, where Node's TLS would read it: every TLS
// connection sets rejectUnauthorized itself (http/verified-tls.ts), and this covers any that might not.
const launchEnv: NodeJS.ProcessEnv = { ...process.env };
delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;

// Hooks for the real-Electron e2e project: a fresh data folder per test, and the test's sandbox as
// the Local sandbox target (its CA trusted for this session only, like the app's own sandbox).
// Unpackaged builds only: in an installed app, no variable moves the vault or adds a trusted CA.
const testHooks: NodeJS.ProcessEnv = app.isPackaged ? {} : process.env;
const testDataDir = testHooks.WORKBENCH_DATA_DIR;
if (testDataDir) app.setPath('userData', testDataDir);

function sandboxFromEnv(): SandboxTargetWithCa | undefined {
  const env = testHooks;
  const { WORKBENCH_SANDBOX_ORIGIN: origin, WORKBENCH_SANDBOX_API_KEY: apiKey, WORKBENCH_EXTRA_CA: caPath } = env;
  const { WORKBENCH_SANDBOX_CLIENT_ID: clientId, WORKBENCH_SANDBOX_CLIENT_SECRET: clientSecret } = env;
  if (!origin || !apiKey || !caPath || !clientId || !clientSecret) return undefined;
  return {
    origin,
    apiKey,
    caCertPem: readFileSync(caPath, 'utf8'),
    oauthClient: { clientId, clientSecret },
    authorizationUrl: `${origin}/en/crm/authorization/`,
  };
}

let services: MainServices | null = null;

app.whenReady().then(() => {
  const sandbox = sandboxFromEnv();
  let trustedForPages: readonly string[] = [];
  const pages = createAuthorizationPages(() => trustedForPages);
  services = createMainServices({
    dataDir: app.getPath('userData'),
    sandbox,
    env: launchEnv,
    cipher: cipherFromSafeStorage(safeStorage, process.platform),
    openAuthorizationPage: async (url, where) => {
      trustedForPages = services?.extraTrustedPems() ?? [];
      const settings = await services!.handlers['settings:get'](undefined);
      return pages.open(url, where, settings.proxy);
    },
    closeAuthorizationPage: () => pages.close(),
    resolveSystemProxy: (url) => session.defaultSession.resolveProxy(url),
    writeClipboard: (text) => clipboard.writeText(text),
    chooseFolder: async () => {
      const options = { title: 'Open a collection folder', properties: ['openDirectory' as const] };
      const owner = BrowserWindow.getFocusedWindow();
      const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    chooseDataFile: async () => {
      const options = {
        title: 'Choose a data file for the run',
        properties: ['openFile' as const],
        filters: [{ name: 'CSV or JSON', extensions: ['csv', 'json'] }],
      };
      const owner = BrowserWindow.getFocusedWindow();
      const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    chooseSaveFile: async (suggestedName) => {
      const options = { title: 'Save', defaultPath: join(app.getPath('downloads'), suggestedName) };
      const owner = BrowserWindow.getFocusedWindow();
      const picked = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return picked.canceled || !picked.filePath ? null : picked.filePath;
    },
  });
  // Said once at start, and shown in Settings: e.g. that NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored.
  for (const warning of services.warnings()) console.warn(`Partner API Workbench: ${warning}`);
  const dispatch = dispatchForWindow(services.handlers);
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => dispatch(channel, event.senderFrame?.url, payload));
  }
  serveRenderer(join(outDir, 'renderer'));
  createMainWindow(join(outDir, 'preload', 'index.cjs'));
});

app.on('window-all-closed', () => {
  app.quit();
});

app.on('will-quit', () => {
  void services?.dispose();
});
