/**
 * A stand-in for the `electron` module in plain Node: only what our main-process code and
 * electron-store touch. Each test points `userData` at its own folder with setUserDataPath.
 */
import { tmpdir } from 'node:os';

let userData = tmpdir();

export function setUserDataPath(path: string): void {
  userData = path;
}

export const app = {
  getPath(name: string): string {
    if (name === 'userData') return userData;
    return tmpdir();
  },
  getVersion(): string {
    return '0.0.0-test';
  },
  isPackaged: false,
};

export const ipcMain = {
  on(): void {},
  handle(): void {},
};

export const shell = {
  async openPath(): Promise<string> {
    return '';
  },
  async openExternal(): Promise<void> {},
};

const fake = { app, ipcMain, shell };
export default fake;
