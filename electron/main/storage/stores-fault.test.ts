/**
 * Every store the app writes keeps its previous good file when a write is cut short (the disk
 * fills mid-write, or the system lies about what it wrote), says so in a sentence without a path,
 * and reopens with the old data. Through the real stores, and through the real dispatch.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryDetail } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import { faultyFs, type Fault, type FaultyFs } from '../../../test/support/faulty-fs';
import { onSmallDisk } from '../../../test/support/small-disk';
import { safeStorage } from '../../../test/support/fake-electron';
import { openCollectionsStore } from '../collections/store';
import { createCredentialsStore } from '../credentials/store';
import { cipherFromSafeStorage, openVault } from '../credentials/vault';
import { openHistoryStore } from '../history/store';
import { createDispatch } from '../ipc/dispatch';
import { createMainServices } from '../services';
import { createSettingsStore } from '../settings/store';

const cipher = cipherFromSafeStorage(safeStorage, 'linux');
const FULL = 'the disk is full. Free some disk space, then try again.';
const READ_ONLY_TODO = 'Make the disk writable (or choose a folder on another disk), then try again.';
let dataDir: string;
let fs: FaultyFs;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'stores-fault-'));
  fs = faultyFs();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const read = (name: string) => readFileSync(join(dataDir, name), 'utf8');
const tempFiles = () => readdirSync(dataDir, { recursive: true }).filter((name) => String(name).endsWith('.tmp'));
const vaultFile = () => join(dataDir, 'vault.json');

/** Runs `change` with `fault` on, expects `sentence`, and checks the file is byte for byte what it was. */
function failsKeepingFile(file: string, fault: Fault, sentence: string, change: () => void): void {
  const before = read(file);
  fs.fault = fault;
  expect(change).toThrow(sentence);
  fs.fault = 'none';
  expect(read(file)).toBe(before);
  expect(tempFiles()).toEqual([]);
}

const FAULTS: Fault[] = ['short', 'enospc', 'lying'];

describe.each(FAULTS)('a write cut short (%s)', (fault) => {
  it('keeps settings.json and the settings', () => {
    createSettingsStore({ dataDir, fs }).update({ crmName: 'Good CRM' });
    const settings = createSettingsStore({ dataDir, fs });
    failsKeepingFile('settings.json', fault, `Could not save your settings (settings.json): ${FULL}`, () =>
      settings.update({ crmName: 'Lost CRM' }),
    );
    expect(createSettingsStore({ dataDir }).view().crmName).toBe('Good CRM');
  });

  it('keeps credentials.json and the environments', () => {
    const vault = openVault({ file: vaultFile(), cipher });
    createCredentialsStore({ dataDir, vault, fs }).addEnvironment({
      name: 'Staging',
      origin: 'https://staging.example.com',
    });
    const store = createCredentialsStore({ dataDir, vault, fs });
    const sentence = `Could not save your environments and CRM users (credentials.json): ${FULL}`;
    failsKeepingFile('credentials.json', fault, sentence, () =>
      store.addEnvironment({ name: 'Other', origin: 'https://other.example.com' }),
    );
    const names = createCredentialsStore({ dataDir, vault })
      .environments()
      .map((e) => e.name);
    expect(names).toEqual(['Local sandbox', 'Production', 'Staging']);
    expect(store.environments().map((e) => e.name)).toEqual(names); // undone in memory too: nothing shown that a restart loses
  });

  it('keeps workspace.json and the list of open collections', () => {
    openCollectionsStore({ dataDir, fs }).create('Good');
    const store = openCollectionsStore({ dataDir, fs });
    fs.only = /workspace\.json/;
    failsKeepingFile(
      'workspace.json',
      fault,
      `Could not save the list of open collections (workspace.json): ${FULL}`,
      () => store.create('Next'),
    );
    expect(JSON.parse(read('workspace.json'))).toEqual({ collections: ['good'] });
    expect(
      openCollectionsStore({ dataDir })
        .list()
        .map((c) => c.name),
    ).toEqual(['Good', 'Next']);
  });

  it('keeps a request file and the request', () => {
    const store = openCollectionsStore({ dataDir, fs });
    const { id: collectionId } = store.create('Adverts');
    const url = 'https://api.olxgroup.com/advert/v1';
    const body = '{"title": "Good"}';
    const doc: RequestDoc = {
      id: 'publish',
      name: 'Publish',
      method: 'POST',
      url,
      headers: [],
      body,
      auth: { mode: 'inherit' },
      captures: [],
    };
    store.saveRequest(collectionId, doc);
    const file = join('collections', 'adverts', 'publish.request.json');
    const sentence = `Could not save the collection (publish.request.json): ${FULL}`;
    failsKeepingFile(file, fault, sentence, () =>
      store.saveRequest(collectionId, { ...doc, body: '{"title": "Lost"}' }),
    );
    expect(openCollectionsStore({ dataDir }).getRequest(collectionId, 'publish').body).toBe('{"title": "Good"}');
  });

  it('keeps vault.json and every secret', () => {
    openVault({ file: vaultFile(), cipher, fs }).set('env:production:apiKey', 'good-secret-1234');
    const vault = openVault({ file: vaultFile(), cipher, fs });
    const sentence = `Could not save your encrypted secrets (vault.json): ${FULL}`;
    failsKeepingFile('vault.json', fault, sentence, () => vault.set('env:production:apiKey', 'next-secret-5678'));
    expect(openVault({ file: vaultFile(), cipher }).get('env:production:apiKey')).toBe('good-secret-1234');
  });

  it('keeps history.jsonl when its rewrite is cut short', () => {
    const history = openHistoryStore({ dataDir, fs, flushDelayMs: 0, maxEntries: 1 });
    history.append(entry('h-1'));
    history.append(entry('h-2')); // two lines: the next append rewrites the file with the newest one
    failsKeepingFile('history.jsonl', fault, `Could not save the history (history.jsonl): ${FULL}`, () =>
      history.append(entry('h-3')),
    );
    expect(
      openHistoryStore({ dataDir, maxEntries: 10 })
        .list()
        .map((e) => e.id),
    ).toEqual(['h-2', 'h-1']);
  });
});

it('keeps every history line when an append is cut short, and writes the entry later', () => {
  const history = openHistoryStore({ dataDir, fs, flushDelayMs: 0 });
  history.append(entry('h-1'));
  fs.fault = 'short';
  expect(() => history.append(entry('h-2'))).toThrow(`Could not save the history (history.jsonl): ${FULL}`);
  fs.fault = 'none';
  expect(
    openHistoryStore({ dataDir })
      .list()
      .map((e) => e.id),
  ).toEqual(['h-1']); // the torn half line is skipped
  history.append(entry('h-3')); // the waiting entry goes with it
  expect(
    openHistoryStore({ dataDir })
      .list()
      .map((e) => e.id),
  ).toEqual(['h-3', 'h-2', 'h-1']);
});

describe('through the dispatch', () => {
  it('says the disk is full, without a path, and the secrets and settings survive a restart', async () => {
    const start = () => {
      const services = createMainServices({ dataDir, env: {}, cipher, fs });
      return { services, call: createDispatch(services.handlers, () => true) };
    };
    const first = start();
    const good = { environmentId: 'production', field: 'apiKey', value: 'good-api-key-1234' };
    expect(await first.call('credentials:setSecret', 'app://x', good)).toMatchObject({ ok: true });
    expect(await first.call('settings:update', 'app://x', { crmName: 'Good CRM' })).toMatchObject({ ok: true });

    fs.fault = 'short';
    const secret = await first.call('credentials:setSecret', 'app://x', {
      environmentId: 'production',
      field: 'apiKey',
      value: 'lost-api-key-5678',
    });
    fs.fault = 'short';
    const settings = await first.call('settings:update', 'app://x', { crmName: 'Lost CRM' });
    fs.fault = 'none';
    expect(secret).toEqual({ ok: false, error: `Could not save your encrypted secrets (vault.json): ${FULL}` });
    expect(settings).toEqual({ ok: false, error: `Could not save your settings (settings.json): ${FULL}` });
    await first.services.dispose();

    const second = start();
    const credentials = await second.call('credentials:get', 'app://x', undefined);
    type View = { value: { environments: Array<{ id: string; secrets: { apiKey: unknown } }> } };
    const production = (credentials as View).value.environments.find((e) => e.id === 'production');
    expect(production?.secrets.apiKey).toEqual({ set: true, hint: '••••1234', source: 'vault' });
    expect(await second.call('settings:get', 'app://x', undefined)).toMatchObject({
      ok: true,
      value: { crmName: 'Good CRM' },
    });
    expect(second.services.warnings()).toEqual([]);
    await second.services.dispose();
  });
});

it('writes the files holding secrets or their metadata private to the user (0600), even over a 0644 one', async () => {
  writeFileSync(join(dataDir, 'settings.json'), '{}', { mode: 0o644 });
  const services = createMainServices({ dataDir, env: {}, cipher });
  const call = createDispatch(services.handlers, () => true);
  const proxy = { mode: 'custom', url: 'https://proxy.example:8443', bypass: '', username: 'anna' };
  expect(await call('settings:update', 'app://x', { proxy })).toMatchObject({ ok: true });
  expect(await call('settings:setProxyPassword', 'app://x', { value: 'proxy-password-1234' })).toMatchObject({
    ok: true,
  });
  expect(
    await call('environments:add', 'app://x', { name: 'Staging', origin: 'https://staging.example.com' }),
  ).toMatchObject({ ok: true });
  await services.dispose();
  const modes = ['settings.json', 'vault.json', 'credentials.json'].map((name) => [
    name,
    statSync(join(dataDir, name)).mode & 0o777,
  ]);
  expect(modes).toEqual([
    ['settings.json', 0o600],
    ['vault.json', 0o600],
    ['credentials.json', 0o600],
  ]);
});

it('an undecryptable vault entry reads as not set with a message; the other secrets still work', async () => {
  const start = () => {
    const services = createMainServices({ dataDir, env: {}, cipher });
    return { services, call: createDispatch(services.handlers, () => true) };
  };
  const first = start();
  await first.call('credentials:setSecret', 'app://x', {
    environmentId: 'production',
    field: 'apiKey',
    value: 'api-key-to-damage-1111',
  });
  await first.call('credentials:setSecret', 'app://x', {
    environmentId: 'production',
    field: 'clientSecret',
    value: 'client-secret-kept-2222',
  });
  await first.services.dispose();
  const data = JSON.parse(read('vault.json'));
  data.entries['env:production:apiKey'] = Buffer.from('not what the key encrypted').toString('base64');
  writeFileSync(vaultFile(), JSON.stringify(data));

  const second = start();
  const answer = await second.call('credentials:get', 'app://x', undefined);
  const view = (
    answer as {
      value: { vault: { warning: string }; environments: Array<{ id: string; secrets: Record<string, unknown> }> };
    }
  ).value;
  const production = view.environments.find((e) => e.id === 'production')!;
  expect(production.secrets.apiKey).toEqual({ set: false, hint: null, source: null });
  expect(production.secrets.clientSecret).toEqual({ set: true, hint: '••••2222', source: 'vault' });
  expect(view.vault.warning).toMatch(/^A saved secret could not be decrypted .* Enter it again in Credentials\.$/);
  expect(Object.keys(JSON.parse(read('vault.json')).setAside)).toEqual([
    expect.stringMatching(/^env:production:apiKey @ /),
  ]);
  await second.services.dispose();
});

describe('a file that cannot be read', () => {
  const start = (dir = dataDir) => {
    const services = createMainServices({ dataDir: dir, env: {}, cipher });
    return { services, call: createDispatch(services.handlers, () => true) };
  };

  it('is set aside, never cleared; the app starts with defaults and says what was set aside and what to do', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{"crmName": "Half writ');
    writeFileSync(join(dataDir, 'credentials.json'), '');
    writeFileSync(join(dataDir, 'workspace.json'), '["not", "an", "object"]');
    const { services, call } = start();
    const aside = (name: string) => readdirSync(dataDir).find((file) => file.startsWith(`${name}.broken-`))!;
    const asideNote = (name: string) =>
      `It was set aside as ${aside(name)} in the app’s data folder and the app started without it.`;
    const warnings = await call('app:warnings', 'app://x', undefined);
    expect(warnings).toEqual({
      ok: true,
      value: [
        `settings.json, which holds your settings, could not be read: it is not valid JSON of this app. ${asideNote('settings.json')} ` +
          'Your settings are back to their defaults: set them again in Settings.',
        'credentials.json, which holds your environments and CRM users, could not be read: it is not valid JSON of this app. ' +
          `${asideNote('credentials.json')} ` +
          'Add your own environments and CRM users again in Credentials.',
        `workspace.json, which holds the list of open collections, could not be read: it is not valid JSON of this app. ${asideNote('workspace.json')} ` +
          'Collections in the app’s data folder are open again; open any others again with Open folder.',
      ],
    });
    expect(readFileSync(join(dataDir, aside('settings.json')), 'utf8')).toBe('{"crmName": "Half writ');
    expect(await call('settings:get', 'app://x', undefined)).toMatchObject({ ok: true, value: { crmName: '' } });
    expect(await call('settings:update', 'app://x', { crmName: 'Fresh CRM' })).toMatchObject({ ok: true });
    await services.dispose();
    const again = start();
    expect(again.services.warnings()).toEqual([]); // said once: the new files read fine
    expect(await again.call('settings:get', 'app://x', undefined)).toMatchObject({
      ok: true,
      value: { crmName: 'Fresh CRM' },
    });
    await again.services.dispose();
  });

  it('in a read-only folder is left in place, nothing overwrites it, and the app starts', (ctx) =>
    onSmallDisk(ctx, 256, async (disk) => {
      writeFileSync(join(disk.dir, 'settings.json'), '{"crmName": "Half writ');
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
      writeFileSync(join(disk.dir, `vault.json.${deadPid}.a1b2c3d4e5f6.tmp`), '{"version": 1, "entr'); // a writer killed before the disk turned read-only
      disk.readOnly();
      const { services, call } = start(disk.dir);
      const [notice] = services.warnings();
      expect(notice).toBe(
        'settings.json, which holds your settings, could not be read: it is not valid JSON of this app. It could not be set aside either ' +
          `(the disk is read-only), so nothing is saved to it until the app is restarted. ${READ_ONLY_TODO}`,
      );
      expect(await call('settings:update', 'app://x', { crmName: 'Lost' })).toEqual({ ok: false, error: notice });
      expect(
        await call('credentials:setSecret', 'app://x', {
          environmentId: 'production',
          field: 'apiKey',
          value: 'some-api-key-1234',
        }),
      ).toEqual({
        ok: false,
        error: `Could not save your encrypted secrets (vault.json): the disk is read-only. ${READ_ONLY_TODO}`,
      });
      expect(readFileSync(join(disk.dir, 'settings.json'), 'utf8')).toBe('{"crmName": "Half writ');
      await services.dispose();
    }));
});

function entry(id: string): HistoryDetail {
  const url = `https://api.olxgroup.com/advert/v1/${id}`;
  return {
    id,
    at: 1_780_000_000_000,
    method: 'GET',
    url,
    status: 200,
    outcome: 'OK',
    statusKind: 'success',
    totalMs: 42,
    bodyBytes: 120,
    environmentId: 'production',
    collectionId: null,
    requestDocId: null,
    request: { method: 'GET', url, headers: [], body: '', auth: { mode: 'api-key' } },
  };
}
