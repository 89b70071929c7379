/**
 * Collection runs in the app (runner:* channels), on the engine the `workbench` command uses
 * (engine.ts) over the app's own send path (app-send-path.ts). A run goes on in the background
 * while the window reads its progress and rows in pages; its rows and responses are streamed to
 * files (run-file.ts), so memory stays flat however many requests it sends. A few runs are kept
 * (the oldest ended one is dropped for a new one); their files go when a run is dropped or the app
 * closes. Cancel aborts the run's requests in flight and starts nothing more.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TreeNode } from '../../../shared/collections';
import type { SendResult } from '../../../shared/http-types';
import { authFolder, type AuthFolder } from '../../../shared/effective-auth';
import {
  MAX_RUN_REQUESTS,
  RUN_ROWS_PER_ANSWER,
  type RunDataFile,
  type RunProgress,
  type RunResults,
  type RunRow,
  type RunRowResponse,
  type RunStart,
  type RunStarted,
  type RunState,
} from '../../../shared/schemas/run';
import type { CollectionsStore } from '../collections/store';
import type { CredentialsStore } from '../credentials/store';
import { describeFsError, withFsSentence } from '../storage/fs-errors';
import { writeFileDurably, type DurableFs } from '../storage/durable-file';
import { createAppSendPath, type AppSendDeps, type AppSendPath } from './app-send-path';
import { inFolders, type RunItem } from './collection-source';
import { runCollection, type RequestEvent, type RunReporter, type RunSummary } from './engine';
import { iterationRows, parseIterationData, type DataRow } from './iteration-data';
import { jsonReporter } from './reports/json';
import { junitReporter } from './reports/junit';
import { RunFile, type KeptResponse } from './run-file';

/** Runs kept at once (their rows on disk); a new one drops the oldest that has ended. */
export const MAX_KEPT_RUNS = 5;
/** Characters of a body a row keeps to show when it is opened. */
export const KEPT_BODY_CHARS = 64 * 1024;
/** A data file larger than this is refused (a run's rows are read whole). */
const MAX_DATA_FILE_BYTES = 32 * 1024 * 1024;

export interface AppRuns {
  chooseDataFile(): Promise<RunDataFile | null>;
  start(request: RunStart): Promise<RunStarted>;
  progress(runId: string, from: number): RunProgress;
  results(runId: string, from: number, count: number, failedOnly: boolean): Promise<RunResults>;
  response(runId: string, index: number): Promise<RunRowResponse>;
  /** False when the run is not running (ended, or unknown). */
  cancel(runId: string): boolean;
  exportResults(runId: string, format: 'json' | 'junit'): Promise<{ saved: boolean; fileName?: string }>;
  drop(runId: string): Promise<boolean>;
  /** Cancels every run, waits (a little) for them to end and removes their files. */
  dispose(): Promise<void>;
}

export interface AppRunsDeps {
  /** The data folder's runs/ folder (emptied at start: runs last a session). */
  dir: string;
  collections: Pick<CollectionsStore, 'get' | 'getRequest'>;
  credentials: Pick<CredentialsStore, 'environment' | 'view'>;
  send: AppSendDeps;
  /** Asks for a CSV or JSON data file (a native open dialog in the app); null when cancelled. */
  chooseDataFile?(): Promise<string | null>;
  /** Asks where to save an export (a native save dialog in the app); null when cancelled. */
  chooseSaveFile?(suggestedName: string): Promise<string | null>;
  fs?: DurableFs;
}

/** A run the app no longer has (dropped, or from before a restart), in a sentence. */
export class UnknownRun extends Error {
  constructor() {
    super('That run is no longer there: start it again.');
  }
}

interface Run {
  id: string;
  collectionName: string;
  total: number;
  file: RunFile;
  path: AppSendPath;
  controller: AbortController;
  state: RunState;
  started: number;
  /** Epoch ms, for the JSON export's timings. */
  startedAt: number;
  counts: { passed: number; failed: number; checks: number; failedChecks: number };
  summary: RunSummary | null;
  error?: string;
  ended: Promise<void>;
}

/** The requests to run, in tree order with their folders: all of them, those under the folders named, or those named. */
function pickRequests(tree: readonly TreeNode[], start: Pick<RunStart, 'folderIds' | 'requestIds'>) {
  const folders = new Set(start.folderIds ?? []);
  const requests = new Set(start.requestIds ?? []);
  const picked: Array<{ id: string; authFolders: AuthFolder[] }> = [];
  const found = new Set<string>();
  const walk = (nodes: readonly TreeNode[], path: AuthFolder[], inPicked: boolean) => {
    for (const node of nodes) {
      if (node.kind === 'folder') {
        const chosen = inPicked || folders.has(node.id);
        if (folders.has(node.id)) found.add(node.id);
        walk(node.children, [...path, authFolder(node)], chosen);
      } else if (inPicked || requests.has(node.id)) {
        if (requests.has(node.id)) found.add(node.id);
        picked.push({ id: node.id, authFolders: path });
      }
    }
  };
  walk(tree, [], !start.folderIds && !start.requestIds);
  const missing = [...folders, ...requests].some((id) => !found.has(id));
  if (missing) throw new Error('A folder or request chosen for the run is no longer in the collection. Choose again.');
  return picked;
}

/** Who an inherited API key + Bearer that names no CRM user acts for: the environment's first authorized user. */
function firstAuthorizedUser(deps: AppRunsDeps, environmentId: string | null): string | undefined {
  const users = deps.credentials.view().find((e) => e.id === environmentId)?.users ?? [];
  return users.find((u) => u.status === 'authorized')?.id;
}

/**
 * What a row keeps of its response to show it again: the head and the body up to a cap. The body
 * was masked as it came (the sink); the head is masked here, every part a server controls.
 */
function keptResponse(result: SendResult | undefined, mask: (text: string) => string): KeptResponse {
  if (!result || result.kind !== 'response') return null;
  const cut = result.body.length > KEPT_BODY_CHARS;
  return {
    status: result.status,
    statusText: mask(result.statusText),
    headers: result.headers.map(([name, value]) => [mask(name), mask(value)]),
    contentType: mask(result.contentType),
    finalUrl: mask(result.finalUrl),
    bodyFormat: result.bodyFormat,
    body: cut ? result.body.slice(0, KEPT_BODY_CHARS) : result.body,
    bodyTruncated: cut || result.bodyTruncated,
    bodyBytes: result.bodyBytes,
    timeMs: result.timings.totalMs,
  };
}

const toEvent = ({ index, requestId: _requestId, ...rest }: RunRow): RequestEvent => ({ ...rest, position: index + 1 });

/** The name the save dialog suggests: the collection's, without characters a file name cannot hold. */
function exportName(collection: string, format: 'json' | 'junit'): string {
  const name = collection.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^\.+/, '') || 'Run';
  return `${name} results.${format === 'json' ? 'json' : 'xml'}`;
}

function stateOf(summary: RunSummary): RunState {
  if (summary.cancelled) return 'cancelled';
  return summary.bailed ? 'bailed' : 'finished';
}

export function createAppRuns(deps: AppRunsDeps): AppRuns {
  rmSync(deps.dir, { recursive: true, force: true });
  const runs = new Map<string, Run>();
  const dataFiles = new Map<string, { path: string; fileName: string }>();

  const runOf = (runId: string): Run => {
    const run = runs.get(runId);
    if (!run) throw new UnknownRun();
    return run;
  };

  const readData = (path: string, fileName: string): DataRow[] => {
    const doing = 'read the data file';
    if (withFsSentence(doing, fileName, () => statSync(path).size) > MAX_DATA_FILE_BYTES)
      throw new Error(`The data file ${fileName} is larger than 32 MB: split it into smaller files.`);
    return parseIterationData(
      withFsSentence(doing, fileName, () => readFileSync(path, 'utf8')),
      fileName,
    );
  };

  /** Room for one more run: the oldest ended run goes; when every kept run is still running, a sentence. */
  const makeRoom = async () => {
    if (runs.size < MAX_KEPT_RUNS) return;
    const oldest = [...runs.values()].find((run) => run.state !== 'running');
    if (!oldest)
      throw new Error(
        `${MAX_KEPT_RUNS} runs are going on: wait for one to end, or cancel one, before starting another.`,
      );
    await drop(oldest.id);
  };

  const rowsFor = (start: RunStart) => {
    const data = start.dataFileId ? dataFiles.get(start.dataFileId) : undefined;
    if (start.dataFileId && !data) throw new Error('Choose the data file again: the app no longer has it.');
    return iterationRows(
      data ? { rows: readData(data.path, data.fileName), fileName: data.fileName } : null,
      start.iterations,
    );
  };

  const itemsFor = (start: RunStart) => {
    const collection = deps.collections.get(start.collectionId);
    const picked = pickRequests(collection.tree, start);
    if (picked.length === 0)
      throw new Error('There is nothing to run: the collection or the selection holds no request.');
    const items: RunItem[] = picked.map(({ id, authFolders }) => {
      const { id: _id, ...doc } = deps.collections.getRequest(start.collectionId, id);
      return { request: { ...doc, checks: doc.checks ?? [] }, ...inFolders(authFolders) };
    });
    return { collection, ids: picked.map((p) => p.id), items };
  };

  /** The value of every variable the run's requests see, by name (for which requests may be in flight together). */
  const definitions = (collectionId: string, environmentId: string | null) => {
    const { sources } = deps.send;
    const scopes = [
      sources.globals(),
      sources.collection(collectionId),
      environmentId ? sources.environment(environmentId) : [],
    ];
    return new Map(scopes.flat().map((v) => [v.name, v.value]));
  };

  const reporterFor = (run: Run, ids: readonly string[]): RunReporter => ({
    request(event) {
      const { position, ...rest } = event;
      const index = position - 1;
      const row: RunRow = { ...rest, index, requestId: ids[index % ids.length]! };
      run.file.append(row, keptResponse(run.path.take(`run-${index}`), run.path.mask));
      if (event.passed) run.counts.passed++;
      else run.counts.failed++;
      run.counts.checks += event.checks.length;
      run.counts.failedChecks += event.checks.filter((check) => !check.passed).length;
    },
    end(summary) {
      run.summary = summary;
    },
  });

  async function start(request: RunStart): Promise<RunStarted> {
    if (request.environmentId !== null && !deps.credentials.environment(request.environmentId))
      throw new Error('The environment chosen for the run is no longer there. Choose another.');
    const { collection, ids, items } = itemsFor(request);
    const rows = rowsFor(request);
    const total = rows.length * items.length;
    if (total > MAX_RUN_REQUESTS)
      throw new Error(
        `This run would send ${total.toLocaleString('en')} requests; a run sends at most ${MAX_RUN_REQUESTS.toLocaleString('en')}. Ask for fewer iterations.`,
      );
    await makeRoom();
    mkdirSync(deps.dir, { recursive: true });
    const id = randomUUID();
    const target = {
      environmentId: request.environmentId,
      collectionId: request.collectionId,
      collectionAuth: collection.auth,
      actsFor: firstAuthorizedUser(deps, request.environmentId),
    };
    const run: Run = {
      id,
      collectionName: collection.name,
      total,
      file: new RunFile(deps.dir, id),
      path: createAppSendPath(deps.send, target),
      controller: new AbortController(),
      state: 'running',
      started: performance.now(),
      startedAt: Date.now(),
      counts: { passed: 0, failed: 0, checks: 0, failedChecks: 0 },
      summary: null,
      ended: Promise.resolve(),
    };
    runs.set(id, run);
    const plan = {
      collection: { name: collection.name, auth: collection.auth, variables: [], items, notes: [] },
      items,
      rows,
      delayMs: request.delayMs,
      bail: request.bail,
      parallel: request.parallel ?? 1,
      definitions: definitions(request.collectionId, request.environmentId),
      signal: run.controller.signal,
    };
    run.ended = runCollection(plan, run.path, reporterFor(run, ids)).then(
      (summary) => {
        run.state = stateOf(summary);
      },
      (error: unknown) => {
        run.state = 'error';
        run.error = describeFsError(error, 'keep the results of the run');
      },
    );
    return { runId: id, total, warnings: [] };
  }

  function progress(runId: string, from: number): RunProgress {
    const run = runOf(runId);
    const ended = run.summary?.durationMs;
    return {
      runId,
      state: run.state,
      total: run.total,
      done: run.file.count,
      ...run.counts,
      durationMs: ended ?? Math.round(performance.now() - run.started),
      rows: run.file.page(from, RUN_ROWS_PER_ANSWER),
      ...(run.error ? { error: run.error } : {}),
    };
  }

  async function exportResults(runId: string, format: 'json' | 'junit') {
    const run = runOf(runId);
    if (run.state === 'running')
      throw new Error('The run is still going on: wait for it to end, or cancel it, then export.');
    if (!deps.chooseSaveFile) throw new Error('Saving files is not available here.');
    const target = await deps.chooseSaveFile(exportName(run.collectionName, format));
    if (!target) return { saved: false };
    const temp = join(deps.dir, `${run.id}.export`);
    try {
      const reporter = format === 'json' ? jsonReporter(temp, run.startedAt) : junitReporter(temp);
      const summary = run.summary!;
      reporter.start?.({ collection: run.collectionName, iterations: summary.iterations, requests: summary.requests });
      for (const row of run.file.all()) reporter.request(toEvent(row));
      await reporter.end(summary);
      writeFileDurably(target, readFileSync(temp), { mode: 0o644, fs: deps.fs });
    } catch (error) {
      throw new Error(describeFsError(error, 'export the results', basename(target)));
    } finally {
      rmSync(temp, { force: true });
    }
    return { saved: true, fileName: basename(target) };
  }

  async function drop(runId: string): Promise<boolean> {
    const run = runs.get(runId);
    if (!run) return false;
    runs.delete(runId);
    run.controller.abort();
    run.path.abort();
    await run.ended;
    run.file.remove();
    return true;
  }

  return {
    async chooseDataFile() {
      if (!deps.chooseDataFile) throw new Error('Choosing a data file is not available here.');
      const path = await deps.chooseDataFile();
      if (!path) return null;
      const fileName = basename(path);
      const rows = readData(path, fileName);
      if (rows.length === 0) throw new Error(`The data file ${fileName} has no rows after its header.`);
      const dataFileId = randomUUID();
      if (dataFiles.size >= MAX_KEPT_RUNS) dataFiles.delete(dataFiles.keys().next().value!);
      dataFiles.set(dataFileId, { path, fileName });
      return { dataFileId, fileName, rows: rows.length, columns: Object.keys(rows[0]!) };
    },
    start,
    progress,
    async results(runId, from, count, failedOnly) {
      const { file } = runOf(runId);
      return failedOnly
        ? { total: file.failedCount, rows: file.failedPage(from, count) }
        : { total: file.count, rows: file.page(from, count) };
    },
    async response(runId, index) {
      const { file } = runOf(runId);
      const row = file.row(index);
      if (!row) throw new Error('That row is not in the run (yet).');
      return { row, response: file.response(index) };
    },
    cancel(runId) {
      const run = runs.get(runId);
      if (!run || run.state !== 'running') return false;
      run.controller.abort();
      run.path.abort();
      return true;
    },
    exportResults,
    drop,
    async dispose() {
      const ids = [...runs.keys()];
      await Promise.race([Promise.all(ids.map(drop)), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      rmSync(deps.dir, { recursive: true, force: true });
    },
  };
}
