import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../tls/certificates';
import { createSettingsStore } from './store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings store', () => {
  it('starts from the defaults', () => {
    expect(createSettingsStore({ dataDir: dir }).view()).toEqual({
      crmName: '',
      timeoutMs: 30_000,
      maxResponseMb: 200,
      authWindow: 'app-window',
      theme: 'system',
      codeTarget: 'curl',
      certificates: [],
      clientCertificates: [],
      extraCaCertsFile: null,
      proxy: { mode: 'system', url: '', bypass: 'localhost, 127.0.0.1, ::1', username: '' },
    });
  });

  it('reads client certificates back from a hand-edited file, leaving out entries that do not read', () => {
    const kept = { id: 'a', host: '*.example.com:8443', kind: 'pkcs12', files: ['c.p12'], passphraseSet: true };
    const broken = [{ id: 'b', host: 'not a host', kind: 'pem' }, { id: 'c', host: 'x.com', kind: 'der' }, null];
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ clientCertificates: [kept, ...broken] }));
    expect(createSettingsStore({ dataDir: dir }).view().clientCertificates).toEqual([kept]);
  });

  it('keeps the theme the user picked, and reads an unknown one back as the system one', () => {
    createSettingsStore({ dataDir: dir }).update({ theme: 'light' });
    expect(createSettingsStore({ dataDir: dir }).view().theme).toBe('light');
    const file = join(dir, 'settings.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"light"', '"sepia"'));
    expect(createSettingsStore({ dataDir: dir }).view().theme).toBe('system');
  });

  it('keeps the language Generate code last wrote in, and reads an unknown one back as cURL', () => {
    createSettingsStore({ dataDir: dir }).update({ codeTarget: 'python-requests' });
    expect(createSettingsStore({ dataDir: dir }).view().codeTarget).toBe('python-requests');
    const file = join(dir, 'settings.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"python-requests"', '"cobol"'));
    expect(createSettingsStore({ dataDir: dir }).view().codeTarget).toBe('curl');
  });

  it('keeps a checked proxy setting, and refuses a bad one with a sentence, changing nothing', () => {
    const store = createSettingsStore({ dataDir: dir });
    store.update({
      proxy: { mode: 'custom', url: ' proxy.example.com:3128 ', bypass: 'localhost,  .corp.example ', username: '' },
    });
    expect(createSettingsStore({ dataDir: dir }).view().proxy).toEqual({
      mode: 'custom',
      url: 'http://proxy.example.com:3128',
      bypass: 'localhost, .corp.example',
      username: '',
    });
    expect(() =>
      store.update({ crmName: 'Changed', proxy: { mode: 'custom', url: 'socks5://p:1080', bypass: '', username: '' } }),
    ).toThrow('Only HTTP and HTTPS proxies are supported (not SOCKS5)');
    expect(() =>
      store.update({ proxy: { mode: 'custom', url: 'http://user:pw@p:3128', bypass: '', username: '' } }),
    ).toThrow(/Leave the user name and password out/);
    expect(() => store.update({ proxy: { mode: 'custom', url: '', bypass: '', username: '' } })).toThrow(
      /Give the proxy’s address/,
    );
    expect(() =>
      store.update({ proxy: { mode: 'custom', url: 'http://p:3128/path', bypass: '', username: '' } }),
    ).toThrow(/without a path/);
    expect(store.view()).toMatchObject({
      crmName: '',
      proxy: { mode: 'custom', url: 'http://proxy.example.com:3128' },
    });
    // Other modes keep what was typed for later.
    expect(store.update({ proxy: { mode: 'none', url: 'half typed', bypass: '', username: '' } }).proxy).toEqual({
      mode: 'none',
      url: 'half typed',
      bypass: '',
      username: '',
    });
  });

  it('persists changes in the data folder across restarts', () => {
    createSettingsStore({ dataDir: dir }).update({ crmName: '  Acme CRM ', timeoutMs: 5000 });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      crmName: 'Acme CRM',
      timeoutMs: 5000,
    });
    expect(createSettingsStore({ dataDir: dir }).view()).toMatchObject({ crmName: 'Acme CRM', timeoutMs: 5000 });
  });

  it('adds certificates from PEM text once, shows them without the PEM, and removes them', () => {
    const store = createSettingsStore({ dataDir: dir });
    const ca = createCertificateAuthority('Company Proxy CA');
    const pemsBefore = store.trustedPems();
    const view = store.addCertificates('proxy.pem', ca.certPem);
    expect(view.certificates).toEqual([expect.objectContaining({ name: 'proxy.pem', subject: 'Company Proxy CA' })]);
    expect(JSON.stringify(view)).not.toContain('BEGIN CERTIFICATE');
    expect(store.trustedPems()).not.toBe(pemsBefore);
    expect(store.trustedPems()).toHaveLength(1);
    expect(store.addCertificates('again.pem', ca.certPem).certificates).toHaveLength(1);
    expect(createSettingsStore({ dataDir: dir }).trustedPems()).toHaveLength(1);
    expect(store.removeCertificate(view.certificates[0]!.id).certificates).toEqual([]);
    expect(() => store.removeCertificate('gone')).toThrow(/no longer in the list/);
  });

  it('refuses text that holds no certificate, keeping the list as it was', () => {
    const store = createSettingsStore({ dataDir: dir });
    expect(() => store.addCertificates('notes.txt', 'hello')).toThrow(/No certificate found/);
    expect(store.view().certificates).toEqual([]);
  });

  it('recovers from a corrupt settings file with the defaults', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'settings.json'), '{ broken');
    expect(createSettingsStore({ dataDir: dir }).view().timeoutMs).toBe(30_000);
  });
});
