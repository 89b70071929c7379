#!/usr/bin/env node
// Collections store bench: a collection of 5,000 requests in 100 folders, in a temp folder.
// Measures, over several runs (min – median – max): opening it (a new store instance + list()),
// reading one request (a different, uncached one each run), saving one changed request, and how many
// files that save wrote (must be 1: the request's own file).
//
//   node bench/collections.mjs [--runs 9]
//
// Plain Node: the TypeScript store is bundled with esbuild (scripts/bundle.mjs), with `electron`
// pointing at the test fake should anything import it (the real package would fetch its binary).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { requireWithFakeElectron } from '../scripts/bundle.mjs';
import { numberArg } from './lib/args.mjs';

const RUNS = numberArg('--runs', 9);
const FOLDERS = 100;
const PER_FOLDER = 50;

const work = mkdtempSync(join(tmpdir(), 'collections-bench-'));
try {
  const { openCollectionsStore } = requireWithFakeElectron('electron/main/collections/store.ts');
  const dataDir = join(work, 'data');

  const body = (folder, n, edit = '') =>
    `${JSON.stringify({ title: `Flat ${folder}-${n}${edit}`, description: 'A bright flat with a balcony. '.repeat(4), price: { value: 350000 + n, currency: 'PLN' }, location: { lat: 52.2297, lon: 21.0122, exact: true } }, null, 2)}\n`;
  const items = Array.from({ length: FOLDERS }, (_, f) => ({
    kind: 'folder',
    name: `Folder ${f + 1}`,
    children: Array.from({ length: PER_FOLDER }, (_, n) => ({
      kind: 'request',
      request: {
        name: `Publish advert ${f + 1}.${n + 1}`,
        method: n % 4 === 0 ? 'GET' : 'POST',
        url: `{{baseUrl}}/advert/v1/${f}-${n}`,
        headers: [
          { name: 'Accept', value: 'application/json', enabled: true, origin: 'default' },
          { name: 'Content-Type', value: 'application/json', enabled: true, origin: 'default' },
        ],
        body: body(f, n),
        auth: { mode: 'inherit' },
        captures: [{ variable: 'advertUuid', path: '$.data.uuid' }],
      },
    })),
  }));

  let t = performance.now();
  const created = openCollectionsStore({ dataDir }).importCollection({
    name: 'Bench',
    variables: [{ name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false }],
    auth: { mode: 'api-key-bearer' },
    items,
  });
  const setupMs = performance.now() - t;
  const requests = created.tree.flatMap((folder) => folder.children);
  const indexBytes = statSync(join(created.location, 'collection.json')).size;

  const times = { open: [], get: [], save: [] };
  const writesPerSave = [];
  let writes = [];
  for (let run = 0; run < RUNS; run++) {
    t = performance.now();
    const store = openCollectionsStore({ dataDir, onWrite: (file) => writes.push(file) });
    const [collection] = store.list();
    times.open.push(performance.now() - t);
    if (collection.tree.length !== FOLDERS || requests.length !== FOLDERS * PER_FOLDER)
      throw new Error('the collection did not open whole');

    const target = requests[(run * 997) % requests.length];
    t = performance.now();
    const doc = store.getRequest(collection.id, target.id);
    times.get.push(performance.now() - t);

    writes = [];
    t = performance.now();
    store.saveRequest(collection.id, { ...doc, body: `${doc.body}// edit ${run}\n` });
    times.save.push(performance.now() - t);
    writesPerSave.push(writes.length);
  }

  const ms = (x) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
  const stats = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return [sorted[0], sorted[Math.floor(sorted.length / 2)], sorted[sorted.length - 1]];
  };
  const rows = [
    ['open collection (new store + list())', ...stats(times.open).map(ms)],
    ['get one request (uncached)', ...stats(times.get).map(ms)],
    ['save one changed request', ...stats(times.save).map(ms)],
    ['files written by that save', ...stats(writesPerSave).map(String)],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['', 'min', 'median', 'max'], ...rows].map((r) => r[i].length)));
  const line = (r) =>
    `${r[0].padEnd(widths[0])}  ${r
      .slice(1)
      .map((c, i) => c.padStart(widths[i + 1]))
      .join('  ')}`;
  console.log(
    `${FOLDERS * PER_FOLDER} requests in ${FOLDERS} folders; collection.json ${(indexBytes / 1024).toFixed(0)} KB; import took ${(setupMs / 1000).toFixed(1)} s; ${RUNS} runs`,
  );
  console.log(line(['', 'min', 'median', 'max']));
  for (const r of rows) console.log(line(r));
  const reread = JSON.parse(readFileSync(join(created.location, 'collection.json'), 'utf8'));
  if (reread.items.length !== FOLDERS) throw new Error('collection.json lost folders');
  if (writesPerSave.some((n) => n !== 1)) {
    console.error('A save of one changed request must write exactly 1 file.');
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
