/**
 * Keeps CRM users' access tokens fresh: refreshed with the refresh token shortly before they
 * expire, or on demand after a 401 that says the token expired. One refresh per user at a time.
 * A refusal by the token endpoint marks the user "needs re-authorization".
 */
import type { HttpClient } from '../http/client';
import type { KnownSecrets } from '../credentials/known-secrets';
import type { CredentialsStore, TokenSet } from '../credentials/store';
import { requestTokens, TokenRefused, type TokenEndpoint } from './token-client';

/** Refresh when less than this is left, so a token never expires in flight. */
export const REFRESH_MARGIN_MS = 60_000;

export interface TokenManagerDeps {
  store: CredentialsStore;
  client: Pick<HttpClient, 'send'>;
  timeoutMs(): number;
  userAgent(): string;
  now?(): number;
  /** Told the client credentials' Basic form, so that an endpoint echoing it is masked. */
  known?: Pick<KnownSecrets, 'rememberBasic'>;
}

export interface TokenManager {
  /** The token endpoint of an environment, or a sentence saying what is missing. */
  endpoint(environmentId: string): TokenEndpoint;
  /** A usable access token, refreshed first when it is about to expire. */
  accessToken(environmentId: string, userId: string): Promise<string>;
  /** Refreshes now (after a 401 saying the token expired, or the user's Refresh button). */
  refresh(environmentId: string, userId: string): Promise<TokenSet>;
}

export function createTokenManager(deps: TokenManagerDeps): TokenManager {
  const now = deps.now ?? Date.now;
  const refreshing = new Map<string, Promise<TokenSet>>();

  const endpoint = (environmentId: string): TokenEndpoint => {
    const env = deps.store.environment(environmentId);
    if (!env) throw new Error('That environment no longer exists.');
    if (!env.origin) throw new Error(`${env.name} has no address yet: pick it as the target first.`);
    const missing = (['apiKey', 'clientId', 'clientSecret'] as const).filter(
      (field) => !deps.store.secret(environmentId, field),
    );
    if (missing.length > 0) {
      const names = { apiKey: 'API key', clientId: 'OAuth2 client id', clientSecret: 'OAuth2 client secret' };
      const list = missing.map((m) => names[m]);
      const joined = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0];
      throw new Error(`Set the ${joined} of ${env.name} in Credentials first.`);
    }
    const clientId = deps.store.secret(environmentId, 'clientId')!;
    const clientSecret = deps.store.secret(environmentId, 'clientSecret')!;
    deps.known?.rememberBasic(clientId, clientSecret);
    return {
      origin: env.origin,
      apiKey: deps.store.secret(environmentId, 'apiKey')!,
      clientId,
      clientSecret,
      userAgent: deps.userAgent(),
    };
  };

  const refresh = (environmentId: string, userId: string): Promise<TokenSet> => {
    const key = `${environmentId}\n${userId}`;
    const running = refreshing.get(key);
    if (running) return running;
    const run = (async () => {
      const user = deps.store.user(environmentId, userId);
      const tokens = deps.store.tokens(environmentId, userId);
      if (!user) throw new Error('That CRM user is no longer in the list.');
      if (!tokens?.refreshToken) {
        const problem = 'There is no refresh token; authorize the user again.';
        deps.store.markNeedsReauthorization(environmentId, userId, problem);
        throw new Error(`${user.name} needs re-authorization: ${problem}`);
      }
      try {
        const next = await requestTokens(
          deps.client,
          endpoint(environmentId),
          { grant_type: 'refresh_token', refresh_token: tokens.refreshToken },
          { timeoutMs: deps.timeoutMs(), now },
        );
        deps.store.saveUser(environmentId, { id: userId, name: user.name }, next);
        return next;
      } catch (error) {
        if (error instanceof TokenRefused) {
          deps.store.markNeedsReauthorization(environmentId, userId, `The refresh was refused. ${error.message}`);
          throw new Error(`${user.name} needs re-authorization: the refresh was refused. ${error.message}`);
        }
        throw error;
      }
    })();
    refreshing.set(key, run);
    run.then(
      () => refreshing.delete(key),
      () => refreshing.delete(key),
    );
    return run;
  };

  return {
    endpoint,
    refresh,
    async accessToken(environmentId, userId) {
      const user = deps.store.user(environmentId, userId);
      if (!user) throw new Error('The CRM user this request acts for is no longer in the list. Pick another in Auth.');
      if (user.status === 'needs-reauthorization') {
        throw new Error(
          `${user.name} needs re-authorization: ${user.problem ?? 'the token is no longer valid.'} Authorize again in Credentials.`,
        );
      }
      const tokens = deps.store.tokens(environmentId, userId);
      if (!tokens) throw new Error(`${user.name} has no token; authorize again in Credentials.`);
      if (tokens.accessExpiresAt !== null && tokens.accessExpiresAt - now() < REFRESH_MARGIN_MS) {
        return (await refresh(environmentId, userId)).accessToken;
      }
      return tokens.accessToken;
    },
  };
}
