/**
 * A stand-in for the `electron` module in plain Node: only what our main-process code touches.
 * Each test points `userData` at its own folder with setUserDataPath.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';

let userData = tmpdir();

export function setUserDataPath(path: string): void {
  userData = path;
}

export const app = {
  getPath(name: string): string {
    if (name === 'userData') return userData;
    return tmpdir();
  },
  getVersion(): string {
    return '0.0.0-test';
  },
  isPackaged: false,
};

export const ipcMain = {
  on(): void {},
  handle(): void {},
};

export const shell = {
  async openPath(): Promise<string> {
    return '';
  },
  async openExternal(): Promise<void> {},
};

/**
 * safeStorage with real encryption (AES-256-GCM, fixed test keys, random IV per call), so tests can
 * prove a secret never reaches disk in any form. Like Chromium on Linux, 'basic_text' data carries
 * the prefix v10 and a key everybody knows; OS-backed data carries v11 and needs the OS backend.
 */
export type FakeStorageBackend = 'gnome_libsecret' | 'basic_text' | 'unavailable';
let storageBackend: FakeStorageBackend = 'gnome_libsecret';

export function setSafeStorageBackend(backend: FakeStorageBackend): void {
  storageBackend = backend;
}

const testKey = (name: string) => createHash('sha256').update(`fake-electron safeStorage key: ${name}`).digest();
const keys = { v10: testKey('basic_text'), v11: testKey('os backend') };

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return storageBackend !== 'unavailable';
  },
  getSelectedStorageBackend(): 'gnome_libsecret' | 'basic_text' | 'unknown' {
    return storageBackend === 'unavailable' ? 'unknown' : storageBackend;
  },
  encryptString(plainText: string): Buffer {
    if (storageBackend === 'unavailable')
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      );
    const version = storageBackend === 'basic_text' ? 'v10' : 'v11';
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys[version], iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from(version), iv, cipher.getAuthTag(), body]);
  },
  decryptString(encrypted: Buffer): string {
    const version = encrypted.subarray(0, 3).toString('latin1');
    const usable =
      storageBackend !== 'unavailable' && (version === 'v10' || (version === 'v11' && storageBackend !== 'basic_text'));
    try {
      if (!usable || encrypted.length < 31) throw new Error('unusable');
      const decipher = createDecipheriv('aes-256-gcm', keys[version as 'v10' | 'v11'], encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },
};

const fake = { app, ipcMain, shell, safeStorage };
export default fake;
