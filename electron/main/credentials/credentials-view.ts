/** The credentials as the renderer sees them (credentials:*, environments:*, oauth:* answer with it): set/not set and masked hints, never a secret. */
import type { CredentialsView } from '../../../shared/credentials';
import type { Authorizer } from '../oauth/authorize';
import type { SettingsStore } from '../settings/store';
import type { CredentialsStore } from './store';
import type { Vault } from './vault';

export interface CredentialsViewDeps {
  store: CredentialsStore;
  vault: Vault;
  settings: SettingsStore;
  authorizer: Pick<Authorizer, 'busy'>;
}

export function credentialsView(deps: CredentialsViewDeps): CredentialsView {
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
