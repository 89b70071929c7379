/**
 * Settings as the renderer reads and changes them (handlers/settings.ts): certificates go in as PEM
 * text, never as a file path, and the proxy's password shows only as set, with a hint. That password
 * belongs to one proxy, its address and user name: when either changes it is cleared (never sent to
 * another proxy), and it goes to an http:// proxy, which reads it in clear text, only when the user
 * said so.
 */
import type { ProxySettings, SettingsView } from '../../../shared/schemas/settings';
import type { Theme } from '../../../shared/settings';
import type { Vault } from '../credentials/vault';
import type { SettingsPatch, SettingsStore, StoredSettingsView } from './store';

export interface SettingsDeps {
  settings: SettingsStore;
  vault: Vault;
  /** Sentences about the environment to show in Settings (an ignored NODE_TLS_REJECT_UNAUTHORIZED, an unreadable NODE_EXTRA_CA_CERTS). */
  warnings?: () => string[];
  /** Shows the theme in what the OS draws (Electron's nativeTheme in the app): at start and when it changes. */
  applyTheme?(theme: Theme): void;
}

/** Where the custom proxy's password is kept. */
export const PROXY_PASSWORD_KEY = 'proxy:password';

/** True when the stored password was set for this proxy (same address and user name). */
function boundToProxy(deps: SettingsDeps, proxy: ProxySettings): boolean {
  const { boundTo } = deps.settings.proxyPasswordState();
  return boundTo !== null && boundTo.url === proxy.url && boundTo.username === proxy.username;
}

/** The one way to the proxy password (the proxy resolver's): only for the proxy it was set for. */
export function proxyPassword(deps: SettingsDeps): string | undefined {
  return boundToProxy(deps, deps.settings.view().proxy) ? deps.vault.get(PROXY_PASSWORD_KEY) : undefined;
}

/**
 * A password stored before passwords were bound belongs to the proxy saved with it: bound to that
 * one now (it was sent to it already), so a later change of address or user name clears it.
 */
export function adoptUnboundProxyPassword(deps: SettingsDeps): void {
  const { proxy } = deps.settings.view();
  if (deps.settings.proxyPasswordState().boundTo !== null || !deps.vault.has(PROXY_PASSWORD_KEY)) return;
  deps.settings.setProxyPasswordState({ boundTo: { url: proxy.url, username: proxy.username }, cleared: null });
}

/** The settings as the renderer sees them: the proxy's password only as "set", a masked hint, why it was cleared, and the environment's warnings. */
function withPassword(deps: SettingsDeps, view: StoredSettingsView): SettingsView {
  const hint = boundToProxy(deps, view.proxy) ? deps.vault.hint(PROXY_PASSWORD_KEY) : null;
  return {
    ...view,
    proxyPassword: { set: hint !== null, hint, cleared: deps.settings.proxyPasswordState().cleared },
    warnings: deps.warnings?.() ?? [],
  };
}

/** Why a password set for `was` cannot go to `proxy`, in a sentence; null when it is the same proxy. */
function clearedBecause(was: { url: string; username: string }, proxy: ProxySettings): string | null {
  if (was.url !== proxy.url) {
    return (
      `The proxy password was cleared because the proxy’s address changed (it was set for ${was.url}): ` +
      'a password is never sent to another proxy. Enter it again if this proxy needs one.'
    );
  }
  if (was.username !== proxy.username) {
    const whose = proxy.username ? `“${proxy.username}”` : 'the new user';
    return `The proxy password was cleared because the proxy user name changed (it was set for “${was.username}”): enter the password of ${whose}.`;
  }
  return null;
}

/** After the proxy changed: a password set for another address or user name is removed, with the reason. */
function unbindFromOtherProxy(deps: SettingsDeps, proxy: ProxySettings): void {
  const { boundTo } = deps.settings.proxyPasswordState();
  const reason = boundTo && clearedBecause(boundTo, proxy);
  if (!reason) return;
  deps.vault.delete(PROXY_PASSWORD_KEY);
  deps.settings.setProxyPasswordState({ boundTo: null, cleared: reason });
}

export async function getSettings(deps: SettingsDeps): Promise<SettingsView> {
  return withPassword(deps, deps.settings.view());
}

export async function updateSettings(deps: SettingsDeps, patch: SettingsPatch): Promise<SettingsView> {
  const view = deps.settings.update(patch);
  if (patch.proxy !== undefined) unbindFromOtherProxy(deps, view.proxy);
  if (patch.theme !== undefined) deps.applyTheme?.(view.theme);
  return withPassword(deps, view);
}

export async function addCertificate(
  deps: SettingsDeps,
  request: { name: string; pem: string },
): Promise<SettingsView> {
  return withPassword(deps, deps.settings.addCertificates(request.name, request.pem));
}

export async function removeCertificate(deps: SettingsDeps, request: { id: string }): Promise<SettingsView> {
  return withPassword(deps, deps.settings.removeCertificate(request.id));
}

/** The sentence that refuses a password for an http:// proxy the user has not agreed to send it to in clear text. */
export function clearTextRefusal(proxyUrl: string): string {
  return (
    `${proxyUrl} is an http:// proxy: the password would go to it in clear text (Basic), readable on the way. ` +
    'Tick “Send the password in clear text to this http:// proxy” to save it anyway, or use the proxy’s https:// address.'
  );
}

/**
 * Keeps the custom proxy's password encrypted in the vault (which may refuse, with a sentence), for
 * the proxy saved now, or removes it (null).
 */
export async function setProxyPassword(
  deps: SettingsDeps,
  request: { value: string | null; clearTextConfirmed?: boolean },
): Promise<SettingsView> {
  if (request.value === null) {
    deps.vault.delete(PROXY_PASSWORD_KEY);
    deps.settings.setProxyPasswordState({ boundTo: null, cleared: null });
    return withPassword(deps, deps.settings.view());
  }
  const { proxy } = deps.settings.view();
  if (proxy.mode !== 'custom' || proxy.url === '')
    throw new Error('Choose This proxy and save its address first: the password is kept for that proxy only.');
  if (proxy.url.startsWith('http://') && request.clearTextConfirmed !== true)
    throw new Error(clearTextRefusal(proxy.url));
  deps.vault.set(PROXY_PASSWORD_KEY, request.value);
  deps.settings.setProxyPasswordState({ boundTo: { url: proxy.url, username: proxy.username }, cleared: null });
  return withPassword(deps, deps.settings.view());
}
