/**
 * The credential vault: secrets encrypted at rest by the OS (Electron's safeStorage, injected by
 * the shell), kept in one JSON file in the data folder, decrypted lazily and cached in memory.
 * Main process only: values never cross IPC; the renderer gets has() and hint().
 *
 * An entry that cannot be decrypted (the OS key changed, the entry was damaged) is moved to the
 * file's `setAside` list, not deleted, and reads as not set; the other entries still decrypt. A file
 * that cannot be parsed is set aside whole (vault.json.broken-<time>) by the JSON store.
 */
import { basename } from 'node:path';
import type { DurableFs } from '../storage/durable-file';
import { openJsonStore } from '../storage/json-store';

export type Protection = 'os' | 'weak' | 'none';

/** What Electron's safeStorage gives us, injected by the shell (tests inject the fake's). */
export interface SecretCipher {
  /**
   * 'os': a real OS backend (Keychain, DPAPI, kwallet/gnome-libsecret); 'weak': encryption with a hard-coded key
   * (Linux 'basic_text'); 'none': isEncryptionAvailable() is false.
   */
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
  /** A sentence when the file or some entries could not be read and were set aside; null otherwise. */
  notice(): string | null;
  /** The user's informed consent to store secrets with weak protection (persisted in the vault file, not secret). */
  allowWeakProtection(allowed: boolean): VaultStatus;
  /** Throws a user-facing Error when protection is 'none', or 'weak' without consent. An empty value is refused: use delete. */
  set(key: string, value: string): void;
  /** Main process only; never crosses IPC. */
  get(key: string): string | undefined;
  has(key: string): boolean;
  delete(key: string): void;
  /** '••••' + the last 4 characters, or just '••••' when the secret has fewer than 12 (secretHint). */
  hint(key: string): string | null;
  keys(prefix?: string): string[];
}

/** The vault file: keys are plain names (not secret), values only base64 ciphertext. */
interface VaultFile {
  version: 1;
  weakAllowed: boolean;
  entries: Record<string, string>;
  /** Entries that could not be decrypted, kept (never deleted) under `<key> @ <time>`. */
  setAside?: Record<string, string>;
}

type VaultState = { weakAllowed: boolean; entries: Map<string, string>; setAside: Record<string, string> };

const NONE_WARNING =
  'This system offers no encryption for saved secrets (no keychain or secret service is available), so API keys and tokens cannot be stored.';
const WEAK_REFUSED =
  'This system has no keychain or secret service, so secrets would be encrypted with a key built into the app, which anyone who can read your files could undo; confirm in Credentials before anything is stored.';
const WEAK_ALLOWED =
  'This system has no keychain or secret service, so secrets are encrypted with a key built into the app, which anyone who can read your files could undo; you allowed this in Credentials.';

/** A secret shown as set: '••••' + its last 4 characters, or '••••' alone under 12 characters (4 of 11 would give too much away). */
export function secretHint(value: string): string {
  const chars = [...value];
  return chars.length < 12 ? '••••' : `••••${chars.slice(-4).join('')}`;
}

export interface VaultOptions {
  file: string;
  cipher: SecretCipher;
  /**
   * Told every value stored or decrypted, with its key, so that it is masked wherever it could leave
   * the main process (KnownSecrets).
   */
  onValue?(value: string, key: string): void;
  /** The file system the writes go through (tests inject one that fails). */
  fs?: DurableFs;
}

export function openVault(options: VaultOptions): Vault {
  const { file, cipher } = options;
  const known = options.onValue ?? (() => {});
  const cache = new Map<string, string>();
  const store = openJsonStore<VaultFile>({
    file,
    holds: 'your encrypted secrets',
    whatToDo: 'Enter your API keys, tokens and secret variables again in Credentials.',
    defaults: { version: 1, weakAllowed: false, entries: {} },
    check: isVaultFile,
    fs: options.fs,
  });
  let state: VaultState = fromFile(store.data());
  /** Entries set aside this session, for the notice. */
  let unreadable = 0;

  function save(next: VaultState): void {
    const data: VaultFile = { version: 1, weakAllowed: next.weakAllowed, entries: Object.fromEntries(next.entries) };
    if (Object.keys(next.setAside).length > 0) data.setAside = next.setAside;
    store.save(data);
    state = next;
  }

  /** Moves an entry that cannot be decrypted out of the way, kept in the file. */
  function setEntryAside(key: string, stored: string): void {
    unreadable++;
    const entries = new Map(state.entries);
    entries.delete(key);
    const next = {
      ...state,
      entries,
      setAside: { ...state.setAside, [`${key} @ ${new Date().toISOString()}`]: stored },
    };
    try {
      save(next);
    } catch {
      state = next; // the disk refused: set aside for this session; the file still holds it for the next start
    }
  }

  function notice(): string | null {
    const notices = [store.notice(), unreadable > 0 ? unreadableSentence(unreadable, basename(file)) : null].filter(
      (n) => n !== null,
    );
    return notices.length > 0 ? notices.join(' ') : null;
  }

  function status(): VaultStatus {
    const protection = cipher.protection();
    const warnings = [
      notice(),
      protection === 'none'
        ? NONE_WARNING
        : protection === 'weak'
          ? state.weakAllowed
            ? WEAK_ALLOWED
            : WEAK_REFUSED
          : null,
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
      setEntryAside(key, stored);
      return undefined;
    }
    cache.set(key, value);
    known(value, key);
    return value;
  }

  return {
    status,
    notice,
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
      known(value, key);
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
      return value === undefined ? null : secretHint(value);
    },
    keys: (prefix = '') => [...state.entries.keys()].filter((k) => k.startsWith(prefix)).sort(),
  };
}

function unreadableSentence(count: number, fileName: string): string {
  const [what, were, show, them] =
    count === 1 ? ['A saved secret', 'it was', 'shows', 'it'] : [`${count} saved secrets`, 'they were', 'show', 'them'];
  return (
    `${what} could not be decrypted (the system’s key changed or the file was damaged), so ${were} set aside in ${fileName} and ${show} as not set; ` +
    `secrets that still decrypt are not affected. Enter ${them} again in Credentials.`
  );
}

function isVaultFile(data: VaultFile): boolean {
  const strings = (record: unknown) =>
    typeof record === 'object' &&
    record !== null &&
    !Array.isArray(record) &&
    Object.values(record).every((v) => typeof v === 'string');
  return data.version === 1 && strings(data.entries) && (data.setAside === undefined || strings(data.setAside));
}

function fromFile(data: VaultFile): VaultState {
  return {
    weakAllowed: data.weakAllowed,
    entries: new Map(Object.entries(data.entries)),
    setAside: data.setAside ?? {},
  };
}
