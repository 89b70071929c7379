/** The history store on a real data folder: JSON Lines, newest first, capped, tolerant of bad lines. */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryDetail } from '../../../shared/collections';
import { openHistoryStore } from './store';

let dataDir: string;
let file: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'history-'));
  file = join(dataDir, 'history.jsonl');
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

let counter = 0;
function entry(patch: Partial<HistoryDetail> = {}): HistoryDetail {
  counter += 1;
  return {
    id: `h-${counter}`,
    at: 1_780_000_000_000 + counter,
    method: 'GET',
    url: `https://api.olxgroup.com/advert/v1/${counter}/meta`,
    status: 200,
    outcome: 'OK',
    statusKind: 'success',
    totalMs: 42,
    bodyBytes: 120,
    environmentId: 'production',
    collectionId: null,
    requestDocId: null,
    request: {
      method: 'GET',
      url: `https://api.olxgroup.com/advert/v1/${counter}/meta`,
      headers: [{ name: 'X-API-KEY', value: '••••a1b2', enabled: true }],
      body: '',
      auth: { mode: 'api-key' },
    },
    ...patch,
  };
}

const summaryOf = ({ request: _request, ...rest }: HistoryDetail) => rest;
const lineCount = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

describe('history store', () => {
  it('appends one line per entry, lists newest first without the request, and gets the detail', () => {
    const store = openHistoryStore({ dataDir });
    expect(store.list()).toEqual([]);
    const a = entry();
    const b = entry({
      method: 'POST',
      status: 202,
      outcome: 'Accepted',
      request: {
        method: 'POST',
        url: 'https://x',
        headers: [],
        body: '{\n  "ünï": "✓"\n}\r\n',
        auth: { mode: 'inherit' },
      },
    });
    store.append(a);
    store.flush();
    const sizeAfterOne = statSync(file).size;
    store.append(b);
    store.flush();
    expect(readFileSync(file).subarray(sizeAfterOne).toString('utf8')).toBe(`${JSON.stringify(b)}\n`); // one line appended
    expect(store.list()).toEqual([summaryOf(b), summaryOf(a)]);
    expect(store.get(b.id)).toEqual(b);
    expect(store.get(a.id)).toEqual(a);
    expect(store.get('nope')).toBeUndefined();
    expect(store.list({ limit: 1 })).toEqual([summaryOf(b)]);
  });

  it('searches method, URL, status code and outcome, case-insensitively, every word', () => {
    const store = openHistoryStore({ dataDir });
    const publish = entry({
      method: 'POST',
      url: 'https://api.olxgroup.com/advert/v1',
      status: 202,
      outcome: 'Accepted',
    });
    const missing = entry({
      method: 'GET',
      url: 'https://api.olxgroup.com/advert/v1/x',
      status: 404,
      outcome: 'Not Found',
    });
    const refused = entry({
      method: 'GET',
      url: 'https://127.0.0.1:1/advert/v1',
      status: null,
      outcome: 'Connection refused',
      statusKind: 'network-error',
    });
    for (const e of [publish, missing, refused]) store.append(e);
    const ids = (query: string) => store.list({ query }).map((e) => e.id);
    expect(ids('post')).toEqual([publish.id]);
    expect(ids('404')).toEqual([missing.id]);
    expect(ids('ACCEPTED')).toEqual([publish.id]);
    expect(ids('refused')).toEqual([refused.id]);
    expect(ids('advert/v1')).toEqual([refused.id, missing.id, publish.id]);
    expect(ids('get not')).toEqual([missing.id]);
    expect(ids('  ')).toEqual([refused.id, missing.id, publish.id]);
    expect(ids('delete')).toEqual([]);
  });

  it('keeps the newest maxEntries, rewriting the file only when it would pass twice that many lines', () => {
    const store = openHistoryStore({ dataDir, maxEntries: 50 });
    const all = Array.from({ length: 120 }, () => entry());
    const lines: number[] = [];
    for (const e of all) {
      store.append(e);
      store.flush();
      lines.push(lineCount());
    }
    // the file goes back to 50 lines only when it would pass 100: once per 51 appends, not on each one
    const rewrites = lines.filter((n, i) => i > 0 && n < lines[i - 1]!).length;
    expect(rewrites).toBe(Math.floor((120 - 50) / 51));
    expect(Math.max(...lines)).toBe(100);
    expect(lines.at(-1)).toBe(50 + (120 - 101));
    expect(store.list().map((e) => e.id)).toEqual(
      all
        .slice(-50)
        .reverse()
        .map((e) => e.id),
    );
    expect(store.get(all[0]!.id)).toBeUndefined();
    expect(store.get(all[119]!.id)).toEqual(all[119]);
    expect(store.get(all[70]!.id)).toEqual(all[70]);
    const reopened = openHistoryStore({ dataDir, maxEntries: 50 });
    expect(reopened.list().map((e) => e.id)).toEqual(
      all
        .slice(-50)
        .reverse()
        .map((e) => e.id),
    );
    expect(reopened.get(all[70]!.id)).toEqual(all[70]);
  });

  it('skips corrupt lines (and a line cut short by a crash) without losing the others', () => {
    const store = openHistoryStore({ dataDir });
    const a = entry();
    const b = entry();
    store.append(a);
    store.flush();
    appendFileSync(file, 'not json at all\n{"id": 5}\n\n');
    store.append(b);
    store.flush();
    appendFileSync(file, JSON.stringify(entry()).slice(0, 30)); // torn last line, no newline
    const reopened = openHistoryStore({ dataDir });
    expect(reopened.list().map((e) => e.id)).toEqual([b.id, a.id]);
    const c = entry();
    reopened.append(c);
    expect(reopened.get(c.id)).toEqual(c);
    reopened.flush();
    const third = openHistoryStore({ dataDir });
    expect(third.list().map((e) => e.id)).toEqual([c.id, b.id, a.id]);
    expect(third.get(b.id)).toEqual(b);
  });

  it('persists across re-opening, reads nothing until first used, and clears', () => {
    const a = entry();
    openHistoryStore({ dataDir, flushDelayMs: 0 }).append(a);
    const lazy = openHistoryStore({ dataDir });
    writeFileSync(file, ''); // emptied after opening: the store had not read it yet
    expect(lazy.list()).toEqual([]);
    openHistoryStore({ dataDir, flushDelayMs: 0 }).append(a);
    const reopened = openHistoryStore({ dataDir });
    expect(reopened.get(a.id)).toEqual(a);
    reopened.clear();
    expect(reopened.list()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(openHistoryStore({ dataDir }).list()).toEqual([]);
    const b = entry();
    reopened.append(b);
    reopened.close();
    expect(
      openHistoryStore({ dataDir })
        .list()
        .map((e) => e.id),
    ).toEqual([b.id]);
  });

  it.skipIf(process.platform === 'win32')('keeps the file private to the user (mode 0600)', () => {
    openHistoryStore({ dataDir, flushDelayMs: 0 }).append(entry());
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  describe('batched writes', () => {
    const fileText = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');

    it('records an entry in memory at once and writes the waiting ones in one append on flush', () => {
      const store = openHistoryStore({ dataDir, flushDelayMs: 60_000 });
      const added = Array.from({ length: 5 }, () => entry());
      for (const e of added) store.append(e);
      expect(fileText()).toBe(''); // nothing written on the send path
      expect(store.list().map((e) => e.id)).toEqual(added.map((e) => e.id).reverse());
      expect(store.get(added[2]!.id)).toEqual(added[2]); // a waiting entry is read from memory…
      store.get(added[2]!.id)!.request.headers.length = 0;
      expect(store.get(added[2]!.id)).toEqual(added[2]); // …as a copy
      store.flush();
      expect(fileText()).toBe(added.map((e) => `${JSON.stringify(e)}\n`).join(''));
      expect(store.get(added[2]!.id)).toEqual(added[2]); // now read from its line in the file
      store.flush(); // nothing waiting: no change
      expect(lineCount()).toBe(5);
    });

    it('writes by itself flushDelayMs after the first waiting append', () => {
      vi.useFakeTimers();
      try {
        const store = openHistoryStore({ dataDir, flushDelayMs: 20 });
        const a = entry();
        store.append(a);
        vi.advanceTimersByTime(19);
        expect(fileText()).toBe('');
        vi.advanceTimersByTime(1);
        expect(fileText()).toBe(`${JSON.stringify(a)}\n`);
      } finally {
        vi.useRealTimers();
      }
    });

    it('loses nothing through close(), rewrites while entries wait, and re-opens the newest maxEntries', () => {
      const store = openHistoryStore({ dataDir, maxEntries: 50, flushDelayMs: 60_000 });
      const all = Array.from({ length: 173 }, () => entry());
      all.forEach((e, i) => {
        store.append(e);
        if (i % 7 === 6) store.flush(); // flushes land before, on and after the rewrite points
      });
      store.close();
      const ids = all
        .slice(-50)
        .reverse()
        .map((e) => e.id);
      expect(store.list().map((e) => e.id)).toEqual(ids);
      expect(lineCount()).toBeLessThanOrEqual(100);
      const reopened = openHistoryStore({ dataDir, maxEntries: 50 });
      expect(reopened.list().map((e) => e.id)).toEqual(ids);
      for (const e of all.slice(-50)) expect(reopened.get(e.id)).toEqual(e);
      for (const e of all.slice(-50)) expect(store.get(e.id)).toEqual(e);
      expect(reopened.get(all[0]!.id)).toBeUndefined();
    });

    it('keeps a torn last line from spoiling the lines written after it, appended or rewritten', () => {
      const a = entry();
      writeFileSync(file, `${JSON.stringify(a)}\n${JSON.stringify(entry()).slice(0, 30)}`, { mode: 0o600 });
      const store = openHistoryStore({ dataDir, maxEntries: 3, flushDelayMs: 60_000 });
      const b = entry();
      store.append(b);
      store.flush();
      expect(
        openHistoryStore({ dataDir })
          .list()
          .map((e) => e.id),
      ).toEqual([b.id, a.id]);
      const more = [entry(), entry(), entry(), entry(), entry()];
      store.append(more[0]!);
      store.append(more[1]!);
      store.flush(); // appended after the torn line: a, (torn), b, c, d
      expect(lineCount()).toBe(5);
      for (const e of more.slice(2)) store.append(e);
      store.flush(); // 3 in memory + a, b, c, d no longer kept = 7 > 2 × 3: rewritten
      expect(lineCount()).toBe(3);
      const reopened = openHistoryStore({ dataDir, maxEntries: 3 });
      expect(reopened.list().map((e) => e.id)).toEqual(
        more
          .slice(-3)
          .map((e) => e.id)
          .reverse(),
      );
      for (const e of more.slice(-3)) expect(reopened.get(e.id)).toEqual(e);
    });

    it('keeps entries waiting when the file cannot be written, and writes them on the next flush', () => {
      const missing = join(dataDir, 'not-yet');
      const store = openHistoryStore({ dataDir: missing, flushDelayMs: 60_000 });
      const a = entry();
      store.append(a);
      expect(() => store.flush()).toThrow();
      expect(store.get(a.id)).toEqual(a);
      mkdirSync(missing);
      const b = entry();
      store.append(b);
      store.close();
      const reopened = openHistoryStore({ dataDir: missing });
      expect(reopened.list().map((e) => e.id)).toEqual([b.id, a.id]);
      expect(reopened.get(a.id)).toEqual(a);
    });

    it('counts an entry written twice (a failed write retried) once, the later line', () => {
      const a = entry();
      const b = entry();
      writeFileSync(file, [a, b, { ...a, outcome: 'again' }].map((e) => `${JSON.stringify(e)}\n`).join(''), {
        mode: 0o600,
      });
      const store = openHistoryStore({ dataDir });
      expect(store.list().map((e) => [e.id, e.outcome])).toEqual([
        [a.id, 'again'],
        [b.id, b.outcome],
      ]);
      expect(store.get(a.id)).toEqual({ ...a, outcome: 'again' });
    });

    it('clear() drops waiting entries too', () => {
      const store = openHistoryStore({ dataDir, flushDelayMs: 60_000 });
      store.append(entry());
      store.clear();
      store.flush();
      expect(existsSync(file)).toBe(false);
      expect(store.list()).toEqual([]);
    });

    it('writes waiting entries when the process exits normally', () => {
      // A child Node process with the store bundled: append, then exit without flushing.
      const work = mkdtempSync(join(tmpdir(), 'history-exit-'));
      try {
        const bundle = join(work, 'store.cjs');
        buildSync({
          entryPoints: [join(__dirname, 'store.ts')],
          bundle: true,
          platform: 'node',
          format: 'cjs',
          outfile: bundle,
          logLevel: 'silent',
        });
        const a = entry();
        const script = `const { openHistoryStore } = require(${JSON.stringify(bundle)});
          openHistoryStore({ dataDir: ${JSON.stringify(dataDir)}, flushDelayMs: 60_000 }).append(${JSON.stringify(a)});
          process.exitCode = 0;`;
        const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
        expect(run.stderr).toBe('');
        expect(openHistoryStore({ dataDir }).get(a.id)).toEqual(a);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
});
