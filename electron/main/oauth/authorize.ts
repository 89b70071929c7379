/**
 * Authorizes a CRM user with the OAuth2 authorization code flow: opens the portal's authorization
 * page, receives the redirect on a loopback listener, checks state, exchanges the code at the token
 * endpoint with Basic client credentials, and saves the tokens. One authorization at a time.
 * Every authorization carries a PKCE challenge (RFC 7636, asked of native apps by RFC 8252): a code
 * caught on its way to the loopback listener is useless without the verifier, which never leaves
 * this process except in the code exchange.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CrmUserView } from '../../../shared/credentials';
import type { HttpClient } from '../http/client';
import type { CredentialsStore } from '../credentials/store';
import { startLoopbackReceiver, type LoopbackReceiver } from './loopback';
import { requestTokens } from './token-client';
import type { TokenManager } from './tokens';

export const AUTHORIZATION_TIMEOUT_MS = 5 * 60_000;

export interface AuthorizerDeps {
  store: CredentialsStore;
  tokens: TokenManager;
  client: Pick<HttpClient, 'send'>;
  timeoutMs(): number;
  /** Shows the authorization page to the user (system browser or an app window). */
  openAuthorizationPage(url: string): Promise<void>;
  /** Closes an app window left open, if any. */
  closeAuthorizationPage?(): void;
  authorizationTimeoutMs?: number;
}

export interface Authorizer {
  authorize(request: { environmentId: string; userName: string; userId?: string }): Promise<CrmUserView>;
  cancel(): boolean;
  busy(): boolean;
}

export interface Pkce {
  verifier: string;
  /** base64url(SHA-256(verifier)), sent with code_challenge_method=S256. */
  challenge: string;
}

/** A fresh verifier (32 random bytes: 43 base64url characters) and its S256 challenge. */
export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url') };
}

export function authorizationPageUrl(
  base: string,
  params: { clientId: string; state: string; redirectUri: string; codeChallenge: string },
): string {
  const url = new URL(base);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('state', params.state);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  let current: LoopbackReceiver | null = null;
  /** Set while the listener starts, so that a second call in that moment (a double click) is refused too. */
  let starting = false;

  return {
    busy: () => starting || current !== null,
    cancel() {
      if (!current) return false;
      current.cancel('The authorization was cancelled.');
      return true;
    },
    async authorize({ environmentId, userName, userId }) {
      if (starting || current)
        throw new Error('An authorization is already waiting for the portal. Finish or cancel it first.');
      const env = deps.store.environment(environmentId);
      if (!env) throw new Error('That environment no longer exists.');
      if (!env.authorizationUrl) throw new Error(`Set the authorization page of ${env.name} first.`);
      if (userId && !deps.store.user(environmentId, userId)) throw new Error('That CRM user is no longer in the list.');
      const endpoint = deps.tokens.endpoint(environmentId);

      const state = randomBytes(32).toString('base64url');
      const pkce = newPkce();
      starting = true;
      let receiver: LoopbackReceiver;
      try {
        receiver = await startLoopbackReceiver({
          state,
          timeoutMs: deps.authorizationTimeoutMs ?? AUTHORIZATION_TIMEOUT_MS,
        });
      } finally {
        starting = false;
      }
      current = receiver;
      try {
        const page = authorizationPageUrl(env.authorizationUrl, {
          clientId: endpoint.clientId,
          state,
          redirectUri: receiver.redirectUri,
          codeChallenge: pkce.challenge,
        });
        await deps.openAuthorizationPage(page);
        const outcome = await receiver.outcome;
        if (outcome.kind === 'denied') {
          throw new Error(
            outcome.error === 'access_denied'
              ? 'Access was not granted on the authorization page.'
              : `The authorization page answered “${outcome.error}”${outcome.description ? `: ${outcome.description}` : ''}.`,
          );
        }
        const tokens = await requestTokens(
          deps.client,
          endpoint,
          {
            grant_type: 'authorization_code',
            code: outcome.code,
            redirect_uri: receiver.redirectUri,
            code_verifier: pkce.verifier,
          },
          { timeoutMs: deps.timeoutMs() },
        );
        return deps.store.saveUser(environmentId, { id: userId, name: userName }, tokens);
      } finally {
        receiver.cancel('The authorization ended.');
        current = null;
        deps.closeAuthorizationPage?.();
      }
    },
  };
}
