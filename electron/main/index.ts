/**
 * The Electron main process: one instance per data folder, the window, the app:// scheme, one IPC
 * registration per contract channel, the application menu, and a quit that waits for the services
 * to be disposed. On macOS the app stays open without a window, and Dock's activate opens one again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  safeStorage,
  session,
  shell,
} from 'electron';
import type { EventChannel } from '../../shared/channels';
import type { CommandId } from '../../shared/commands';
import { CHANNELS } from '../../shared/contract';
import { createAuthorizationPages } from './auth-window';
import { cipherFromSafeStorage } from './credentials/vault';
import { dispatchForWindow } from './ipc/window-dispatch';
import { registerAppScheme, serveRenderer } from './protocol';
import { createMainServices, type MainServices, type SandboxTargetWithCa } from './services';
import { API_DOCS_URL, mayOpenExternally, menuTemplate } from './menu';
import { createMainWindow } from './window';
import { openWindowStateStore, type WindowStateStore } from './window-state';

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

/** The client certificate file dialogs: what each asks for, and the files it lists first. */
const CERTIFICATE_DIALOG_TITLES = {
  certificate: 'Choose the client certificate (PEM)',
  key: 'Choose the client certificate’s private key (PEM)',
  pkcs12: 'Choose the client certificate (PKCS#12: .p12 or .pfx)',
} as const;
const CERTIFICATE_FILE_FILTERS: Record<keyof typeof CERTIFICATE_DIALOG_TITLES, Electron.FileFilter> = {
  certificate: { name: 'PEM certificate', extensions: ['pem', 'crt', 'cer'] },
  key: { name: 'PEM private key', extensions: ['pem', 'key'] },
  pkcs12: { name: 'PKCS#12', extensions: ['p12', 'pfx'] },
};

let services: MainServices | null = null;
let mainWindow: BrowserWindow | null = null;
let windowPlaces: WindowStateStore | null = null;

/** The app's window, where it was left; at start, and again on macOS when the Dock icon is clicked. */
function openMainWindow(): void {
  windowPlaces ??= openWindowStateStore(app.getPath('userData'));
  const window = createMainWindow(join(outDir, 'preload', 'index.cjs'), windowPlaces);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

const MENU_COMMAND: EventChannel = 'menu:command';

/** A menu item's command goes to the app's window (never the authorization window), which runs it as its key would. */
function sendCommand(id: CommandId): void {
  if (mainWindow) mainWindow.webContents.send(MENU_COMMAND, id);
  // macOS, every window closed: the menu brings the window back, as the Dock icon does.
  else openMainWindow();
}

function installMenu(): void {
  const template = menuTemplate({
    platform: process.platform,
    packaged: app.isPackaged,
    appName: app.getName(),
    command: sendCommand,
    openExternal: (url) => {
      if (mayOpenExternally(url)) void shell.openExternal(url);
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  app.setAboutPanelOptions({
    applicationName: app.getName(),
    applicationVersion: app.getVersion(),
    website: API_DOCS_URL,
  });
}

function start(): void {
  const sandbox = sandboxFromEnv();
  let trustedForPages: readonly string[] = [];
  const pages = createAuthorizationPages(
    () => trustedForPages,
    (target) => services?.proxyFor(target) ?? null,
  );
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
    // Menus, dialogs, the title bar and the page's prefers-color-scheme follow the setting.
    applyTheme: (theme) => (nativeTheme.themeSource = theme),
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
    chooseClientCertificateFile: async (role) => {
      const options = {
        title: CERTIFICATE_DIALOG_TITLES[role],
        properties: ['openFile' as const],
        filters: [CERTIFICATE_FILE_FILTERS[role], { name: 'All files', extensions: ['*'] }],
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
  installMenu();
  openMainWindow();
}

/** macOS: the Dock icon clicked with no window open brings the window back. */
function reopenWindow(): void {
  if (services && !mainWindow) openMainWindow();
}

/** A second launch ends here; the first one brings its window to the front. */
function showFirstInstance(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/**
 * Quitting waits for the services: sends cancelled, stores closed, kept response bodies removed.
 * Electron would exit as soon as will-quit returns, so the quit is held, then asked again.
 */
function disposeThenQuit(event: Electron.Event): void {
  const running = services;
  if (!running) return;
  services = null;
  event.preventDefault();
  running
    .dispose()
    .catch((error: unknown) => console.warn(`Partner API Workbench: could not finish closing (${String(error)}).`))
    .finally(() => app.quit());
}

// One instance per data folder (the lock is taken after the test hook's setPath): a second one would
// empty <userData>/responses while the first is using it. Quitting before ready still lets ready come,
// so the second instance registers nothing that would start.
if (app.requestSingleInstanceLock()) {
  app.on('second-instance', showFirstInstance);
  app.whenReady().then(start);
  app.on('activate', reopenWindow);
  // macOS apps stay open, in the Dock and the menu bar, when their last window closes.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', disposeThenQuit);
} else {
  app.quit();
}
