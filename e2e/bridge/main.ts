/**
 * The main-process code the bridge runs in the Playwright test process (Node). Bundled by the
 * fixtures with the module name `electron` resolved to test/support/fake-electron.ts, so the real
 * `electron` package (which downloads its binary when required) is never loaded.
 */
export { createMainServices, type MainServices } from '../../electron/main/services';
export { createDispatch, type Dispatch } from '../../electron/main/ipc/dispatch';
export { isTrustedSender } from '../../electron/main/ipc/sender';
export { startSandbox, type Sandbox } from '../../electron/main/sandbox/server';
export { cipherFromSafeStorage } from '../../electron/main/credentials/vault';
export { safeStorage, setSafeStorageBackend, setUserDataPath } from '../../test/support/fake-electron';
