import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStorage } from '../../../test/fake-electron';
import { cipherFromSafeStorage, openVault } from '../credentials/vault';
import { createSettingsStore } from '../settings/store';
import { getSettings, PROXY_PASSWORD_KEY, setProxyPassword, updateSettings, type SettingsDeps } from './settings';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function deps(): SettingsDeps & { dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'settings-handlers-'));
  dirs.push(dataDir);
  return { dataDir, settings: createSettingsStore({ dataDir }), vault: openVault({ file: join(dataDir, 'vault.json'), cipher: cipherFromSafeStorage(safeStorage, 'linux') }) };
}

describe('the custom proxy’s password', () => {
  it('is kept encrypted in the vault, shown only as set with a masked hint, and removed with null', async () => {
    const d = deps();
    expect((await getSettings(d)).proxyPassword).toEqual({ set: false, hint: null });
    const password = 'proxy-pässword-4711';
    const view = await setProxyPassword(d, { value: password });
    expect(view.proxyPassword).toEqual({ set: true, hint: '••••4711' });
    expect(d.vault.get(PROXY_PASSWORD_KEY)).toBe(password);
    expect(JSON.stringify(await updateSettings(d, { proxy: { mode: 'custom', url: 'http://p.corp:3128', bypass: '', username: 'ann' } }))).not.toContain(password);
    for (const name of readdirSync(d.dataDir)) expect(readFileSync(join(d.dataDir, name), 'utf8'), name).not.toContain(password);
    expect((await setProxyPassword(d, { value: null })).proxyPassword).toEqual({ set: false, hint: null });
    expect(d.vault.get(PROXY_PASSWORD_KEY)).toBeUndefined();
  });
});
