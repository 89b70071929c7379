/**
 * What the bridge's test process (a Playwright worker, a bench) takes from the main process, bundled
 * by load.mjs with the module name `electron` resolved to test/support/fake-electron.ts, so the real
 * `electron` package (which downloads its binary when required) is never loaded.
 */
export { bridgePage, emitEvent, type BridgeOptions } from './page';
export { createMainServices, type MainServices } from '../../../electron/main/services';
export { dispatchForWindow } from '../../../electron/main/ipc/window-dispatch';
export { startSandbox, type Sandbox } from '../../../electron/main/sandbox/server';
export { cipherFromSafeStorage } from '../../../electron/main/credentials/vault';
export { safeStorage, setSafeStorageBackend, setUserDataPath } from '../../../test/support/fake-electron';
export { serveStatic } from '../static-server';
