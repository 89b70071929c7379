/** What the Settings dialog's Save does, apart from the dialog: which patches go to the main process, in what order. */
import type { RequestOf } from '../../../../shared/contract';
import type { ProxyMode, ProxySettings, SettingsView } from '../../../../shared/schemas/settings';
import { errorText } from '../../error-text';

export type SettingsPatch = RequestOf<'settings:update'>;

/** The Proxy section's choices, in order, by the names users (and tests) know them by. */
export const PROXY_CHOICES: ReadonlyArray<{ mode: ProxyMode; label: string }> = [
  { mode: 'system', label: 'System proxy settings' },
  { mode: 'none', label: 'No proxy' },
  { mode: 'custom', label: 'This proxy' },
];

/**
 * True when the proxy address as typed is an http:// one (an address without a scheme is saved as
 * http://): a password would go to it in clear text.
 */
export function isClearTextProxy(url: string): boolean {
  const typed = url.trim().toLowerCase();
  return typed.startsWith('http://') || (typed !== '' && !typed.includes('://'));
}

/** True when the form's proxy has another address or user name than the saved one: saving clears the saved password. */
export function proxyIdentityChanged(form: ProxySettings, saved: ProxySettings): boolean {
  return form.url.trim() !== saved.url || form.username.trim() !== saved.username;
}

/** True when the form's proxy differs from the saved one (the main process tidies it; the form sends it as typed). */
export function proxyChanged(form: ProxySettings, saved: ProxySettings): boolean {
  return (
    form.mode !== saved.mode ||
    form.url !== saved.url ||
    form.bypass !== saved.bypass ||
    form.username !== saved.username
  );
}

export type SaveOutcome =
  | { ok: true; settings: SettingsView }
  /**
   * `field` says where to show the main process's sentence. `settings` is what was saved before
   * the failure (the proxy, when only the rest failed), or null when nothing was.
   */
  | { ok: false; field: 'proxy' | 'general'; message: string; settings: SettingsView | null };

/**
 * Saves the dialog's values. A changed proxy goes first, on its own: when the main process refuses
 * its address, the sentence belongs to the Proxy section and nothing at all has been saved. Then a
 * typed proxy password (`password`: a string to set, null to remove, undefined to leave), which the
 * vault may refuse (also the Proxy section's). The rest (already checked by the dialog) follows.
 */
export async function saveSettings(
  api: {
    update(patch: SettingsPatch): Promise<SettingsView>;
    setProxyPassword(request: RequestOf<'settings:setProxyPassword'>): Promise<SettingsView>;
  },
  saved: SettingsView,
  form: {
    proxy: ProxySettings;
    password?: string | null;
    clearTextConfirmed?: boolean;
    rest: Omit<SettingsPatch, 'proxy'>;
  },
): Promise<SaveOutcome> {
  let current: SettingsView | null = null;
  if (proxyChanged(form.proxy, saved.proxy)) {
    try {
      current = await api.update({ proxy: form.proxy });
    } catch (error) {
      return { ok: false, field: 'proxy', message: errorText(error), settings: null };
    }
  }
  if (form.password !== undefined) {
    try {
      current = await api.setProxyPassword({
        value: form.password,
        ...(form.clearTextConfirmed ? { clearTextConfirmed: true } : {}),
      });
    } catch (error) {
      return { ok: false, field: 'proxy', message: errorText(error), settings: current };
    }
  }
  try {
    return { ok: true, settings: await api.update(form.rest) };
  } catch (error) {
    return { ok: false, field: 'general', message: errorText(error), settings: current };
  }
}
