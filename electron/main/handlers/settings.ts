/** settings:* — read and change settings; certificates go in as PEM text, never as a file path. */
import type { SettingsView } from '../../../shared/settings';
import type { Vault } from '../credentials/vault';
import type { SettingsPatch, SettingsStore, StoredSettingsView } from '../settings/store';

export interface SettingsDeps {
  settings: SettingsStore;
  vault: Vault;
  /** Sentences about the environment to show in Settings (an ignored NODE_TLS_REJECT_UNAUTHORIZED, an unreadable NODE_EXTRA_CA_CERTS). */
  warnings?: () => string[];
}

/** Where the custom proxy's password is kept. */
export const PROXY_PASSWORD_KEY = 'proxy:password';

/** The settings as the renderer sees them: the proxy's password only as "set" and a masked hint, and the environment's warnings. */
function withPassword(deps: SettingsDeps, view: StoredSettingsView): SettingsView {
  const hint = deps.vault.hint(PROXY_PASSWORD_KEY);
  return { ...view, proxyPassword: { set: hint !== null, hint }, warnings: deps.warnings?.() ?? [] };
}

export async function getSettings(deps: SettingsDeps): Promise<SettingsView> {
  return withPassword(deps, deps.settings.view());
}

export async function updateSettings(deps: SettingsDeps, patch: SettingsPatch): Promise<SettingsView> {
  return withPassword(deps, deps.settings.update(patch));
}

export async function addCertificate(deps: SettingsDeps, request: { name: string; pem: string }): Promise<SettingsView> {
  return withPassword(deps, deps.settings.addCertificates(request.name, request.pem));
}

export async function removeCertificate(deps: SettingsDeps, request: { id: string }): Promise<SettingsView> {
  return withPassword(deps, deps.settings.removeCertificate(request.id));
}

/** Keeps the custom proxy's password encrypted in the vault (which may refuse, with a sentence), or removes it (null). */
export async function setProxyPassword(deps: SettingsDeps, request: { value: string | null }): Promise<SettingsView> {
  if (request.value === null) deps.vault.delete(PROXY_PASSWORD_KEY);
  else deps.vault.set(PROXY_PASSWORD_KEY, request.value);
  return withPassword(deps, deps.settings.view());
}
