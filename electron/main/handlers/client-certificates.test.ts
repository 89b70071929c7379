/**
 * Settings → Client certificates through the real dispatch: files chosen in the main process's
 * dialog, checked, kept in the vault, and presented by request:send to the host they are for.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendResult } from '../../../shared/http-types';
import type { SettingsView } from '../../../shared/schemas/settings';
import {
  CLIENT_NAME,
  KEY_PASSPHRASE,
  mutualTlsWorld,
  PFX_PASSPHRASE,
  startMutualTlsServer,
} from '../../../test/support/client-certificates';
import type { TestServer } from '../../../test/support/https-servers';
import { openMainWorld, outgoingRequest, type MainWorld } from '../../../test/support/main-world';

const tls = mutualTlsWorld();
let server: TestServer;
let world: MainWorld;
/** The file the next open dialog picks (a name in the data folder), or null for Cancel. */
let nextFile: string | null = null;

beforeAll(async () => {
  server = await startMutualTlsServer(tls, (_req, res) => res.writeHead(200).end('{"ok":true}'));
  world = openMainWorld({ chooseClientCertificateFile: async () => (nextFile ? join(world.dataDir, nextFile) : null) });
  writeFileSync(join(world.dataDir, 'client.crt'), tls.client.certPem);
  writeFileSync(join(world.dataDir, 'client.key'), tls.encryptedKeyPem);
  writeFileSync(join(world.dataDir, 'client.p12'), tls.pfx);
  await world.invoke('settings:addCertificate', { name: 'server-ca.pem', pem: tls.serverCaPem });
});

afterAll(async () => {
  await world.close();
  await server.close();
});

async function choose(file: string, role: 'certificate' | 'key' | 'pkcs12'): Promise<string> {
  nextFile = file;
  const chosen = await world.invoke('settings:chooseClientCertificateFile', { role });
  if (!chosen) throw new Error('The dialog was cancelled.');
  expect(chosen.fileName).toBe(file);
  return chosen.fileId;
}

const send = (host: string) =>
  world.invoke('request:send', outgoingRequest({ requestId: `to-${host}`, url: `https://${host}:${server.port}/` }));

function statusOf(result: SendResult): number | string {
  return result.kind === 'response' ? result.status : result.kind === 'network-error' ? result.message : result.kind;
}

describe('Settings → Client certificates', () => {
  it('without one, the send says the host asked for a certificate', async () => {
    expect(statusOf(await send('localhost'))).toBe(
      'localhost asked for a client certificate and none is set for it; add one in Settings → Client certificates.',
    );
  });

  it('refuses a wrong passphrase in a sentence, keeps PEM files with the right one, and sends with them', async () => {
    const wrong = await world.envelope('settings:addClientCertificate', {
      host: 'localhost',
      kind: 'pem',
      certificateFileId: await choose('client.crt', 'certificate'),
      keyFileId: await choose('client.key', 'key'),
      passphrase: 'not-the-passphrase',
    });
    expect(wrong).toEqual({
      ok: false,
      error: 'The passphrase for client certificate localhost does not open the key in client.key; enter it again.',
    });
    const view: SettingsView = await world.invoke('settings:addClientCertificate', {
      host: 'LocalHost',
      kind: 'pem',
      certificateFileId: await choose('client.crt', 'certificate'),
      keyFileId: await choose('client.key', 'key'),
      passphrase: KEY_PASSPHRASE,
    });
    expect(view.clientCertificates).toEqual([
      {
        id: expect.any(String),
        host: 'localhost',
        kind: 'pem',
        files: ['client.crt', 'client.key'],
        passphraseSet: true,
      },
    ]);
    expect(JSON.stringify(view)).not.toContain(KEY_PASSPHRASE);
    expect(statusOf(await send('localhost'))).toBe(200);
    expect(server.received.at(-1)?.clientCertificate).toBe(CLIENT_NAME);
    // Not to another host: 127.0.0.1 is the same server, and gets no certificate.
    expect(statusOf(await send('127.0.0.1'))).toMatch(/^127\.0\.0\.1 asked for a client certificate/);
    // The key's bytes and the passphrase are in the vault, encrypted; settings.json has the names only.
    const settingsFile = readFileSync(join(world.dataDir, 'settings.json'), 'utf8');
    const vaultFile = readFileSync(join(world.dataDir, 'vault.json'), 'utf8');
    for (const text of [settingsFile, vaultFile]) {
      expect(text).not.toContain(KEY_PASSPHRASE);
      expect(text).not.toContain('PRIVATE KEY');
    }
    expect(settingsFile).toContain('client.key');
  });

  it('keeps the key when the file is moved away, and forgets it when removed', async () => {
    writeFileSync(join(world.dataDir, 'client.key'), 'moved away');
    expect(statusOf(await send('localhost'))).toBe(200);
    const { clientCertificates } = await world.invoke('settings:get', undefined);
    const view = await world.invoke('settings:removeClientCertificate', { id: clientCertificates[0]!.id });
    expect(view.clientCertificates).toEqual([]);
    expect(statusOf(await send('localhost'))).toMatch(/^localhost asked for a client certificate/);
    writeFileSync(join(world.dataDir, 'client.key'), tls.encryptedKeyPem);
  });

  it('takes a PKCS#12 file for host:port; a wrong passphrase is a sentence', async () => {
    const host = `127.0.0.1:${server.port}`;
    const wrong = await world.envelope('settings:addClientCertificate', {
      host,
      kind: 'pkcs12',
      certificateFileId: await choose('client.p12', 'pkcs12'),
      passphrase: 'not-the-passphrase',
    });
    expect(wrong).toEqual({
      ok: false,
      error: `The passphrase for client certificate ${host} does not open the PKCS#12 file client.p12; enter it again.`,
    });
    await world.invoke('settings:addClientCertificate', {
      host,
      kind: 'pkcs12',
      certificateFileId: await choose('client.p12', 'pkcs12'),
      passphrase: PFX_PASSPHRASE,
    });
    expect(statusOf(await send('127.0.0.1'))).toBe(200);
  });

  it('says what is wrong with a host, a file that cannot be read, or a file id from nowhere', async () => {
    const bad = await world.envelope('settings:addClientCertificate', {
      host: 'https://api.example.com/v1',
      kind: 'pkcs12',
      certificateFileId: await choose('client.p12', 'pkcs12'),
    });
    expect(bad).toEqual({
      ok: false,
      error:
        '“https://api.example.com/v1” is not a host: write it as api.example.com, api.example.com:8443 or *.example.com.',
    });
    nextFile = 'missing.p12';
    expect(await world.envelope('settings:chooseClientCertificateFile', { role: 'pkcs12' })).toEqual({
      ok: false,
      error: 'missing.p12 could not be read: a file or folder it needs is missing. Choose the file again.',
    });
    expect(
      await world.envelope('settings:addClientCertificate', {
        host: 'api.example.com',
        kind: 'pkcs12',
        certificateFileId: 'nope',
      }),
    ).toEqual({ ok: false, error: 'Choose the PKCS#12 (.p12/.pfx) file again.' });
    nextFile = null;
    expect(await world.invoke('settings:chooseClientCertificateFile', { role: 'key' })).toBeNull();
  });

  it('an app run presents it too', async () => {
    await world.invoke('settings:addClientCertificate', {
      host: 'localhost',
      kind: 'pkcs12',
      certificateFileId: await choose('client.p12', 'pkcs12'),
      passphrase: PFX_PASSPHRASE,
    });
    const origin = `https://localhost:${server.port}`;
    const environments = await world.invoke('environments:add', { name: 'Mutual TLS', origin });
    const environmentId = environments.environments.find((e) => e.name === 'Mutual TLS')!.id;
    const created = await world.invoke('collections:create', { name: 'Mutual TLS run' });
    const collectionId = created.collections.find((c) => c.name === 'Mutual TLS run')!.id;
    await world.invoke('collections:saveRequest', {
      collectionId,
      parentId: null,
      request: {
        id: 'mtls',
        name: 'Mutual TLS',
        method: 'GET',
        url: `${origin}/run`,
        headers: [],
        body: '',
        auth: { mode: 'none' },
        captures: [],
        checks: [{ on: 'status', target: '', op: 'equals', expected: '200', enabled: true }],
      },
    });
    const { runId } = await world.invoke('runner:start', { collectionId, environmentId, delayMs: 0, bail: false });
    let progress = await world.invoke('runner:progress', { runId, from: 0 });
    while (progress.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 10));
      progress = await world.invoke('runner:progress', { runId, from: 0 });
    }
    expect(progress.rows.map((row) => [row.status, row.passed])).toEqual([[200, true]]);
    expect(server.received.at(-1)).toMatchObject({ path: '/run', clientCertificate: CLIENT_NAME });
  });
});
