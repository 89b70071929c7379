/**
 * A writer killed at a random moment never leaves a torn file: a separate Node process (the real
 * store, bundled) keeps saving a big request, and is SIGKILLed mid-loop; the collection then opens
 * and the request file parses as the old or the new version, with no temp file left behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startKillableWriter } from '../../../test/support/killable-writer';
import type { RequestDoc } from '../../../shared/schemas/request';
import { openCollectionsStore } from './store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'collections-killed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LINES = 4000;
/** Version n of the body: LINES lines that all name n, so a mix of two versions is visible. */
const bodyOf = (n: number) =>
  `${Array.from({ length: LINES }, (_, i) => `{"version": ${n}, "line": ${i}, "filler": "${'x'.repeat(60)}"}`).join('\r\n')}\n`;
const versionOf = (body: string): number => {
  const lines = body.split('\r\n');
  expect(lines).toHaveLength(LINES);
  const n = Number(/^\{"version": (\d+),/.exec(lines[0]!)?.[1]);
  expect(body).toBe(bodyOf(n));
  return n;
};

it('leaves whole files when the writer is killed mid-save, and the collection opens', async () => {
  const dataDir = join(dir, 'data');
  const store = openCollectionsStore({ dataDir });
  const collection = store.create('Big one');
  const doc: RequestDoc = {
    id: 'big-request',
    name: 'Big request',
    method: 'PUT',
    url: 'https://api.olxgroup.com/advert/v1',
    headers: [],
    body: bodyOf(0),
    auth: { mode: 'inherit' },
    captures: [],
  };
  store.saveRequest(collection.id, doc);
  const file = join(collection.location, 'big-request.request.json');

  const bundle = join(dir, 'store.cjs');
  buildSync({
    entryPoints: [join(import.meta.dirname, 'store.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    alias: { electron: join(import.meta.dirname, '..', '..', '..', 'test', 'support', 'fake-electron.ts') },
    logLevel: 'silent',
  });
  const writer = `
    const { openCollectionsStore } = require(${JSON.stringify(bundle)});
    const store = openCollectionsStore({ dataDir: ${JSON.stringify(dataDir)} });
    const id = store.list()[0].id;
    const doc = ${JSON.stringify({ ...doc, body: '' })};
    const bodyOf = ${bodyOf.toString()};
    const LINES = ${LINES};
    for (let n = 1; ; n++) {
      store.saveRequest(id, { ...doc, method: n % 2 ? 'POST' : 'PUT', body: bodyOf(n) });
      if (n === 1) process.stdout.write('ready\\n');
    }`;
  const { child, exited } = await startKillableWriter(writer);

  const seen = new Set<number>();
  try {
    const until = Date.now() + 150 + Math.random() * 400;
    while (Date.now() < until) {
      // a reader at any moment sees a whole file
      const lines = JSON.parse(readFileSync(file, 'utf8')).body as string[];
      seen.add(versionOf(lines.join('\n')));
      JSON.parse(readFileSync(join(collection.location, 'collection.json'), 'utf8'));
    }
  } finally {
    child.kill('SIGKILL'); // at a random moment of its save loop
  }
  expect(await exited).toBe('SIGKILL');
  expect(seen.size).toBeGreaterThan(1); // the reads really overlapped the writes

  const reopened = openCollectionsStore({ dataDir });
  const [opened] = reopened.list();
  expect(opened).toMatchObject({ id: collection.id, problems: [] });
  const saved = reopened.getRequest(collection.id, doc.id);
  const n = versionOf(saved.body);
  expect(n).toBeGreaterThanOrEqual(Math.max(...seen));
  expect(saved.method).toBe(n % 2 ? 'POST' : 'PUT');
  // the tree follows the file even if the writer died between the request file and collection.json
  expect(reopened.get(collection.id).tree).toEqual([
    { kind: 'request', id: doc.id, name: 'Big request', method: saved.method },
  ]);
  expect(readdirSync(collection.location).sort()).toEqual(['big-request.request.json', 'collection.json']);
});
