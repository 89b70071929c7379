/**
 * For tests: the main process as the renderer meets it — the real services and handlers behind the
 * real dispatch (sender check, schema, handler) — with its data folder inside a temporary parent
 * folder of its own, so a test can also prove that nothing was written beside the data folder.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cipherFromSafeStorage } from '../../electron/main/credentials/vault';
import { APP_ORIGIN } from '../../electron/main/ipc/sender';
import { dispatchForWindow } from '../../electron/main/ipc/window-dispatch';
import { createMainServices, type MainServices, type MainServicesOptions } from '../../electron/main/services';
import type { Channel, Envelope, RequestOf, ResponseOf } from '../../shared/contract';
import type { OutgoingRequest } from '../../shared/schemas/outgoing-request';
import { safeStorage, setUserDataPath } from './fake-electron';

export const FROM_APP = `${APP_ORIGIN}/index.html`;

/** The real sandbox, to give a world as its Local sandbox: the renderer's tests reach it only through here. */
export { startSandbox, type Sandbox } from '../../electron/main/sandbox/server';

export interface MainWorld {
  /** The temporary folder that holds the data folder (and nothing else the app should write). */
  parent: string;
  dataDir: string;
  services: MainServices;
  /** A call as the app's own window makes it. */
  call(channel: string, payload?: unknown): Promise<Envelope<unknown>>;
  /** The value of a call that must succeed (throws its error sentence otherwise). */
  value<T = unknown>(channel: string, payload?: unknown): Promise<T>;
  /** A typed call: the envelope exactly as it crosses IPC. */
  envelope<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>;
  /** A typed call: its value, or an Error with the sentence the renderer gets. */
  invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  close(): Promise<void>;
}

export function openMainWorld(options: Partial<Omit<MainServicesOptions, 'dataDir' | 'cipher'>> = {}): MainWorld {
  const parent = mkdtempSync(join(tmpdir(), 'main-world-'));
  const dataDir = join(parent, 'data');
  mkdirSync(dataDir);
  setUserDataPath(dataDir);
  const services = createMainServices({
    env: {},
    ...options,
    dataDir,
    cipher: cipherFromSafeStorage(safeStorage, 'linux'),
  });
  const dispatch = dispatchForWindow(services.handlers);
  const call = (channel: string, payload?: unknown) => dispatch(channel, FROM_APP, payload);
  const envelope = <C extends Channel>(channel: C, payload: RequestOf<C>) =>
    call(channel, payload) as Promise<Envelope<ResponseOf<C>>>;
  return {
    parent,
    dataDir,
    services,
    call,
    envelope,
    async invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      const answer = await envelope(channel, payload);
      if (!answer.ok) throw new Error(answer.error);
      return answer.value;
    },
    async value<T>(channel: string, payload?: unknown): Promise<T> {
      const answer = await call(channel, payload);
      if (!answer.ok) throw new Error(`${channel} was refused: ${answer.error}`);
      return answer.value as T;
    },
    async close() {
      await services.dispose();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** A request to send as the renderer builds one: GET, no headers, no body, no auth, no collection. */
export function outgoingRequest(
  patch: Partial<OutgoingRequest> & Pick<OutgoingRequest, 'requestId' | 'url'>,
): OutgoingRequest {
  return {
    method: 'GET',
    headers: [],
    body: '',
    environmentId: null,
    auth: { mode: 'none' },
    collectionId: null,
    captures: [],
    ...patch,
  };
}
