/**
 * Check, parse, then act: every call from a renderer goes through here, whether it comes over
 * Electron's IPC or the test bridge. An unknown channel, an untrusted sender or a payload that does
 * not match the contract's schema is refused before any handler runs. The handlers it is given
 * mask every known secret in their answers and errors themselves (createMainServices wraps them,
 * ipc/masked-handlers.ts), so every caller of every handler gets masked text.
 */
import type { Channel, Envelope, ParsedRequestOf, ResponseOf } from '../../../shared/contract';
import { contract } from '../../../shared/contract';
import { errorSentence } from './error-sentence';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/** The handlers of one channel prefix (`'history'` → history:list, history:get, history:clear), as handlers/<prefix>.ts returns them. */
export type PrefixHandlers<P extends string> = Pick<Handlers, Extract<Channel, `${P}:${string}`>>;

export type Dispatch = (channel: string, senderUrl: string | undefined, payload: unknown) => Promise<Envelope<unknown>>;

function isChannel(channel: string): channel is Channel {
  return Object.prototype.hasOwnProperty.call(contract, channel);
}

type Issue = { path: PropertyKey[]; message: string };

function describeIssue(issue: Issue): string {
  // Messages written as sentences end with a full stop; the caller adds its own.
  const message = issue.message.replace(/\.$/, '');
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${message}` : message;
}

function describeIssues(error: { issues: Issue[] }): string {
  return error.issues.slice(0, 3).map(describeIssue).join('; ');
}

/** What the user reads when a handler fails: its sentence, or for a file-system error one in words (never Node's errno text and path). */
export function createDispatch(handlers: Handlers, isTrusted: (senderUrl: string | undefined) => boolean): Dispatch {
  return async (channel, senderUrl, payload) => {
    if (!isChannel(channel)) return { ok: false, error: `Unknown channel “${channel}”.` };
    if (!isTrusted(senderUrl)) return { ok: false, error: 'Refused: the call did not come from the app’s own window.' };
    const parsed = contract[channel].request.safeParse(payload);
    if (!parsed.success)
      return { ok: false, error: `Refused a malformed ${channel} call: ${describeIssues(parsed.error)}.` };
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: errorSentence(error) };
    }
  };
}
