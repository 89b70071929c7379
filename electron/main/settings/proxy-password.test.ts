import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStorage } from '../../../test/support/fake-electron';
import { cipherFromSafeStorage, openVault } from '../credentials/vault';
import { createSettingsStore } from './store';
import {
  adoptUnboundProxyPassword,
  clearTextRefusal,
  getSettings,
  PROXY_PASSWORD_KEY,
  proxyPassword,
  setProxyPassword,
  updateSettings,
  type SettingsDeps,
} from './proxy-password';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function deps(): SettingsDeps & { dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'settings-handlers-'));
  dirs.push(dataDir);
  return {
    dataDir,
    settings: createSettingsStore({ dataDir }),
    vault: openVault({ file: join(dataDir, 'vault.json'), cipher: cipherFromSafeStorage(safeStorage, 'linux') }),
  };
}

describe('the custom proxy’s password', () => {
  it('is kept encrypted in the vault, shown only as set with a masked hint, and removed with null', async () => {
    const d = deps();
    expect((await getSettings(d)).proxyPassword).toEqual({ set: false, hint: null, cleared: null });
    const password = 'proxy-pässword-4711';
    await updateSettings(d, { proxy: { mode: 'custom', url: 'https://p.corp:3128', bypass: '', username: 'ann' } });
    // An https:// proxy needs no clear-text confirmation.
    const view = await setProxyPassword(d, { value: password });
    expect(view.proxyPassword).toEqual({ set: true, hint: '••••4711', cleared: null });
    expect(d.vault.get(PROXY_PASSWORD_KEY)).toBe(password);
    expect(proxyPassword(d)).toBe(password);
    const updated = await updateSettings(d, {
      proxy: { mode: 'custom', url: 'https://p.corp:3128', bypass: 'x.example', username: 'ann' },
    });
    expect(JSON.stringify(updated)).not.toContain(password);
    for (const name of readdirSync(d.dataDir))
      expect(readFileSync(join(d.dataDir, name), 'utf8'), name).not.toContain(password);
    expect((await setProxyPassword(d, { value: null })).proxyPassword).toEqual({
      set: false,
      hint: null,
      cleared: null,
    });
    expect(d.vault.get(PROXY_PASSWORD_KEY)).toBeUndefined();
  });

  it('is set only for a saved custom proxy, and for an http:// one only with the clear-text confirmation', async () => {
    const d = deps();
    await expect(setProxyPassword(d, { value: 'pw-123456' })).rejects.toThrow(
      'Choose This proxy and save its address first',
    );
    await updateSettings(d, { proxy: { mode: 'custom', url: 'http://p.corp:3128', bypass: '', username: 'ann' } });
    await expect(setProxyPassword(d, { value: 'pw-123456' })).rejects.toThrow(clearTextRefusal('http://p.corp:3128'));
    expect(d.vault.get(PROXY_PASSWORD_KEY)).toBeUndefined();
    expect((await setProxyPassword(d, { value: 'pw-123456', clearTextConfirmed: true })).proxyPassword.set).toBe(true);
  });

  it('stored before passwords were bound, belongs to the proxy saved with it', async () => {
    const d = deps();
    await updateSettings(d, { proxy: { mode: 'custom', url: 'http://p.corp:3128', bypass: '', username: 'ann' } });
    d.vault.set(PROXY_PASSWORD_KEY, 'old-password-0815');
    expect(proxyPassword(d)).toBeUndefined();
    adoptUnboundProxyPassword(d);
    expect(proxyPassword(d)).toBe('old-password-0815');
    // Read back by a new store (a restart): still bound to the same proxy.
    const again = { ...d, settings: createSettingsStore({ dataDir: d.dataDir }) };
    expect(proxyPassword(again)).toBe('old-password-0815');
    const moved = await updateSettings(again, {
      proxy: { mode: 'custom', url: 'http://q.corp:3128', bypass: '', username: 'ann' },
    });
    expect(moved.proxyPassword).toMatchObject({
      set: false,
      cleared: expect.stringContaining('it was set for http://p.corp:3128'),
    });
    expect(again.vault.get(PROXY_PASSWORD_KEY)).toBeUndefined();
  });
});
