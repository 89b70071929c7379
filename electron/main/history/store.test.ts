/** The history store on a real data folder: JSON Lines, newest first, capped, tolerant of bad lines. */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    request: { method: 'GET', url: `https://api.olxgroup.com/advert/v1/${counter}/meta`, headers: [{ name: 'X-API-KEY', value: '••••a1b2', enabled: true }], body: '', auth: { mode: 'api-key' } },
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
    const b = entry({ method: 'POST', status: 202, outcome: 'Accepted', request: { method: 'POST', url: 'https://x', headers: [], body: '{\n  "ünï": "✓"\n}\r\n', auth: { mode: 'inherit' } } });
    store.append(a);
    const sizeAfterOne = statSync(file).size;
    store.append(b);
    expect(readFileSync(file).subarray(sizeAfterOne).toString('utf8')).toBe(`${JSON.stringify(b)}\n`); // one line appended
    expect(store.list()).toEqual([summaryOf(b), summaryOf(a)]);
    expect(store.get(b.id)).toEqual(b);
    expect(store.get(a.id)).toEqual(a);
    expect(store.get('nope')).toBeUndefined();
    expect(store.list({ limit: 1 })).toEqual([summaryOf(b)]);
  });

  it('searches method, URL, status code and outcome, case-insensitively, every word', () => {
    const store = openHistoryStore({ dataDir });
    const publish = entry({ method: 'POST', url: 'https://api.olxgroup.com/advert/v1', status: 202, outcome: 'Accepted' });
    const missing = entry({ method: 'GET', url: 'https://api.olxgroup.com/advert/v1/x', status: 404, outcome: 'Not Found' });
    const refused = entry({ method: 'GET', url: 'https://127.0.0.1:1/advert/v1', status: null, outcome: 'Connection refused', statusKind: 'network-error' });
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

  it('keeps the newest maxEntries, rewriting the file only once per ~10% growth', () => {
    const store = openHistoryStore({ dataDir, maxEntries: 50 });
    const all = Array.from({ length: 120 }, () => entry());
    const lines: number[] = [];
    for (const e of all) {
      store.append(e);
      lines.push(lineCount());
    }
    // the file goes back to 50 lines only when it would pass 55 (50 + 10%): once per 6 appends, not on each one
    const rewrites = lines.filter((n, i) => i > 0 && n < lines[i - 1]!).length;
    expect(rewrites).toBe(Math.floor((120 - 50) / 6));
    expect(Math.max(...lines)).toBe(55);
    expect(store.list().map((e) => e.id)).toEqual(all.slice(-50).reverse().map((e) => e.id));
    expect(store.get(all[0]!.id)).toBeUndefined();
    expect(store.get(all[119]!.id)).toEqual(all[119]);
    expect(store.get(all[70]!.id)).toEqual(all[70]);
    const reopened = openHistoryStore({ dataDir, maxEntries: 50 });
    expect(reopened.list().map((e) => e.id)).toEqual(all.slice(-50).reverse().map((e) => e.id));
    expect(reopened.get(all[70]!.id)).toEqual(all[70]);
  });

  it('skips corrupt lines (and a line cut short by a crash) without losing the others', () => {
    const store = openHistoryStore({ dataDir });
    const a = entry();
    const b = entry();
    store.append(a);
    appendFileSync(file, 'not json at all\n{"id": 5}\n\n');
    store.append(b);
    appendFileSync(file, JSON.stringify(entry()).slice(0, 30)); // torn last line, no newline
    const reopened = openHistoryStore({ dataDir });
    expect(reopened.list().map((e) => e.id)).toEqual([b.id, a.id]);
    const c = entry();
    reopened.append(c);
    expect(reopened.get(c.id)).toEqual(c);
    const third = openHistoryStore({ dataDir });
    expect(third.list().map((e) => e.id)).toEqual([c.id, b.id, a.id]);
    expect(third.get(b.id)).toEqual(b);
  });

  it('persists across re-opening, reads nothing until first used, and clears', () => {
    const a = entry();
    openHistoryStore({ dataDir }).append(a);
    const lazy = openHistoryStore({ dataDir });
    writeFileSync(file, ''); // emptied after opening: the store had not read it yet
    expect(lazy.list()).toEqual([]);
    openHistoryStore({ dataDir }).append(a);
    const reopened = openHistoryStore({ dataDir });
    expect(reopened.get(a.id)).toEqual(a);
    reopened.clear();
    expect(reopened.list()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(openHistoryStore({ dataDir }).list()).toEqual([]);
    const b = entry();
    reopened.append(b);
    expect(openHistoryStore({ dataDir }).list().map((e) => e.id)).toEqual([b.id]);
  });

  it.skipIf(process.platform === 'win32')('keeps the file private to the user (mode 0600)', () => {
    openHistoryStore({ dataDir }).append(entry());
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
