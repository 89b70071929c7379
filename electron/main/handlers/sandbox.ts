/** sandbox:start — the Local sandbox target: started on first use (sandbox/local-sandbox.ts), its CA trusted for this session only. */
import type { PrefixHandlers } from '../ipc/dispatch';
import type { LocalSandbox } from '../sandbox/local-sandbox';

export function sandboxHandlers(deps: { sandbox: Pick<LocalSandbox, 'ensure'> }): PrefixHandlers<'sandbox'> {
  return {
    'sandbox:start': async () => {
      const sandbox = await deps.sandbox.ensure();
      return { origin: sandbox.origin };
    },
  };
}
