/** Settings that persist between runs, kept in settings.json in the app's data folder (read once, then from memory). */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { storedVariable } from '../../../shared/collections';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { AuthWindow } from '../../../shared/auth-modes';
import { DEFAULT_CODE_TARGET, storedCodeTarget, type CodeTargetId } from '../../../shared/code-targets';
import type {
  ClientCertificateView,
  ProxySettings,
  SettingsView,
  TrustedCertificateView,
} from '../../../shared/schemas/settings';
import {
  DEFAULT_CRM_NAME,
  DEFAULT_MAX_RESPONSE_MB,
  DEFAULT_PROXY,
  DEFAULT_THEME,
  DEFAULT_TIMEOUT_MS,
  storedTheme,
  type Theme,
} from '../../../shared/settings';
import { parseHostPattern } from '../http/client-certificates';
import { checkProxySettings, storedProxySettings } from '../http/proxy';
import { type DurableFs } from '../storage/durable-file';
import { openJsonStore } from '../storage/json-store';
import { parseCertificates } from '../tls/certificates';

interface StoredCertificate extends TrustedCertificateView {
  pem: string;
}

interface StoredSettings {
  /** Global variables; secret ones stored with an empty value (theirs are in the vault). */
  globals: VariableDef[];
  crmName: string;
  timeoutMs: number;
  maxResponseMb: number;
  authWindow: AuthWindow;
  theme: Theme;
  codeTarget: CodeTargetId;
  certificates: StoredCertificate[];
  /** Client certificates: public metadata only (their material and passphrase are in the vault). */
  clientCertificates: ClientCertificateView[];
  proxy: ProxySettings;
  proxyPassword: ProxyPasswordState;
}

/**
 * Which proxy the stored proxy password (in the vault) belongs to: its address (origin) and user
 * name when it was set; null for one stored before passwords were bound. `cleared`: why one was removed.
 */
export interface ProxyPasswordState {
  boundTo: { url: string; username: string } | null;
  cleared: string | null;
}

export interface SettingsPatch {
  crmName?: string;
  timeoutMs?: number;
  maxResponseMb?: number;
  authWindow?: AuthWindow;
  theme?: Theme;
  codeTarget?: CodeTargetId;
  /** Checked first (checkProxySettings): a bad proxy URL is refused with a sentence and nothing is saved. */
  proxy?: ProxySettings;
}

/** The settings this store keeps (the proxy's password is in the vault: handlers/settings.ts adds its hint). */
export type StoredSettingsView = Omit<SettingsView, 'proxyPassword' | 'warnings'>;

export interface SettingsStore {
  view(): StoredSettingsView;
  update(patch: SettingsPatch): StoredSettingsView;
  /** Adds every certificate in the PEM text; throws a user-facing message when it holds none. */
  addCertificates(name: string, pem: string): StoredSettingsView;
  removeCertificate(id: string): StoredSettingsView;
  /** The client certificates (metadata); changes identity only when the list changes. */
  clientCertificates(): readonly ClientCertificateView[];
  setClientCertificates(list: ClientCertificateView[]): StoredSettingsView;
  /** PEM texts of the certificates the user trusts; changes identity only when the list changes. */
  trustedPems(): readonly string[];
  globalVariables(): VariableDef[];
  setGlobalVariables(variables: VariableDef[]): void;
  proxyPasswordState(): ProxyPasswordState;
  setProxyPasswordState(state: ProxyPasswordState): void;
  /** A sentence when settings.json could not be read and was set aside; null otherwise. */
  notice(): string | null;
}

export interface SettingsStoreOptions {
  dataDir: string;
  extraCaCertsFile?: string | null;
  /** Masks known secrets in what is written (KnownSecrets.maskDeep): a secret typed into the CRM name or a global's value stays off the disk. */
  mask?<T>(value: T): T;
  /** The file system the writes go through (tests inject one that fails). */
  fs?: DurableFs;
}

export function createSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const mask = options.mask ?? (<T>(value: T) => value);
  // 0600: it holds the proxy's user name and whether a password is set.
  const store = openJsonStore<StoredSettings>({
    file: join(options.dataDir, 'settings.json'),
    holds: 'your settings',
    whatToDo: 'Your settings are back to their defaults: set them again in Settings.',
    defaults: {
      globals: [],
      crmName: DEFAULT_CRM_NAME,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      maxResponseMb: DEFAULT_MAX_RESPONSE_MB,
      authWindow: 'app-window',
      theme: DEFAULT_THEME,
      codeTarget: DEFAULT_CODE_TARGET,
      certificates: [],
      clientCertificates: [],
      proxy: DEFAULT_PROXY,
      proxyPassword: { boundTo: null, cleared: null },
    },
    fs: options.fs,
  });
  // The send path reads settings from memory: `current` is rebuilt only when they change.
  let pems: readonly string[] = [];
  let clientCertificates: readonly ClientCertificateView[] = [];
  let current: StoredSettingsView;
  const refresh = () => {
    const stored = store.data();
    pems = stored.certificates.map((c) => c.pem);
    clientCertificates = storedClientCertificates(stored.clientCertificates);
    current = {
      crmName: stored.crmName,
      timeoutMs: stored.timeoutMs,
      maxResponseMb: stored.maxResponseMb,
      authWindow: stored.authWindow,
      theme: storedTheme(stored.theme),
      codeTarget: storedCodeTarget(stored.codeTarget),
      certificates: stored.certificates.map(({ pem: _pem, ...rest }) => rest),
      clientCertificates: [...clientCertificates],
      extraCaCertsFile: options.extraCaCertsFile ?? null,
      proxy: storedProxySettings(stored.proxy, DEFAULT_PROXY),
    };
    return current;
  };
  refresh();
  // Read through storedVariable: a hand-edited list of allowed origins keeps only real https origins.
  let globals = store.data().globals.map(storedVariable);
  const view = () => current;
  let passwordState = storedPasswordState(store.data().proxyPassword);
  const save = (patch: Partial<StoredSettings>) => {
    // Certificates are not masked: a short secret could match inside the base64 of a PEM.
    const { certificates, ...rest } = { ...store.data(), ...patch };
    store.save({ ...mask(rest), certificates });
    return refresh();
  };

  return {
    view,
    update(patch) {
      const proxy = patch.proxy === undefined ? undefined : checkProxySettings(patch.proxy);
      const next: Partial<StoredSettings> = {};
      if (patch.crmName !== undefined) next.crmName = patch.crmName.trim();
      if (proxy !== undefined) next.proxy = proxy;
      if (patch.timeoutMs !== undefined) next.timeoutMs = patch.timeoutMs;
      if (patch.maxResponseMb !== undefined) next.maxResponseMb = patch.maxResponseMb;
      if (patch.authWindow !== undefined) next.authWindow = patch.authWindow;
      if (patch.theme !== undefined) next.theme = patch.theme;
      if (patch.codeTarget !== undefined) next.codeTarget = patch.codeTarget;
      return save(next);
    },
    addCertificates(name, pem) {
      const parsed = parseCertificates(pem);
      const existing = store.data().certificates;
      const known = new Set(existing.map((c) => c.fingerprint256));
      const added = parsed
        .filter((p) => !known.has(p.summary.fingerprint256))
        .map((p, index) => ({
          id: randomUUID(),
          name: parsed.length > 1 ? `${name} (${index + 1})` : name,
          subject: p.summary.subject,
          validTo: p.summary.validTo,
          fingerprint256: p.summary.fingerprint256,
          pem: p.pem,
        }));
      return added.length > 0 ? save({ certificates: [...existing, ...added] }) : view();
    },
    removeCertificate(id) {
      const existing = store.data().certificates;
      if (!existing.some((c) => c.id === id)) throw new Error('That certificate is no longer in the list.');
      return save({ certificates: existing.filter((c) => c.id !== id) });
    },
    trustedPems: () => pems,
    clientCertificates: () => clientCertificates,
    setClientCertificates: (list) => save({ clientCertificates: list }),
    globalVariables: () => globals,
    setGlobalVariables(variables) {
      save({ globals: variables });
      globals = variables;
    },
    proxyPasswordState: () => passwordState,
    setProxyPasswordState(state) {
      save({ proxyPassword: state });
      passwordState = state;
    },
    notice: store.notice,
  };
}

/** Client certificates as read back from the file (it may be old or edited by hand): entries that do not read are left out. */
function storedClientCertificates(stored: unknown): ClientCertificateView[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry: Partial<ClientCertificateView> | null) => {
    if (!entry || typeof entry.id !== 'string' || typeof entry.host !== 'string') return [];
    if (entry.kind !== 'pem' && entry.kind !== 'pkcs12') return [];
    try {
      parseHostPattern(entry.host);
    } catch {
      return [];
    }
    const files = Array.isArray(entry.files) ? entry.files.filter((f) => typeof f === 'string') : [];
    return [{ id: entry.id, host: entry.host, kind: entry.kind, files, passphraseSet: entry.passphraseSet === true }];
  });
}

/** The proxy password's state as read back from the file (it may be old or edited by hand). */
function storedPasswordState(stored: unknown): ProxyPasswordState {
  const value = (stored ?? {}) as { boundTo?: { url?: unknown; username?: unknown } | null; cleared?: unknown };
  const bound = value.boundTo;
  return {
    boundTo:
      bound && typeof bound.url === 'string' && typeof bound.username === 'string'
        ? { url: bound.url, username: bound.username }
        : null,
    cleared: typeof value.cleared === 'string' ? value.cleared : null,
  };
}
