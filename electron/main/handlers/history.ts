/** history:* — the send history (history/store.ts), already masked when it was written. */
import type { HistoryStore } from '../history/store';
import type { PrefixHandlers } from '../ipc/dispatch';

export function historyHandlers(deps: { history: HistoryStore }): PrefixHandlers<'history'> {
  return {
    'history:list': async (request) => deps.history.list({ query: request.query, limit: request.limit ?? 200 }),
    'history:get': async (request) => {
      const entry = deps.history.get(request.id);
      if (!entry) throw new Error('That history entry is no longer there (the oldest are dropped).');
      return entry;
    },
    'history:clear': async () => {
      deps.history.clear();
      return { cleared: true };
    },
  };
}
