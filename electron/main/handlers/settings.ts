/** settings:* — read and change settings (settings/proxy-password.ts keeps the proxy's password bound to its proxy; settings/client-certificates.ts keeps client certificates). */
import type { PrefixHandlers } from '../ipc/dispatch';
import {
  addClientCertificate,
  chooseClientCertificateFile,
  removeClientCertificate,
  type ClientCertificateDeps,
} from '../settings/client-certificates';
import {
  addCertificate,
  getSettings,
  removeCertificate,
  setProxyPassword,
  updateSettings,
  type SettingsDeps,
} from '../settings/proxy-password';

export function settingsHandlers(
  deps: SettingsDeps & { clientCertificates: ClientCertificateDeps },
): PrefixHandlers<'settings'> {
  return {
    'settings:get': () => getSettings(deps),
    'settings:update': (patch) => updateSettings(deps, patch),
    'settings:addCertificate': (request) => addCertificate(deps, request),
    'settings:removeCertificate': (request) => removeCertificate(deps, request),
    'settings:setProxyPassword': (request) => setProxyPassword(deps, request),
    'settings:chooseClientCertificateFile': (request) =>
      chooseClientCertificateFile(deps.clientCertificates, request.role),
    'settings:addClientCertificate': (request) => {
      addClientCertificate(deps.clientCertificates, request);
      return getSettings(deps);
    },
    'settings:removeClientCertificate': (request) => {
      removeClientCertificate(deps.clientCertificates, request.id);
      return getSettings(deps);
    },
  };
}
