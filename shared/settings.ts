/** Settings as the renderer sees them. Certificates are public data, shown by subject and expiry. */
export interface TrustedCertificateView {
  id: string;
  name: string;
  subject: string;
  validTo: string;
  fingerprint256: string;
}

import type { AuthWindow } from './credentials';

export interface SettingsView {
  crmName: string;
  timeoutMs: number;
  /** The maximum response size in MB (MiB): a larger body stops there, what came is kept. */
  maxResponseMb: number;
  /** Where the portal's authorization page opens; the user's last choice. */
  authWindow: AuthWindow;
  certificates: TrustedCertificateView[];
  /** Set when NODE_EXTRA_CA_CERTS names a file; its certificates are trusted too. */
  extraCaCertsFile: string | null;
  proxy: ProxySettings;
  /**
   * The custom proxy's password, kept encrypted in the main process: whether one is set, and its
   * masked hint. It belongs to one proxy (address and user name): `cleared` says, in a sentence, why
   * a stored one was removed when either changed (until a new one is set).
   */
  proxyPassword: { set: boolean; hint: string | null; cleared: string | null };
  /** Sentences about how the environment affects requests, shown in Settings (e.g. NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored). */
  warnings: string[];
}

/**
 * How requests reach their host. 'system': HTTPS_PROXY / NO_PROXY when the environment sets them,
 * otherwise the operating system's proxy settings as Chromium resolves them (PAC files included);
 * loopback always direct. 'none': always direct. 'custom': through `url`, except the hosts in
 * `bypass`. HTTPS requests go through a CONNECT tunnel: the proxy sees the host and port, never the
 * request, its headers or its credentials.
 */
export type ProxyMode = 'system' | 'none' | 'custom';

export interface ProxySettings {
  mode: ProxyMode;
  /** For 'custom': http://host:port or https://host:port, without a user name or password. */
  url: string;
  /** For 'custom': hosts reached directly, separated by commas: a name (its subdomains too), .suffix, an IP address, or *. */
  bypass: string;
  /** For 'custom': the user name the proxy asks for, or ''; its password is set apart (settings:setProxyPassword). */
  username: string;
}

export const DEFAULT_PROXY: ProxySettings = { mode: 'system', url: '', bypass: 'localhost, 127.0.0.1, ::1', username: '' };

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CRM_NAME = '';
export const DEFAULT_MAX_RESPONSE_MB = 200;
export const MAX_RESPONSE_MB_LIMIT = 4096;
