import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../shared/schemas/settings';
import { DEFAULT_PROXY } from '../../../../shared/settings';
import {
  isClearTextProxy,
  PROXY_CHOICES,
  proxyChanged,
  proxyIdentityChanged,
  saveSettings,
  type SettingsPatch,
} from './save';

const saved: SettingsView = {
  crmName: 'Acme',
  timeoutMs: 30_000,
  maxResponseMb: 200,
  authWindow: 'app-window',
  theme: 'system',
  codeTarget: 'curl',
  certificates: [],
  clientCertificates: [],
  extraCaCertsFile: null,
  proxy: DEFAULT_PROXY,
  proxyPassword: { set: false, hint: null, cleared: null },
  warnings: [],
};

/**
 * Stand-ins for settings:update and settings:setProxyPassword that record each call in order;
 * `refuse` throws a sentence instead, as the main process does.
 */
type PasswordCall = { password: string | null; clearTextConfirmed?: true };
function fakeUpdate(refuse?: (patch: SettingsPatch | PasswordCall) => string | null) {
  const patches: Array<SettingsPatch | PasswordCall> = [];
  let current = saved;
  const setProxyPassword = async (request: {
    value: string | null;
    clearTextConfirmed?: boolean;
  }): Promise<SettingsView> => {
    patches.push({ password: request.value, ...(request.clearTextConfirmed ? { clearTextConfirmed: true } : {}) });
    const refusal = refuse?.({ password: request.value });
    if (refusal) throw new Error(refusal);
    const hint = request.value === null ? null : `••••${request.value.slice(-4)}`;
    current = { ...current, proxyPassword: { set: hint !== null, hint, cleared: null } };
    return current;
  };
  const update = async (patch: SettingsPatch): Promise<SettingsView> => {
    patches.push(patch);
    const refusal = refuse?.(patch);
    if (refusal) throw new Error(refusal);
    // As the main process tidies it: an address without a scheme is an http:// one.
    const proxy = patch.proxy && {
      ...patch.proxy,
      url: patch.proxy.url && !patch.proxy.url.includes('://') ? `http://${patch.proxy.url}` : patch.proxy.url,
    };
    current = { ...current, ...patch, proxy: proxy ?? current.proxy };
    return current;
  };
  return { api: { update, setProxyPassword }, patches };
}

const rest = { crmName: 'Acme', timeoutMs: 10_000, maxResponseMb: 200 };

describe('PROXY_CHOICES', () => {
  it('offers each mode once, by the names the dialog shows', () => {
    expect(PROXY_CHOICES.map((choice) => choice.label)).toEqual(['System proxy settings', 'No proxy', 'This proxy']);
    expect(new Set(PROXY_CHOICES.map((choice) => choice.mode))).toEqual(new Set(['system', 'none', 'custom']));
  });
});

describe('proxyChanged', () => {
  it('is false for the saved settings and true when the mode, address or list differs', () => {
    expect(proxyChanged({ ...DEFAULT_PROXY }, DEFAULT_PROXY)).toBe(false);
    expect(proxyChanged({ ...DEFAULT_PROXY, mode: 'none' }, DEFAULT_PROXY)).toBe(true);
    expect(proxyChanged({ ...DEFAULT_PROXY, url: 'proxy:3128' }, DEFAULT_PROXY)).toBe(true);
    expect(proxyChanged({ ...DEFAULT_PROXY, bypass: '', username: '' }, DEFAULT_PROXY)).toBe(true);
  });
});

describe('saveSettings', () => {
  it('sends only the other settings when the proxy did not change', async () => {
    const { api, patches } = fakeUpdate();
    const outcome = await saveSettings(api, saved, { proxy: { ...DEFAULT_PROXY }, rest });
    expect(patches).toEqual([rest]);
    expect(outcome).toMatchObject({ ok: true, settings: { timeoutMs: 10_000, proxy: DEFAULT_PROXY } });
  });

  it('sends a changed proxy first, on its own, and returns what the main process saved', async () => {
    const { api, patches } = fakeUpdate();
    const proxy = { mode: 'custom' as const, url: 'proxy.example.com:3128', bypass: '', username: '' };
    const outcome = await saveSettings(api, saved, { proxy, rest });
    expect(patches).toEqual([{ proxy }, rest]);
    expect(outcome).toEqual({
      ok: true,
      settings: expect.objectContaining({
        timeoutMs: 10_000,
        proxy: { ...proxy, url: 'http://proxy.example.com:3128' },
      }),
    });
  });

  it('puts a refused proxy address beside the Proxy section and saves nothing else', async () => {
    const sentence = 'Only HTTP and HTTPS proxies are supported (not SOCKS5): write the address as http://host:port.';
    const { api, patches } = fakeUpdate((patch) => ('proxy' in patch && patch.proxy ? sentence : null));
    const outcome = await saveSettings(api, saved, {
      proxy: { mode: 'custom', url: 'socks5://127.0.0.1:1080', bypass: '', username: '' },
      rest,
    });
    expect(outcome).toEqual({ ok: false, field: 'proxy', message: sentence, settings: null });
    expect(patches).toHaveLength(1);
  });

  it('reports a refusal of the rest as general, with the proxy that was already saved', async () => {
    const { api } = fakeUpdate((patch) =>
      'crmName' in patch && patch.crmName !== undefined ? 'Could not write the settings file.' : null,
    );
    const outcome = await saveSettings(api, saved, {
      proxy: { mode: 'none', url: '', bypass: '', username: '' },
      rest,
    });
    expect(outcome).toMatchObject({
      ok: false,
      field: 'general',
      message: 'Could not write the settings file.',
      settings: { proxy: { mode: 'none' } },
    });
  });

  it('sets a typed proxy password after the proxy and before the rest; the vault’s refusal belongs to the Proxy section', async () => {
    const { api, patches } = fakeUpdate();
    const proxy = { mode: 'custom' as const, url: 'http://p.corp:3128', bypass: '', username: 'ann' };
    const outcome = await saveSettings(api, saved, { proxy, password: 'secret-4711', rest });
    expect(patches).toEqual([{ proxy }, { password: 'secret-4711' }, rest]);
    expect(outcome).toMatchObject({ ok: true, settings: { proxyPassword: { set: true, hint: '••••4711' } } });
    const refused = fakeUpdate((call) =>
      'password' in call ? 'This system offers no encryption for saved secrets.' : null,
    );
    expect(await saveSettings(refused.api, saved, { proxy: DEFAULT_PROXY, password: null, rest })).toEqual({
      ok: false,
      field: 'proxy',
      message: 'This system offers no encryption for saved secrets.',
      settings: null,
    });
    expect(refused.patches).toEqual([{ password: null }]);
  });

  it('passes the clear-text confirmation with the password, and tells an http:// proxy and a changed identity', async () => {
    const { api, patches } = fakeUpdate();
    const proxy = { mode: 'custom' as const, url: 'http://p.corp:3128', bypass: '', username: 'ann' };
    await saveSettings(api, saved, { proxy, password: 'secret-4711', clearTextConfirmed: true, rest });
    expect(patches[1]).toEqual({ password: 'secret-4711', clearTextConfirmed: true });
    expect(['http://p:1', 'HTTP://p:1', 'p.corp:3128'].every(isClearTextProxy)).toBe(true);
    expect(['https://p:1', ''].some(isClearTextProxy)).toBe(false);
    expect(proxyIdentityChanged(proxy, proxy)).toBe(false);
    expect(proxyIdentityChanged({ ...proxy, bypass: 'x', mode: 'none' }, proxy)).toBe(false);
    expect(proxyIdentityChanged({ ...proxy, url: 'http://q.corp:3128' }, proxy)).toBe(true);
    expect(proxyIdentityChanged({ ...proxy, username: 'bob' }, proxy)).toBe(true);
  });
});
