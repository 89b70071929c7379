/**
 * Importing in two steps: a preview (read off the main thread when large, with progress and Cancel;
 * literal credentials lifted into secret variables) kept under an id, then applying it (secret
 * values to the vault, never into the collection's files).
 */
import { randomUUID } from 'node:crypto';
import { type ImportPreview, type ImportResult, type ImportedNode } from '../../../shared/collections';
import { importedCollectionName, importedEnvironmentName } from '../../../shared/names';
import type { ImportProgress } from '../../../shared/import-progress';
import { liftImportedSecrets } from '../collections/keep-literal-secrets';
import { collectionPrefix, type ScopeStores } from '../variables/scopes';
import { cancelNamedJob, progressOf, type NamedJob } from '../workers/jobs';
import { cancelledImport, runImport } from './import-job';

/** A preview being read, named by the renderer so it can ask how far it is (import:progress) or cancel it. */
export type ImportJobState = NamedJob<ImportProgress>;

export interface ImportDeps extends ScopeStores {
  previews: Map<string, ImportResult>;
  importJobs: Map<string, ImportJobState>;
  /** Where the built import worker is (see io/import-job.ts). */
  importWorkerFile?: string;
}

const MAX_PREVIEWS = 5;

function count(nodes: ImportedNode[]): { requests: number; folders: number } {
  let requests = 0;
  let folders = 0;
  for (const node of nodes) {
    if (node.kind === 'request') requests++;
    else {
      folders++;
      const inner = count(node.children);
      requests += inner.requests;
      folders += inner.folders;
    }
  }
  return { requests, folders };
}

type PreviewRequest = { text: string; fileName?: string; files?: Record<string, string>; jobId?: string };

/** Reads the file (off the main thread when large; see io/import-job.ts) under the request's job id, if it has one. */
async function readImport(
  deps: ImportDeps,
  request: PreviewRequest,
  job: ImportJobState | null,
): Promise<ImportResult> {
  const { text, fileName, files } = request;
  return runImport(
    { text, fileName, files },
    {
      workerFile: deps.importWorkerFile,
      signal: job?.controller.signal,
      onProgress: job ? (p) => (job.progress = p) : undefined,
    },
  );
}

export async function previewImport(deps: ImportDeps, request: PreviewRequest): Promise<ImportPreview> {
  const { jobId } = request;
  if (jobId !== undefined && deps.importJobs.has(jobId)) throw new Error('An import with this id is already running.');
  const job: ImportJobState | null =
    jobId === undefined ? null : { controller: new AbortController(), progress: { phase: 'parsing', fraction: 0 } };
  if (job) deps.importJobs.set(jobId!, job);
  try {
    const parsed = await readImport(deps, request, job);
    if (job?.controller.signal.aborted) throw cancelledImport();
    if (job) job.progress = { phase: 'checking', fraction: 1 };
    return keepPreview(deps, parsed);
  } finally {
    if (job) deps.importJobs.delete(jobId!);
  }
}

function keepPreview(deps: ImportDeps, parsed: ImportResult): ImportPreview {
  // Literal credentials left in header rows become secret variables: collection files never hold one.
  const notes: string[] = [];
  const collections = parsed.collections.map((collection) => liftImportedSecrets(deps, collection, notes));
  const result: ImportResult = { ...parsed, collections, unsupported: [...parsed.unsupported, ...notes] };
  const previewId = randomUUID();
  deps.previews.set(previewId, result);
  while (deps.previews.size > MAX_PREVIEWS) deps.previews.delete(deps.previews.keys().next().value!);
  return {
    previewId,
    format: result.format,
    // Names as they will be kept (an imported file may hold names of any length).
    collections: result.collections.map((c) => ({ name: importedCollectionName(c.name), ...count(c.items) })),
    environments: result.environments.map((e) => ({
      name: importedEnvironmentName(e.name),
      variables: e.variables.length,
    })),
    unsupported: result.unsupported,
  };
}

export function importProgress(
  deps: Pick<ImportDeps, 'importJobs'>,
  request: { jobId: string },
): ImportProgress | null {
  return progressOf(deps.importJobs, request.jobId);
}

export function cancelImport(deps: Pick<ImportDeps, 'importJobs'>, request: { jobId: string }): { cancelled: boolean } {
  return cancelNamedJob(deps.importJobs, request.jobId);
}

/** Adds what a preview holds: its collections (secret values to the vault) and environments. */
export function applyImport(deps: ImportDeps, request: { previewId: string }): void {
  const result = deps.previews.get(request.previewId);
  if (!result) throw new Error('That import is no longer ready; choose the file again.');
  deps.previews.delete(request.previewId);
  for (const imported of result.collections) {
    const stored = deps.collections.importCollection(imported);
    // Secret values of imported variables go to the vault, never into the collection's files.
    for (const variable of imported.variables) {
      if (variable.secret && variable.value)
        deps.vault.set(`${collectionPrefix(stored.id)}:var:${variable.name}`, variable.value);
    }
  }
  for (const environment of result.environments) {
    deps.credentials.addImportedEnvironment(environment);
  }
}
