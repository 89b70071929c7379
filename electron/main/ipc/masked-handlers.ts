/**
 * The handlers as the renderer reaches them: every answer, and the text of every error, masked
 * with every secret the main process knows (KnownSecrets). Wrapping the handlers once, where the
 * services are built, puts the masking under every caller (Electron's IPC, the e2e bridge, the
 * benches) instead of trusting each handler to mask what it returns.
 */
import type { Channel } from '../../../shared/contract';
import type { KnownSecrets } from '../credentials/known-secrets';
import type { Handlers } from './dispatch';
import { errorSentence } from './error-sentence';

type AnyHandler = (request: unknown) => Promise<unknown>;

function masked(handler: AnyHandler, known: Pick<KnownSecrets, 'mask' | 'maskDeep'>): AnyHandler {
  return async (request) => {
    try {
      return known.maskDeep(await handler(request));
    } catch (error) {
      // The sentence first: the new Error below no longer says whether this was a fault of the app's
      // own (a TypeError) or a file-system error, whose raw text names an errno and an absolute path.
      throw new Error(known.mask(errorSentence(error)));
    }
  };
}

export function maskedHandlers(handlers: Handlers, known: Pick<KnownSecrets, 'mask' | 'maskDeep'>): Handlers {
  const out: Partial<Record<Channel, AnyHandler>> = {};
  for (const channel of Object.keys(handlers) as Channel[])
    out[channel] = masked(handlers[channel] as AnyHandler, known);
  return out as Handlers;
}
