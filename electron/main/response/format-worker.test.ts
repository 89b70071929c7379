/**
 * The response store with its formatting worker thread (built as scripts/build.mjs builds it), over
 * a real loopback HTTPS server: what is kept and shown is what the whole pretty text would be, the
 * secrets are masked however the body is cut (network chunks, the in-memory part's end, the pieces
 * the worker reads), and the files go with the response.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponseResult, NetworkErrorResult } from '../../../shared/http-types';
import { prettyPrintJson } from '../../../shared/json';
import { buildWorker } from '../../../test/support/built-worker';
import { startHttpsServer, type Handler, type TestServer } from '../../../test/support/https-servers';
import { createHttpClient, type HttpClient, type SendOptions } from '../http/client';
import { buildTrustedCas } from '../http/trust';
import { createCertificateAuthority } from '../tls/certificates';
import { untilFormatted } from '../../../test/support/formatted-view';
import { readLines, searchView, viewStatus } from './body-jobs';
import { openResponseStore, type ResponseStore } from './store';
import { FORMAT_WORKER_HEAP_MB } from './formatting';
import { progressiveLines } from './progressive-lines';
import { createRawFormatter, type FormatProgress } from './raw-formatter';

const ca = createCertificateAuthority('Format worker test CA');
const serverCert = ca.issue({ hosts: ['127.0.0.1'] });
const trusted = buildTrustedCas({ extraPems: [ca.certPem], env: {} }).cas;
const INLINE = 64 * 1024;
const MiB = 1024 * 1024;
/** As long as its mask ("••••", 12 bytes of UTF-8), so the masked body keeps the same offsets. */
const SECRET = 'sk-live-0a1b';
const MASK = '••••';

let workerDir: string;
let workerFile: string;
let dataDir: string;
let store: ResponseStore;
let client: HttpClient;
let server: TestServer | null = null;
/** Formatting workers started so far (told from esbuild's own by their heap limit). */
const started: Worker[] = [];
const onWorker = (worker: Worker) => {
  if (worker.resourceLimits?.maxOldGenerationSizeMb === FORMAT_WORKER_HEAP_MB) started.push(worker);
};

beforeAll(() => {
  workerDir = mkdtempSync(join(tmpdir(), 'format-worker-'));
  workerFile = buildWorker('electron/main/response/format-worker.ts', workerDir);
  client = createHttpClient({ getTrustedCas: () => trusted });
  process.on('worker', onWorker);
});
afterAll(() => {
  process.off('worker', onWorker);
  client.close();
  rmSync(workerDir, { recursive: true, force: true });
});

function freshStore(keepResponses?: number) {
  dataDir = mkdtempSync(join(tmpdir(), 'format-worker-data-'));
  store = openResponseStore({
    dir: join(dataDir, 'responses'),
    inlineLimitBytes: INLINE,
    keepResponses,
    formatWorkerFile: workerFile,
  });
}

afterEach(async () => {
  await server?.close();
  server = null;
  await store.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const responsesDir = () => join(dataDir, 'responses');

async function serve(handler: Handler): Promise<string> {
  server = await startHttpsServer(serverCert, handler);
  return server.origin;
}

let counter = 0;
async function get(url: string, secrets: string[] = [], extra: Partial<SendOptions> = {}) {
  const result: HttpResponseResult | NetworkErrorResult = await client.send(
    { requestId: `w${++counter}`, method: 'GET', url, headers: [], body: '' },
    { timeoutMs: 30_000, sink: (head) => store.sink(head, secrets), ...extra },
  );
  if (result.kind !== 'response') throw new Error(`expected a response, got ${result.code}: ${result.message}`);
  return result;
}

/** Sends `text` in the pieces cut at `cuts` (byte offsets), each after a pause so it comes as a chunk of its own. */
const sendInPieces =
  (text: string, cuts: number[] = []): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const bytes = Buffer.from(text, 'utf8');
    const ends = [...cuts.filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b), bytes.length];
    let at = 0;
    const next = () => {
      const end = ends.shift();
      if (end === undefined) return void res.end();
      res.write(bytes.subarray(at, end));
      at = end;
      setTimeout(next, 15);
    };
    next();
  };

/** The view's status once every line is formatted. */
const formatted = async (viewId: string) => (await untilFormatted(() => viewStatus({ store }, { viewId }))).at(-1)!;

/** Every line of the view, once it is formatted. */
async function allLines(viewId: string): Promise<string[]> {
  await formatted(viewId);
  const out: string[] = [];
  for (let from = 0; ; from += 5000) {
    const page = await readLines({ store }, { viewId, from, count: 5000 });
    out.push(...page.lines.map((l) => l.text));
    if (from + 5000 >= page.lineCount) return out;
  }
}

/** {"items":["xxx…", …]} of about `bytes`, each string 98 x's. */
function filler(bytes: number): string {
  const item = `"${'x'.repeat(98)}"`;
  return `{"items":[${Array.from({ length: Math.ceil(bytes / 101) }, () => item).join(',')}]}`;
}

/** `text` with SECRET written over x's so that it straddles each offset in `across`; returns the text and where each secret starts. */
function withSecretsAcross(text: string, across: number[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let out = text;
  for (const offset of across) {
    // The first start that keeps the secret across the offset and inside one run of x's.
    for (let start = offset - SECRET.length + 1; start < offset; start++) {
      if (/^x+$/.test(out.slice(start, start + SECRET.length))) {
        out = out.slice(0, start) + SECRET + out.slice(start + SECRET.length);
        starts.push(start);
        break;
      }
    }
  }
  expect(starts).toHaveLength(across.length);
  return { text: out, starts };
}

describe('a large body formatted in the worker thread', () => {
  it('gives the lines of the whole pretty text, from a worker', async () => {
    freshStore();
    const text = JSON.stringify({
      items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `item ${i} — żółć`, tags: i % 3 ? ['a'] : [] })),
      last: true,
    });
    const before = started.length;
    const response = await get(await serve(sendInPieces(text)));
    expect(started.length).toBe(before + 1);
    expect(response.bodyFormat).toBe('json');
    const final = await formatted(response.bodyView!.viewId);
    expect(final).toMatchObject({ format: 'json', lineCount: prettyPrintJson(text)!.split('\n').length });
    expect(await allLines(response.bodyView!.viewId)).toEqual(prettyPrintJson(text)!.split('\n'));
  });

  it('masks a secret cut across network chunks, the end of the in-memory part and the worker’s reads', async () => {
    freshStore();
    // Across the in-memory part's end, and across the first MiBs (where the worker's reads of 1 MiB may fall).
    const { text, starts } = withSecretsAcross(filler(3.2 * MiB), [INLINE, MiB, 2 * MiB, 3 * MiB]);
    // Each secret is also cut in two by the server: its halves come in separate chunks.
    const response = await get(
      await serve(
        sendInPieces(
          text,
          starts.map((s) => s + 6),
        ),
      ),
      [SECRET],
    );
    const viewId = response.bodyView!.viewId;
    const lines = await allLines(viewId);
    expect(lines).toEqual(prettyPrintJson(text.replaceAll(SECRET, MASK))!.split('\n'));
    expect(lines.filter((line) => line.includes(MASK))).toHaveLength(4);
    expect(
      (await searchView({ store, jobs: new Map() }, { viewId, jobId: 's1', query: SECRET, caseSensitive: false }))
        .total,
    ).toBe(0);
    expect(
      (await searchView({ store, jobs: new Map() }, { viewId, jobId: 's2', query: MASK, caseSensitive: true })).total,
    ).toBe(4);
    // Nothing unmasked on disk either: the body file and the lines file.
    const files = readdirSync(responsesDir());
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const name of files) expect(readFileSync(join(responsesDir(), name), 'latin1')).not.toContain(SECRET);
  });

  it('shows a body that looked like JSON but breaks as its own text lines', async () => {
    freshStore();
    const rows = Array.from({ length: 4000 }, (_, i) => `  "row ${i} ${'x'.repeat(90)}",`);
    const text = `[\n${rows.join('\n')}\n  "and then" not JSON\nsecond line\r\nthird`;
    const response = await get(await serve(sendInPieces(text)));
    expect((await formatted(response.bodyView!.viewId)).format).toBe('text');
    const lines = await allLines(response.bodyView!.viewId);
    expect(lines).toEqual(text.split(/\r\n|\n/));
    // Only the text lines are kept beside the body.
    expect(readdirSync(responsesDir()).sort()).toEqual(
      [`${response.responseId}.body`, `${response.responseId}.text.lines`].sort(),
    );
  });

  it('formats two bodies at once, each into its own lines', async () => {
    freshStore();
    const a = filler(2 * MiB);
    const b = JSON.stringify({ list: Array.from({ length: 40_000 }, (_, i) => [i, `v${i}`]) });
    const origin = await serve((req, res) => sendInPieces(req.url === '/a' ? a : b)(req, res, Buffer.alloc(0)));
    const [first, second] = await Promise.all([get(`${origin}/a`), get(`${origin}/b`)]);
    expect(await allLines(first.bodyView!.viewId)).toEqual(prettyPrintJson(a)!.split('\n'));
    expect(await allLines(second.bodyView!.viewId)).toEqual(prettyPrintJson(b)!.split('\n'));
  });
});

describe('a body read while it is being formatted', () => {
  it('has its first page readable before the end, a count that grows, and every line at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'progressive-'));
    try {
      const text = JSON.stringify({ items: Array.from({ length: 60_000 }, (_, i) => ({ id: i, name: `n${i}` })) });
      const pretty = prettyPrintJson(text)!.split('\n');
      const bytes = Buffer.from(text);
      const rawPath = join(dir, 'body');
      writeFileSync(rawPath, bytes.subarray(0, bytes.length >> 1));
      const reports: FormatProgress[] = [];
      const lines = progressiveLines();
      const formatter = createRawFormatter(
        {
          rawPath,
          linesPath: join(dir, 'lines'),
          textLinesPath: join(dir, 'text'),
          contentType: 'application/json',
          json: true,
        },
        (progress) => {
          reports.push(progress);
          lines.onProgress(progress);
        },
      );
      // Half the body is in the file: its lines become readable, and the formatting cannot be done.
      formatter.grown(bytes.length >> 1);
      await expect.poll(() => reports.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(lines.state).toMatchObject({ done: false });
      const soFar = lines.lines.lineCount;
      expect(soFar).toBeGreaterThan(0);
      expect(soFar).toBeLessThan(pretty.length);
      const firstPage = await lines.lines.readLines(0, 200);
      expect(firstPage.map((line) => line.text)).toEqual(pretty.slice(0, Math.min(200, soFar)));
      // A closed fold shows its end; the document's and the array's, still open, show none yet.
      expect(firstPage.slice(0, 6).map((line) => line.foldEnd ?? null)).toEqual([null, null, 5, null, null, null]);
      // The rest arrives: the count grows to every line, which are the source's.
      appendFileSync(rawPath, bytes.subarray(bytes.length >> 1));
      const last = await formatter.end(bytes.length);
      expect(last).toMatchObject({ done: true, format: 'json' });
      expect(lines.state).toEqual({ linesSoFar: pretty.length, done: true });
      const counts = reports.map((report) => report.lines.lineCount);
      expect(counts).toEqual([...counts].sort((x, y) => x - y));
      expect(counts.at(-1)).toBeGreaterThan(soFar);
      const all = await lines.lines.readLines(0, pretty.length);
      expect(all.map((line) => line.text)).toEqual(pretty);
      // Fold ends known at the end: the document's braces enclose every line.
      expect(all[0]!.foldEnd).toBe(pretty.length - 1);
      await lines.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodes the characters its reads cut in two, and drops a byte order mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'progressive-'));
    try {
      // Characters of 4, 3 and 2 bytes, over MBs: the reads' ends fall inside some of them.
      const text = JSON.stringify(Array.from({ length: 3000 }, (_, i) => `${i} ${'😀中ż'.repeat(100)}`));
      const rawPath = join(dir, 'body');
      writeFileSync(rawPath, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
      const lines = progressiveLines();
      const formatter = createRawFormatter(
        {
          rawPath,
          linesPath: join(dir, 'lines'),
          textLinesPath: join(dir, 'text'),
          contentType: 'application/json; charset=utf-8',
          json: true,
        },
        (progress) => lines.onProgress(progress),
      );
      // The file grows a byte at a time at first: the mark and the first character come cut.
      for (let size = 1; size < 8; size++) {
        formatter.grown(size);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const last = await formatter.end(Buffer.byteLength(text) + 3);
      expect(last).toMatchObject({ done: true, format: 'json' });
      const pretty = prettyPrintJson(text)!.split('\n');
      const all = await lines.lines.readLines(0, pretty.length + 1, { maxChars: 100_000 });
      expect(all.map((line) => line.text)).toEqual(pretty);
      await lines.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('switches to the text lines when the JSON breaks at the end, the pretty lines’ file removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'progressive-'));
    try {
      const rows = Array.from({ length: 30_000 }, (_, i) => `"row ${i}"`).join(',\n');
      const text = `[${rows}, oops\nlast line`;
      const rawPath = join(dir, 'body');
      writeFileSync(rawPath, text);
      const lines = progressiveLines();
      const formatter = createRawFormatter(
        {
          rawPath,
          linesPath: join(dir, 'lines'),
          textLinesPath: join(dir, 'text'),
          contentType: 'application/json',
          json: true,
        },
        (progress) => lines.onProgress(progress),
      );
      formatter.grown(Buffer.byteLength(text) - 20);
      await expect.poll(() => lines.state.linesSoFar, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(lines.format).toBe('json');
      await formatter.end(Buffer.byteLength(text));
      expect(lines.format).toBe('text');
      expect(lines.state).toMatchObject({ done: true });
      const all = await lines.lines.readLines(0, 100_000);
      expect(all.map((line) => line.text)).toEqual(text.split('\n'));
      await expect.poll(() => existsSync(join(dir, 'lines'))).toBe(false);
      await lines.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the files of a body formatted in the worker', () => {
  it('go when the response is dropped for newer ones, and the folder goes on dispose', async () => {
    freshStore(1);
    const url = await serve(sendInPieces(filler(MiB)));
    const first = await get(url);
    const kept = (id: string) => readdirSync(responsesDir()).some((name) => name.startsWith(id));
    expect(kept(first.responseId!)).toBe(true);
    const second = await get(url);
    await expect.poll(() => kept(first.responseId!), { timeout: 5000 }).toBe(false);
    expect(kept(second.responseId!)).toBe(true);
    await store.dispose();
    expect(existsSync(responsesDir())).toBe(false);
  });

  it('go, with the worker, when the transfer is cancelled mid-body', async () => {
    freshStore();
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(filler(3 * MiB).slice(0, -2));
      // …and never ends.
    });
    const controller = new AbortController();
    const before = started.length;
    const result = await client.send(
      { requestId: `w${++counter}`, method: 'GET', url, headers: [], body: '' },
      {
        timeoutMs: 30_000,
        sink: (head) => store.sink(head, []),
        signal: controller.signal,
        onProgress: (bytes) => {
          if (bytes > 2 * MiB) controller.abort();
        },
      },
    );
    expect(result).toMatchObject({ kind: 'network-error', code: 'cancelled' });
    expect(started.length).toBe(before + 1);
    const worker = started.at(-1)!;
    await expect.poll(() => readdirSync(responsesDir()), { timeout: 5000 }).toEqual([]);
    await expect.poll(() => worker.threadId, { timeout: 5000 }).toBe(-1);
  });
});
