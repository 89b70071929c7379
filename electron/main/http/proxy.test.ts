/** Proxies: which hosts go through which proxy, and requests through a real CONNECT proxy on loopback. */
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpResponseResult, NetworkErrorResult } from '../../../shared/http-types';
import type { WireRequest } from '../../../shared/schemas/outgoing-request';
import type { ProxySettings } from '../../../shared/schemas/settings';
import { hasIpv6Loopback } from '../../../test/support/ipv6-loopback';
import { createCertificateAuthority, createSelfSignedCertificate } from '../tls/certificates';
import { createHttpClient, type HttpClient } from './client';
import {
  bypasses,
  checkProxySettings,
  chromiumProxyConfig,
  createProxyResolver,
  isLoopback,
  proxyFromChromium,
  proxyFromEnv,
  ProxyError,
  storedProxySettings,
} from './proxy';
import {
  closedPort,
  startConnectProxy,
  startHttpsServer,
  type ConnectProxy,
  type TestServer,
} from '../../../test/support/https-servers';
import { buildTrustedCas } from './trust';

const url = (text: string) => new URL(text);
/** The IPv6 proxy test runs wherever ::1 exists and fails, rather than skips, on any other error. */
const ipv6Loopback = await hasIpv6Loopback();

describe('which hosts go direct', () => {
  it('matches names with their subdomains, suffixes, IPs, ports and *', () => {
    const list = 'example.com, .corp.example, 10.0.0.5 api.test:8443 [::1]';
    expect(bypasses(url('https://example.com/x'), list)).toBe(true);
    expect(bypasses(url('https://api.example.com/x'), list)).toBe(true);
    expect(bypasses(url('https://notexample.com/x'), list)).toBe(false);
    expect(bypasses(url('https://corp.example/'), list)).toBe(true);
    expect(bypasses(url('https://a.b.corp.example/'), list)).toBe(true);
    expect(bypasses(url('https://10.0.0.5/'), list)).toBe(true);
    expect(bypasses(url('https://10.0.0.50/'), list)).toBe(false);
    expect(bypasses(url('https://api.test:8443/'), list)).toBe(true);
    expect(bypasses(url('https://api.test/'), list)).toBe(false);
    expect(bypasses(url('https://[::1]:3000/'), list)).toBe(true);
    expect(bypasses(url('https://anything.example.org/'), '*')).toBe(true);
    expect(bypasses(url('https://example.com/'), '')).toBe(false);
    expect(bypasses(url('https://x.example.com/'), '*.example.com')).toBe(true);
    expect(bypasses(url('https://example.com./'), 'example.com')).toBe(true);
  });

  it('matches address ranges, <local>, and IPv6 however it is written', () => {
    expect(bypasses(url('https://10.1.2.3/'), '10.0.0.0/8')).toBe(true);
    expect(bypasses(url('https://11.1.2.3/'), '10.0.0.0/8')).toBe(false);
    expect(bypasses(url('https://[fd00::5]/'), 'fd00::/8')).toBe(true);
    expect(bypasses(url('https://intranet/'), '<local>')).toBe(true);
    expect(bypasses(url('https://intranet.corp/'), '<local>')).toBe(false);
    expect(bypasses(url('https://[::1]/'), '0:0:0:0:0:0:0:1')).toBe(true);
  });

  it('refuses a bypass entry it cannot read, and a password in the address whatever the mode', () => {
    expect(() =>
      checkProxySettings({ mode: 'custom', url: 'http://p:1', bypass: 'ok.example, https://x', username: '' }),
    ).toThrow('“https://x” is not a host');
    expect(() =>
      checkProxySettings({ mode: 'custom', url: 'http://p:1', bypass: '10.0.0.0/99', username: '' }),
    ).toThrow('“10.0.0.0/99” is not a host');
    for (const mode of ['system', 'none', 'custom'] as const) {
      expect(
        () => checkProxySettings({ mode, url: 'http://ann:secret@p.corp:3128', bypass: '', username: '' }),
        mode,
      ).toThrow(/Leave the user name and password out/);
    }
    expect(checkProxySettings({ mode: 'none', url: ' half typed ', bypass: '', username: '' }).url).toBe('half typed');
  });

  it('reads settings back from the file, falling back to the defaults when they do not pass', () => {
    const defaults: ProxySettings = { mode: 'system', url: '', bypass: 'localhost', username: '' };
    expect(storedProxySettings({ mode: 'custom', url: 'p.corp:3128', bypass: '', username: '' }, defaults)).toEqual({
      mode: 'custom',
      url: 'http://p.corp:3128',
      bypass: '',
      username: '',
    });
    expect(
      storedProxySettings({ mode: 'custom', url: 'not a url at all', bypass: '', username: '' }, defaults),
    ).toEqual(defaults);
    expect(storedProxySettings({ mode: 'magic' }, defaults)).toEqual(defaults);
    expect(storedProxySettings(undefined, defaults)).toEqual(defaults);
  });

  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.8.9.10', '[::1]', '[::ffff:127.0.0.1]'])
      expect(isLoopback(url(`https://${host}/`).hostname), host).toBe(true);
    for (const host of ['example.com', '10.0.0.1', 'localhost.example.com', '[::2]'])
      expect(isLoopback(url(`https://${host}/`).hostname), host).toBe(false);
  });
});

describe('where the proxy comes from', () => {
  it('reads HTTPS_PROXY (any case, scheme optional, ALL_PROXY as a fallback) and honours NO_PROXY', () => {
    const target = url('https://api.olxgroup.com/advert/v1');
    expect(proxyFromEnv(target, {})).toBeNull();
    expect(proxyFromEnv(target, { HTTPS_PROXY: 'http://proxy.corp:3128' })?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFromEnv(target, { https_proxy: 'proxy.corp:8080' })?.href).toBe('http://proxy.corp:8080/');
    expect(proxyFromEnv(target, { ALL_PROXY: 'http://all.corp:1' })?.href).toBe('http://all.corp:1/');
    expect(proxyFromEnv(target, { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'olxgroup.com' })).toBeNull();
    expect(proxyFromEnv(target, { HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: 'other.com' })?.host).toBe(
      'proxy.corp:3128',
    );
    expect(() => proxyFromEnv(target, { HTTPS_PROXY: 'socks5://s.corp:1080' })).toThrow(ProxyError);
  });

  it('reads Chromium’s answer: the first HTTP or HTTPS proxy, DIRECT as none, SOCKS refused with a sentence', () => {
    expect(proxyFromChromium('DIRECT')).toBeNull();
    expect(proxyFromChromium('')).toBeNull();
    expect(proxyFromChromium('PROXY proxy.corp:3128; DIRECT')?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFromChromium('HTTPS secure.corp:443')?.protocol).toBe('https:');
    expect(proxyFromChromium('SOCKS5 s:1080; PROXY p:8080')?.host).toBe('p:8080');
    expect(() => proxyFromChromium('SOCKS5 s.corp:1080')).toThrow(
      'name a SOCKS proxy (SOCKS5 s.corp:1080), which is not supported',
    );
  });

  it('follows the setting: none, custom with its bypass list, system (loopback direct, answers cached per origin)', async () => {
    let settings: ProxySettings = { mode: 'none', url: 'http://p.corp:3128', bypass: '', username: '' };
    const asked: string[] = [];
    const resolve = createProxyResolver({
      settings: () => settings,
      env: {},
      system: async (u) => {
        asked.push(u);
        return 'PROXY sys.corp:8080';
      },
    });
    expect(await resolve(url('https://api.example.com/'))).toBeNull();
    settings = { mode: 'custom', url: 'http://p.corp:3128', bypass: 'localhost, internal.example', username: '' };
    expect((await resolve(url('https://api.example.com/')))?.host).toBe('p.corp:3128');
    expect(await resolve(url('https://localhost:8443/'))).toBeNull();
    expect(await resolve(url('https://svc.internal.example/'))).toBeNull();
    settings = { ...settings, mode: 'system' };
    expect((await resolve(url('https://api.example.com/a')))?.host).toBe('sys.corp:8080');
    expect((await resolve(url('https://api.example.com/b')))?.host).toBe('sys.corp:8080');
    expect(asked).toEqual(['https://api.example.com/']); // the origin only, never the path or query
    expect(await resolve(url('https://127.0.0.1:9/'))).toBeNull();
    // HTTPS_PROXY set on purpose wins over the system's answer (it alone can carry credentials).
    const both = createProxyResolver({
      settings: () => settings,
      env: { HTTPS_PROXY: 'http://u:p@env.corp:1', NO_PROXY: 'skip.example' },
      system: async () => 'PROXY sys.corp:8080',
    });
    expect((await both(url('https://api.example.com/')))?.href).toBe('http://u:p@env.corp:1/');
    expect(await both(url('https://skip.example/'))).toBeNull();
    // Without Chromium (tests, the bench): the environment.
    const fromEnv = createProxyResolver({ settings: () => settings, env: { HTTPS_PROXY: 'http://env.corp:1' } });
    expect((await fromEnv(url('https://api.example.com/')))?.host).toBe('env.corp:1');
    expect(await fromEnv(url('https://localhost/'))).toBeNull();
  });
});

describe('requests through a CONNECT proxy', () => {
  const ca = createCertificateAuthority('Proxy test CA');
  const cert = ca.issue({ hosts: ['127.0.0.1', 'localhost'] });
  const trusted = buildTrustedCas({ extraPems: [ca.certPem], env: {} }).cas;
  const open: Array<TestServer | ConnectProxy> = [];
  const clients: HttpClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(open.splice(0).map((x) => x.close()));
  });

  const client = (settings: ProxySettings) => {
    const made = createHttpClient({
      getTrustedCas: () => trusted,
      resolveProxy: createProxyResolver({ settings: () => settings, env: {} }),
    });
    clients.push(made);
    return made;
  };
  const get = (target: string, headers: Array<[string, string]> = []): WireRequest => ({
    requestId: `p-${Math.random()}`,
    method: 'GET',
    url: target,
    headers: headers.map(([name, value], i) => ({ id: `h${i}`, name, value, enabled: true, origin: 'user' as const })),
    body: '',
  });
  const asResponse = (r: HttpResponseResult | NetworkErrorResult) => {
    if (r.kind !== 'response') throw new Error(`expected a response, got ${r.code}: ${r.message}`);
    return r;
  };

  it('tunnels HTTPS: the server gets the request, the proxy sees only host:port and encrypted bytes, and the tunnel is kept alive', async () => {
    const server = await startHttpsServer(cert, (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}'),
    );
    const proxy = await startConnectProxy();
    open.push(server, proxy);
    const c = client({ mode: 'custom', url: proxy.url, bypass: '', username: '' });
    const secret = 'X-API-KEY-never-seen-by-the-proxy-0123456789';
    const first = asResponse(
      await c.send(get(`${server.origin}/advert/v1`, [['X-API-KEY', secret]]), { timeoutMs: 10_000 }),
    );
    expect(first.status).toBe(200);
    expect(first.body).toContain('"ok": true');
    expect(server.received[0]!.headers['x-api-key']).toBe(secret);
    expect(proxy.tunnels.map((t) => t.authority)).toEqual([`127.0.0.1:${server.port}`]);
    expect(proxy.seen().length).toBeGreaterThan(0);
    expect(proxy.seen().includes(secret)).toBe(false);
    expect(proxy.seen().includes('/advert/v1')).toBe(false);
    // Timings: connecting (to the proxy, and the CONNECT) then TLS with the host; none the second time.
    expect(first.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(first.timings.tlsMs).toBeGreaterThan(0);
    const second = asResponse(await c.send(get(`${server.origin}/again`), { timeoutMs: 10_000 }));
    expect(second.timings.connectMs).toBeUndefined();
    expect(second.timings.tlsMs).toBeUndefined();
    expect(proxy.tunnels).toHaveLength(1); // the open tunnel was reused
    expect(server.connections()).toBe(1);
  });

  it('keeps the certificate checks inside the tunnel', async () => {
    const server = await startHttpsServer(createSelfSignedCertificate(['127.0.0.1']), (_req, res) => res.end('x'));
    const proxy = await startConnectProxy();
    open.push(server, proxy);
    const result = await client({ mode: 'custom', url: proxy.url, bypass: '', username: '' }).send(
      get(`${server.origin}/`),
      { timeoutMs: 10_000 },
    );
    expect(result).toMatchObject({ kind: 'network-error', code: 'tls-self-signed' });
    expect(proxy.tunnels).toHaveLength(1);
    expect(server.received).toHaveLength(0);
  });

  it('checks an IP target’s certificate against the IP, not against the proxy’s name', async () => {
    const onlyLocalhost = ca.issue({ hosts: ['localhost'] });
    const server = await startHttpsServer(onlyLocalhost, (_req, res) => res.end('x'));
    const proxy = await startConnectProxy();
    open.push(server, proxy);
    const viaName = proxy.url.replace('127.0.0.1', 'localhost');
    const result = await client({ mode: 'custom', url: viaName, bypass: '', username: '' }).send(
      get(`https://127.0.0.1:${server.port}/`),
      { timeoutMs: 10_000 },
    );
    expect(result).toMatchObject({ kind: 'network-error', code: 'tls-hostname' });
    expect(server.received).toHaveLength(0);
  });

  it('works through an HTTPS proxy whose certificate is checked against its own address', async () => {
    const server = await startHttpsServer(cert, (_req, res) => res.end('through TLS twice'));
    const good = await startConnectProxy(undefined, { tls: ca.issue({ hosts: ['127.0.0.1'] }) });
    const impostor = await startConnectProxy(undefined, { tls: ca.issue({ hosts: ['elsewhere.test', 'localhost'] }) });
    open.push(server, good, impostor);
    const ok = asResponse(
      await client({ mode: 'custom', url: good.url, bypass: '', username: '' }).send(
        get(`https://localhost:${server.port}/`),
        { timeoutMs: 10_000 },
      ),
    );
    expect(ok.body).toBe('through TLS twice');
    expect(good.tunnels.map((t) => t.authority)).toEqual([`localhost:${server.port}`]);
    // Its certificate names localhost (the target) but not 127.0.0.1 (the proxy): refused before any CONNECT.
    const refused = await client({ mode: 'custom', url: impostor.url, bypass: '', username: '' }).send(
      get(`https://localhost:${server.port}/`),
      { timeoutMs: 10_000 },
    );
    expect(refused).toMatchObject({ kind: 'network-error', code: 'proxy', detail: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(impostor.tunnels).toHaveLength(0);
  });

  it('stops at the timeout, or on Cancel, while the proxy has not answered the CONNECT', async () => {
    const server = await startHttpsServer(cert, (_req, res) => res.end('x'));
    const silent = await startConnectProxy(() => 'hang');
    open.push(server, silent);
    const c = client({ mode: 'custom', url: silent.url, bypass: '', username: '' });
    const started = Date.now();
    const timedOut = await c.send(get(`${server.origin}/`), { timeoutMs: 300 });
    expect(timedOut).toMatchObject({ kind: 'network-error', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    const controller = new AbortController();
    const pending = c.send(get(`${server.origin}/`), { timeoutMs: 60_000, signal: controller.signal });
    await expect.poll(() => silent.tunnels.length).toBe(2); // the second CONNECT is at the proxy
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'network-error', code: 'cancelled' });
    // The CONNECTs were ended, not left open at the proxy.
    await expect.poll(() => silent.openSockets()).toBe(0);
  });

  it.skipIf(!ipv6Loopback)('reaches a proxy at an IPv6 address', async () => {
    const proxy = await startConnectProxy(undefined, { host: '::1' });
    const server = await startHttpsServer(cert, (_req, res) => res.end('v6'));
    open.push(server, proxy);
    expect(proxy.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    const result = asResponse(
      await client({ mode: 'custom', url: proxy.url, bypass: '', username: '' }).send(get(`${server.origin}/`), {
        timeoutMs: 10_000,
      }),
    );
    expect(result.body).toBe('v6');
  });

  it('goes direct to a bypassed host, also for a redirect hop', async () => {
    const target = await startHttpsServer(cert, (_req, res) => res.end('direct'));
    const start = await startHttpsServer(cert, (_req, res) =>
      res.writeHead(302, { Location: `https://localhost:${target.port}/landed` }).end(),
    );
    const proxy = await startConnectProxy();
    open.push(target, start, proxy);
    const result = asResponse(
      await client({ mode: 'custom', url: proxy.url, bypass: 'localhost', username: '' }).send(
        get(`${start.origin}/go`),
        { timeoutMs: 10_000 },
      ),
    );
    expect(result.body).toBe('direct');
    expect(result.redirects).toHaveLength(1);
    expect(proxy.tunnels.map((t) => t.authority)).toEqual([`127.0.0.1:${start.port}`]);
    expect(target.received[0]!.path).toBe('/landed');
  });

  it('says so when the proxy refuses the tunnel, wants credentials, or cannot be reached', async () => {
    const server = await startHttpsServer(cert, (_req, res) => res.end('x'));
    const refusing = await startConnectProxy((authority) => (authority.endsWith(`:${server.port}`) ? 403 : null));
    const asking = await startConnectProxy(() => 407);
    open.push(server, refusing, asking);
    const refused = await client({ mode: 'custom', url: refusing.url, bypass: '', username: '' }).send(
      get(`${server.origin}/`),
      { timeoutMs: 10_000 },
    );
    expect(refused).toMatchObject({ kind: 'network-error', code: 'proxy', detail: '403' });
    expect((refused as NetworkErrorResult).message).toBe(
      `The proxy ${new URL(refusing.url).host} refused the tunnel to 127.0.0.1:${server.port} (403 Forbidden).`,
    );
    const auth = await client({ mode: 'custom', url: asking.url, bypass: '', username: '' }).send(
      get(`${server.origin}/`),
      { timeoutMs: 10_000 },
    );
    expect(auth).toMatchObject({ kind: 'network-error', code: 'proxy', detail: '407' });
    expect((auth as NetworkErrorResult).message).toMatch(/asks for credentials \(407 Proxy Authentication Required\)/);
    expect((auth as NetworkErrorResult).hint).toMatch(
      /wants a user name and password, or refused those given: set them in Settings → Proxy/,
    );
    const port = await closedPort();
    const unreachable = await client({
      mode: 'custom',
      url: `http://127.0.0.1:${port}`,
      bypass: '',
      username: '',
    }).send(get(`${server.origin}/`), { timeoutMs: 10_000 });
    expect(unreachable).toMatchObject({
      kind: 'network-error',
      code: 'proxy',
      message: `Could not reach the proxy 127.0.0.1:${port} (ECONNREFUSED).`,
      detail: 'ECONNREFUSED',
    });
    expect((unreachable as NetworkErrorResult).hint).toMatch(/Settings → Proxy/);
    expect(server.received).toHaveLength(0);
  });

  it('sends the custom proxy’s user name and password (kept apart) to the proxy only', async () => {
    const server = await startHttpsServer(cert, (_req, res) => res.end('x'));
    const expected = `Basic ${Buffer.from('ann:pä:ss word').toString('base64')}`;
    const proxy = await startConnectProxy((_authority, headers) =>
      headers['proxy-authorization'] === expected ? null : 407,
    );
    open.push(server, proxy);
    let password: string | undefined = 'wrong';
    const settings: ProxySettings = { mode: 'custom', url: proxy.url, bypass: '', username: 'ann' };
    const made = createHttpClient({
      getTrustedCas: () => trusted,
      resolveProxy: createProxyResolver({ settings: () => settings, password: () => password, env: {} }),
    });
    clients.push(made);
    expect(await made.send(get(`${server.origin}/`), { timeoutMs: 10_000 })).toMatchObject({
      kind: 'network-error',
      code: 'proxy',
      detail: '407',
    });
    password = 'pä:ss word';
    asResponse(await made.send(get(`${server.origin}/`), { timeoutMs: 10_000 }));
    expect(proxy.tunnels).toHaveLength(2);
    expect(server.received.every((r) => r.headers['proxy-authorization'] === undefined)).toBe(true);
  });

  it('sends the credentials in an environment proxy URL (HTTPS_PROXY=http://user:pass@host) to the proxy only', async () => {
    const server = await startHttpsServer(cert, (_req, res) => res.end('x'));
    const expected = `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;
    const proxy = await startConnectProxy((_authority, headers) =>
      headers['proxy-authorization'] === expected ? null : 407,
    );
    open.push(server, proxy);
    const withCredentials = new URL(proxy.url.replace('http://', 'http://ann:s3cret@'));
    // The system setting sends loopback hosts directly, even with HTTPS_PROXY set.
    const system = createHttpClient({
      getTrustedCas: () => trusted,
      resolveProxy: createProxyResolver({
        settings: () => ({ mode: 'system', url: '', bypass: '', username: '' }),
        env: { HTTPS_PROXY: withCredentials.href },
      }),
    });
    const through = createHttpClient({ getTrustedCas: () => trusted, resolveProxy: async () => withCredentials });
    clients.push(system, through);
    asResponse(await system.send(get(`${server.origin}/`), { timeoutMs: 10_000 }));
    expect(proxy.tunnels).toHaveLength(0);
    asResponse(await through.send(get(`${server.origin}/`), { timeoutMs: 10_000 }));
    expect(proxy.tunnels).toHaveLength(1);
    expect(server.received.every((r) => r.headers['proxy-authorization'] === undefined)).toBe(true);
  });
});

describe('the same setting for Chromium (the authorization window)', () => {
  it('gives system, direct, or the proxy with its bypass list (subdomains included; loopback left to Chromium’s implicit direct rule)', () => {
    expect(chromiumProxyConfig({ mode: 'system', url: '', bypass: '', username: '' })).toEqual({ mode: 'system' });
    expect(chromiumProxyConfig({ mode: 'none', url: 'http://p:1', bypass: '', username: '' })).toEqual({
      mode: 'direct',
    });
    expect(
      chromiumProxyConfig({
        mode: 'custom',
        url: 'http://p.corp:3128',
        bypass: 'localhost, .corp.example, 10.0.0.5, api.test:8443, *',
        username: '',
      }),
    ).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'http://p.corp:3128',
      proxyBypassRules: 'localhost,*.localhost,corp.example,*.corp.example,10.0.0.5,api.test:8443,*',
    });
  });
});
