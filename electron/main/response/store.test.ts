import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponseResult, NetworkErrorResult, Progress } from '../../../shared/http-types';
import type { WireRequest } from '../../../shared/schemas/outgoing-request';
import { prettyPrintJson } from '../../../shared/json';
import { createHttpClient, type HttpClient, type SendOptions } from '../http/client';
import { startHttpsServer, type Handler, type TestServer } from '../../../test/support/https-servers';
import { buildTrustedCas } from '../http/trust';
import { createCertificateAuthority } from '../tls/certificates';
import { onSmallDisk } from '../../../test/support/small-disk';
import { untilFormatted } from '../../../test/support/formatted-view';
import {
  cancelJob,
  filterResponse,
  jobProgress,
  readLines,
  searchView,
  viewStatus,
  type BodyJobsDeps,
} from './body-jobs';
import { copyValue, type CopyValueDeps } from './copy-value';
import { saveBody, type SaveBodyDeps } from './save-body';
import { openResponseStore, type ResponseStore } from './store';

const ca = createCertificateAuthority('Response store test CA');
const serverCert = ca.issue({ hosts: ['127.0.0.1'] });
const trusted = buildTrustedCas({ extraPems: [ca.certPem], env: {} }).cas;
const INLINE = 64 * 1024;

let dataDir: string;
let store: ResponseStore;
let client: HttpClient;
let server: TestServer | null = null;
const clipboard: string[] = [];
/** The names the save dialog suggested. */
const suggested: string[] = [];
let deps: BodyJobsDeps & SaveBodyDeps & CopyValueDeps;

beforeAll(() => {
  client = createHttpClient({ getTrustedCas: () => trusted });
});
afterAll(() => client.close());

function freshStore(keepResponses?: number, freeBytes?: (dir: string) => number, folder?: string) {
  dataDir = mkdtempSync(join(folder ?? tmpdir(), 'responses-'));
  store = openResponseStore({ dir: join(dataDir, 'responses'), inlineLimitBytes: INLINE, keepResponses, freeBytes });
  clipboard.length = 0;
  deps = {
    store,
    jobs: new Map(),
    writeClipboard: (text) => void clipboard.push(text),
    chooseSaveFile: async (name) => {
      suggested.push(name);
      return join(dataDir, `saved-${name}`);
    },
  };
}

afterEach(async () => {
  await server?.close();
  server = null;
  await store.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(handler: Handler): Promise<string> {
  server = await startHttpsServer(serverCert, handler);
  return server.origin;
}

let counter = 0;
async function get(
  url: string,
  secrets: string[] = [],
  extra: Partial<SendOptions> = {},
): Promise<HttpResponseResult | NetworkErrorResult> {
  const request: WireRequest = { requestId: `r${++counter}`, method: 'GET', url, headers: [], body: '' };
  return formatted(
    await client.send(request, { timeoutMs: 20_000, sink: (head) => store.sink(head, secrets), ...extra }),
  );
}

/** The result as it reads once its body is formatted (the send answers while the worker still formats a large one). */
async function formatted<T extends HttpResponseResult | NetworkErrorResult>(result: T): Promise<T> {
  if (result.kind !== 'response' || !result.bodyView) return result;
  const { viewId } = result.bodyView;
  const { format, lineCount, textBytes } = (await untilFormatted(() => viewStatus(deps, { viewId }))).at(-1)!;
  return { ...result, bodyFormat: format, bodyView: { ...result.bodyView, format, lineCount, textBytes } };
}

function asResponse(result: HttpResponseResult | NetworkErrorResult): HttpResponseResult {
  if (result.kind !== 'response') throw new Error(`expected a response, got ${result.code}: ${result.message}`);
  return result;
}

function bigDocument(items: number): string {
  const list = Array.from({ length: items }, (_, i) => ({
    id: i,
    name: `item ${i} — żółć`,
    price: { value: i * 1.5, currency: 'PLN' },
    tags: i % 3 ? ['a', 'b'] : [],
  }));
  return JSON.stringify({ items: list, last: true });
}

const sendJson =
  (text: string, extra: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', ...extra });
    // In pieces, so the body arrives in many chunks.
    const buffer = Buffer.from(text, 'utf8');
    let at = 0;
    const next = () => {
      if (at >= buffer.length) return void res.end();
      const piece = buffer.subarray(at, at + 16 * 1024);
      at += piece.length;
      if (res.write(piece)) setImmediate(next);
      else res.once('drain', next);
    };
    next();
  };

/** Results files of filters left in the store's folder. */
const resultsFiles = (): string[] => readdirSync(join(dataDir, 'responses')).filter((name) => name.endsWith('.json'));

async function allLines(viewId: string): Promise<string[]> {
  const out: string[] = [];
  for (let from = 0; ; from += 1000) {
    const page = await readLines(deps, { viewId, from, count: 1000 });
    out.push(...page.lines.map((l) => l.text));
    if (from + 1000 >= page.lineCount) return out;
  }
}

describe('a small body', () => {
  it('comes whole in the result, as before, with an id for saving', async () => {
    freshStore();
    const url = await serve(sendJson('{"a":1}'));
    const response = asResponse(await get(url));
    expect(response.body).toBe('{\n  "a": 1\n}');
    expect(response.bodyView).toBeUndefined();
    expect(response.responseId).toBeTruthy();
    expect(readdirSync(join(dataDir, 'responses'))).toEqual([]);
    const saved = await saveBody(deps, { responseId: response.responseId! });
    expect(saved).toMatchObject({ saved: true, fileName: 'saved-response.json', bytes: 7 });
    expect(suggested.at(-1)).toBe('response.json');
    expect(readFileSync(join(dataDir, 'saved-response.json'), 'utf8')).toBe('{"a":1}');
  });
});

describe('a large JSON body', () => {
  it('is streamed to disk and formatted into pages that match the whole pretty text', async () => {
    freshStore();
    const text = bigDocument(3000);
    expect(text.length).toBeGreaterThan(INLINE * 4);
    const url = await serve(sendJson(text));
    const response = asResponse(await get(`${url}/adverts`));
    expect(response.body).toBe('');
    expect(response.bodyFormat).toBe('json');
    expect(response.bodyBytes).toBe(Buffer.byteLength(text));
    const view = response.bodyView!;
    const expected = prettyPrintJson(text)!.split('\n');
    expect(view.lineCount).toBe(expected.length);
    expect(view.firstLines.map((l) => l.text)).toEqual(expected.slice(0, view.firstLines.length));
    expect(view.firstLines[0]!.foldEnd).toBe(expected.length - 1);
    expect(await allLines(view.viewId)).toEqual(expected);
    // The received bytes are kept as they came, for saving.
    const saved = await saveBody(deps, { responseId: response.responseId! });
    expect(saved).toMatchObject({ saved: true, fileName: 'saved-adverts.json', bytes: Buffer.byteLength(text) });
    expect(suggested.at(-1)).toBe('adverts.json');
    expect(readFileSync(join(dataDir, 'saved-adverts.json'), 'utf8')).toBe(text);
  });

  it('is searched in the main process, with every match counted', async () => {
    freshStore();
    const text = bigDocument(2000);
    const url = await serve(sendJson(text));
    const view = asResponse(await get(url)).bodyView!;
    const result = await searchView(deps, {
      viewId: view.viewId,
      jobId: 's1',
      query: 'ITEM 1500 ',
      caseSensitive: false,
    });
    expect(result.total).toBe(1);
    const line = (await readLines(deps, { viewId: view.viewId, from: result.matches[0]!.line, count: 1 })).lines[0]!;
    expect(line.text.slice(result.matches[0]!.column)).toMatch(/^item 1500 /);
    const many = await searchView(deps, { viewId: view.viewId, jobId: 's2', query: '"currency"', caseSensitive: true });
    expect(many.total).toBe(2000);
    expect(deps.jobs.size).toBe(0);
  });

  it('is filtered with JSONPath into a new view', async () => {
    freshStore();
    const text = bigDocument(2000);
    const url = await serve(sendJson(text));
    const response = asResponse(await get(url));
    const result = await filterResponse(deps, {
      responseId: response.responseId!,
      jobId: 'f1',
      expression: '$.items[?@.id >= 1998].name',
    });
    expect(result.count).toBe(2);
    expect(await allLines(result.view.viewId)).toEqual(['[', '  "item 1998 — żółć",', '  "item 1999 — żółć"', ']']);
    await expect(
      filterResponse(deps, { responseId: response.responseId!, jobId: 'f2', expression: '$.items[' }),
    ).rejects.toThrow(/character/);
    // Save with the result's view writes the result as shown, under the body's name marked "filtered".
    const saved = await saveBody(deps, { responseId: response.responseId!, viewId: result.view.viewId });
    expect(suggested.at(-1)).toBe('response-filtered.json');
    const written = readFileSync(join(dataDir, 'saved-response-filtered.json'), 'utf8');
    expect(JSON.parse(written)).toEqual(['item 1998 — żółć', 'item 1999 — żółć']);
    expect(saved).toMatchObject({ saved: true, bytes: Buffer.byteLength(written) });
    // The body's own view saves the body as received.
    await saveBody(deps, { responseId: response.responseId!, viewId: response.bodyView!.viewId });
    expect(suggested.at(-1)).toBe('response.json');
    expect(readFileSync(join(dataDir, 'saved-response.json'), 'utf8')).toBe(text);
    // A view of another response is refused.
    const other = asResponse(await get(url));
    await expect(saveBody(deps, { responseId: other.responseId!, viewId: result.view.viewId })).rejects.toThrow(
      /another response/,
    );
  });

  it('copies the value that starts on a line: an object re-indented, a string unquoted', async () => {
    freshStore();
    const text = bigDocument(2000);
    const url = await serve(sendJson(text));
    const view = asResponse(await get(url)).bodyView!;
    // Line 2 opens the first item: "    {".
    expect(view.firstLines[2]!.text).toBe('    {');
    await copyValue(deps, { viewId: view.viewId, line: 2 });
    expect(JSON.parse(clipboard.at(-1)!)).toEqual({
      id: 0,
      name: 'item 0 — żółć',
      price: { value: 0, currency: 'PLN' },
      tags: [],
    });
    expect(clipboard.at(-1)!.split('\n').at(-1)).toBe('}');
    const nameLine = view.firstLines.findIndex((l) => l.text.includes('"name"'));
    await copyValue(deps, { viewId: view.viewId, line: nameLine });
    expect(clipboard.at(-1)).toBe('item 0 — żółć');
    // All of it, as shown (after Ctrl+A in the viewer).
    const all = await copyValue(deps, { viewId: view.viewId, all: true });
    expect(clipboard.at(-1)).toBe(prettyPrintJson(text));
    expect(all).toEqual({ copied: true, characters: prettyPrintJson(text)!.length });
  });

  it('masks the request’s secrets in what is kept, even split across chunks', async () => {
    freshStore();
    const secret = 'sk-live-0123456789abcdef';
    const text = JSON.stringify({ echoed: secret, padding: 'y'.repeat(200_000), again: secret });
    const url = await serve(sendJson(text));
    const response = asResponse(await get(url, [secret]));
    const lines = await allLines(response.bodyView!.viewId);
    expect(lines.join('\n')).toContain('"echoed": "••••"');
    for (const name of readdirSync(join(dataDir, 'responses'))) {
      expect(readFileSync(join(dataDir, 'responses', name), 'utf8')).not.toContain(secret);
    }
  });

  it('masks a secret the server echoes JSON-escaped (with \\/) or percent-encoded, in large and small bodies', async () => {
    freshStore();
    const secret = 'tok/en+Zx9"ü-0123';
    const phpJson = (value: unknown) =>
      JSON.stringify(value)
        .replaceAll('/', '\\/')
        .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    for (const padding of [200_000, 10]) {
      const text = phpJson({
        echoed: secret,
        link: `https://x.test/cb?token=${encodeURIComponent(secret)}`,
        padding: 'y'.repeat(padding),
      });
      expect(text).not.toContain(secret);
      const url = await serve(sendJson(text));
      const response = asResponse(await get(url, [secret]));
      const shown = response.bodyView ? (await allLines(response.bodyView.viewId)).join('\n') : response.body;
      expect(shown, `${padding} bytes of padding`).toContain('"echoed": "••••"');
      expect(shown).toContain('token=••••');
      for (const name of readdirSync(join(dataDir, 'responses'))) {
        const kept = readFileSync(join(dataDir, 'responses', name), 'utf8');
        for (const form of ['tok\\/en', 'tok%2Fen']) expect(kept).not.toContain(form);
      }
    }
  });

  it('masks a secret again in what is decoded from the body: filter results and copied values', async () => {
    freshStore();
    // .NET writes + as \\u002B: a form the byte masking does not know, so the body shows it escaped.
    const secret = 'AbC+dEf/Gh==';
    const text = `{"echo":"AbC\\u002BdEf/Gh==","padding":"${'y'.repeat(200_000)}"}`;
    const url = await serve(sendJson(text));
    const response = asResponse(await get(url, [secret]));
    const result = await filterResponse(deps, { responseId: response.responseId!, jobId: 'fm', expression: '$.echo' });
    expect(await allLines(result.view.viewId)).toEqual(['[', '  "••••"', ']']);
    await copyValue(deps, { viewId: response.bodyView!.viewId, line: 1 });
    expect(clipboard.at(-1)).toBe('••••');
    await copyValue(deps, { viewId: result.view.viewId, all: true });
    expect(clipboard.at(-1)).not.toContain(secret);
  });

  it('masks a secret in a filter’s results where it straddles the results file’s read pieces, and keeps no results file', async () => {
    freshStore();
    // Escaped as .NET does (+ as \u002B), so the body's byte masking does not know it: only the results hold it plainly.
    const secret = 'AbC+dEf/Gh==';
    const escaped = 'AbC\\u002BdEf/Gh==';
    // The results file is read in pieces of 512 KiB (raw-formatter.ts), and was formatted in slices of 1 MiB: the
    // padding puts the secret's first four bytes before each of those boundaries in ["pad","Secret: … end","pad","Again: …"].
    const KiB = 1024;
    const firstPad = 512 * KiB - 4 - '["'.length - '","Secret: '.length;
    const secondPad = 1024 * KiB - 4 - (512 * KiB - 4 + secret.length + ' end","'.length) - '","Again: '.length;
    const notes = ['p'.repeat(firstPad), `Secret: ${escaped} end`, 'q'.repeat(secondPad), `Again: ${escaped}`];
    const text = `{"notes":["${notes.join('","')}"]}`;
    const plain = JSON.stringify(JSON.parse(text).notes);
    expect(plain.indexOf(secret)).toBe(512 * KiB - 4);
    expect(plain.lastIndexOf(secret)).toBe(1024 * KiB - 4);
    const url = await serve(sendJson(text));
    const response = asResponse(await get(url, [secret]));
    const result = await filterResponse(deps, {
      responseId: response.responseId!,
      jobId: 'fs',
      expression: '$.notes[*]',
    });
    const shown = (await allLines(result.view.viewId)).join('\n');
    expect(shown).not.toContain(secret);
    expect(shown).toContain('"Secret: •••• end",');
    expect(shown).toContain('"Again: ••••"');
    expect(resultsFiles()).toEqual([]);
  });

  describe('a filter’s results file', () => {
    /** A body of 160,000 items (about 14 MB): filtering and formatting its items take many steps. */
    let responseId: string;

    const filterAll = (jobId: string) => filterResponse(deps, { responseId, jobId, expression: '$.items[*]' });

    /** Cancels the job once its progress says `when`; resolves with that progress (null: the job ended first). */
    async function cancelWhen(jobId: string, when: (progress: Progress) => boolean): Promise<Progress | null> {
      let seen = false;
      for (;;) {
        const progress = jobProgress(deps, { jobId });
        if (progress && when(progress)) {
          cancelJob(deps, { jobId });
          return progress;
        }
        if (seen && !progress) return null;
        seen ||= progress !== null;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }

    async function largeResponse(): Promise<void> {
      freshStore();
      const url = await serve(sendJson(bigDocument(160_000)));
      responseId = asResponse(await get(url)).responseId!;
    }

    it('is gone once the filter is cancelled while scanning or while formatting the results', async () => {
      await largeResponse();
      const scanning = filterAll('scan');
      const seen = await cancelWhen('scan', (p) => p.phase === 'filtering' && p.doneBytes > 0);
      await expect(scanning).rejects.toThrow('Filter cancelled.');
      expect(seen!.doneBytes).toBeLessThan(seen!.totalBytes!);
      expect(resultsFiles()).toEqual([]);
      expect(readdirSync(join(dataDir, 'responses'))).toHaveLength(2); // the body and its lines

      // Results of `..` are written once the scan ends (in the expression's order): all of them are formatted after it.
      const formatting = filterResponse(deps, { responseId, jobId: 'format', expression: '$..price' });
      const late = await cancelWhen('format', (p) => p.phase === 'formatting-results' && p.doneBytes < p.totalBytes!);
      await expect(formatting).rejects.toThrow('Filter cancelled.');
      expect(late).not.toBeNull();
      expect(resultsFiles()).toEqual([]);
      expect(readdirSync(join(dataDir, 'responses'))).toHaveLength(2);
    }, 60_000);

    it('is gone with the folder when the app closes while the results are formatted', async () => {
      await largeResponse();
      const formatting = filterResponse(deps, { responseId, jobId: 'closing', expression: '$..price' });
      formatting.catch(() => {});
      // As services.ts closes: the jobs are stopped, then the store is disposed at once.
      expect(await cancelWhen('closing', (p) => p.phase === 'formatting-results')).not.toBeNull();
      await store.dispose();
      await expect(formatting).rejects.toThrow('Filter cancelled.');
      expect(existsSync(join(dataDir, 'responses'))).toBe(false);
    }, 60_000);

    it('is gone after a result refused as too large, and after one shown', async () => {
      await largeResponse();
      deps.maxFilterResultBytes = 100_000;
      await expect(filterAll('refused')).rejects.toThrow(
        /^The filter selected too much to show \(more than 100,000 bytes/,
      );
      expect(readdirSync(join(dataDir, 'responses'))).toHaveLength(2);
      delete deps.maxFilterResultBytes;
      const shown = await filterResponse(deps, { responseId, jobId: 'ok', expression: '$.items[?@.id >= 159998].id' });
      expect(await allLines(shown.view.viewId)).toEqual(['[', '  159998,', '  159999', ']']);
      expect(resultsFiles()).toEqual([]);
      expect(readdirSync(join(dataDir, 'responses'))).toHaveLength(3); // and the result's lines
    }, 60_000);
  });

  it('decodes gzip before keeping it', async () => {
    freshStore();
    const text = bigDocument(1500);
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(text));
    });
    const response = asResponse(await get(url));
    expect(response.bodyBytes).toBe(Buffer.byteLength(text));
    expect(response.bodyView!.lineCount).toBe(prettyPrintJson(text)!.split('\n').length);
  });
});

describe('a body in another charset', () => {
  it('is shown, filtered and captured from in its own charset (windows-1252)', async () => {
    freshStore();
    const text = JSON.stringify({ city: 'Café Zürich', padding: 'p'.repeat(100_000) });
    const bytes = new Uint8Array([...text].map((c) => c.charCodeAt(0))); // Latin-1 range: windows-1252 bytes
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=windows-1252' });
      res.end(Buffer.from(bytes));
    });
    const response = asResponse(await get(url));
    expect(response.bodyView!.firstLines[1]!.text).toBe('  "city": "Café Zürich",');
    const result = await filterResponse(deps, { responseId: response.responseId!, jobId: 'f', expression: '$.city' });
    expect(await allLines(result.view.viewId)).toEqual(['[', '  "Café Zürich"', ']']);
    expect(JSON.parse(await store.readText(response.responseId!, 1e6)).city).toBe('Café Zürich');
  });
});

describe('bodies that are not JSON', () => {
  it('a large body that looked like JSON but is not is shown as its own lines', async () => {
    freshStore();
    const text = bigDocument(2000).slice(0, -5) + 'oops\nline two\r\nline three';
    const url = await serve(sendJson(text));
    const response = asResponse(await get(url));
    expect(response.bodyFormat).toBe('text');
    expect(response.bodyView!.format).toBe('text');
    const lines = await allLines(response.bodyView!.viewId);
    expect(lines.slice(-2)).toEqual(['line two', 'line three']);
    await expect(
      filterResponse(deps, { responseId: response.responseId!, jobId: 'f', expression: '$.items' }),
    ).rejects.toThrow(/not valid JSON/);
  });

  it('a large binary body gets a hex preview and can be saved byte for byte', async () => {
    freshStore();
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(bytes);
    });
    const response = asResponse(await get(`${url}/photo`));
    expect(response.bodyFormat).toBe('binary');
    expect(response.bodyView).toBeUndefined();
    expect(response.body.split('\n')[0]).toMatch(/^00000000 {2}00 07 0e 15/);
    expect(response.bodyTruncated).toBe(true);
    const saved = await saveBody(deps, { responseId: response.responseId! });
    expect(saved.fileName).toBe('saved-photo.png');
    expect(readFileSync(join(dataDir, 'saved-photo.png')).equals(bytes)).toBe(true);
  });
});

describe('limits, cancel and clean-up', () => {
  it('stops at the maximum size and keeps what was received as lines', async () => {
    freshStore();
    const text = bigDocument(5000);
    const url = await serve(sendJson(text));
    const response = asResponse(await get(url, [], { maxResponseBytes: 200_000 }));
    expect(response.incomplete?.reason).toBe('too-large');
    expect(response.bodyBytes).toBe(200_000);
    expect(response.bodyView!.format).toBe('text');
    const saved = await saveBody(deps, { responseId: response.responseId! });
    expect(saved.bytes).toBe(200_000);
  });

  it('does not spill a body the disk cannot hold: it stops at the first part, keeps it and says why', async () => {
    const asked: string[] = [];
    freshStore(undefined, (dir) => {
      asked.push(dir);
      return 70 * 1024 * 1024; // room for the reserve, not for a 5 MB body formatted too
    });
    const text = bigDocument(60_000);
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    const url = await serve(sendJson(text, { 'Content-Length': String(Buffer.byteLength(text)) }));
    const response = asResponse(await get(url));
    expect(asked).toEqual([join(dataDir, 'responses')]);
    const kb = Math.round((response.bodyBytes / 1024) * 10) / 10;
    expect(response.incomplete).toEqual({
      reason: 'disk-full',
      message:
        `The disk holding the app’s data folder has only 70 MB free, so the transfer was stopped after ${kb} KB ` +
        'to leave room for your settings and credentials. What was received is shown. ' +
        'Free some disk space (or lower the maximum response size in Settings), then send again.',
    });
    expect(response.bodyBytes).toBeGreaterThan(INLINE);
    expect(response.bodyBytes).toBeLessThan(INLINE + 64 * 1024);
    expect(text.startsWith(response.body.slice(0, 1000))).toBe(true); // what came, as text (it is not whole JSON)
    expect(readdirSync(join(dataDir, 'responses'))).toEqual([]);
  });

  it('stops a spilling body when the free space falls to the reserve, keeping what was written', async () => {
    let free = 10 * 1024 ** 3;
    freshStore(undefined, () => {
      const answer = free;
      free = 60 * 1024 * 1024; // another program filled the disk meanwhile
      return answer;
    });
    const text = bigDocument(120_000);
    const url = await serve(sendJson(text));
    const response = asResponse(await get(url));
    expect(response.incomplete?.reason).toBe('disk-full');
    expect(response.incomplete?.message).toMatch(
      /^The disk holding the app’s data folder has only 60 MB free, so the transfer was stopped after 4(\.\d)? MB /,
    );
    expect(response.bodyBytes).toBeLessThan(Buffer.byteLength(text));
    expect(response.bodyView!.format).toBe('text'); // cut short: its own lines
    const saved = await saveBody(deps, { responseId: response.responseId! });
    expect(saved.bytes).toBe(response.bodyBytes);
  });

  it('stops with a sentence when a write finds the disk full, and leaves nothing behind', (ctx) =>
    onSmallDisk(ctx, 1024, async (disk) => {
      freshStore(undefined, () => Infinity, disk.dir); // the check cannot tell: the write finds out
      const text = bigDocument(60_000);
      const url = await serve(sendJson(text));
      const result = await get(url);
      expect(result).toMatchObject({
        kind: 'network-error',
        message:
          "The response could not be kept in the app's data folder: the disk is full, so nothing of it was kept.",
        hint: 'Free some disk space, or lower the maximum response size in Settings, then send again.',
      });
      expect(readdirSync(join(dataDir, 'responses'))).toEqual([]);
    }));

  it('a body that cannot be saved says why in words, naming the file but not its folder', async () => {
    freshStore();
    const url = await serve(sendJson('{"a":1}'));
    const response = asResponse(await get(url));
    deps.chooseSaveFile = async () => join(dataDir, 'folder-that-was-removed', 'response.json');
    await expect(saveBody(deps, { responseId: response.responseId! })).rejects.toThrow(
      new Error(
        'Could not save the body (response.json): a file or folder it needs is missing. Check that the folder still exists, then try again.',
      ),
    );
  });

  it('a cancel mid-body deletes what was being written', async () => {
    freshStore();
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items":[' + '"x",'.repeat(100_000));
      // …and never ends.
    });
    const controller = new AbortController();
    const progress: number[] = [];
    const sent = get(url, [], {
      signal: controller.signal,
      onProgress: (n) => {
        progress.push(n);
        if (n > INLINE * 2) controller.abort();
      },
    });
    const result = await sent;
    expect(result).toMatchObject({ kind: 'network-error', code: 'cancelled' });
    // The files are deleted in the background, once their pending writes are done.
    await expect.poll(() => readdirSync(join(dataDir, 'responses')), { timeout: 5000 }).toEqual([]);
  });

  it('keeps only the last few responses and deletes the files of older ones', async () => {
    freshStore(2);
    const text = bigDocument(1500);
    const url = await serve(sendJson(text));
    const first = asResponse(await get(url));
    const second = asResponse(await get(url));
    const third = asResponse(await get(url));
    await expect(readLines(deps, { viewId: first.bodyView!.viewId, from: 0, count: 1 })).rejects.toThrow(
      /no longer kept/,
    );
    expect((await readLines(deps, { viewId: third.bodyView!.viewId, from: 0, count: 1 })).lines[0]!.text).toBe('{');
    // The old files are deleted in the background.
    const kept = (id: string) => readdirSync(join(dataDir, 'responses')).some((f) => f.startsWith(id));
    await expect.poll(() => kept(first.responseId!), { timeout: 5000 }).toBe(false);
    expect(kept(second.responseId!)).toBe(true);
  });

  it('empties the folder when opened and removes it on dispose', async () => {
    freshStore();
    const url = await serve(sendJson(bigDocument(1500)));
    asResponse(await get(url));
    const dir = join(dataDir, 'responses');
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    expect(statSync(dir).isDirectory()).toBe(true);
    const reopened = openResponseStore({ dir });
    expect(readdirSync(dir)).toEqual([]);
    await reopened.dispose();
    expect(existsSync(dir)).toBe(false);
  });
});
