/** The JSON store reads the files electron-store wrote, keeps them private, and never clears one it cannot read. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openJsonStore } from './json-store';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'json-store-'));
  file = join(dir, 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const defaults = { crmName: '', timeoutMs: 30_000, certificates: [] as string[] };
const open = () => openJsonStore({ file, holds: 'your settings', whatToDo: 'Set them again in Settings.', defaults });

it('reads a file electron-store wrote (tab-indented, its own keys kept) and fills in missing keys', () => {
  writeFileSync(
    file,
    JSON.stringify({ crmName: 'Acme CRM', __internal__: { migrations: { version: '1.0.0' } } }, undefined, '\t'),
    { mode: 0o644 },
  );
  const store = open();
  expect(store.data()).toEqual({
    crmName: 'Acme CRM',
    timeoutMs: 30_000,
    certificates: [],
    __internal__: { migrations: { version: '1.0.0' } },
  });
  expect(store.notice()).toBeNull();
  store.save({ ...store.data(), timeoutMs: 5000 });
  expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify({ ...store.data() }, undefined, '\t')}\n`);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(open().data().timeoutMs).toBe(5000);
});

it.each([
  ['cut short', '{"crmName": "Acme'],
  ['empty', ''],
  ['not an object', '[1, 2]'],
  ['a key of the wrong type', '{"certificates": "none"}'],
])('sets a file that is %s aside and starts from the defaults', (_what, text) => {
  writeFileSync(file, text);
  const store = open();
  expect(store.data()).toEqual({ crmName: '', timeoutMs: 30_000, certificates: [] });
  const [aside] = readdirSync(dir).filter((name) => name.startsWith('settings.json.broken-'));
  expect(readFileSync(join(dir, aside!), 'utf8')).toBe(text);
  expect(store.notice()).toBe(
    `settings.json, which holds your settings, could not be read: it is not valid JSON of this app. It was set aside as ${aside} in the app’s data folder ` +
      'and the app started without it. Set them again in Settings.',
  );
});
