/** settings:* — read and change settings; certificates go in as PEM text, never as a file path. */
import type { SettingsView } from '../../../shared/settings';
import type { SettingsPatch, SettingsStore } from '../settings/store';

export async function getSettings(store: SettingsStore): Promise<SettingsView> {
  return store.view();
}

export async function updateSettings(store: SettingsStore, patch: SettingsPatch): Promise<SettingsView> {
  return store.update(patch);
}

export async function addCertificate(store: SettingsStore, request: { name: string; pem: string }): Promise<SettingsView> {
  return store.addCertificates(request.name, request.pem);
}

export async function removeCertificate(store: SettingsStore, request: { id: string }): Promise<SettingsView> {
  return store.removeCertificate(request.id);
}
