/**
 * Large downloads through the real dispatch, from the real sandbox on loopback HTTPS, with the body
 * formatted by the real worker thread (built as scripts/build.mjs builds it): a gigabyte arrives whole
 * and its last line is the source's; two downloads at once each move; a body that trickles shows its
 * true rate and stops at once on Cancel; the files go when the app closes. The bench
 * (bench/download.mjs) prints the figures; nothing here is timed.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponseResult, Progress, SendResult } from '../shared/http-types';
import { prettyPrintJson } from '../shared/json';
import { largeItem, startSandbox, type Sandbox } from '../electron/main/sandbox/server';
import { buildWorker } from './support/built-worker';
import { untilFormatted } from './support/formatted-view';
import { openMainWorld, outgoingRequest, type MainWorld } from './support/main-world';
import { FORMAT_WORKER_HEAP_MB } from '../electron/main/response/formatting';

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

let sandbox: Sandbox;
let workerDir: string;
let formatWorkerFile: string;
let world: MainWorld;
let counter = 0;

beforeAll(async () => {
  sandbox = await startSandbox();
  workerDir = mkdtempSync(join(tmpdir(), 'large-downloads-'));
  formatWorkerFile = buildWorker('electron/main/response/format-worker.ts', workerDir);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(workerDir, { recursive: true, force: true });
});
afterEach(async () => {
  await world.close();
});

async function openWorld(): Promise<MainWorld> {
  world = openMainWorld({ sandbox, formatWorkerFile });
  await world.invoke('settings:update', { maxResponseMb: 2048, timeoutMs: 10 * 60 * 1000 });
  return world;
}

function send(path: string): { requestId: string; answer: Promise<SendResult> } {
  const requestId = `large-${++counter}`;
  return {
    requestId,
    answer: world.invoke('request:send', outgoingRequest({ requestId, url: `${sandbox.origin}${path}` })),
  };
}

function asResponse(result: SendResult): HttpResponseResult {
  if (result.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(result).slice(0, 300)}`);
  return result;
}

/** The id of the last item of the sandbox's large document of `bytes` (as electron/main/sandbox/server.ts fills it). */
function lastItemId(bytes: number, pad: number): number {
  let used = '{"items":['.length + '],"last":true}'.length;
  for (let id = 0; ; id++) {
    const next = (id === 0 ? 0 : 1) + largeItem(id, pad).length;
    if (used + next > bytes) return id - 1;
    used += next;
  }
}

/** Every status of the view until its formatting is done. */
const formatted = (viewId: string) => untilFormatted(() => world.invoke('response:formatting', { viewId }));

const progressOf = (requestId: string) => world.invoke('request:progress', { requestId }) as Promise<Progress | null>;

describe('a 1 GB body', () => {
  it(
    'arrives whole, its first and last lines are the source’s, and its files go when the app closes',
    { timeout: 300_000 },
    async () => {
      await openWorld();
      // Items with a long notes string: few lines, so the gigabyte formats in seconds.
      const pad = 16_000;
      const response = asResponse(await send(`/sandbox/v1/large?bytes=${GiB}&pad=${pad}`).answer);
      expect(response.status).toBe(200);
      expect(response.bodyBytes).toBe(GiB);
      expect(response.incomplete).toBeUndefined();
      expect(response.bodyFormat).toBe('json');
      const answered = response.bodyView!;
      // Answered with the first lines while the worker formats the rest: the count grows to the end.
      const statuses = await formatted(answered.viewId);
      const counts = statuses.map((status) => status.lineCount);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      const view = { ...answered, lineCount: counts.at(-1)! };
      if (answered.formatting) expect(answered.formatting).toEqual({ linesSoFar: answered.lineCount, done: false });
      expect(statuses.at(-1)).toMatchObject({ format: 'json', formatting: { done: true, linesSoFar: view.lineCount } });
      const last = lastItemId(GiB, pad);
      // The source's last item and the document's end, pretty-printed as the viewer shows them.
      const tail = prettyPrintJson(`{"items":[${largeItem(last, pad)}],"last":true}`)!
        .split('\n')
        .slice(2);
      const end = await world.invoke('response:lines', {
        viewId: view.viewId,
        from: view.lineCount - tail.length,
        count: tail.length,
      });
      expect(end.lineCount).toBe(view.lineCount);
      expect(end.lines.map((line) => line.text + (line.cut ? `…${line.cut}` : ''))).toEqual(
        tail.map((line) => (line.length > 10_000 ? `${line.slice(0, 10_000)}…${line.length - 10_000}` : line)),
      );
      expect(view.firstLines.slice(0, 4).map((line) => line.text)).toEqual([
        '{',
        '  "items": [',
        '    {',
        '      "id": 0,',
      ]);
      const found = await world.invoke('response:search', {
        viewId: view.viewId,
        jobId: 'find-last',
        query: `"Apartment ${last}:`,
        caseSensitive: true,
      });
      expect(found.total).toBe(1);
      expect(found.matches[0]!.line).toBe(view.lineCount - tail.length + 2);
      // Written once: the body and its lines, no more than 2.5 times the body.
      const responses = join(world.dataDir, 'responses');
      const disk = readdirSync(responses).reduce((sum, name) => sum + statSync(join(responses, name)).size, 0);
      expect(disk).toBeLessThanOrEqual(2.5 * GiB);
      await world.services.dispose();
      expect(existsSync(responses)).toBe(false);
    },
  );
});

describe('closing the app mid-download', () => {
  it('cancels the send, stops its formatting worker and leaves no file behind', { timeout: 120_000 }, async () => {
    await openWorld();
    const workers: Worker[] = [];
    // The formatting workers, told from others by their heap limit.
    const onWorker = (worker: Worker) => {
      if (worker.resourceLimits?.maxOldGenerationSizeMb === FORMAT_WORKER_HEAP_MB) workers.push(worker);
    };
    process.on('worker', onWorker);
    try {
      const { requestId, answer } = send(`/sandbox/v1/large?bytes=${512 * MiB}`);
      // Past the in-memory part: on disk, and being formatted.
      await expect
        .poll(async () => (await progressOf(requestId))?.doneBytes ?? 0, { timeout: 60_000 })
        .toBeGreaterThan(8 * MiB);
      expect(workers.length).toBeGreaterThan(0);
      await world.services.dispose();
      expect(await answer).toMatchObject({ kind: 'network-error', code: 'cancelled' });
      expect(existsSync(join(world.dataDir, 'responses'))).toBe(false);
      // Every worker the send started has ended.
      await expect.poll(() => workers.every((worker) => worker.threadId === -1), { timeout: 10_000 }).toBe(true);
    } finally {
      process.off('worker', onWorker);
    }
  });
});

describe('large downloads at the same time', () => {
  it('each progress, and each arrives whole', { timeout: 120_000 }, async () => {
    await openWorld();
    const size = 64 * MiB;
    const a = send(`/sandbox/v1/large?bytes=${size}&pad=1000`);
    const b = send(`/sandbox/v1/large?bytes=${size}&pad=1000`);
    // Seen at once: both under way, neither finished.
    await expect
      .poll(
        async () => {
          const [pa, pb] = await Promise.all([progressOf(a.requestId), progressOf(b.requestId)]);
          return [pa, pb].every((p) => p !== null && p.doneBytes > MiB && p.doneBytes < size);
        },
        { timeout: 60_000, interval: 20 },
      )
      .toBe(true);
    for (const answer of await Promise.all([a.answer, b.answer])) {
      const response = asResponse(answer);
      expect(response.bodyBytes).toBe(size);
      const { viewId } = response.bodyView!;
      const { lineCount } = (await formatted(viewId)).at(-1)!;
      const end = await world.invoke('response:lines', { viewId, from: lineCount - 2, count: 2 });
      expect(end.lines.map((line) => line.text)).toEqual(['  "last": true', '}']);
    }
  });
});

describe('a body that trickles', () => {
  it('shows its bytes and its true rate, and Cancel ends it at once', { timeout: 60_000 }, async () => {
    await openWorld();
    const { requestId, answer } = send(`/sandbox/v1/large?bytes=${5 * MiB}&rate=10240`);
    await expect
      .poll(async () => (await progressOf(requestId))?.doneBytes ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(20_000);
    const progress = (await progressOf(requestId))!;
    expect(progress).toMatchObject({ phase: 'receiving', totalBytes: 5 * MiB });
    // About 10 KB a second: nowhere near the loopback's speed, and not nothing.
    expect(progress.bytesPerSecond).toBeGreaterThan(2_000);
    expect(progress.bytesPerSecond).toBeLessThan(50_000);
    expect(await world.invoke('request:cancel', { requestId })).toEqual({ cancelled: true });
    expect(await answer).toMatchObject({ kind: 'network-error', code: 'cancelled' });
    expect(await progressOf(requestId)).toBeNull();
  });
});

describe('a JSONPath filter on a 1 GB body', () => {
  it('scans it with progress and bounded memory, and selects what the sandbox sent', { timeout: 300_000 }, async () => {
    const filterWorkerFile = buildWorker('electron/main/response/filter-worker.ts', workerDir);
    world = openMainWorld({ sandbox, formatWorkerFile, filterWorkerFile });
    await world.invoke('settings:update', { maxResponseMb: 2048, timeoutMs: 10 * 60 * 1000 });
    const pad = 16_000;
    const response = asResponse(await send(`/sandbox/v1/large?bytes=${GiB}&pad=${pad}`).answer);
    expect(response.bodyBytes).toBe(GiB);
    await formatted(response.bodyView!.viewId);
    const last = lastItemId(GiB, pad);
    const source = JSON.parse(largeItem(last, pad)) as { id: number; price: number };

    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
    const filter = async (expression: string, jobId: string) => {
      const progress: Progress[] = [];
      const poller = setInterval(() => {
        void world.invoke('response:progress', { jobId }).then((p) => p && progress.push(p));
      }, 100);
      try {
        const result = await world.invoke('response:filter', { responseId: response.responseId!, jobId, expression });
        const { lineCount } = (await formatted(result.view.viewId)).at(-1)!;
        const { lines } = await world.invoke('response:lines', {
          viewId: result.view.viewId,
          from: 0,
          count: lineCount,
        });
        return {
          count: result.count,
          values: JSON.parse(lines.map((line) => line.text).join('\n')) as unknown,
          progress,
        };
      } finally {
        clearInterval(poller);
      }
    };
    try {
      const rssBefore = process.memoryUsage.rss();
      const lastId = await filter('$.items[-1].id', 'filter-last');
      expect(lastId).toMatchObject({ count: 1, values: [last] });
      // The scan reports the bytes it has read of the whole body, on its way to the end.
      const scanned = lastId.progress.filter((p) => p.phase === 'filtering' && p.totalBytes === GiB);
      expect(scanned.length).toBeGreaterThan(0);
      expect(scanned.some((p) => p.doneBytes > 0 && p.doneBytes < GiB)).toBe(true);

      const priced = await filter(`$.items[?@.id >= ${last - 1}].price`, 'filter-tested');
      expect(priced).toMatchObject({ count: 2, values: [JSON.parse(largeItem(last - 1, pad)).price, source.price] });
      expect(await filter('$.last', 'filter-end')).toMatchObject({ count: 1, values: [true] });
      // Far below the body's size: the old filter held the gigabyte as text and as a parsed tree.
      expect(peakRss - rssBefore).toBeLessThan(100 * MiB);
    } finally {
      clearInterval(sampler);
    }
  });
});
