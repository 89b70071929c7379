/**
 * The main process as the app wires it (createMainServices) behind the real IPC dispatch, in a
 * temporary data folder: tests call it as the renderer does and see what the renderer would see.
 */
import type { Channel, Envelope, RequestOf, ResponseOf } from '../../shared/contract';
import type { MainServices, MainServicesOptions } from '../../electron/main/services';
import { openMainWorld } from './main-world';

export interface RendererSide {
  services: MainServices;
  /** One call through the dispatch from the app's own window: the answer, or an Error with the sentence the renderer gets. */
  invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** The envelope exactly as it crosses IPC, for tests that measure what the renderer receives. */
  envelope<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>;
}

/** Runs `test` against fresh services (the options given, env {} unless named), then disposes of them and their folder. */
export async function temporaryServices(
  options: Partial<Omit<MainServicesOptions, 'dataDir' | 'cipher'>>,
  test: (side: RendererSide) => Promise<void>,
): Promise<void> {
  const world = openMainWorld(options);
  try {
    await test({ services: world.services, invoke: world.invoke, envelope: world.envelope });
  } finally {
    await world.close();
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
