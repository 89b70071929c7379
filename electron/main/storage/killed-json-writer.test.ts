/**
 * A settings save killed at a random moment never leaves a torn settings.json: a separate Node
 * process (the real settings store, bundled) keeps saving, and is SIGKILLed mid-loop; the store then
 * opens with one whole version, no notice, and no temp file left behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startKillableWriter } from '../../../test/support/killable-writer';
import { createSettingsStore } from '../settings/store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'json-killed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Version n of the CRM name: long enough that a save takes a while, and every part names n. */
const nameOf = (n: number) => `v${n};`.repeat(50_000);
const versionOf = (name: string): number => {
  const n = Number(/^v(\d+);/.exec(name)?.[1]);
  expect(name).toBe(nameOf(n));
  return n;
};

it('leaves a whole settings.json when the writer is killed mid-save, and the settings open', async () => {
  const dataDir = join(dir, 'data');
  const bundle = join(dir, 'settings.cjs');
  const entry = join(import.meta.dirname, '..', 'settings', 'store.ts');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'silent',
  });
  const writer = `
    require('node:fs').mkdirSync(${JSON.stringify(dataDir)}, { recursive: true });
    const { createSettingsStore } = require(${JSON.stringify(bundle)});
    const store = createSettingsStore({ dataDir: ${JSON.stringify(dataDir)} });
    const nameOf = ${nameOf.toString()};
    for (let n = 1; ; n++) {
      store.update({ crmName: nameOf(n) });
      if (n === 1) process.stdout.write('ready\\n');
    }`;
  const { child, exited } = await startKillableWriter(writer);

  const seen = new Set<number>();
  try {
    const until = Date.now() + 150 + Math.random() * 400;
    while (Date.now() < until)
      seen.add(versionOf(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).crmName));
  } finally {
    child.kill('SIGKILL'); // at a random moment of its save loop
  }
  expect(await exited).toBe('SIGKILL');
  expect(seen.size).toBeGreaterThan(1); // the reads really overlapped the writes

  const settings = createSettingsStore({ dataDir });
  expect(settings.notice()).toBeNull();
  expect(versionOf(settings.view().crmName)).toBeGreaterThanOrEqual(Math.max(...seen));
  expect(readdirSync(dataDir)).toEqual(['settings.json']);
});
