/** import:*, export:* — other formats in and out. Imported secrets go to the vault; exports carry placeholders. */
import { randomUUID } from 'node:crypto';
import { importedCollectionName, importedEnvironmentName } from '../../../shared/names';
import type { CollectionsView, ImportPreview, ImportResult, ImportedNode, TreeNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { CredentialsView } from '../../../shared/credentials';
import type { ImportProgress } from '../../../shared/import-progress';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { outgoingHeaders } from '../../../shared/headers';
import { substitute, type Lookup } from '../../../shared/variables';
import { withBearerRow, type AuthOutcome } from '../credentials/auth';
import { cancelledImport, runImport } from '../io/import-job';
import { parseCurl, toCurl } from '../io/curl';
import { exportPostman, type ExportNode } from '../io/postman';
import type { VariableOutcome } from '../variables/resolve';
import { secretRoutingProblem } from './request';
import { collectionPrefix, collectionsView, liftImportedSecrets, moveLiteralSecrets, type CollectionsDeps } from './collections';
import { cancelNamedJob, progressOf, type NamedJob } from '../workers/jobs';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../../shared/schemas/collection-export';

/** A preview being read, named by the renderer so it can ask how far it is (import:progress) or cancel it. */
export type ImportJobState = NamedJob<ImportProgress>;

export interface IoDeps extends CollectionsDeps {
  previews: Map<string, ImportResult>;
  importJobs: Map<string, ImportJobState>;
  /** Where the built import worker is (see io/import-job.ts). */
  importWorkerFile?: string;
  resolveVariables(request: OutgoingRequest): VariableOutcome;
  resolveAuth(request: OutgoingRequest): Promise<AuthOutcome>;
  lookupFor(request: OutgoingRequest): Lookup;
  writeClipboard?(text: string): void;
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
async function readImport(deps: IoDeps, request: PreviewRequest, job: ImportJobState | null): Promise<ImportResult> {
  const { text, fileName, files } = request;
  return runImport(
    { text, fileName, files },
    { workerFile: deps.importWorkerFile, signal: job?.controller.signal, onProgress: job ? (p) => (job.progress = p) : undefined },
  );
}

export async function previewImport(deps: IoDeps, request: PreviewRequest): Promise<ImportPreview> {
  const { jobId } = request;
  if (jobId !== undefined && deps.importJobs.has(jobId)) throw new Error('An import with this id is already running.');
  const job: ImportJobState | null = jobId === undefined ? null : { controller: new AbortController(), progress: { phase: 'parsing', fraction: 0 } };
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

function keepPreview(deps: IoDeps, parsed: ImportResult): ImportPreview {
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
    environments: result.environments.map((e) => ({ name: importedEnvironmentName(e.name), variables: e.variables.length })),
    unsupported: result.unsupported,
  };
}

export function importProgress(deps: Pick<IoDeps, 'importJobs'>, request: { jobId: string }): ImportProgress | null {
  return progressOf(deps.importJobs, request.jobId);
}

export function cancelImport(deps: Pick<IoDeps, 'importJobs'>, request: { jobId: string }): { cancelled: boolean } {
  return cancelNamedJob(deps.importJobs, request.jobId);
}

export async function applyImport(deps: IoDeps, request: { previewId: string }): Promise<{ collections: CollectionsView; credentials: CredentialsView }> {
  const result = deps.previews.get(request.previewId);
  if (!result) throw new Error('That import is no longer ready; choose the file again.');
  deps.previews.delete(request.previewId);
  for (const imported of result.collections) {
    const stored = deps.collections.importCollection(imported);
    // Secret values of imported variables go to the vault, never into the collection's files.
    for (const variable of imported.variables) {
      if (variable.secret && variable.value) deps.vault.set(`${collectionPrefix(stored.id)}:var:${variable.name}`, variable.value);
    }
  }
  for (const environment of result.environments) {
    deps.credentials.addImportedEnvironment(environment);
  }
  return { collections: collectionsView(deps), credentials: deps.credentialsView() };
}

/** A request as exported: one whose file still holds a literal credential (saved before, or from git) has it moved out first. */
function exportedRequest(deps: IoDeps, collectionId: string, requestId: string): RequestDoc {
  const { doc, moved } = moveLiteralSecrets(deps, collectionId, deps.collections.getRequest(collectionId, requestId));
  if (moved) deps.collections.saveRequest(collectionId, doc, null);
  return doc;
}

function exportTree(deps: IoDeps, collectionId: string, nodes: TreeNode[]): ExportNode[] {
  return nodes.map((node) =>
    node.kind === 'request'
      ? { kind: 'request', request: exportedRequest(deps, collectionId, node.id) }
      : { kind: 'folder', name: node.name, children: exportTree(deps, collectionId, node.children) },
  );
}

function fileName(name: string, suffix: string): string {
  return `${name.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim().replace(/\s+/g, '-') || 'collection'}${suffix}`;
}

export async function exportCollection(deps: IoDeps, request: { collectionId: string; format: 'workbench' | 'postman' }): Promise<{ fileName: string; text: string }> {
  const items = exportTree(deps, request.collectionId, deps.collections.get(request.collectionId).tree);
  // After the requests: moving a literal credential out adds a variable. Secret values are blank here.
  const collection = deps.collections.get(request.collectionId);
  if (request.format === 'postman') {
    const postman = exportPostman({ name: collection.name, variables: collection.variables, auth: collection.auth, items });
    return { fileName: fileName(collection.name, '.postman_collection.json'), text: `${JSON.stringify(postman, null, 2)}\n` };
  }
  const own = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    collection: { name: collection.name, auth: collection.auth, variables: collection.variables, items: strip(items) },
  };
  return { fileName: fileName(collection.name, '.workbench.json'), text: `${JSON.stringify(own, null, 2)}\n` };
}

type PortableNode = { kind: 'request'; request: Omit<RequestDoc, 'id'> } | { kind: 'folder'; name: string; children: PortableNode[] };
function strip(nodes: ExportNode[]): PortableNode[] {
  return nodes.map((node) => {
    if (node.kind === 'folder') return { kind: 'folder', name: node.name, children: strip(node.children) };
    const { id: _id, ...request } = node.request;
    return { kind: 'request', request };
  });
}

export async function exportCurl(deps: IoDeps, request: { request: OutgoingRequest; withSecrets: boolean }): Promise<{ text: string | null; copied: boolean }> {
  const draft = withBearerRow(request.request);
  if (request.withSecrets) {
    if (!deps.writeClipboard) throw new Error('Copying with real values is not available here.');
    const variables = deps.resolveVariables(draft);
    if (!variables.ok) throw new Error(variables.problems[0]!.message);
    // A copied command sends what it holds when run: the same rule as a send decides which secrets may be in it.
    const routing = secretRoutingProblem(variables.request, variables.secrets, 'nothing was copied');
    if (routing) throw new Error(routing.message);
    const auth = await deps.resolveAuth(variables.request);
    if (!auth.ok) throw new Error(auth.problems[0]!.message);
    const names = new Set(auth.auth.headers.map((h) => h.name.toLowerCase()));
    const rows = [...variables.request.headers.filter((h) => !names.has(h.name.trim().toLowerCase())), ...auth.auth.headers];
    // Written to the clipboard here, in the main process: the real values never pass through the renderer.
    deps.writeClipboard(toCurl({ method: draft.method, url: variables.request.url, headers: outgoingHeaders(rows, draft.method, variables.request.body), body: variables.request.body }));
    return { text: null, copied: true };
  }
  // Placeholders: non-secret variables are resolved, secret ones stay {{name}}, credentials become {{apiKey}} / {{accessToken}}.
  const base = deps.lookupFor(draft);
  const lookup: Lookup = (name) => {
    const found = base(name);
    return found && !found.secret ? found : undefined;
  };
  const put = (text: string) => substitute(text, lookup).text;
  const headers = outgoingHeaders(
    draft.headers.map((row) => ({ ...row, name: put(row.name), value: put(row.value) })),
    draft.method,
    draft.body,
  );
  const authHeaders: Array<[string, string]> = [];
  if (draft.auth.mode === 'api-key' || draft.auth.mode === 'api-key-bearer') authHeaders.push(['X-API-KEY', '{{apiKey}}']);
  if (draft.auth.mode === 'api-key-bearer') authHeaders.push(['Authorization', 'Bearer {{accessToken}}']);
  if (draft.auth.mode === 'basic') authHeaders.push(['Authorization', 'Basic {{basicCredentials}}']);
  const authNames = new Set(authHeaders.map(([n]) => n.toLowerCase()));
  const all = [...headers.filter(([n]) => !authNames.has(n.toLowerCase())), ...authHeaders];
  return { text: toCurl({ method: draft.method, url: put(draft.url), headers: all, body: put(draft.body) }), copied: false };
}

/** A cURL command pasted into the URL field: the request it describes, and what was left out. */
export function curlToRequest(text: string): { request: Omit<RequestDoc, 'id'>; unsupported: string[] } {
  const result = parseCurl(text);
  const first = result.collections[0]?.items.find((item) => item.kind === 'request');
  if (!first || first.kind !== 'request') throw new Error('No request found in that cURL command.');
  return { request: first.request, unsupported: result.unsupported };
}
