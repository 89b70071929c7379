/**
 * The main process as the app wires it (createMainServices) behind the real IPC dispatch, in a
 * temporary data folder: tests call it as the renderer does and see what the renderer would see.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, Envelope, RequestOf, ResponseOf } from '../shared/contract';
import { cipherFromSafeStorage } from '../electron/main/credentials/vault';
import { createDispatch } from '../electron/main/ipc/dispatch';
import { APP_ORIGIN, isTrustedSender } from '../electron/main/ipc/sender';
import { createMainServices, type MainServices, type MainServicesOptions } from '../electron/main/services';
import { safeStorage } from './fake-electron';

export interface RendererSide {
  services: MainServices;
  /** One call through the dispatch from the app's own window: the answer, or an Error with the sentence the renderer gets. */
  invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** The envelope exactly as it crosses IPC, for tests that measure what the renderer receives. */
  envelope<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>;
}

/** Runs `test` against fresh services (the options given, env {} unless named), then disposes of them and their folder. */
export async function temporaryServices(options: Partial<MainServicesOptions>, test: (side: RendererSide) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'main-services-'));
  const services = createMainServices({ dataDir, env: {}, cipher: cipherFromSafeStorage(safeStorage, 'linux'), ...options });
  const dispatch = createDispatch(services.handlers, (url) => isTrustedSender(url));
  const envelope = <C extends Channel>(channel: C, payload: RequestOf<C>) =>
    dispatch(channel, `${APP_ORIGIN}/index.html`, payload) as Promise<Envelope<ResponseOf<C>>>;
  const invoke = async <C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> => {
    const answer = await envelope(channel, payload);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  };
  try {
    await test({ services, invoke, envelope });
  } finally {
    await services.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs `test` with process.env[name] set to `value`, restored afterwards (to what it was, or unset). */
export async function withProcessEnv(name: string, value: string, test: () => Promise<void>): Promise<void> {
  const before = process.env[name];
  process.env[name] = value;
  try {
    await test();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}
