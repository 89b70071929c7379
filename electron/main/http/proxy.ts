/**
 * Proxies: which one a request goes through (Settings → Proxy, see shared/settings.ts), and the
 * agent that carries HTTPS through it in a CONNECT tunnel. Inside the tunnel the TLS connection
 * is made with the target host, with the same trusted CAs and checks as without a proxy (its
 * certificate is checked against the target's name or IP, never the proxy's): the proxy sees the
 * host and port it is asked to connect to, never the request, its headers or credentials.
 */
import type { ClientRequest } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type * as tls from 'node:tls';
import type { ProxySettings } from '../../../shared/schemas/settings';
import { verifiedTls } from './verified-tls';

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

/** A host without IPv6 brackets, in lower case. */
const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

/** host:port of a proxy URL, for messages (credentials left out). */
export function proxyLabel(proxy: URL): string {
  return `${proxy.hostname}:${defaultPort(proxy)}`;
}

/** A proxy address as written, as a URL: http:// when no scheme is given. Throws (TypeError) when it is not one. */
function parseProxyAddress(text: string): URL {
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
}

/** The entries of a bypass list (commas or spaces between them). */
const bypassEntries = (list: string) => list.split(/[,\s]+/).filter((entry) => entry !== '');

/** A name entry without its `*.` or `.` prefix (both mean the name and its subdomains). */
const bareName = (entry: string) => entry.replace(/^\*?\./, '');

// ---------------------------------------------------------------------------------------------
// Settings

/** A custom proxy URL as the user typed it, checked: http(s)://host[:port], nothing else. Throws a sentence. */
function checkProxyUrl(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('Give the proxy’s address, e.g. http://proxy.example.com:3128.');
  let url: URL;
  try {
    url = parseProxyAddress(trimmed);
  } catch {
    throw new Error(`“${trimmed}” is not a proxy address: write it as http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `Only HTTP and HTTPS proxies are supported (not ${url.protocol.slice(0, -1).toUpperCase()}): write the address as http://host:port.`,
    );
  }
  if (url.username || url.password) throw new Error(CREDENTIALS_REFUSED);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw new Error('A proxy address is only http://host:port, without a path.');
  return url.origin;
}

const CREDENTIALS_REFUSED =
  'Leave the user name and password out of the proxy address: give them in their own fields (the password is kept encrypted).';

/** Settings as given, checked and tidied; a custom proxy's URL must be valid. Throws a sentence. */
export function checkProxySettings(input: ProxySettings): ProxySettings {
  const bypass = bypassEntries(input.bypass).join(', ');
  for (const entry of bypassEntries(bypass)) {
    if (!bypassRule(entry))
      throw new Error(
        `“${entry}” is not a host, .domain, IP address, address range (10.0.0.0/8), <local> or *: fix it in “Go direct to”.`,
      );
  }
  const username = input.username.trim();
  if (username.includes(':')) throw new Error('A proxy user name cannot contain “:”.');
  if (input.mode === 'custom') return { mode: 'custom', url: checkProxyUrl(input.url), bypass, username };
  // Kept for when This proxy is chosen again, but never with a password in it.
  const url = input.url.trim();
  if (/^[^/]*\/\/[^/@]*@/.test(url) || /^[^/:@]+:[^/@]*@/.test(url)) throw new Error(CREDENTIALS_REFUSED);
  return { mode: input.mode, url, bypass, username };
}

/** Settings read back from the settings file: checked again (it may be old or edited by hand); the defaults when they do not pass. */
export function storedProxySettings(stored: unknown, defaults: ProxySettings): ProxySettings {
  const value = stored as Partial<ProxySettings> | undefined;
  if (!value || !['system', 'none', 'custom'].includes(value.mode as string)) return defaults;
  try {
    return checkProxySettings({
      mode: value.mode!,
      url: String(value.url ?? ''),
      bypass: String(value.bypass ?? defaults.bypass),
      username: String(value.username ?? ''),
    });
  } catch {
    return defaults;
  }
}

// ---------------------------------------------------------------------------------------------
// Which hosts go direct

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** localhost, *.localhost, 127.0.0.0/8 (also IPv4-mapped, however written) and ::1. */
export function isLoopback(hostname: string): boolean {
  const host = bare(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

type BypassRule = (host: string, port: string) => boolean;

/**
 * One entry of a bypass list (NO_PROXY's forms): `*`; `<local>` (a name without a dot); a name,
 * which covers its subdomains too (a leading `.` or `*.` means the same); an IP address; an address
 * range (CIDR); any of the names and addresses with `:port`, which must then match too. Null when
 * the entry is none of these.
 */
function bypassRule(raw: string): BypassRule | null {
  let entry = raw.trim().toLowerCase();
  if (entry === '*') return () => true;
  if (entry === '<local>') return (host) => isIP(host) === 0 && !host.includes('.');
  if (entry.includes('/')) {
    const [address = '', bits = ''] = entry.split('/');
    const family = isIP(bare(address));
    const prefix = Number(bits);
    if (!family || !/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return null;
    const list = new BlockList();
    list.addSubnet(bare(address), prefix, family === 4 ? 'ipv4' : 'ipv6');
    return (host) => {
      const kind = isIP(host);
      return kind !== 0 && list.check(host, kind === 4 ? 'ipv4' : 'ipv6');
    };
  }
  let entryPort: string | null = null;
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
  if (withPort) {
    entry = withPort[1]!;
    entryPort = withPort[2]!;
  }
  entry = bare(entry);
  const portMatches = (port: string) => entryPort === null || entryPort === port;
  if (isIP(entry)) {
    // Written the URL way, so that 0:0:0:0:0:0:0:1 and ::1 are the same address.
    const canonical = bare(new URL(`http://${isIP(entry) === 6 ? `[${entry}]` : entry}/`).hostname);
    return (host, port) => host === canonical && portMatches(port);
  }
  const name = bareName(entry).replace(/\.$/, '');
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) return null;
  return (host, port) => (host === name || (isIP(host) === 0 && host.endsWith(`.${name}`))) && portMatches(port);
}

/** The last list read, with its rules: the same list is asked about on every send. */
let compiled: { list: string; rules: BypassRule[] } = { list: '', rules: [] };

/** True when a bypass list names the target's host (see bypassRule for the forms; unknown entries are ignored). */
export function bypasses(target: URL, list: string): boolean {
  if (compiled.list !== list)
    compiled = { list, rules: bypassEntries(list).flatMap((entry) => bypassRule(entry) ?? []) };
  const host = bare(target.hostname).replace(/\.$/, '');
  const port = defaultPort(target);
  return compiled.rules.some((rule) => rule(host, port));
}

// ---------------------------------------------------------------------------------------------
// Where the proxy comes from

/** The proxy variable the environment sets for a target's scheme (HTTPS_PROXY, then ALL_PROXY, any case), with its name. */
function envProxySpec(target: URL, env: NodeJS.ProcessEnv): { name: string; value: string } | null {
  const names =
    target.protocol === 'https:'
      ? ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']
      : ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return null;
}

/** The proxy the environment names for an HTTPS target (HTTPS_PROXY, then ALL_PROXY; NO_PROXY honoured), or null. */
export function proxyFromEnv(target: URL, env: NodeJS.ProcessEnv): URL | null {
  const spec = envProxySpec(target, env);
  if (!spec) return null;
  const noProxy = env.NO_PROXY?.trim() || env.no_proxy?.trim();
  if (noProxy && bypasses(target, noProxy)) return null;
  let url: URL;
  try {
    url = parseProxyAddress(spec.value);
  } catch {
    throw new ProxyError(
      `The proxy in ${spec.name} is not a valid address: write it as http://host:port.`,
      spec.name,
      null,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyError(
      `The proxy in ${spec.name} is a ${url.protocol.slice(0, -1).toUpperCase()} proxy; only HTTP and HTTPS proxies are supported.`,
      proxyLabel(url),
      null,
    );
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
    if ((type === 'PROXY' || type === 'HTTPS') && address)
      return new URL(`${type === 'HTTPS' ? 'https' : 'http'}://${address}`);
  }
  if (entries.length === 0) return null;
  throw new ProxyError(
    `The system's proxy settings name a SOCKS proxy (${entries[0]}), which is not supported: choose No proxy or This proxy in Settings → Proxy.`,
    entries[0]!,
    null,
  );
}

export interface ProxyResolverOptions {
  settings(): ProxySettings;
  /** The custom proxy's password (from the vault, only for the proxy it was set for), read when its user name is set. */
  password?: () => string | undefined;
  env: NodeJS.ProcessEnv;
  /**
   * The system's proxy for a URL, as Chromium resolves it (Electron's session.resolveProxy). Asked
   * only when the environment sets no proxy variable: HTTPS_PROXY, set on purpose, wins (and only
   * it can carry the proxy's credentials). It is given the target's origin, never its path.
   */
  system?: (url: string) => Promise<string>;
  /** How long a system answer is kept per origin (default 30 s). */
  cacheMs?: number;
}

/** Origins whose system answer is kept at most. */
const CACHE_ENTRIES = 256;

export function createProxyResolver(options: ProxyResolverOptions): ProxyResolver {
  const cacheMs = options.cacheMs ?? 30_000;
  // By origin: the answer, or the question still being asked (sends at the same time ask once).
  const cache = new Map<string, { at: number; proxy: Promise<URL | null> | URL | null }>();
  let customFor: { key: string; parsed: URL } | null = null;
  const fromSystem = (target: URL, system: (url: string) => Promise<string>): Promise<URL | null> => {
    const asking = system(`${target.origin}/`).then(proxyFromChromium);
    const entry = { at: Date.now(), proxy: asking as Promise<URL | null> | URL | null };
    cache.delete(target.origin);
    cache.set(target.origin, entry);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    asking.then(
      (proxy) => {
        entry.proxy = proxy;
      },
      () => {
        if (cache.get(target.origin) === entry) cache.delete(target.origin);
      },
    );
    return asking;
  };
  return (target) => {
    const settings = options.settings();
    if (settings.mode === 'none') return null;
    if (settings.mode === 'custom') {
      if (bypasses(target, settings.bypass)) return null;
      // Credentials only with a password (the one set for this very proxy): a user name alone is no Proxy-Authorization.
      const password = settings.username ? (options.password?.() ?? '') : '';
      const key = `${settings.url}\n${settings.username}\n${password}`;
      if (customFor?.key !== key) {
        const parsed = new URL(settings.url);
        // The credentials go in the proxy URL the tunnel agent reads them from (Proxy-Authorization).
        if (password !== '') {
          parsed.username = encodeURIComponent(settings.username);
          parsed.password = encodeURIComponent(password);
        }
        customFor = { key, parsed };
      }
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
 * opens itself (the portal's authorization page). A name covers its subdomains there too. Loopback
 * always goes direct, by Chromium's implicit rules (localhost, 127.0.0.0/8, [::1]), listed or not:
 * the page's last step is the redirect to the app's listener on 127.0.0.1, which no proxy can reach.
 * (`<-loopback>` would subtract those rules and send loopback through the proxy.)
 */
export function chromiumProxyConfig(settings: ProxySettings): {
  mode: 'system' | 'direct' | 'fixed_servers';
  proxyRules?: string;
  proxyBypassRules?: string;
} {
  if (settings.mode === 'none') return { mode: 'direct' };
  if (settings.mode === 'system') return { mode: 'system' };
  const rules = bypassEntries(settings.bypass).flatMap((entry) => {
    const named =
      !entry.includes('/') && !entry.includes(':') && entry !== '*' && entry !== '<local>' && isIP(bare(entry)) === 0;
    return named ? [bareName(entry), `*.${bareName(entry)}`] : [isIP(entry) === 6 ? `[${entry}]` : entry];
  });
  return { mode: 'fixed_servers', proxyRules: settings.url, proxyBypassRules: rules.join(',') };
}

// ---------------------------------------------------------------------------------------------
// The tunnel

/** When a new tunnel opened, on its TLS socket until the first request using it reads it (tracing-transport.ts). */
const TUNNEL_TIMES = Symbol('tunnelTimes');
/** The request a connection is being made for (set in addRequest, read in createConnection). */
const FOR_REQUEST = Symbol('forRequest');

/** The times of a connection just made through a proxy (once: later requests on it reuse it), or null. */
export function takeTunnelTimes(socket: object): { openedAt: number } | null {
  const holder = socket as { [TUNNEL_TIMES]?: { openedAt: number } };
  const times = holder[TUNNEL_TIMES] ?? null;
  if (times) delete holder[TUNNEL_TIMES];
  return times;
}

type AgentRequestOptions = http.RequestOptions & tls.ConnectionOptions & { [FOR_REQUEST]?: ClientRequest };

/**
 * An https.Agent whose connections go through `proxy`: a CONNECT request opens a tunnel to the
 * host, then https.Agent's own TLS connection runs inside it (its trusted CAs, checks and session
 * cache). Keep-alive works as for a direct agent: a pooled connection is a tunnel already open.
 */
export class TunnelAgent extends https.Agent {
  private readonly proxyAuthorization: string | null;
  /** CONNECT requests still waiting for the proxy, by the request they are for (stop() ends them). */
  private readonly connecting = new Map<ClientRequest, ClientRequest>();

  constructor(
    readonly proxy: URL,
    options: https.AgentOptions,
    /**
     * What the TLS with an https:// proxy trusts: the CAs alone, never a client certificate the
     * agent's own connections present to their host (default: the agent's secure context).
     */
    private readonly proxyContext: tls.SecureContext | undefined = options.secureContext,
  ) {
    super(verifiedTls(options));
    this.proxyAuthorization = proxy.username
      ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
      : null;
  }

  /** Ends the CONNECT a request is waiting on, if any (a cancel or timeout before the tunnel is up). */
  abortConnect(request: ClientRequest, reason: Error): void {
    this.connecting.get(request)?.destroy(reason);
  }

  addRequest(request: ClientRequest, options: http.RequestOptions): void {
    // Node's Agent types leave addRequest out; it is what hands a request its connection.
    (https.Agent.prototype as unknown as { addRequest(r: ClientRequest, o: object): void }).addRequest.call(
      this,
      request,
      { ...options, [FOR_REQUEST]: request },
    );
  }

  // Node calls this for each new connection; the socket comes back through the callback once the tunnel is up.
  override createConnection(
    requestOptions: http.RequestOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): undefined {
    // What Node passes here: the request's options merged with the agent's (TLS settings included).
    const options = requestOptions as AgentRequestOptions;
    const owner = options[FOR_REQUEST];
    const host = bare(options.host ?? 'localhost');
    const port = Number(options.port ?? 443);
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    const proxyHost = bare(this.proxy.hostname);
    const label = proxyLabel(this.proxy);
    const headers: http.OutgoingHttpHeaders = { Host: authority };
    if (this.proxyAuthorization) headers['Proxy-Authorization'] = this.proxyAuthorization;
    const toProxy: https.RequestOptions = {
      host: proxyHost,
      port: defaultPort(this.proxy),
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    };
    if (this.proxy.protocol === 'https:') {
      // TLS with the proxy: its certificate is checked against its own name (or IP), with the same trusted CAs.
      Object.assign(
        toProxy,
        verifiedTls({ servername: isIP(proxyHost) ? '' : proxyHost, secureContext: this.proxyContext }),
      );
    }
    const connect = (this.proxy.protocol === 'https:' ? https : http).request(toProxy);
    if (owner) this.connecting.set(owner, connect);
    let settled = false;
    const done = (error: Error | null, socket?: Duplex) => {
      if (owner) this.connecting.delete(owner);
      if (settled) return void socket?.destroy();
      settled = true;
      callback?.(error, socket as Duplex);
    };
    connect.once('connect', (response, socket, head) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        const reason =
          status === 407
            ? 'asks for credentials (407 Proxy Authentication Required)'
            : `refused the tunnel to ${authority} (${status}${response.statusMessage ? ` ${response.statusMessage}` : ''})`;
        return done(new ProxyError(`The proxy ${label} ${reason}.`, label, status));
      }
      if (head.length > 0) socket.unshift(head);
      const openedAt = performance.now();
      // https.Agent's own TLS connection, inside the tunnel: host stays the target's, so its
      // certificate is checked against the target's name or IP address.
      const servername = isIP(host) ? undefined : options.servername || host;
      const secure = (
        https.Agent.prototype as unknown as { createConnection(o: object): tls.TLSSocket }
      ).createConnection.call(this, verifiedTls({ ...options, host, port, socket, servername }));
      (secure as unknown as { [TUNNEL_TIMES]: { openedAt: number } })[TUNNEL_TIMES] = { openedAt };
      done(null, secure);
    });
    connect.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      const closed = code === 'ECONNRESET' || /socket hang up/i.test(error.message);
      const message = closed
        ? `The proxy ${label} closed the connection before opening the tunnel (${code}).`
        : `Could not reach the proxy ${label} (${code}).`;
      done(new ProxyError(message, label, null, { cause: error }));
    });
    connect.end();
    return undefined;
  }
}
