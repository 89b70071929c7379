/**
 * Settings: the proxy, the patch settings:update takes, and the view the renderer gets. The numbers
 * the renderer needs (defaults, the largest response) are in shared/settings.ts, without zod.
 */
import * as z from 'zod/mini';
import { AUTH_WINDOWS, type AuthWindow } from '../auth-modes';
import { CODE_TARGET_IDS, type CodeTargetId } from '../code-targets';
import { MAX_RESPONSE_MB_LIMIT, THEMES, type Theme } from '../settings';

/**
 * How requests reach their host. 'system': HTTPS_PROXY / NO_PROXY when the environment sets them,
 * otherwise the operating system's proxy settings as Chromium resolves them (PAC files included);
 * loopback always direct. 'none': always direct. 'custom': through `url`, except the hosts in
 * `bypass`. HTTPS requests go through a CONNECT tunnel: the proxy sees the host and port, never the
 * request, its headers or its credentials.
 */
export const proxyModeSchema = z.enum(['system', 'none', 'custom']);
export type ProxyMode = z.infer<typeof proxyModeSchema>;

export const proxySettingsSchema = z.strictObject({
  mode: proxyModeSchema,
  /** For 'custom': http://host:port or https://host:port, without a user name or password. */
  url: z.string().check(z.maxLength(2000)),
  /** For 'custom': hosts reached directly, separated by commas: a name (its subdomains too), .suffix, an IP address, or *. */
  bypass: z.string().check(z.maxLength(4000)),
  /** For 'custom': the user name the proxy asks for, or ''; its password is set apart (settings:setProxyPassword). */
  username: z.string().check(z.maxLength(500)),
});
export type ProxySettings = z.infer<typeof proxySettingsSchema>;

export const settingsPatchSchema = z.strictObject({
  crmName: z.optional(z.string().check(z.maxLength(200, 'The CRM name has at most 200 characters.'))),
  timeoutMs: z.optional(z.int().check(z.gte(1000), z.lte(10 * 60 * 1000))),
  maxResponseMb: z.optional(z.int().check(z.gte(1), z.lte(MAX_RESPONSE_MB_LIMIT))),
  authWindow: z.optional(z.enum(AUTH_WINDOWS)),
  proxy: z.optional(proxySettingsSchema),
  theme: z.optional(z.enum(THEMES)),
  codeTarget: z.optional(z.enum(CODE_TARGET_IDS)),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** A trusted certificate as Settings shows it: public data, by subject and expiry. */
export interface TrustedCertificateView {
  id: string;
  name: string;
  subject: string;
  validTo: string;
  fingerprint256: string;
}

/** What a client certificate file is chosen as: the PEM certificate, its PEM key, or a PKCS#12 (.p12/.pfx) file. */
export const CLIENT_CERTIFICATE_FILE_ROLES = ['certificate', 'key', 'pkcs12'] as const;
export type ClientCertificateFileRole = (typeof CLIENT_CERTIFICATE_FILE_ROLES)[number];

export const chooseClientCertificateFileSchema = z.strictObject({ role: z.enum(CLIENT_CERTIFICATE_FILE_ROLES) });

/** A file chosen in the main process's dialog and read there: the renderer gets its name and an id, never its bytes or path. */
export interface ChosenCertificateFile {
  fileId: string;
  fileName: string;
}

/**
 * A client certificate to add: the host it is for (host, host:port or *.domain), the files chosen
 * for it (by the ids settings:chooseClientCertificateFile gave), and the passphrase of an encrypted
 * key or a PKCS#12 file ('' for none), kept in the vault.
 */
export const clientCertificateInputSchema = z.strictObject({
  host: z.string().check(z.maxLength(300, 'A host has at most 300 characters.')),
  kind: z.enum(['pem', 'pkcs12']),
  /** The PEM certificate, or the PKCS#12 file. */
  certificateFileId: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The PEM key (kind 'pem'). */
  keyFileId: z.optional(z.string().check(z.maxLength(100))),
  passphrase: z.optional(z.string().check(z.maxLength(1024, 'A passphrase has at most 1,024 characters.'))),
});
export type ClientCertificateInput = z.infer<typeof clientCertificateInputSchema>;

/** A client certificate as Settings lists it: the host, the kind, the files' names, whether a passphrase is set (never the passphrase). */
export interface ClientCertificateView {
  id: string;
  host: string;
  kind: 'pem' | 'pkcs12';
  /** The certificate's and key's file names (PEM), or the PKCS#12 file's. */
  files: string[];
  passphraseSet: boolean;
}

/** Settings as the renderer sees them. */
export interface SettingsView {
  crmName: string;
  timeoutMs: number;
  /** The maximum response size in MB (MiB): a larger body stops there, what came is kept. */
  maxResponseMb: number;
  /** Where the portal's authorization page opens; the user's last choice. */
  authWindow: AuthWindow;
  /** Light, dark, or the operating system's choice; applied by the renderer and nativeTheme. */
  theme: Theme;
  /** The language "Generate code" writes in: the user's last choice. */
  codeTarget: CodeTargetId;
  certificates: TrustedCertificateView[];
  /** Client certificates (mutual TLS), per host; their keys and passphrases stay in the main process. */
  clientCertificates: ClientCertificateView[];
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
