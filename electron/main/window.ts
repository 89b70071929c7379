/**
 * The app window, locked down: isolated, sandboxed, no Node, no navigation, no new windows. It opens
 * where it was left (window-state.ts) and saves its place as it moves.
 */
import { BrowserWindow, dialog, nativeTheme, screen, session, shell } from 'electron';
import { APP_ORIGIN, isTrustedSender } from './ipc/sender';
import type { WindowStateStore } from './window-state';

/** How long a window must stay still before its place is saved (a drag moves it many times a second). */
const SAVE_DELAY_MS = 500;

/** The web permissions the app's page may use: clipboard writes, nothing else, for no one else. */
function mayUse(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isTrustedSender(requestingUrl);
}

/** Saves the window's place once it has been still a moment, and at once when it closes. */
function rememberPlace(window: BrowserWindow, places: WindowStateStore): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (!window.isDestroyed()) places.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('move', saveSoon);
  window.on('resize', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', save);
}

export function createMainWindow(preloadPath: string, places: WindowStateStore): BrowserWindow {
  const placement = places.placement(screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Partner API Workbench',
    // The page's --bg in the theme the OS or the setting picked: no flash of the other before it paints.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0e1116' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });

  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the system browser; the app itself never opens windows.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  // One web permission is granted, to the app's own page only: writing the clipboard, which the Copy
  // buttons do with navigator.clipboard (Chromium checks it first). Every other request is refused,
  // and every other check (which many APIs make first, without asking) answers "denied".
  session.defaultSession.setPermissionRequestHandler((_webContents, permission, callback, details) =>
    callback(mayUse(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    mayUse(permission, requestingOrigin),
  );

  // The renderer holds the close while requests are unsaved; the user decides.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Close without saving', 'Keep working'],
      defaultId: 1,
      cancelId: 1,
      message: 'Some requests have unsaved changes.',
      detail: 'If you close now, those changes are lost.',
    });
    if (choice === 0) event.preventDefault();
  });

  rememberPlace(window, places);
  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
