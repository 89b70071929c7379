/** credentials:*, environments:* and oauth:* — every answer is a view: set/not set and masked hints, never a secret. */
import type { CredentialsView, CrmUserView, SecretField } from '../../../shared/credentials';
import type { CredentialsStore } from '../credentials/store';
import type { Vault } from '../credentials/vault';
import type { Authorizer } from '../oauth/authorize';
import type { TokenManager } from '../oauth/tokens';
import type { SettingsStore } from '../settings/store';

export interface CredentialsDeps {
  store: CredentialsStore;
  vault: Vault;
  settings: SettingsStore;
  authorizer: Authorizer;
  tokens: TokenManager;
}

export function credentialsView(deps: CredentialsDeps): CredentialsView {
  // The environments first: reading their secrets is what finds an entry that cannot be decrypted, which the status then names.
  const environments = deps.store.view();
  const status = deps.vault.status();
  return {
    vault: { protection: status.protection, weakAllowed: status.weakAllowed, warning: status.warning },
    environments,
    authWindow: deps.settings.view().authWindow,
    authorizing: deps.authorizer.busy(),
  };
}

export async function getCredentials(deps: CredentialsDeps): Promise<CredentialsView> {
  return credentialsView(deps);
}

export async function setSecret(deps: CredentialsDeps, request: { environmentId: string; field: SecretField; value: string }): Promise<CredentialsView> {
  deps.store.setSecret(request.environmentId, request.field, request.value);
  return credentialsView(deps);
}

export async function clearSecret(deps: CredentialsDeps, request: { environmentId: string; field: SecretField }): Promise<CredentialsView> {
  deps.store.clearSecret(request.environmentId, request.field);
  return credentialsView(deps);
}

export async function allowWeakProtection(deps: CredentialsDeps, request: { allowed: boolean }): Promise<CredentialsView> {
  deps.vault.allowWeakProtection(request.allowed);
  return credentialsView(deps);
}

export async function addEnvironment(deps: CredentialsDeps, request: { name: string; origin: string; authorizationUrl?: string }): Promise<CredentialsView> {
  deps.store.addEnvironment(request);
  return credentialsView(deps);
}

export async function updateEnvironment(deps: CredentialsDeps, request: { environmentId: string; authorizationUrl: string }): Promise<CredentialsView> {
  deps.store.updateEnvironment(request.environmentId, { authorizationUrl: request.authorizationUrl });
  return credentialsView(deps);
}

export async function removeEnvironment(deps: CredentialsDeps, request: { environmentId: string }): Promise<CredentialsView> {
  deps.store.removeEnvironment(request.environmentId);
  return credentialsView(deps);
}

export async function authorizeUser(deps: CredentialsDeps, request: { environmentId: string; userName: string; userId?: string }): Promise<CrmUserView> {
  return deps.authorizer.authorize(request);
}

export async function cancelAuthorization(deps: CredentialsDeps): Promise<{ cancelled: boolean }> {
  return { cancelled: deps.authorizer.cancel() };
}

export async function refreshUser(deps: CredentialsDeps, request: { environmentId: string; userId: string }): Promise<CredentialsView> {
  await deps.tokens.refresh(request.environmentId, request.userId);
  return credentialsView(deps);
}

export async function removeUser(deps: CredentialsDeps, request: { environmentId: string; userId: string }): Promise<CredentialsView> {
  deps.store.removeUser(request.environmentId, request.userId);
  return credentialsView(deps);
}
