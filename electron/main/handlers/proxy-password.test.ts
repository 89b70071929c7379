/**
 * The proxy password belongs to one proxy, through the real dispatch and real CONNECT proxies on
 * loopback: after the proxy's address or user name changes, the new proxy receives no
 * Proxy-Authorization, the renderer is told why the password is gone, and an http:// proxy gets a
 * password only when the user agreed to send it in clear text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxySettings } from '../../../shared/schemas/settings';
import { startConnectProxy, type ConnectProxy } from '../../../test/support/https-servers';
import { startTwoOrigins, type TwoOrigins } from '../../../test/support/two-origins';
import { clearTextRefusal } from '../settings/proxy-password';

const PASSWORD = 'proxy-pw-Zx9-4711';
let world: TwoOrigins;
let first: ConnectProxy;
let second: ConnectProxy;

beforeAll(async () => {
  world = await startTwoOrigins();
  [first, second] = await Promise.all([startConnectProxy(), startConnectProxy()]);
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await world.close();
});

const custom = (url: string, username: string): ProxySettings => ({ mode: 'custom', url, bypass: '', username });
const basic = (user: string) => `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`;

/** Sends one request through the proxy and returns the Proxy-Authorization its CONNECT carried. */
async function sendThrough(proxy: ConnectProxy): Promise<string | undefined> {
  const before = proxy.tunnels.length;
  // A new server each time, so a new tunnel (a kept-alive one would show no CONNECT).
  const target = await world.another();
  const result = await world.call('request:send', world.request({ url: `${target.origin}/x` }));
  expect(result).toMatchObject({ kind: 'response', status: 200 });
  expect(target.received.every((r) => r.headers['proxy-authorization'] === undefined)).toBe(true);
  expect(proxy.tunnels.length).toBe(before + 1);
  return proxy.tunnels.at(-1)!.headers['proxy-authorization'];
}

async function setPassword(): Promise<void> {
  await world.call('settings:setProxyPassword', { value: PASSWORD, clearTextConfirmed: true });
}

describe('the proxy password', () => {
  it('is refused for an http:// proxy until the user agrees to clear text, then goes to that proxy', async () => {
    await world.call('settings:update', { proxy: custom(first.url, 'ann') });
    const refused = await world.raw('settings:setProxyPassword', { value: PASSWORD });
    expect(refused).toEqual({ ok: false, error: clearTextRefusal(first.url) });
    expect(refused.ok ? '' : refused.error).toContain('Send the password in clear text to this http:// proxy');
    expect((await world.call('settings:get', undefined)).proxyPassword).toEqual({
      set: false,
      hint: null,
      cleared: null,
    });

    await setPassword();
    expect((await world.call('settings:get', undefined)).proxyPassword).toEqual({
      set: true,
      hint: '••••4711',
      cleared: null,
    });
    expect(await sendThrough(first)).toBe(basic('ann'));
  });

  it('is cleared when the proxy’s address changes: the new proxy receives no Proxy-Authorization', async () => {
    const view = await world.call('settings:update', { proxy: custom(second.url, 'ann') });
    expect(view.proxyPassword).toEqual({
      set: false,
      hint: null,
      cleared:
        `The proxy password was cleared because the proxy’s address changed (it was set for ${first.url}): ` +
        'a password is never sent to another proxy. Enter it again if this proxy needs one.',
    });
    expect(await sendThrough(second)).toBeUndefined();
    // Back to the first address: the password is gone for good, not kept for it.
    await world.call('settings:update', { proxy: custom(first.url, 'ann') });
    expect(await sendThrough(first)).toBeUndefined();
  });

  it('is cleared when the user name changes', async () => {
    await world.call('settings:update', { proxy: custom(second.url, 'ann') });
    await setPassword();
    expect(await sendThrough(second)).toBe(basic('ann'));
    const view = await world.call('settings:update', { proxy: custom(second.url, 'bob') });
    expect(view.proxyPassword.cleared).toBe(
      'The proxy password was cleared because the proxy user name changed (it was set for “ann”): enter the password of “bob”.',
    );
    expect(await sendThrough(second)).toBeUndefined();
  });

  it('stays with its proxy when only the mode or the bypass list changes', async () => {
    await setPassword();
    await world.call('settings:update', { proxy: { ...custom(second.url, 'bob'), mode: 'none' } });
    await world.call('settings:update', { proxy: { ...custom(second.url, 'bob'), bypass: 'example.com' } });
    expect((await world.call('settings:get', undefined)).proxyPassword).toMatchObject({ set: true, cleared: null });
    expect(await sendThrough(second)).toBe(basic('bob'));
  });
});
