/**
 * Builds window.api from the contract: one function per channel and one subscribe function per
 * event, nothing else. Used by the preload over Electron's IPC and by the e2e bridge over
 * Playwright's exposeBinding.
 */
import { CHANNELS, EVENTS, eventMember, type Channel, type EventChannel } from '../../shared/channels';
import type { Api, Envelope } from '../../shared/contract';

export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<Envelope<unknown>>;
  /** Calls `listener` with each payload of `event` (never the transport's own event object) until the returned function is called. */
  subscribe(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

type Group = Record<string, (arg?: unknown) => unknown>;

export function createApi(transport: Transport): Api {
  const api: Record<string, Group> = {};
  for (const channel of CHANNELS) {
    const [domain, verb] = channel.split(':') as [string, string];
    const group = (api[domain] ??= {});
    group[verb] = async (payload?: unknown) => {
      const envelope = await transport.invoke(channel, payload);
      if (envelope.ok) return envelope.value;
      throw new Error(envelope.error);
    };
  }
  for (const event of EVENTS) {
    const [domain, member] = eventMember(event);
    const group = (api[domain] ??= {});
    group[member] = (listener?: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${domain}.${member} takes a function.`);
      return transport.subscribe(event, (payload) => (listener as (payload: unknown) => void)(payload));
    };
  }
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api) as unknown as Api;
}
