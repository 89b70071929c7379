/** The Electron main process: the window, the app:// scheme and one IPC registration per contract channel. */
import { join } from 'node:path';
import { app, ipcMain } from 'electron';
import { CHANNELS } from '../../shared/contract';
import { createDispatch } from './ipc/dispatch';
import { isTrustedSender } from './ipc/sender';
import { registerAppScheme, serveRenderer } from './protocol';
import { createMainServices, type MainServices } from './services';
import { createMainWindow } from './window';

// The bundle lives in out/main; the preload and renderer builds sit beside it.
const outDir = join(__dirname, '..');

registerAppScheme();

let services: MainServices | null = null;

app.whenReady().then(() => {
  services = createMainServices({ dataDir: app.getPath('userData') });
  const dispatch = createDispatch(services.handlers, (url) => isTrustedSender(url));
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
