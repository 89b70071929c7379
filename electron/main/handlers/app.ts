/** app:* — what the app as a whole has to tell the user at start (files set aside, the environment's warnings). */
import type { PrefixHandlers } from '../ipc/dispatch';

export function appHandlers(deps: { warnings(): string[] }): PrefixHandlers<'app'> {
  return {
    'app:warnings': async () => deps.warnings(),
  };
}
