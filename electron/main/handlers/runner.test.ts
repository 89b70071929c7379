/**
 * Running a collection in the app, through the real dispatch against a loopback HTTPS server: the
 * whole collection, a folder, a selection, a data file, bail, Cancel, the rows read in pages, a
 * row's response, the exports (JSON parsed, JUnit parsed as XML), a secret masked everywhere, and
 * memory that does not grow with the number of requests.
 */
import { DOMParser } from '@xmldom/xmldom';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionsView } from '../../../shared/collections';
import type { Check } from '../../../shared/schemas/check';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { RunProgress, RunRow, RunStart } from '../../../shared/schemas/run';
import { startHttpsServer, type TestServer } from '../../../test/support/https-servers';
import { openMainWorld, type MainWorld } from '../../../test/support/main-world';
import { createCertificateAuthority } from '../tls/certificates';

const SECRET = 'run-secret-token-5f2c9e';
let server: TestServer;
let world: MainWorld;
let environmentId = '';
let collectionId = '';
let folderId = '';
let dataFile = '';
let saveAs = '';
const adverts = new Map<string, string>();

const status = (expected: string): Check => ({ on: 'status', target: '', op: 'equals', expected, enabled: true });

function answer(url: string, body: string, headers: Record<string, string | string[] | undefined>) {
  if (url === '/adverts') {
    const id = `a${adverts.size + 1}`;
    adverts.set(id, (JSON.parse(body) as { title: string }).title);
    return { code: 201, value: { id, title: adverts.get(id), echo: headers['x-token'] } };
  }
  const read = /^\/adverts\/(\w+)$/.exec(url);
  if (read && adverts.has(read[1]!)) return { code: 200, value: { id: read[1], title: adverts.get(read[1]!) } };
  if (url === '/ping') return { code: 200, value: { ok: true } };
  return { code: 404, value: { error: 'not found' } };
}

async function saveRequest(doc: Omit<RequestDoc, 'headers' | 'body' | 'auth' | 'captures'> & Partial<RequestDoc>) {
  await world.invoke('collections:saveRequest', {
    collectionId,
    parentId: doc.id === 'publish' || doc.id === 'read' ? folderId : null,
    request: { headers: [], body: '', auth: { mode: 'none' }, captures: [], ...doc },
  });
}

beforeAll(async () => {
  const ca = createCertificateAuthority('Runner test CA');
  server = await startHttpsServer(ca.issue({ hosts: ['127.0.0.1'] }), (req, res, body) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 10_000).unref();
    if (req.url === '/ping') server.received.length = 0; // the memory test sends thousands
    const { code, value } = answer(req.url ?? '', body.toString('utf8'), req.headers);
    res.writeHead(code, { 'Content-Type': 'application/json', 'X-Echo': String(req.headers['x-token'] ?? '') });
    res.end(JSON.stringify(value));
  });
  world = openMainWorld({
    chooseDataFile: async () => dataFile,
    chooseSaveFile: async (name) => join(saveAs, name),
  });
  saveAs = join(world.parent, 'exports');
  mkdirSync(saveAs);
  dataFile = join(world.parent, 'titles.csv');
  writeFileSync(dataFile, 'title\nFlat in Kraków\n"Loft, Gdańsk"\n');
  await world.invoke('settings:addCertificate', { name: 'ca.pem', pem: ca.certPem });
  const view = await world.invoke('environments:add', { name: 'Loopback', origin: server.origin });
  environmentId = view.environments.find((e) => e.name === 'Loopback')!.id;
  await world.invoke('variables:set', {
    scope: { kind: 'environment', environmentId },
    variables: [
      { name: 'baseUrl', value: server.origin, enabled: true, secret: false },
      { name: 'token', value: SECRET, enabled: true, secret: true },
      { name: 'title', value: 'Default title', enabled: true, secret: false },
    ],
  });
  const collections: CollectionsView = await world.invoke('collections:create', { name: 'Runs' });
  collectionId = collections.collections.find((c) => c.name === 'Runs')!.id;
  const withFolder = await world.invoke('collections:addFolder', { collectionId, parentId: null, name: 'Adverts' });
  folderId = withFolder.collections.find((c) => c.id === collectionId)!.tree.find((n) => n.kind === 'folder')!.id;
  const token = { name: 'X-Token', value: '{{token}}', enabled: true };
  await saveRequest({
    id: 'publish',
    name: 'Publish',
    method: 'POST',
    url: '{{baseUrl}}/adverts',
    headers: [token, { name: 'Content-Type', value: 'application/json', enabled: true }],
    body: '{"title": "{{title}}"}',
    captures: [{ variable: 'advertId', path: '$.id' }],
    checks: [status('201'), { on: 'json', target: '$.echo', op: 'exists', expected: '', enabled: true }],
  });
  await saveRequest({
    id: 'read',
    name: 'Read',
    method: 'GET',
    url: '{{baseUrl}}/adverts/{{advertId}}',
    checks: [status('200'), { on: 'json', target: '$.title', op: 'equals', expected: '{{title}}', enabled: true }],
  });
  await saveRequest({
    id: 'missing',
    name: 'Missing',
    method: 'GET',
    url: '{{baseUrl}}/missing',
    checks: [status('200')],
  });
});

afterAll(async () => {
  await world.close();
  await server.close();
});

const start = (patch: Partial<RunStart> = {}) =>
  world.invoke('runner:start', { collectionId, environmentId, delayMs: 0, bail: false, ...patch });

/** Reads progress until the run ends, gathering the rows as the window does (a page at a time). */
async function untilEnd(runId: string): Promise<{ progress: RunProgress; rows: RunRow[] }> {
  const rows: RunRow[] = [];
  for (;;) {
    const progress = await world.invoke('runner:progress', { runId, from: rows.length });
    rows.push(...progress.rows);
    if (progress.state !== 'running' && rows.length === progress.done) return { progress, rows };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const summaryOf = (rows: RunRow[]) =>
  rows.map((r) => `${r.name} ${r.status ?? r.error} ${r.passed ? 'passed' : 'failed'}`);

describe('a run of a collection in the app', () => {
  it('sends every request in tree order, checks each response and chains captures', async () => {
    const { runId, total } = await start();
    expect(total).toBe(3);
    const { progress, rows } = await untilEnd(runId);
    expect(summaryOf(rows)).toEqual(['Publish 201 passed', 'Read 200 passed', 'Missing 404 failed']);
    expect(progress).toMatchObject({
      state: 'finished',
      total: 3,
      done: 3,
      passed: 2,
      failed: 1,
      checks: 5,
      failedChecks: 1,
    });
    expect(rows[1]!.url).toMatch(/\/adverts\/a\d+$/);
    expect(rows[1]!.checks.map((c) => c.label)).toEqual(['status is 200', '$.title is Default title']);
    expect(rows[2]!.checks[0]).toMatchObject({ label: 'status is 200', passed: false, expected: '200', actual: '404' });
    expect(rows.map((r) => [r.index, r.iteration, r.requestId])).toEqual([
      [0, 1, 'publish'],
      [1, 1, 'read'],
      [2, 1, 'missing'],
    ]);
    expect(rows[0]).toMatchObject({ method: 'POST', folders: ['Adverts'] });
    expect(rows[0]!.sizeBytes).toBeGreaterThan(0);
  });

  it('runs a folder, or a selection in tree order whatever order it was given in', async () => {
    const folder = await untilEnd((await start({ folderIds: [folderId] })).runId);
    expect(summaryOf(folder.rows)).toEqual(['Publish 201 passed', 'Read 200 passed']);
    const picked = await untilEnd((await start({ requestIds: ['missing', 'publish'] })).runId);
    expect(picked.rows.map((r) => r.name)).toEqual(['Publish', 'Missing']);
    const refused = await world.envelope('runner:start', {
      collectionId,
      environmentId,
      requestIds: ['gone'],
      delayMs: 0,
      bail: false,
    });
    expect(refused).toEqual({
      ok: false,
      error: 'A folder or request chosen for the run is no longer in the collection. Choose again.',
    });
  });

  it('runs one iteration per row of a data file, its columns as variables', async () => {
    const chosen = await world.invoke('runner:chooseDataFile', undefined);
    expect(chosen).toMatchObject({ fileName: 'titles.csv', rows: 2, columns: ['title'] });
    const before = server.received.length;
    const { runId, total } = await start({ folderIds: [folderId], dataFileId: chosen!.dataFileId });
    expect(total).toBe(4);
    const { rows } = await untilEnd(runId);
    expect(rows.map((r) => [r.iteration, r.name, r.passed])).toEqual([
      [1, 'Publish', true],
      [1, 'Read', true],
      [2, 'Publish', true],
      [2, 'Read', true],
    ]);
    const titles = server.received
      .slice(before)
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body).title);
    expect(titles).toEqual(['Flat in Kraków', 'Loft, Gdańsk']);
  });

  it('stops at the first failure with bail', async () => {
    const { runId, total } = await start({ iterations: 3, bail: true });
    expect(total).toBe(9);
    const { progress, rows } = await untilEnd(runId);
    expect(progress.state).toBe('bailed');
    expect(rows.map((r) => r.name)).toEqual(['Publish', 'Read', 'Missing']);
  });

  it('cancels at once: the request in flight is aborted and nothing more is sent', async () => {
    await saveRequest({ id: 'slow', name: 'Slow', method: 'GET', url: '{{baseUrl}}/slow' });
    const { runId } = await start({ requestIds: ['slow'], iterations: 5 });
    while (!server.received.some((r) => r.path === '/slow')) await new Promise((resolve) => setTimeout(resolve, 5));
    const asked = performance.now();
    expect(await world.invoke('runner:cancel', { runId })).toEqual({ cancelled: true });
    const { progress, rows } = await untilEnd(runId);
    expect(performance.now() - asked).toBeLessThan(2000);
    expect(progress.state).toBe('cancelled');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.error).toMatch(/cancel/i);
    expect(server.received.filter((r) => r.path === '/slow')).toHaveLength(1);
    expect(await world.invoke('runner:cancel', { runId })).toEqual({ cancelled: false });
    await world.invoke('collections:deleteNode', { collectionId, nodeId: 'slow' });
  });

  it('reads rows in pages, failed only, and a row’s response to open', async () => {
    const { runId } = await start({ iterations: 4 });
    await untilEnd(runId);
    const page = await world.invoke('runner:results', { runId, from: 5, count: 3, failedOnly: false });
    expect(page.total).toBe(12);
    expect(page.rows.map((r) => [r.index, r.name])).toEqual([
      [5, 'Missing'],
      [6, 'Publish'],
      [7, 'Read'],
    ]);
    const failed = await world.invoke('runner:results', { runId, from: 1, count: 10, failedOnly: true });
    expect(failed.total).toBe(4);
    expect(failed.rows.map((r) => r.index)).toEqual([5, 8, 11]);
    const opened = await world.invoke('runner:response', { runId, index: 1 });
    expect(opened.row.name).toBe('Read');
    expect(opened.response).toMatchObject({ status: 200, bodyFormat: 'json', bodyTruncated: false });
    expect(JSON.parse(opened.response!.body)).toMatchObject({ title: 'Default title' });
    expect(opened.response!.headers.some(([name]) => name.toLowerCase() === 'content-type')).toBe(true);
    const beyond = await world.envelope('runner:response', { runId, index: 99 });
    expect(beyond).toEqual({ ok: false, error: 'That row is not in the run (yet).' });
  });

  it('exports JSON and JUnit XML, and masks the secret in rows, responses and exports', async () => {
    const { runId } = await start({ iterations: 2 });
    const { rows } = await untilEnd(runId);
    expect(server.received.some((r) => r.headers['x-token'] === SECRET)).toBe(true);
    const opened = await world.invoke('runner:response', { runId, index: 0 });
    const echoed = JSON.stringify(opened);
    expect(echoed).not.toContain(SECRET);
    expect(opened.response!.headers.find(([name]) => name.toLowerCase() === 'x-echo')![1]).not.toContain('run-secret');

    expect(await world.invoke('runner:export', { runId, format: 'json' })).toEqual({
      saved: true,
      fileName: 'Runs results.json',
    });
    const jsonText = readFileSync(join(saveAs, 'Runs results.json'), 'utf8');
    const report = JSON.parse(jsonText) as {
      run: { executions: unknown[]; stats: { assertions: { failed: number } } };
    };
    expect(report.run.executions).toHaveLength(6);
    expect(report.run.stats.assertions.failed).toBe(2);

    expect(await world.invoke('runner:export', { runId, format: 'junit' })).toMatchObject({ saved: true });
    const xmlText = readFileSync(join(saveAs, 'Runs results.xml'), 'utf8');
    const xml = new DOMParser().parseFromString(xmlText, 'text/xml');
    const suites = xml.getElementsByTagName('testsuites')[0]!;
    expect(suites.getAttribute('tests')).toBe('10');
    expect(suites.getAttribute('failures')).toBe('2');
    expect(xml.getElementsByTagName('failure')).toHaveLength(2);
    for (const text of [JSON.stringify(rows), jsonText, xmlText]) expect(text).not.toContain(SECRET);
  });

  it('forgets a dropped run and removes its files', async () => {
    const { runId } = await start();
    await untilEnd(runId);
    const files = () => readdirSync(join(world.dataDir, 'runs')).filter((name) => name.startsWith(runId));
    expect(files()).toHaveLength(2);
    expect(await world.invoke('runner:drop', { runId })).toEqual({ dropped: true });
    expect(files()).toEqual([]);
    expect(await world.envelope('runner:progress', { runId, from: 0 })).toEqual({
      ok: false,
      error: 'That run is no longer there: start it again.',
    });
  });
});

describe('what a run refuses, in a sentence', () => {
  it('a data file that is not CSV or JSON rows, and one the app no longer has', async () => {
    const good = dataFile;
    dataFile = join(world.parent, 'broken.json');
    writeFileSync(dataFile, '{"title": "not an array"}');
    try {
      expect(await world.envelope('runner:chooseDataFile', undefined)).toEqual({
        ok: false,
        error: 'The data file broken.json is JSON but not an array: give an array of objects, one per iteration.',
      });
    } finally {
      dataFile = good;
    }
    expect(
      await world.envelope('runner:start', {
        collectionId,
        environmentId,
        dataFileId: 'gone',
        delayMs: 0,
        bail: false,
      }),
    ).toEqual({
      ok: false,
      error: 'Choose the data file again: the app no longer has it.',
    });
  });

  it('an export while the run is going on, and more runs at once than are kept', async () => {
    await saveRequest({ id: 'slow', name: 'Slow', method: 'GET', url: '{{baseUrl}}/slow' });
    const running: string[] = [];
    for (let i = 0; i < 5; i++) running.push((await start({ requestIds: ['slow'] })).runId);
    expect(await world.envelope('runner:export', { runId: running[0]!, format: 'json' })).toEqual({
      ok: false,
      error: 'The run is still going on: wait for it to end, or cancel it, then export.',
    });
    expect(await world.envelope('runner:start', { collectionId, environmentId, delayMs: 0, bail: false })).toEqual({
      ok: false,
      error: '5 runs are going on: wait for one to end, or cancel one, before starting another.',
    });
    // Once one has ended, a new run takes its place and the ended one is forgotten.
    await world.invoke('runner:cancel', { runId: running[0]! });
    await untilEnd(running[0]!);
    await start({ requestIds: ['missing'] });
    expect((await world.envelope('runner:progress', { runId: running[0]!, from: 0 })).ok).toBe(false);
    for (const runId of running.slice(1)) await world.invoke('runner:drop', { runId });
    await world.invoke('collections:deleteNode', { collectionId, nodeId: 'slow' });
  });
});

describe('memory of a long run', () => {
  it('does not grow with the number of requests (rows go to a file)', { timeout: 120_000 }, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await saveRequest({ id: 'ping', name: 'Ping', method: 'GET', url: '{{baseUrl}}/ping', checks: [status('200')] });
    const measure = async (iterations: number) => {
      const { runId } = await start({ requestIds: ['ping'], iterations, parallel: 4 });
      const { progress } = await untilEnd(runId);
      expect(progress).toMatchObject({ state: 'finished', done: iterations, failed: 0 });
      gc();
      const { rss, heapUsed } = process.memoryUsage();
      await world.invoke('runner:drop', { runId });
      return { rss, heapUsed, ms: progress.durationMs };
    };
    await measure(200); // warm up: connections, JIT
    const small = await measure(200);
    const large = await measure(2000);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(
      `run of 200: heap ${mb(small.heapUsed)} MB, RSS ${mb(small.rss)} MB, ${small.ms} ms; ` +
        `run of 2,000: heap ${mb(large.heapUsed)} MB, RSS ${mb(large.rss)} MB, ${large.ms} ms`,
    );
    expect(large.heapUsed - small.heapUsed).toBeLessThan(15 * 1024 * 1024);
    expect(large.rss - small.rss).toBeLessThan(60 * 1024 * 1024);
  });
});
