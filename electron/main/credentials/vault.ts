/**
 * The credential vault: secrets encrypted at rest by the OS (Electron's safeStorage, injected by
 * the shell), kept in one JSON file in the data folder, decrypted lazily and cached in memory.
 * Main process only: values never cross IPC; the renderer gets has() and hint().
 */
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { removeStaleTempFiles, writeFileDurably, type DurableFs } from '../storage/durable-file';
import { withFsSentence } from '../storage/fs-errors';

export type Protection = 'os' | 'weak' | 'none';

/** What Electron's safeStorage gives us, injected by the shell (tests inject the fake's). */
export interface SecretCipher {
  /** 'os': a real OS backend (Keychain, DPAPI, kwallet/gnome-libsecret); 'weak': encryption with a hard-coded key (Linux 'basic_text'); 'none': isEncryptionAvailable() is false. */
  protection(): Protection;
  /** Only called when protection() !== 'none'. */
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export function cipherFromSafeStorage(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretCipher {
  return {
    protection() {
      if (!safeStorage.isEncryptionAvailable()) return 'none';
      if (platform !== 'linux') return 'os';
      const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      return backend === 'gnome_libsecret' || backend.startsWith('kwallet') ? 'os' : 'weak';
    },
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}

export interface VaultStatus {
  protection: Protection;
  weakAllowed: boolean;
  /** A sentence for the UI when protection is not 'os' (or the saved credentials were set aside). */
  warning: string | null;
}

export interface Vault {
  status(): VaultStatus;
  /** The user's informed consent to store secrets with weak protection (persisted in the vault file, not secret). */
  allowWeakProtection(allowed: boolean): VaultStatus;
  /** Throws a user-facing Error when protection is 'none', or 'weak' without consent. An empty value is refused: use delete. */
  set(key: string, value: string): void;
  /** Main process only; never crosses IPC. */
  get(key: string): string | undefined;
  has(key: string): boolean;
  delete(key: string): void;
  /** '••••' + the last 4 characters, or just '••••' when the secret has 6 characters or fewer. */
  hint(key: string): string | null;
  keys(prefix?: string): string[];
}

/** The vault file: keys are plain names (not secret), values only base64 ciphertext. */
interface VaultFile {
  version: 1;
  weakAllowed: boolean;
  entries: Record<string, string>;
}

export const SET_ASIDE_WARNING = 'The saved credentials could not be read and were set aside; enter them again.';
const NONE_WARNING =
  'This system offers no encryption for saved secrets (no keychain or secret service is available), so API keys and tokens cannot be stored.';
const WEAK_REFUSED =
  'This system has no keychain or secret service, so secrets would be encrypted with a key built into the app, which anyone who can read your files could undo; confirm in Credentials before anything is stored.';
const WEAK_ALLOWED =
  'This system has no keychain or secret service, so secrets are encrypted with a key built into the app, which anyone who can read your files could undo; you allowed this in Credentials.';

export function openVault(options: { file: string; cipher: SecretCipher; fs?: DurableFs }): Vault {
  const { file, cipher } = options;
  const cache = new Map<string, string>();
  let setAside = false;
  let state = load();

  function load(): { weakAllowed: boolean; entries: Map<string, string> } {
    removeStaleTempFiles(file);
    let parsed: VaultFile | null = null;
    try {
      parsed = parseVaultFile(readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { weakAllowed: false, entries: new Map() };
    }
    if (parsed) return { weakAllowed: parsed.weakAllowed, entries: new Map(Object.entries(parsed.entries)) };
    setFileAside();
    return { weakAllowed: false, entries: new Map() };
  }

  function setFileAside(): void {
    renameSync(file, `${file}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    setAside = true;
  }

  function save(next: typeof state): void {
    const data: VaultFile = { version: 1, weakAllowed: next.weakAllowed, entries: Object.fromEntries(next.entries) };
    mkdirSync(dirname(file), { recursive: true });
    withFsSentence('save your encrypted secrets', basename(file), () => writeFileDurably(file, `${JSON.stringify(data, null, 2)}\n`, { fs: options.fs }));
    state = next;
  }

  function status(): VaultStatus {
    const protection = cipher.protection();
    const warnings = [
      setAside ? SET_ASIDE_WARNING : null,
      protection === 'none' ? NONE_WARNING : protection === 'weak' ? (state.weakAllowed ? WEAK_ALLOWED : WEAK_REFUSED) : null,
    ].filter((w) => w !== null);
    return { protection, weakAllowed: state.weakAllowed, warning: warnings.length > 0 ? warnings.join(' ') : null };
  }

  function get(key: string): string | undefined {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const stored = state.entries.get(key);
    // Without encryption nothing can be decrypted; keep the file for when the keychain is back.
    if (stored === undefined || cipher.protection() === 'none') return undefined;
    let value: string;
    try {
      value = cipher.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      // The OS key changed or the entry was damaged: set the file aside rather than crash.
      setFileAside();
      cache.clear();
      save({ weakAllowed: state.weakAllowed, entries: new Map() });
      return undefined;
    }
    cache.set(key, value);
    return value;
  }

  return {
    status,
    allowWeakProtection(allowed) {
      save({ ...state, weakAllowed: allowed });
      return status();
    },
    set(key, value) {
      if (key === '') throw new Error('A credential needs a name.');
      if (value === '') throw new Error('An empty secret cannot be saved; remove the credential instead.');
      const protection = cipher.protection();
      if (protection === 'none') throw new Error(NONE_WARNING);
      if (protection === 'weak' && !state.weakAllowed) throw new Error(WEAK_REFUSED);
      let ciphertext: string;
      try {
        ciphertext = cipher.encrypt(value).toString('base64');
      } catch {
        throw new Error('The secret could not be encrypted, so it was not saved.');
      }
      save({ ...state, entries: new Map(state.entries).set(key, ciphertext) });
      cache.set(key, value);
    },
    get,
    has: (key) => state.entries.has(key),
    delete(key) {
      if (!state.entries.has(key)) return;
      const entries = new Map(state.entries);
      entries.delete(key);
      save({ ...state, entries });
      cache.delete(key);
    },
    hint(key) {
      const value = get(key);
      if (value === undefined) return null;
      const chars = [...value];
      return chars.length <= 6 ? '••••' : `••••${chars.slice(-4).join('')}`;
    },
    keys: (prefix = '') => [...state.entries.keys()].filter((k) => k.startsWith(prefix)).sort(),
  };
}

function parseVaultFile(text: string): VaultFile | null {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null) return null;
    const { version, weakAllowed, entries } = data as Record<string, unknown>;
    if (version !== 1 || typeof weakAllowed !== 'boolean' || typeof entries !== 'object' || entries === null || Array.isArray(entries)) return null;
    if (!Object.values(entries).every((v) => typeof v === 'string')) return null;
    return { version, weakAllowed, entries: entries as Record<string, string> };
  } catch {
    return null;
  }
}
