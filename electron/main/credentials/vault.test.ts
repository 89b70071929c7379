import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The same module Vitest gives code that imports 'electron' (see vitest.config.ts). Imported by path
// because tsc sees the real electron.d.ts for 'electron', and the layering test keeps 'electron'
// imports to the shell files.
import { safeStorage, setSafeStorageBackend } from '../../../test/support/fake-electron';
import { cipherFromSafeStorage, openVault } from './vault';

const CANARY = 'CANARY-7f3a9c-secret';
const cipher = cipherFromSafeStorage(safeStorage, 'linux');
let dir: string;
let file: string;
const open = () => openVault({ file, cipher });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-'));
  file = join(dir, 'vault.json');
});
afterEach(() => {
  setSafeStorageBackend('gnome_libsecret');
  rmSync(dir, { recursive: true, force: true });
});

describe('cipherFromSafeStorage', () => {
  const storage = (available: boolean, backend?: string) => ({
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(s),
    decryptString: (b: Buffer) => b.toString(),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  });

  it('names the protection a platform and backend give', () => {
    expect(cipherFromSafeStorage(storage(true, 'gnome_libsecret'), 'linux').protection()).toBe('os');
    expect(cipherFromSafeStorage(storage(true, 'kwallet6'), 'linux').protection()).toBe('os');
    expect(cipherFromSafeStorage(storage(true, 'basic_text'), 'linux').protection()).toBe('weak');
    expect(cipherFromSafeStorage(storage(true, 'unknown'), 'linux').protection()).toBe('weak');
    expect(cipherFromSafeStorage(storage(true), 'linux').protection()).toBe('weak');
    expect(cipherFromSafeStorage(storage(true), 'darwin').protection()).toBe('os');
    expect(cipherFromSafeStorage(storage(true), 'win32').protection()).toBe('os');
    expect(cipherFromSafeStorage(storage(false), 'darwin').protection()).toBe('none');
    expect(cipherFromSafeStorage(storage(false, 'gnome_libsecret'), 'linux').protection()).toBe('none');
  });
});

describe('credential vault', () => {
  it('sets, gets, lists and deletes secrets', () => {
    const vault = open();
    expect(vault.status()).toEqual({ protection: 'os', weakAllowed: false, warning: null });
    vault.set('env:production:apiKey', CANARY);
    vault.set('env:production:user:42:refreshToken', 'refresh-token-1');
    vault.set('env:staging:apiKey', 'staging-key');
    expect(vault.get('env:production:apiKey')).toBe(CANARY);
    expect(vault.has('env:production:apiKey')).toBe(true);
    expect(vault.keys('env:production:')).toEqual(['env:production:apiKey', 'env:production:user:42:refreshToken']);
    expect(vault.keys()).toHaveLength(3);
    vault.set('env:staging:apiKey', 'staging-key-2');
    expect(vault.get('env:staging:apiKey')).toBe('staging-key-2');
    vault.delete('env:staging:apiKey');
    vault.delete('env:never-set');
    expect(vault.has('env:staging:apiKey')).toBe(false);
    expect(vault.get('env:staging:apiKey')).toBeUndefined();
    expect(vault.hint('env:staging:apiKey')).toBeNull();
    expect(() => vault.set('env:production:apiKey', '')).toThrow(/remove the credential instead/);
    expect(vault.get('env:production:apiKey')).toBe(CANARY);
  });

  it('keeps secrets across a restart', () => {
    open().set('env:production:apiKey', CANARY);
    const reopened = open();
    expect(reopened.keys()).toEqual(['env:production:apiKey']);
    expect(reopened.get('env:production:apiKey')).toBe(CANARY);
  });

  it('decrypts once, then serves the send path from memory', () => {
    open().set('env:production:apiKey', CANARY);
    let decryptions = 0;
    const vault = openVault({ file, cipher: { ...cipher, decrypt: (data) => (decryptions++, cipher.decrypt(data)) } });
    expect(decryptions).toBe(0);
    for (let i = 0; i < 5; i++) expect(vault.get('env:production:apiKey')).toBe(CANARY);
    expect(vault.hint('env:production:apiKey')).toBe('••••cret');
    expect(decryptions).toBe(1);
  });

  it('writes only ciphertext: the secret is in the file in no form', () => {
    open().set('env:production:apiKey', CANARY);
    const text = readFileSync(file, 'utf8');
    const data = JSON.parse(text);
    expect(data).toEqual({ version: 1, weakAllowed: false, entries: { 'env:production:apiKey': expect.any(String) } });
    const bytes = Buffer.from(CANARY);
    // base64 of the secret at each of the three byte alignments, so a secret embedded anywhere is caught
    const forms = [
      CANARY,
      bytes.toString('hex'),
      ...[0, 1, 2].map((skip) => bytes.subarray(skip).toString('base64').replace(/=+$/, '').slice(4, -4)),
    ];
    for (const form of forms) {
      expect(text).not.toContain(form);
      expect(text.toLowerCase()).not.toContain(form.toLowerCase());
    }
    expect(Buffer.from(data.entries['env:production:apiKey'], 'base64').includes(bytes)).toBe(false);
  });

  it('masks hints, showing no character of a secret under 12 characters', () => {
    const vault = open();
    const cases: [string, string][] = [
      ['a', '••••'],
      ['123456', '••••'],
      ['12345678901', '••••'],
      ['123456789012', '••••9012'],
      [CANARY, '••••cret'],
    ];
    for (const [value, hint] of cases) {
      vault.set('k', value);
      expect(vault.hint('k')).toBe(hint);
    }
    expect(open().hint('k')).toBe('••••cret');
    expect(vault.hint('missing')).toBeNull();
  });

  it('refuses to store with weak protection until the user agrees, and remembers the agreement', () => {
    setSafeStorageBackend('basic_text');
    const vault = open();
    expect(vault.status()).toMatchObject({ protection: 'weak', weakAllowed: false });
    expect(vault.status().warning).toMatch(
      /key built into the app.*confirm in Credentials before anything is stored\.$/,
    );
    expect(() => vault.set('env:production:apiKey', CANARY)).toThrow(
      /confirm in Credentials before anything is stored/,
    );
    expect(vault.has('env:production:apiKey')).toBe(false);

    expect(vault.allowWeakProtection(true)).toMatchObject({
      protection: 'weak',
      weakAllowed: true,
      warning: expect.stringMatching(/you allowed this/),
    });
    vault.set('env:production:apiKey', CANARY);
    const reopened = open();
    expect(reopened.status().weakAllowed).toBe(true);
    expect(reopened.get('env:production:apiKey')).toBe(CANARY);
    expect(readFileSync(file, 'utf8')).not.toContain(CANARY);

    reopened.allowWeakProtection(false);
    expect(() => open().set('other', 'value-1234')).toThrow(/confirm in Credentials/);
  });

  it('refuses to store anything when there is no encryption, without leaking the secret', () => {
    open().set('env:production:apiKey', CANARY);
    setSafeStorageBackend('unavailable');
    const vault = open();
    vault.allowWeakProtection(true);
    expect(vault.status()).toMatchObject({ protection: 'none', warning: expect.stringMatching(/cannot be stored/) });
    let error: unknown;
    try {
      vault.set('env:staging:apiKey', CANARY);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/no encryption/);
    expect(String((error as Error).stack)).not.toContain(CANARY);
    // Nothing can be decrypted either, but the saved secrets wait for the keychain to come back.
    expect(vault.get('env:production:apiKey')).toBeUndefined();
    setSafeStorageBackend('gnome_libsecret');
    expect(open().get('env:production:apiKey')).toBe(CANARY);
  });

  it('sets an unreadable vault file aside, starts empty and says so', () => {
    writeFileSync(file, '{ "version": 1, "entries": {');
    const vault = open();
    expect(vault.keys()).toEqual([]);
    const broken = readdirSync(dir).filter((name) => /^vault\.json\.broken-/.test(name));
    expect(vault.status().warning).toBe(
      `vault.json, which holds your encrypted secrets, could not be read: it is not valid JSON of this app. It was set aside as ${broken[0]} ` +
        'in the app’s data folder and the app started without it. Enter your API keys, tokens and secret variables again in Credentials.',
    );
    expect(broken).toHaveLength(1);
    expect(readFileSync(join(dir, broken[0]!), 'utf8')).toBe('{ "version": 1, "entries": {');
    vault.set('env:production:apiKey', CANARY);
    expect(open().status().warning).toBeNull();
  });

  it('sets aside only the entry that cannot be decrypted; the others still decrypt', () => {
    const first = open();
    first.set('env:production:apiKey', CANARY);
    first.set('env:production:clientSecret', 'client-secret-1');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    const damaged = Buffer.from(data.entries['env:production:apiKey'], 'base64');
    damaged[damaged.length - 1]! ^= 0xff;
    data.entries['env:production:apiKey'] = damaged.toString('base64');
    writeFileSync(file, JSON.stringify(data));

    const vault = open();
    expect(vault.has('env:production:apiKey')).toBe(true);
    expect(vault.status().warning).toBeNull();
    expect(vault.hint('env:production:apiKey')).toBeNull(); // not set
    expect(vault.get('env:production:clientSecret')).toBe('client-secret-1');
    expect(vault.keys()).toEqual(['env:production:clientSecret']);
    expect(vault.status().warning).toBe(
      'A saved secret could not be decrypted (the system’s key changed or the file was damaged), so it was set aside in vault.json and shows as not set; ' +
        'secrets that still decrypt are not affected. Enter it again in Credentials.',
    );
    // Kept, not deleted: the damaged ciphertext is still in the file, out of the entries.
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.values(kept.setAside)).toEqual([damaged.toString('base64')]);
    expect(Object.keys(kept.setAside)).toEqual([expect.stringMatching(/^env:production:apiKey @ \d{4}-/)]);
    expect(readdirSync(dir)).toEqual(['vault.json']);

    const reopened = open();
    expect(reopened.keys()).toEqual(['env:production:clientSecret']);
    expect(reopened.status().warning).toBeNull(); // said once; the entry stays aside
    reopened.set('env:production:apiKey', 'entered-again-9876');
    expect(open().get('env:production:apiKey')).toBe('entered-again-9876');
  });

  it('treats data from another backend as undecryptable (keychain data after falling back to basic_text)', () => {
    open().set('env:production:apiKey', CANARY);
    setSafeStorageBackend('basic_text');
    const vault = open();
    expect(vault.get('env:production:apiKey')).toBeUndefined();
    expect(vault.status().warning).toMatch(
      /^A saved secret could not be decrypted .* Enter it again in Credentials\. This system has no keychain/,
    );
  });

  it.skipIf(process.platform === 'win32')('keeps the file private to the user (mode 0600)', () => {
    open().set('env:production:apiKey', CANARY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('ignores and cleans up a partial temp file left by a killed writer', () => {
    open().set('env:production:apiKey', CANARY);
    const before = readFileSync(file, 'utf8');
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = `${file}.${deadPid}.a1b2c3d4e5f6.tmp`;
    writeFileSync(leftover, before.slice(0, 40));
    const vault = open();
    expect(vault.get('env:production:apiKey')).toBe(CANARY);
    expect(vault.status().warning).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['vault.json']);
  });

  it('leaves a complete file at every moment, even when the writer is killed mid-loop', async () => {
    const bundle = join(dir, 'durable-file.cjs');
    const entry = join(import.meta.dirname, '..', 'storage', 'durable-file.ts');
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    const writer = `
      const { writeFileDurably } = require(${JSON.stringify(bundle)});
      const filler = 'x'.repeat(200_000);
      for (let i = 0; ; i++) {
        writeFileDurably(${JSON.stringify(file)}, JSON.stringify({ version: 1, weakAllowed: false, entries: { ['filler:' + i]: filler } }));
        if (i === 0) process.stdout.write('ready\\n');
      }`;
    const child = spawn(process.execPath, ['-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));

    const seen = new Set<string>();
    try {
      const until = Date.now() + 150 + Math.random() * 350;
      while (Date.now() < until) {
        const entries = JSON.parse(readFileSync(file, 'utf8')).entries as Record<string, string>;
        const [key, value] = Object.entries(entries)[0]!;
        expect(value).toHaveLength(200_000);
        seen.add(key);
      }
    } finally {
      child.kill('SIGKILL'); // at a random moment of its write loop
    }
    expect(await exited).toBe('SIGKILL');
    expect(seen.size).toBeGreaterThan(1); // the reads really overlapped the writes

    const vault = open();
    expect(vault.status().warning).toBeNull();
    expect(vault.keys()).toEqual([expect.stringMatching(/^filler:\d+$/)]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
