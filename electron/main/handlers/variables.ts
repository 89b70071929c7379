/** variables:set — one scope's variables (variables/scopes.ts); secret values go to the vault, the answer holds views only. */
import type { CredentialsView } from '../../../shared/credentials';
import { collectionsView } from '../collections/collections-view';
import type { PrefixHandlers } from '../ipc/dispatch';
import { setScopeVariables, type ScopeStores } from '../variables/scopes';

export interface VariablesDeps extends ScopeStores {
  credentialsView(): CredentialsView;
}

export function variablesHandlers(deps: VariablesDeps): PrefixHandlers<'variables'> {
  return {
    'variables:set': async (request) => {
      setScopeVariables(deps, request.scope, request.variables);
      return { collections: collectionsView(deps), credentials: deps.credentialsView() };
    },
  };
}
