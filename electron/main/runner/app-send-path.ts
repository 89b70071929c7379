/**
 * The engine's send path (RunSendPath) over the app's own send: the same RequestDeps a send from the
 * editor uses (its client with the settings' timeout, proxy and trusted CAs, the vault's secrets,
 * credentials and CRM users, where secrets may go), changed only where a run differs:
 * - its captures and data row live in the run, per iteration, above the collection's and the
 *   environment's variables (they chain from request to request, as in the command, and do not
 *   touch the values captured in the editor);
 * - bodies are kept in memory only until the row is written, masked like every body;
 * - its requests are not written to the history (the run's own rows are their record);
 * - it has its own requests in flight, so Cancel aborts exactly the run's.
 */
import type { SendResult } from '../../../shared/http-types';
import { substitute } from '../../../shared/variables';
import { withBearerRow } from '../credentials/auth';
import type { InFlight, RequestDeps } from '../send/send-request';
import { sendRequest } from '../send/send-request';
import { requestLookup, resolveRequestVariables, type VariableSources } from '../variables/resolve';
import type { RunItem } from './collection-source';
import type { DataRow } from './iteration-data';
import { textSink, toOutgoing, type OutgoingTarget, type RunSendPath } from './send-path';

export interface AppSendDeps {
  /** The app's send deps, as services.ts builds them for request:send. */
  request: RequestDeps;
  sources: VariableSources;
  /** Remembers secrets met on the way and masks every one the app knows. */
  remember(...values: readonly string[]): void;
  mask(text: string): string;
}

export interface AppSendPath extends RunSendPath {
  /** The result of the request sent under this id, handed over once (the row keeps what it needs). */
  take(requestId: string): SendResult | undefined;
  /** Aborts every request of the run in flight. */
  abort(): void;
}

export function createAppSendPath(deps: AppSendDeps, target: OutgoingTarget): AppSendPath {
  const inFlight = new Map<string, InFlight>();
  const iterations = new Map<string, Map<string, string>>();
  const results = new Map<string, SendResult>();
  const sourcesFor = (key: string): VariableSources => ({
    ...deps.sources,
    captured: () => iterations.get(key) ?? new Map(),
  });
  const depsFor = (key: string): RequestDeps => ({
    ...deps.request,
    inFlight,
    sink: (head, secrets) => {
      deps.remember(...secrets);
      return textSink(head, deps.mask);
    },
    keptBodyText: () => Promise.reject(new Error('A run keeps no bodies.')),
    resolveVariables: (request) => resolveRequestVariables(withBearerRow(request), sourcesFor(key)),
    capture(_collectionId, values) {
      const map = iterations.get(key);
      if (map) for (const { variable, value } of values) map.set(variable, value);
    },
    recordHistory: () => undefined,
  });

  return {
    async send(item: RunItem, requestId: string, key: string) {
      const result = await sendRequest(depsFor(key), toOutgoing(item, requestId, target));
      results.set(requestId, result);
      return result;
    },
    take(requestId) {
      const result = results.get(requestId);
      results.delete(requestId);
      return result;
    },
    resolver(key) {
      const lookup = requestLookup(target, sourcesFor(key));
      return (text) => substitute(text, lookup).text;
    },
    startIteration(key: string, row: DataRow) {
      iterations.set(key, new Map(Object.entries(row)));
    },
    endIteration(key) {
      iterations.delete(key);
    },
    mask: deps.mask,
    warnings: [],
    abort() {
      for (const transfer of inFlight.values()) transfer.cancellation.abort();
    },
    close: () => undefined,
  };
}
