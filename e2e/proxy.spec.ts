/**
 * Settings → Proxy: requests go through the proxy the user sets, in a CONNECT tunnel that shows the
 * proxy only the host and port; a proxy that refuses and an address that is not a proxy's are
 * explained; No proxy goes straight to the host again. The proxies are real ones on loopback.
 */
import { startConnectProxy, type ConnectProxy } from '../test/support/https-servers';
import { expect, test } from './support/fixtures';

/** host:port of a URL, as a CONNECT request names it. */
const hostPort = (url: string) => new URL(url).host;

/** Runs the steps with a proxy, and closes it whatever happens. */
async function withProxy<T>(
  answer: Parameters<typeof startConnectProxy>[0],
  steps: (proxy: ConnectProxy) => Promise<T>,
): Promise<T> {
  const proxy = await startConnectProxy(answer);
  try {
    return await steps(proxy);
  } finally {
    await proxy.close();
  }
}

test('requests go through the proxy set in Settings, which sees the host and port but never the API key', async ({
  workbench,
  sandbox,
}) => {
  await withProxy(undefined, async (proxy) => {
    // The sandbox is on loopback, which the default list sends direct: empty it.
    await expect(await workbench.setProxy('This proxy', { address: proxy.url, goDirectTo: '' })).toBeHidden();

    await workbench.target('Local sandbox');
    await workbench.get(`${sandbox.origin}/taxonomy/v1/categories`);
    await expect(workbench.statusLine()).toHaveText(/^200/);
    // The key reached the sandbox (it answered 200), through the proxy's tunnel to it…
    expect(sandbox.received.at(-1)?.headers['x-api-key']).toBe(sandbox.apiKey);
    expect(proxy.tunnels.map((tunnel) => tunnel.authority)).toEqual([hostPort(sandbox.origin)]);
    // …and the proxy could not read it: neither in the CONNECT request nor in the bytes it carried.
    expect(JSON.stringify(proxy.tunnels)).not.toContain(sandbox.apiKey);
    expect(proxy.seen().length).toBeGreaterThan(0);
    expect(proxy.seen().includes(sandbox.apiKey)).toBe(false);
    expect(proxy.seen().includes('/taxonomy/v1/categories')).toBe(false);
  });
});

test('a proxy that refuses the tunnel shows Proxy failed, naming the proxy', async ({ workbench, sandbox }) => {
  await withProxy(undefined, (working) =>
    withProxy(
      () => 403,
      async (refusing) => {
        await expect(await workbench.setProxy('This proxy', { address: working.url, goDirectTo: '' })).toBeHidden();
        await workbench.target('Local sandbox');
        await workbench.get(`${sandbox.origin}/sandbox/v1/echo`);
        await expect(workbench.statusLine()).toHaveText(/^200/);

        // Switching proxies takes effect on the next send, even with a connection open through the first.
        await expect(await workbench.setProxy('This proxy', { address: refusing.url })).toBeHidden();
        const received = sandbox.received.length;
        await workbench.send();
        await expect(workbench.statusLine()).toHaveText('Proxy failed');
        await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'network-error');
        await expect(workbench.response()).toContainText(
          `The proxy ${hostPort(refusing.url)} refused the tunnel to ${hostPort(sandbox.origin)} (403 Forbidden).`,
        );
        expect(refusing.tunnels.map((tunnel) => tunnel.authority)).toEqual([hostPort(sandbox.origin)]);
        expect(working.tunnels).toHaveLength(1);
        expect(sandbox.received).toHaveLength(received);
      },
    ),
  );
});

test('an address that is not an HTTP proxy is refused with a sentence, and the previous setting stays', async ({
  workbench,
  sandbox,
}) => {
  await withProxy(undefined, async (proxy) => {
    // Typed without the scheme and with a loose list: saved tidied, as the dialog then shows.
    await expect(
      await workbench.setProxy('This proxy', { address: hostPort(proxy.url), goDirectTo: 'example.com,.corp.example' }),
    ).toBeHidden();
    let settings = await workbench.openSettings();
    const address = settings.getByRole('textbox', { name: 'Proxy address', exact: true });
    await expect(settings.getByRole('radio', { name: 'This proxy', exact: true })).toBeChecked();
    await expect(address).toHaveValue(proxy.url);
    await expect(settings.getByRole('textbox', { name: 'Go direct to', exact: true })).toHaveValue(
      'example.com, .corp.example',
    );

    // A SOCKS address, with another change in the same save: neither is saved.
    await settings.getByRole('spinbutton', { name: /^Timeout/ }).fill('5');
    await address.fill('socks5://127.0.0.1:1080');
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(settings.getByRole('alert')).toHaveText(/^Only HTTP and HTTPS proxies are supported \(not SOCKS5\)/);
    await expect(settings).toBeVisible();
    await expect(address).toHaveAttribute('aria-invalid', 'true');
    await settings.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(settings).toBeHidden();

    settings = await workbench.openSettings();
    await expect(settings.getByRole('radio', { name: 'This proxy', exact: true })).toBeChecked();
    await expect(address).toHaveValue(proxy.url);
    await expect(settings.getByRole('spinbutton', { name: /^Timeout/ })).toHaveValue('30');
    await expect(settings.getByRole('alert')).toHaveCount(0);
    await settings.getByRole('button', { name: 'Close', exact: true }).click();

    // And the proxy kept is the one in use.
    await workbench.target('Local sandbox');
    await workbench.get(`${sandbox.origin}/sandbox/v1/echo`);
    await expect(workbench.statusLine()).toHaveText(/^200/);
    expect(proxy.tunnels.map((tunnel) => tunnel.authority)).toEqual([hostPort(sandbox.origin)]);
  });
});

test('back to No proxy, a send goes straight to the host', async ({ workbench, sandbox }) => {
  await withProxy(undefined, async (proxy) => {
    await expect(await workbench.setProxy('This proxy', { address: proxy.url, goDirectTo: '' })).toBeHidden();
    await workbench.target('Local sandbox');
    await workbench.get(`${sandbox.origin}/sandbox/v1/echo`);
    await expect(workbench.statusLine()).toHaveText(/^200/);
    expect(proxy.tunnels).toHaveLength(1);

    await expect(await workbench.setProxy('No proxy')).toBeHidden();
    const settings = await workbench.openSettings();
    await expect(settings.getByRole('radio', { name: 'No proxy', exact: true })).toBeChecked();
    await expect(settings.getByRole('textbox', { name: 'Proxy address', exact: true })).toBeHidden();
    await settings.getByRole('button', { name: 'Close', exact: true }).click();

    const received = sandbox.received.length;
    const carried = proxy.seen().length;
    await workbench.send();
    await expect.poll(() => sandbox.received.length).toBe(received + 1);
    await expect(workbench.statusLine()).toHaveText(/^200/);
    // No new tunnel, and nothing more through the old one (a kept-alive connection would show here).
    expect(proxy.tunnels).toHaveLength(1);
    expect(proxy.seen().length).toBe(carried);
  });
});

test('a proxy that asks for a password gets the user name and password from Settings, and the renderer never sees the password', async ({
  app,
  workbench,
  sandbox,
}) => {
  const password = 'proxy-secret-Zx9-4711';
  const expected = `Basic ${Buffer.from(`ann:${password}`).toString('base64')}`;
  await withProxy(
    (_authority, headers) => (headers['proxy-authorization'] === expected ? null : 407),
    async (proxy) => {
      await workbench.setProxy('This proxy', { address: proxy.url, goDirectTo: '' });
      await workbench.get(`${sandbox.origin}/sandbox/v1/status/204`);
      await expect(workbench.response()).toContainText('Proxy failed');
      await expect(workbench.response()).toContainText('asks for credentials (407 Proxy Authentication Required)');

      // An http:// proxy reads the password in clear text: saving it needs the user's word.
      let settings = await workbench.setProxy('This proxy', { userName: 'ann', password });
      await expect(settings.getByRole('note', { name: 'Clear-text proxy' })).toContainText(
        'the password goes to it in clear text',
      );
      await expect(settings.getByRole('alert')).toContainText(
        'Tick “Send the password in clear text to this http:// proxy” to save it anyway',
      );
      await settings.getByRole('checkbox', { name: 'Send the password in clear text to this http:// proxy' }).check();
      await settings.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(settings).toBeHidden();
      await workbench.send();
      await expect(workbench.statusLine()).toHaveText(/^204/);
      expect(proxy.tunnels.at(-1)?.headers['proxy-authorization']).toBe(expected);
      expect(sandbox.received.at(-1)?.headers['proxy-authorization']).toBeUndefined();
      // The dialog shows it as set, by its last characters only; the settings the renderer holds have no password.
      settings = await workbench.openSettings();
      await expect(settings.getByLabel('Proxy password', { exact: true })).toHaveAttribute(
        'placeholder',
        'set ••••4711 — type to replace',
      );
      await expect(settings.getByLabel('Proxy password', { exact: true })).toHaveValue('');
      expect(JSON.stringify(await app.evaluate(() => window.api.settings.get()))).not.toContain(password);
    },
  );
});

test('the proxy password stays with its proxy: after the address changes, the new proxy gets no Proxy-Authorization', async ({
  app,
  workbench,
  sandbox,
}) => {
  const password = 'proxy-secret-Qw7-0815';
  const expected = `Basic ${Buffer.from(`ann:${password}`).toString('base64')}`;
  await withProxy(undefined, async (first) => {
    await withProxy(undefined, async (second) => {
      const fields = { address: first.url, goDirectTo: '', userName: 'ann', password, sendInClearText: true };
      await expect(await workbench.setProxy('This proxy', fields)).toBeHidden();
      await workbench.get(`${sandbox.origin}/sandbox/v1/status/204`);
      await expect(workbench.statusLine()).toHaveText(/^204/);
      expect(first.tunnels.at(-1)?.headers['proxy-authorization']).toBe(expected);

      // Another address: the dialog says saving clears the password, and after saving why it is gone.
      const settings = await workbench.openSettings();
      await expect(settings.getByRole('note', { name: 'Clear-text proxy' })).toBeVisible();
      await settings.getByRole('textbox', { name: 'Proxy address', exact: true }).fill(second.url);
      await expect(settings).toContainText('Saving another proxy address or user name clears the saved password');
      await settings
        .getByRole('note', { name: 'Clear-text proxy' })
        .evaluate((note) => note.scrollIntoView({ block: 'center' }));
      await app.screenshot({ path: 'screenshots/proxy-password-rebind.png' });
      await settings.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(settings).toBeHidden();
      await workbench.send();
      await expect(workbench.statusLine()).toHaveText(/^204/);
      expect(second.tunnels).toHaveLength(1);
      expect(second.tunnels[0]!.headers['proxy-authorization']).toBeUndefined();

      const reopened = await workbench.openSettings();
      await expect(reopened.getByLabel('Proxy password', { exact: true })).toHaveAttribute('placeholder', 'not set');
      await expect(reopened.getByRole('note', { name: 'Proxy password cleared' })).toHaveText(
        `The proxy password was cleared because the proxy’s address changed (it was set for ${first.url}): ` +
          'a password is never sent to another proxy. Enter it again if this proxy needs one.',
      );
      await reopened
        .getByRole('note', { name: 'Proxy password cleared' })
        .evaluate((note) => note.scrollIntoView({ block: 'center' }));
      await app.screenshot({ path: 'screenshots/proxy-password-cleared.png' });
    });
  });
});
