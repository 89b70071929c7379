/**
 * Proxies: which one a request goes through (Settings → Proxy, see shared/settings.ts), and the
 * agent that carries HTTPS through it in a CONNECT tunnel. Inside the tunnel the TLS connection
 * is made with the target host, with the same trusted CAs and checks as without a proxy: the proxy
 * sees the host and port it is asked to connect to, never the request, its headers or credentials.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { ProxySettings } from '../../../shared/settings';

/**
 * Where a request goes: through this proxy, or null for straight to the host. Synchronous when the
 * answer needs no lookup (on the send path, an await costs more than the rest of the decision).
 */
export type ProxyResolver = (target: URL) => URL | null | Promise<URL | null>;

/** A failure of the proxy itself (not reachable, refused the tunnel, wants credentials), for errors.ts to describe. */
export class ProxyError extends Error {
  constructor(
    message: string,
    /** host:port of the proxy (never its credentials). */
    readonly proxy: string,
    /** The proxy's HTTP status when it answered the CONNECT with one. */
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProxyError';
  }
}

/** host:port of a proxy URL, for messages (credentials left out). */
export function proxyLabel(proxy: URL): string {
  return `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? '443' : '80')}`;
}

// ---------------------------------------------------------------------------------------------
// Settings

/** A custom proxy URL as the user typed it, checked: http(s)://host[:port], nothing else. Throws a sentence. */
function checkProxyUrl(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('Give the proxy’s address, e.g. http://proxy.example.com:3128.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    throw new Error(`“${trimmed}” is not a proxy address: write it as http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Only HTTP and HTTPS proxies are supported (not ${url.protocol.slice(0, -1).toUpperCase()}): write the address as http://host:port.`);
  }
  if (url.username || url.password) throw new Error('Leave the user name and password out of the proxy address: proxies that ask for a password are not supported yet.');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new Error('A proxy address is only http://host:port, without a path.');
  return url.origin;
}

/** Settings as given, checked and tidied; a custom proxy's URL must be valid. Throws a sentence. */
export function checkProxySettings(input: ProxySettings): ProxySettings {
  const bypass = input.bypass
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .join(', ');
  if (input.mode !== 'custom') return { mode: input.mode, url: input.url.trim(), bypass };
  return { mode: 'custom', url: checkProxyUrl(input.url), bypass };
}

// ---------------------------------------------------------------------------------------------
// Which hosts go direct

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

/** localhost, *.localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(hostname: string): boolean {
  const host = bare(hostname);
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * True when a bypass list (NO_PROXY's form: entries separated by commas or spaces) names the
 * host: `*`; a name, which covers its subdomains too (a leading dot or `*.` means the same); an IP
 * address; any of these with `:port`, which then must match too.
 */
export function bypasses(target: URL, list: string): boolean {
  const host = bare(target.hostname);
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of list.split(/[,\s]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: string | null = null;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort) {
      entry = withPort[1]!;
      entryPort = withPort[2]!;
    }
    entry = bare(entry).replace(/^\*?\./, '');
    if (entryPort !== null && entryPort !== port) continue;
    if (host === entry || (isIP(host) === 0 && host.endsWith(`.${entry}`))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Where the proxy comes from

const envValue = (env: NodeJS.ProcessEnv, ...names: string[]) => names.map((name) => env[name]?.trim()).find((value) => value);

/** The proxy variable the environment sets for a target's scheme, if any (HTTPS_PROXY, then ALL_PROXY, any case). */
function envProxySpec(target: URL, env: NodeJS.ProcessEnv): string | undefined {
  return target.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy') : envValue(env, 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy');
}

/** The proxy the environment names for an HTTPS target (HTTPS_PROXY, then ALL_PROXY; NO_PROXY honoured), or null. */
export function proxyFromEnv(target: URL, env: NodeJS.ProcessEnv): URL | null {
  const pick = (...names: string[]) => envValue(env, ...names);
  const spec = envProxySpec(target, env);
  if (!spec) return null;
  const noProxy = pick('NO_PROXY', 'no_proxy');
  if (noProxy && bypasses(target, noProxy)) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(spec) ? spec : `http://${spec}`);
  } catch {
    throw new ProxyError(`The proxy named in the environment (HTTPS_PROXY) is not a valid address.`, spec.replace(/\/\/[^@/]*@/, '//'), null);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyError(`The proxy named in the environment is a ${url.protocol.slice(0, -1).toUpperCase()} proxy; only HTTP and HTTPS proxies are supported.`, proxyLabel(url), null);
  }
  return url;
}

/**
 * The proxy in Chromium's answer for a URL ("DIRECT", "PROXY host:port; DIRECT", "HTTPS host:port",
 * "SOCKS5 host:port"…): the first HTTP or HTTPS one, or null for DIRECT. Throws when only SOCKS
 * proxies are offered.
 */
export function proxyFromChromium(answer: string): URL | null {
  const entries = answer
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const [kind = '', address = ''] = entry.split(/\s+/);
    const type = kind.toUpperCase();
    if (type === 'DIRECT') return null;
    if ((type === 'PROXY' || type === 'HTTPS') && address) return new URL(`${type === 'HTTPS' ? 'https' : 'http'}://${address}`);
  }
  if (entries.length === 0) return null;
  throw new ProxyError(`The system's proxy settings name a SOCKS proxy (${entries[0]}), which is not supported: choose No proxy or This proxy in Settings → Proxy.`, entries[0]!, null);
}

export interface ProxyResolverOptions {
  settings(): ProxySettings;
  env: NodeJS.ProcessEnv;
  /**
   * The system's proxy for a URL, as Chromium resolves it (Electron's session.resolveProxy). Asked
   * only when the environment sets no proxy variable: HTTPS_PROXY, set on purpose, wins (and only
   * it can carry the proxy's credentials).
   */
  system?: (url: string) => Promise<string>;
  /** How long a system answer is kept per origin (default 30 s). */
  cacheMs?: number;
}

export function createProxyResolver(options: ProxyResolverOptions): ProxyResolver {
  const cacheMs = options.cacheMs ?? 30_000;
  const cache = new Map<string, { at: number; proxy: URL | null }>();
  let customFor: { url: string; parsed: URL } | null = null;
  const fromSystem = async (target: URL, system: (url: string) => Promise<string>): Promise<URL | null> => {
    const proxy = proxyFromChromium(await system(target.href));
    cache.set(target.origin, { at: Date.now(), proxy });
    return proxy;
  };
  return (target) => {
    const settings = options.settings();
    if (settings.mode === 'none') return null;
    if (settings.mode === 'custom') {
      if (bypasses(target, settings.bypass)) return null;
      if (customFor?.url !== settings.url) customFor = { url: settings.url, parsed: new URL(settings.url) };
      return customFor.parsed;
    }
    if (isLoopback(target.hostname)) return null;
    if (!options.system || envProxySpec(target, options.env)) return proxyFromEnv(target, options.env);
    const cached = cache.get(target.origin);
    if (cached && Date.now() - cached.at < cacheMs) return cached.proxy;
    return fromSystem(target, options.system);
  };
}

/**
 * The same setting for a Chromium session (Electron's session.setProxy), for the pages the app
 * opens itself (the portal's authorization page). A bypass entry covers its subdomains here too.
 */
export function chromiumProxyConfig(settings: ProxySettings): { mode: 'system' | 'direct' | 'fixed_servers'; proxyRules?: string; proxyBypassRules?: string } {
  if (settings.mode === 'none') return { mode: 'direct' };
  if (settings.mode === 'system') return { mode: 'system' };
  const bypass = settings.bypass
    .split(/[,\s]+/)
    .filter((entry) => entry !== '')
    .flatMap((entry) => (entry === '*' || isIP(bare(entry)) || entry.includes(':') ? [entry] : [entry.replace(/^\*?\./, ''), `*.${entry.replace(/^\*?\./, '')}`]));
  return { mode: 'fixed_servers', proxyRules: settings.url, proxyBypassRules: bypass.join(',') };
}

// ---------------------------------------------------------------------------------------------
// The tunnel

/** When a new tunnel opened, on its TLS socket until the first request using it reads it (tracing-transport.ts). */
const TUNNEL_TIMES = Symbol('tunnelTimes');

/** The times of a connection just made through a proxy (once: later requests on it reuse it), or null. */
export function takeTunnelTimes(socket: object): { openedAt: number } | null {
  const holder = socket as { [TUNNEL_TIMES]?: { openedAt: number } };
  const times = holder[TUNNEL_TIMES] ?? null;
  if (times) delete holder[TUNNEL_TIMES];
  return times;
}


/**
 * An https.Agent whose connections go through `proxy`: a CONNECT request opens a tunnel to the
 * host, then TLS with the host runs inside it (the agent's own TLS options: trusted CAs, checks).
 * Keep-alive works as for a direct agent: a pooled connection is a tunnel already open.
 */
export class TunnelAgent extends https.Agent {
  private readonly proxyAuthorization: string | null;

  constructor(
    readonly proxy: URL,
    options: https.AgentOptions,
  ) {
    super(options);
    this.proxyAuthorization = proxy.username
      ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
      : null;
  }

  // Node calls this for each new connection; the socket comes back through the callback once the tunnel is up.
  override createConnection(requestOptions: http.RequestOptions, callback?: (error: Error | null, socket: Duplex) => void): undefined {
    // What Node passes here: the request's options merged with the agent's (TLS settings included).
    const options = requestOptions as tls.ConnectionOptions & { host?: string; port?: number; servername?: string };
    const host = options.host ?? 'localhost';
    const port = Number(options.port ?? 443);
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    const label = proxyLabel(this.proxy);
    const headers: http.OutgoingHttpHeaders = { Host: authority };
    if (this.proxyAuthorization) headers['Proxy-Authorization'] = this.proxyAuthorization;
    const request = (this.proxy.protocol === 'https:' ? https : http).request({
      host: this.proxy.hostname,
      port: this.proxy.port || (this.proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
      ...(this.proxy.protocol === 'https:' && options.secureContext ? { secureContext: options.secureContext } : {}),
    });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      callback?.(error, undefined as unknown as Duplex);
    };
    request.once('connect', (response, socket, head) => {
      if (settled) return socket.destroy();
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        socket.destroy();
        const reason = status === 407 ? 'asks for credentials (407 Proxy Authentication Required)' : `refused the tunnel to ${authority} (${status}${response.statusMessage ? ` ${response.statusMessage}` : ''})`;
        return fail(new ProxyError(`The proxy ${label} ${reason}.`, label, status));
      }
      if (head.length > 0) socket.unshift(head);
      settled = true;
      const { host: _host, port: _port, ...tlsOptions } = options;
      const openedAt = performance.now();
      const secure = tls.connect({ ...tlsOptions, socket, servername: options.servername || (isIP(host) ? undefined : host) });
      (secure as unknown as { [TUNNEL_TIMES]: { openedAt: number } })[TUNNEL_TIMES] = { openedAt };
      callback?.(null, secure);
    });
    request.once('error', (error) => fail(new ProxyError(`Could not reach the proxy ${label} (${(error as NodeJS.ErrnoException).code ?? error.message}).`, label, null, { cause: error })));
    request.end();
    return undefined;
  }
}
