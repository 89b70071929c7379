/** settings:* — read and change settings (settings/proxy-password.ts keeps the proxy's password bound to its proxy). */
import type { PrefixHandlers } from '../ipc/dispatch';
import {
  addCertificate,
  getSettings,
  removeCertificate,
  setProxyPassword,
  updateSettings,
  type SettingsDeps,
} from '../settings/proxy-password';

export function settingsHandlers(deps: SettingsDeps): PrefixHandlers<'settings'> {
  return {
    'settings:get': () => getSettings(deps),
    'settings:update': (patch) => updateSettings(deps, patch),
    'settings:addCertificate': (request) => addCertificate(deps, request),
    'settings:removeCertificate': (request) => removeCertificate(deps, request),
    'settings:setProxyPassword': (request) => setProxyPassword(deps, request),
  };
}
