import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileJsonPath, JsonPathSyntaxError } from '../../../shared/jsonpath-query';
import {
  filterInThisThread,
  ROOT_FILTER_MAX_BYTES,
  runJsonPathFilter,
  WORKER_HEAP_MB,
  type FilterOptions,
  type FilterProgress,
} from './filter';

let dir: string;
/** A ~40 MB body: big enough that reading and parsing it are still going when a test stops it. */
let largeFile: string;
const LARGE_ITEMS = 160_000;

const adverts = {
  transaction_id: 't-1',
  data: [
    {
      uuid: 'a',
      title: 'Flat in Warszawa',
      price: { value: 90, currency: 'PLN' },
      images: [{ url: 'https://img/a.jpg' }],
    },
    { uuid: 'b', title: 'Flat in Kraków', price: { value: 150, currency: 'EUR' } },
    { uuid: 'c', title: 'House in Gdańsk', price: { value: 990, currency: 'PLN' }, images: [] },
  ],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jsonpath-filter-'));
  const items: string[] = [];
  for (let i = 0; i < LARGE_ITEMS; i++) {
    items.push(
      JSON.stringify({
        id: i,
        title: `Flat number ${i}`,
        description: 'Bright apartment close to the park, with a balcony and a garage. '.repeat(3),
        price: { value: i % 1000, currency: 'PLN' },
        images: [{ url: `https://img.example/${i}/1.jpg` }, { url: `https://img.example/${i}/2.jpg` }],
      }),
    );
  }
  largeFile = join(dir, 'large.json');
  writeFileSync(largeFile, `{"items":[${items.join(',')}]}`);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function bodyFile(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('It resolved.');
}

const missingWorker = (): string => join(dir, 'no-such-worker.cjs');

let resultsMade = 0;
/** A fresh path for a filter's results file. */
const nextResults = (): string => join(dir, `results-${++resultsMade}.json`);

/** runJsonPathFilter into a fresh results file; resolves with the file's text and the count. */
async function filtered(options: Omit<FilterOptions, 'resultsPath'>): Promise<{ json: string; count: number }> {
  const resultsPath = nextResults();
  const run = await runJsonPathFilter({ ...options, resultsPath });
  const json = readFileSync(resultsPath, 'utf8');
  expect(run.bytes).toBe(Buffer.byteLength(json));
  return { json, count: run.count };
}

describe('runJsonPathFilter in this thread (no built worker)', () => {
  it('filters a file, skipping a BOM, and reports each phase', async () => {
    const file = bodyFile('adverts.json', `\uFEFF${JSON.stringify(adverts, null, 2)}`);
    const progress: FilterProgress[] = [];
    const run = await filtered({
      file,
      expression: '$.data[?@.price.value > 100].uuid',
      onProgress: (p) => progress.push(p),
    });
    expect(run).toEqual({ json: '["b","c"]', count: 2 });
    // Streamed: scanning the bytes is the whole of the work.
    expect([...new Set(progress.map((p) => p.phase))]).toEqual(['reading', 'writing']);
    const reading = progress.filter((p) => p.phase === 'reading');
    expect(reading[0]).toMatchObject({ doneBytes: 0 });
    expect(reading.at(-1)!.doneBytes).toBe(reading.at(-1)!.totalBytes);
  });

  it('loads the body whole, phase by phase, for a filter that refers to $', async () => {
    const file = bodyFile('adverts-root.json', `\uFEFF${JSON.stringify({ limit: 100, ...adverts })}`);
    const progress: FilterProgress[] = [];
    const run = await filtered({
      file,
      expression: '$.data[?@.price.value > $.limit].uuid',
      onProgress: (p) => progress.push(p),
    });
    expect(run).toEqual({ json: '["b","c"]', count: 2 });
    expect([...new Set(progress.map((p) => p.phase))]).toEqual(['reading', 'parsing', 'querying', 'writing']);
  });

  it('refuses a filter that refers to $ on a body too large to load whole, before reading it', async () => {
    const file = join(dir, 'sparse-large.json');
    writeFileSync(file, '');
    truncateSync(file, ROOT_FILTER_MAX_BYTES + 1);
    const progress: FilterProgress[] = [];
    const error = await rejection(
      filtered({ file, expression: '$.data[?@.id == $.pick]', onProgress: (p) => progress.push(p) }),
    );
    expect(error.message).toBe(
      'This filter refers to the whole body with $ inside [?…], which needs the whole body in memory, and the body is larger than 256 MiB; use paths from @ only, e.g. [?@.price.value > 100], or write the value itself instead of the $ path.',
    );
    expect(progress).toEqual([]);
  });

  it('reads a body in another charset, and a UTF-16 one with its BOM', async () => {
    const latin = bodyFile('latin1.json', Buffer.from('{"city":"Gda\xf1sk","t":["caf\xe9"]}', 'latin1'));
    expect(await filtered({ file: latin, encoding: 'windows-1252', expression: '$..*' })).toEqual({
      json: JSON.stringify(['Gdañsk', ['café'], 'café']),
      count: 3,
    });
    const utf16 = bodyFile('utf16.json', Buffer.from('\uFEFF{"a":["Kraków","😀"]}', 'utf16le'));
    expect(await filtered({ file: utf16, encoding: 'utf-16le', expression: '$.a[-1]' })).toEqual({
      json: '["😀"]',
      count: 1,
    });
  });

  it('filters text kept in memory', async () => {
    const run = await filtered({
      text: JSON.stringify(adverts),
      expression: "$.data[?match(@.title, 'Flat.*')]",
    });
    expect(run.count).toBe(2);
    expect(JSON.parse(run.json)).toEqual([adverts.data[0], adverts.data[1]]);
    expect(await filtered({ text: '\uFEFF[1,2,3]', expression: '$[-1]' })).toEqual({ json: '[3]', count: 1 });
    expect(await filtered({ text: '{"a":1}', expression: '$.b' })).toEqual({ json: '[]', count: 0 });
    expect(await filtered({ text: '"x"', expression: '$' })).toEqual({ json: '["x"]', count: 1 });
  });

  it('gives the same text as JSON.stringify of the results', async () => {
    const text = JSON.stringify({ a: [{ b: 'é"\\\n' }, null, 1.5, { c: [true, false] }] });
    const run = await filtered({ text, expression: '$..*' });
    expect(run.json).toBe(
      JSON.stringify([
        [{ b: 'é"\\\n' }, null, 1.5, { c: [true, false] }],
        { b: 'é"\\\n' },
        null,
        1.5,
        { c: [true, false] },
        'é"\\\n',
        [true, false],
        true,
        false,
      ]),
    );
  });

  it('writes many results in their order, in order or sorted', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: i, tags: [`t${i}`] }));
    const text = JSON.stringify({ items });
    expect(await filtered({ text, expression: '$.items[*].id' })).toEqual({
      json: JSON.stringify(items.map((item) => item.id)),
      count: 10_000,
    });
    // run() gives the root's own id first, though it comes last in the body.
    const last = JSON.stringify({ items, id: -1 });
    const run = await filtered({ text: last, expression: '$..id' });
    expect(run.json).toBe(JSON.stringify(compileJsonPath('$..id').run(JSON.parse(last))));
    expect(JSON.parse(run.json).slice(0, 3)).toEqual([-1, 0, 1]);
    expect(run.count).toBe(10_001);
  });

  it('refuses a bad expression at once, before reading the body', async () => {
    const progress: FilterProgress[] = [];
    const error = await rejection(
      filtered({
        file: join(dir, 'not-there.json'),
        expression: '$.data.',
        onProgress: (p) => progress.push(p),
      }),
    );
    expect(error).toBeInstanceOf(JsonPathSyntaxError);
    expect(error.message).toBe('Expected a name or * after . at character 7 in “$.data.”; the expression ends there.');
    expect(progress).toEqual([]);
  });

  it('says when the body is not JSON', async () => {
    const error = await rejection(filtered({ file: bodyFile('broken.json', '{"data": [1, 2,'), expression: '$.data' }));
    expect(error.message).toBe(
      'The body is not valid JSON, so it cannot be filtered: it ends early, at byte offset 15, inside an array.',
    );
    const html = await rejection(filtered({ text: '<html><body>502 Bad Gateway</body></html>', expression: '$' }));
    expect(html.message).toBe(
      'The body is not valid JSON, so it cannot be filtered: Expected a JSON value but found “<” at byte offset 0.',
    );
    const rooted = await rejection(filtered({ text: '{"a": [1,}', expression: '$[?$.a]' }));
    expect(rooted.message).toMatch(/^The body is not valid JSON, so it cannot be filtered: .+\.$/);
    expect(rooted.message).not.toMatch(/\.\.$/);
  });

  it('says when the body is empty or gone', async () => {
    expect((await rejection(filtered({ text: ' \n', expression: '$' }))).message).toBe(
      'The body is empty, so there is nothing to filter.',
    );
    expect((await rejection(filtered({ file: join(dir, 'gone.json'), expression: '$' }))).message).toBe(
      'The body is no longer on disk, so it cannot be filtered; send the request again.',
    );
    expect((await rejection(filtered({ file: dir, expression: '$' }))).message).toMatch(
      /^The body could not be read, so it cannot be filtered: .+\.$/,
    );
  });

  it('says when a selected value nests too deeply to be written', async () => {
    const depth = 200_000;
    const error = await rejection(
      filtered({ text: `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`, expression: '$.a' }),
    );
    expect(error.message).toBe('A selected value nests too deeply to be written as JSON.');
    expect(
      await filtered({ text: `{"a":${'['.repeat(depth)}${']'.repeat(depth)},"b":1}`, expression: '$..b' }),
    ).toEqual({ json: '[1]', count: 1 });
  });

  it('refuses a result larger than maxResultChars', async () => {
    const text = JSON.stringify({ items: Array.from({ length: 100 }, (_, i) => ({ id: i, text: 'x'.repeat(100) })) });
    const error = await rejection(filtered({ text, expression: '$.items[*]', maxResultChars: 5000 }));
    expect(error.message).toBe(
      'The filter selected too much to show (more than 5,000 bytes of JSON); narrow the expression, e.g. with a filter such as [?@.price.value > 100] or by picking fields such as .id.',
    );
    const narrowed = await filtered({ text, expression: '$.items[*].id', maxResultChars: 5000 });
    expect(narrowed.count).toBe(100);
    const exact = await filtered({ text: '[12345]', expression: '$[0]', maxResultChars: 7 });
    expect(exact.json).toBe('[12345]');
    await expect(filtered({ text: '[123456]', expression: '$[0]', maxResultChars: 7 })).rejects.toThrow(/too much/);
  });

  it('needs either a file or text', async () => {
    await expect(filtered({ expression: '$' })).rejects.toThrow(TypeError);
    await expect(filtered({ expression: '$', text: '1', file: 'x' })).rejects.toThrow(TypeError);
  });

  it('stops with an AbortError when the signal is already set', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(filtered({ text: '[1]', expression: '$', signal: controller.signal }));
    expect(error.name).toBe('AbortError');
  });

  it('stops between chunks while reading a large file', async () => {
    const controller = new AbortController();
    const phases: string[] = [];
    const started = performance.now();
    const error = await rejection(
      filtered({
        file: largeFile,
        expression: '$.items[*].id',
        signal: controller.signal,
        workerFile: missingWorker(),
        onProgress: (p) => {
          phases.push(p.phase);
          if (p.phase === 'reading' && p.doneBytes > 0) setTimeout(() => controller.abort(), 0);
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(phases).not.toContain('querying');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops inside the in-memory query of a filter that refers to $ when the signal is set once it starts', async () => {
    const controller = new AbortController();
    const phases: string[] = [];
    const error = await rejection(
      filtered({
        file: largeFile,
        expression: '$..[?$.items].url',
        signal: controller.signal,
        workerFile: missingWorker(),
        onProgress: (p) => {
          phases.push(p.phase);
          if (p.phase === 'querying') controller.abort();
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(phases.at(-1)).toBe('querying');
  });

  it('filterInThisThread checks a plain { aborted } flag between chunks of text', async () => {
    let reads = 0;
    const signal = {
      get aborted() {
        reads++;
        return reads > 1;
      },
    };
    const text = JSON.stringify(Array.from({ length: 400_000 }, (_, i) => i));
    const error = await rejection(
      filterInThisThread({ text, expression: '$[?@ >= 0]', resultsPath: nextResults() }, { signal }),
    );
    expect(error.name).toBe('AbortError');
  });

  it('filterInThisThread checks a plain { aborted } flag inside the query', async () => {
    let reads = 0;
    const signal = {
      get aborted() {
        reads++;
        return reads > 10;
      },
    };
    const error = await rejection(
      filterInThisThread(
        {
          text: JSON.stringify(Array.from({ length: 200_000 }, (_, i) => i)),
          expression: '$[?@ >= $[0]]',
          resultsPath: nextResults(),
        },
        { signal },
      ),
    );
    expect(error.name).toBe('AbortError');
  });
});

describe('runJsonPathFilter in a worker thread', () => {
  let workerFile: string;

  /**
   * Settles when the next filter worker this process starts has exited, which is after its last
   * messages were delivered. (esbuild runs a worker of its own: the filter's is told by its heap limit.)
   */
  const filterWorkerExit = () =>
    new Promise<void>((resolve) => {
      const onWorker = (worker: Worker) => {
        if (worker.resourceLimits?.maxOldGenerationSizeMb !== WORKER_HEAP_MB) return;
        process.off('worker', onWorker);
        worker.once('exit', () => resolve());
      };
      process.on('worker', onWorker);
    });

  beforeAll(() => {
    // Built the way scripts/build.mjs builds it (CommonJS bundle), into a temp folder.
    workerFile = join(dir, 'filter-worker.cjs');
    buildSync({
      entryPoints: [join(import.meta.dirname, 'filter-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: workerFile,
      logLevel: 'silent',
    });
  });

  const inWorker = (options: Omit<FilterOptions, 'workerFile' | 'resultsPath'>) => filtered({ ...options, workerFile });

  it('filters a file and reports progress from the worker', async () => {
    const file = bodyFile('adverts-worker.json', JSON.stringify(adverts));
    const progress: FilterProgress[] = [];
    const run = await inWorker({
      file,
      expression: '$.data[?@.price.value > 100].uuid',
      onProgress: (p) => progress.push(p),
    });
    expect(run).toEqual({ json: '["b","c"]', count: 2 });
    expect([...new Set(progress.map((p) => p.phase))]).toEqual(['reading', 'writing']);
  });

  it('filters text and a large file', async () => {
    expect(await inWorker({ text: '{"a":[1,2,3]}', expression: '$.a[1:]' })).toEqual({ json: '[2,3]', count: 2 });
    const run = await inWorker({ file: largeFile, expression: '$.items[?@.price.value > 997].id' });
    expect(run.count).toBe((LARGE_ITEMS / 1000) * 2);
    expect(JSON.parse(run.json).slice(0, 3)).toEqual([998, 999, 1998]);
  }, 60_000);

  it('masks the secrets in the results file as the worker writes it', async () => {
    // A secret the body held escaped (+ as \u002B), decoded plainly by the filter.
    const text = `{"a":["AbC\\u002BdEf/Gh==", ${'1, '.repeat(400_000)}"x AbC\\u002BdEf/Gh== y"]}`;
    const run = await inWorker({ text, expression: '$.a[0,-1]', secrets: ['AbC+dEf/Gh=='] });
    expect(run).toEqual({ json: '["••••","x •••• y"]', count: 2 });
  });

  it('passes on the worker’s user-facing failures', async () => {
    const error = await rejection(inWorker({ text: '{"a":', expression: '$.a' }));
    expect(error.message).toMatch(/^The body is not valid JSON, so it cannot be filtered: /);
    const tooMuch = await rejection(inWorker({ text: '["aaaaaaaaaa"]', expression: '$[0]', maxResultChars: 5 }));
    expect(tooMuch.message).toMatch(/^The filter selected too much to show/);
  });

  it('refuses a bad expression without starting the worker', async () => {
    const error = await rejection(
      filtered({ text: '[]', expression: '$[?@.a = 1]', workerFile: join(dir, 'never-started.cjs') }),
    );
    expect(error.message).toMatch(/^Compare with ==, not = at character 8/);
  });

  it('terminates the worker at once when the signal aborts mid-scan', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    let abortedAt = 0;
    const exited = filterWorkerExit();
    const error = await rejection(
      inWorker({
        file: largeFile,
        expression: '$..url',
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.phase);
          if (p.phase === 'reading' && p.doneBytes > 0 && !controller.signal.aborted) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(performance.now() - abortedAt).toBeLessThan(250);
    const countAtAbort = seen.length;
    await exited;
    expect(seen.length).toBe(countAtAbort);
    expect(seen.at(-1)).toBe('reading');
  }, 60_000);

  it('rejects with a sentence, never hangs, when the worker dies', async () => {
    const exits = join(dir, 'exits.cjs');
    writeFileSync(exits, 'process.exit(3);');
    const exited = await rejection(filtered({ text: '[]', expression: '$', workerFile: exits }));
    expect(exited.message).toBe(
      'The filter stopped unexpectedly (its worker exited with code 3) before giving a result; try again.',
    );

    const throws = join(dir, 'throws.cjs');
    writeFileSync(throws, 'throw new Error("boom");');
    const thrown = await rejection(filtered({ text: '[]', expression: '$', workerFile: throws }));
    expect(thrown.message).toBe('The filter failed unexpectedly: boom.');

    const silent = join(dir, 'silent.cjs');
    writeFileSync(silent, '// ends without a word');
    const ended = await rejection(filtered({ text: '[]', expression: '$', workerFile: silent }));
    expect(ended.message).toMatch(/exited with code 0/);
  });

  it('reports running out of memory as a sentence', async () => {
    const hog = join(dir, 'hog.cjs');
    // Holds ever more memory, as parsing a huge body does, until the worker's heap limit stops it.
    writeFileSync(hog, 'const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length));');
    const error = await rejection(filtered({ text: '[]', expression: '$', workerFile: hog, workerHeapMb: 64 }));
    expect(error.message).toBe(
      'The filter ran out of memory (it may use 64 MiB), so the body is too large to filter this way; try a smaller response or a narrower expression.',
    );
  });

  it('gives the worker a heap sized for a 200 MB body, below the 4 GiB Electron shares per process', () => {
    expect(WORKER_HEAP_MB).toBeGreaterThanOrEqual(2048);
    expect(WORKER_HEAP_MB).toBeLessThanOrEqual(3072);
  });
});
