/**
 * Builds window.api from the contract: one function per channel, nothing else. Used by the
 * preload over Electron's IPC and by the e2e bridge over Playwright's exposeBinding.
 */
import { CHANNELS, type Channel } from '../../shared/channels';
import type { Api, Envelope } from '../../shared/contract';

export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<Envelope<unknown>>;
}

export function createApi(transport: Transport): Api {
  const api: Record<string, Record<string, (payload?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const [domain, verb] = channel.split(':') as [string, string];
    const group = (api[domain] ??= {});
    group[verb] = async (payload?: unknown) => {
      const envelope = await transport.invoke(channel, payload);
      if (envelope.ok) return envelope.value;
      throw new Error(envelope.error);
    };
  }
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api) as unknown as Api;
}
