/** oauth:* — a CRM user's authorization (oauth/authorize.ts), token refresh (oauth/tokens.ts) and removal. */
import { credentialsView, type CredentialsViewDeps } from '../credentials/credentials-view';
import type { PrefixHandlers } from '../ipc/dispatch';
import type { Authorizer } from '../oauth/authorize';
import type { TokenManager } from '../oauth/tokens';

export interface OauthDeps extends CredentialsViewDeps {
  authorizer: Authorizer;
  tokens: Pick<TokenManager, 'refresh'>;
}

export function oauthHandlers(deps: OauthDeps): PrefixHandlers<'oauth'> {
  return {
    'oauth:authorize': (request) => deps.authorizer.authorize(request),
    'oauth:cancel': async () => ({ cancelled: deps.authorizer.cancel() }),
    'oauth:refresh': async (request) => {
      await deps.tokens.refresh(request.environmentId, request.userId);
      return credentialsView(deps);
    },
    'oauth:removeUser': async (request) => {
      deps.store.removeUser(request.environmentId, request.userId);
      return credentialsView(deps);
    },
  };
}
