/** credentials:* — the vault's state and an environment's secrets; every answer is the credentials view, never a secret. */
import { credentialsView, type CredentialsViewDeps } from '../credentials/credentials-view';
import type { PrefixHandlers } from '../ipc/dispatch';

export function credentialsHandlers(deps: CredentialsViewDeps): PrefixHandlers<'credentials'> {
  return {
    'credentials:get': async () => credentialsView(deps),
    'credentials:setSecret': async (request) => {
      deps.store.setSecret(request.environmentId, request.field, request.value);
      return credentialsView(deps);
    },
    'credentials:clearSecret': async (request) => {
      deps.store.clearSecret(request.environmentId, request.field);
      return credentialsView(deps);
    },
    'credentials:allowWeakProtection': async (request) => {
      deps.vault.allowWeakProtection(request.allowed);
      return credentialsView(deps);
    },
  };
}
