/**
 * Large imports through the real dispatch: the file is parsed and converted in the built import
 * worker (bundled here as scripts/build.mjs bundles it), progress is reported on import:progress,
 * the main process's event loop keeps running meanwhile, and import:cancel stops it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../shared/collections';
import type { ImportProgress } from '../../../shared/import-progress';
import { largeOpenApi, largePostman } from '../../../test/support/large-documents.mjs';
import { openMainWorld, type MainWorld } from '../../../test/support/main-world';
import { IN_THREAD_MAX_CHARS, runImport } from './import-job';

const MB = 1024 * 1024;
let dir: string;
let world: MainWorld;
let yamlText: string;
let yamlPaths: number;

/** Settles when the next worker thread this process starts has exited (after its last message). */
const nextWorkerExit = () =>
  new Promise<void>((resolve) => {
    const onWorker = (worker: Worker) => {
      if (worker.resourceLimits?.maxOldGenerationSizeMb !== 1024) return;
      process.off('worker', onWorker);
      worker.once('exit', () => resolve());
    };
    process.on('worker', onWorker);
  });

/** The longest gap between ticks of a 10 ms timer while `work` runs: how long the event loop was blocked. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    return { value: await work(), stallMs };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-job-'));
  const importWorkerFile = join(dir, 'import-worker.cjs');
  buildSync({
    entryPoints: [join(import.meta.dirname, 'import-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: importWorkerFile,
    logLevel: 'silent',
  });
  world = openMainWorld({ importWorkerFile });
  const doc = largeOpenApi(2 * MB);
  yamlPaths = Object.keys(doc.paths).length;
  yamlText = stringify(doc);
});
afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a large import through import:preview with a job id', () => {
  it('reads a large OpenAPI YAML in the worker, reports progress, and keeps the main process responsive', async () => {
    const seen: ImportProgress[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const progress = await world.value<ImportProgress | null>('import:progress', { jobId: 'big-yaml' });
        if (progress) seen.push(progress);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const { value: preview, stallMs } = await longestStall(() =>
      world.value<ImportPreview>('import:preview', { text: yamlText, fileName: 'large.yaml', jobId: 'big-yaml' }),
    );
    polling = false;
    await poll;
    expect(preview.format).toBe('OpenAPI 3.0');
    expect(preview.collections).toEqual([{ name: 'Large API', requests: 2 * yamlPaths, folders: 40 }]);
    // Parsing (one step: js-yaml says nothing until it is done), then converting as it goes, never going back.
    expect(seen.some((p) => p.phase === 'parsing')).toBe(true);
    expect(seen.filter((p) => p.phase === 'converting' && p.fraction < 1).length).toBeGreaterThan(1);
    expect(seen.map((p) => p.fraction)).toEqual([...seen.map((p) => p.fraction)].sort((a, b) => a - b));
    // In this thread the parse alone blocks for over a second.
    expect(stallMs).toBeLessThan(400);
    expect(await world.value('import:progress', { jobId: 'big-yaml' })).toBeNull();
  }, 60_000);

  it('a Postman collection of 4 MB is read in the worker too', async () => {
    const exited = nextWorkerExit();
    const collection = largePostman(4 * MB);
    const text = JSON.stringify(collection);
    const preview = await world.value<ImportPreview>('import:preview', {
      text,
      fileName: 'large.postman_collection.json',
      jobId: 'big-json',
    });
    await exited;
    expect(preview.collections).toEqual([
      { name: 'Large collection', requests: collection.item.length * 20, folders: collection.item.length },
    ]);
  }, 60_000);

  it('import:cancel stops the worker at once; the preview fails with a sentence and nothing is kept', async () => {
    const exited = nextWorkerExit();
    const answer = world.call('import:preview', { text: yamlText, fileName: 'large.yaml', jobId: 'to-cancel' });
    // Cancelled mid-import: once the worker has said it has parsed the document.
    const progressOf = () => world.value<ImportProgress | null>('import:progress', { jobId: 'to-cancel' });
    while (!((await progressOf())?.fraction ?? 0)) await new Promise((resolve) => setTimeout(resolve, 5));
    const cancelledAt = performance.now();
    expect(await world.value('import:cancel', { jobId: 'to-cancel' })).toEqual({ cancelled: true });
    expect(await answer).toEqual({ ok: false, error: 'Import cancelled.' });
    expect(performance.now() - cancelledAt).toBeLessThan(500);
    await exited;
    expect(await world.value('import:progress', { jobId: 'to-cancel' })).toBeNull();
    expect(await world.value('import:cancel', { jobId: 'to-cancel' })).toEqual({ cancelled: false });
  }, 60_000);

  it("a bad large file gets the importer's sentence from the worker", async () => {
    const answer = await world.call('import:preview', {
      text: `${yamlText}\n  - [unclosed`,
      fileName: 'large.yaml',
      jobId: 'bad',
    });
    const sentence = /^This file is not valid YAML \(.+ at line \d+, column \d+\), so it cannot be imported\.$/;
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(sentence) });
  }, 60_000);
});

describe('runImport: which thread', () => {
  it('reads a small file in this thread, a larger one in the worker (and says so when the worker dies)', async () => {
    const exits = join(dir, 'exits.cjs');
    writeFileSync(exits, 'process.exit(3);');
    const curl = `curl https://api.example.com/x -H 'X-Note: ${'n'.repeat(1000)}'`;
    expect((await runImport({ text: curl }, { workerFile: exits })).format).toBe('cURL command');
    const large = `curl https://api.example.com/x -H 'X-Note: ${'n'.repeat(IN_THREAD_MAX_CHARS)}'`;
    await expect(runImport({ text: large }, { workerFile: exits })).rejects.toThrow(
      'The import stopped unexpectedly (its worker exited with code 3) before giving a result; try again.',
    );
  });
});
