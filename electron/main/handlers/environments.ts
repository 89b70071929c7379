/** environments:* — add, change and remove an environment (credentials/store.ts); every answer is the credentials view. */
import { credentialsView, type CredentialsViewDeps } from '../credentials/credentials-view';
import type { PrefixHandlers } from '../ipc/dispatch';

export function environmentsHandlers(deps: CredentialsViewDeps): PrefixHandlers<'environments'> {
  return {
    'environments:add': async (request) => {
      deps.store.addEnvironment(request);
      return credentialsView(deps);
    },
    'environments:update': async (request) => {
      deps.store.updateEnvironment(request.environmentId, { authorizationUrl: request.authorizationUrl });
      return credentialsView(deps);
    },
    'environments:remove': async (request) => {
      deps.store.removeEnvironment(request.environmentId);
      return credentialsView(deps);
    },
  };
}
