/** collections:*, variables:set and history:* — every answer is a view; secret variable values stay in the vault. */
import type { CollectionsView, HistoryDetail, HistoryEntry, ImportedCollection, ImportedNode, MovedSecrets, SaveRequestResult } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { VariableDef, VariableInput, VariableScope } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import type { CredentialsView } from '../../../shared/credentials';
import { starterCollection } from '../../../shared/starter-collection';
import { liftBearerToken, liftedNotice, liftLiteralSecrets, type LiteralSecret, type NameUse } from '../collections/literal-secrets';
import type { CollectionsStore } from '../collections/store';
import type { CredentialsStore } from '../credentials/store';
import type { Vault } from '../credentials/vault';
import type { HistoryStore } from '../history/store';
import type { SettingsStore } from '../settings/store';
import { applyVariableInputs, resolveVariables, viewVariables, withFirstOrigin } from '../variables/secret-variables';
import type { BoundSecret } from '../credentials/secret-routing';

export interface CollectionsDeps {
  /** The main process's folder picker; the renderer never names a path. */
  chooseFolder?(): Promise<string | null>;
  collections: CollectionsStore;
  history: HistoryStore;
  vault: Vault;
  settings: SettingsStore;
  credentials: CredentialsStore;
  credentialsView(): CredentialsView;
}

export const collectionPrefix = (collectionId: string) => `collection:${collectionId}`;

/**
 * Deletes the vault entries of a collection that is gone for good (it left the trash): its secret
 * variables. A vault that cannot be written now keeps them, encrypted.
 */
export function forgetCollectionSecrets(vault: Vault, collectionId: string): void {
  try {
    for (const key of vault.keys(`${collectionPrefix(collectionId)}:`)) vault.delete(key);
  } catch {
    // left encrypted in the vault (see above)
  }
}
export const GLOBAL_PREFIX = 'global';

export function collectionsView(deps: CollectionsDeps): CollectionsView {
  return {
    collections: deps.collections.list().map((c) => ({
      id: c.id,
      name: c.name,
      location: c.location,
      tree: c.tree,
      variables: viewVariables(c.variables, deps.vault, collectionPrefix(c.id)),
      auth: c.auth,
      problems: c.problems,
    })),
    globals: viewVariables(deps.settings.globalVariables(), deps.vault, GLOBAL_PREFIX),
  };
}

/** A collection's variables with secret values (main process only). */
export function collectionVariables(deps: Pick<CollectionsDeps, 'collections' | 'vault'>, collectionId: string) {
  const collection = deps.collections.list().find((c) => c.id === collectionId);
  return collection ? resolveVariables(collection.variables, deps.vault, collectionPrefix(collectionId)) : [];
}

export function globalVariables(deps: Pick<CollectionsDeps, 'settings' | 'vault'>) {
  return resolveVariables(deps.settings.globalVariables(), deps.vault, GLOBAL_PREFIX);
}

/** A scope as sentences name it: “Globals”, “the collection “Adverts””, “the environment “Home””. */
export function scopeTitle(deps: Pick<CollectionsDeps, 'collections' | 'credentials'>, scope: VariableScope): string {
  if (scope.kind === 'global') return 'Globals';
  if (scope.kind === 'collection') return `the collection “${deps.collections.list().find((c) => c.id === scope.collectionId)?.name ?? 'removed'}”`;
  return `the environment “${deps.credentials.environment(scope.environmentId)?.name ?? 'removed'}”`;
}

/**
 * A collection's or Globals' secret with no allowed origin yet is bound to the origin of the first
 * request that sends it (the list is kept in the collection's file or the settings). Returns the
 * secrets with the origins they may go to as stored now: a send that raced this one may have bound
 * them first, elsewhere.
 */
export function bindFirstOrigin(deps: Pick<CollectionsDeps, 'collections' | 'settings'>, secrets: readonly BoundSecret[], origin: string): BoundSecret[] {
  const unbound = secrets.filter((secret) => secret.origins === null && (secret.scope.kind === 'global' || secret.scope.kind === 'collection'));
  if (unbound.length === 0) return [...secrets];
  const scopeKey = (scope: BoundSecret['scope']) => (scope.kind === 'collection' ? `collection:${scope.collectionId}` : scope.kind);
  /** Each scope's variables after binding, by scopeKey. */
  const stored = new Map<string, readonly VariableDef[]>();
  const bind = (key: string, current: readonly VariableDef[], save: (variables: VariableDef[]) => void) => {
    const next = withFirstOrigin(current, new Set(unbound.filter((s) => scopeKey(s.scope) === key).map((s) => s.name)), origin);
    if (next) save(next);
    stored.set(key, next ?? current);
  };
  try {
    for (const key of new Set(unbound.map((s) => scopeKey(s.scope)))) {
      if (key === 'global') bind(key, deps.settings.globalVariables(), (variables) => deps.settings.setGlobalVariables(variables));
      else {
        const collectionId = key.slice('collection:'.length);
        bind(key, deps.collections.get(collectionId).variables, (variables) => deps.collections.setVariables(collectionId, variables));
      }
    }
  } catch {
    const list = unbound.map((s) => `{{${s.name}}}`).join(', ');
    throw new Error(
      `${origin} could not be kept as the allowed origin of ${list} (Variables), so nothing was sent. ` +
        'Check that the app’s data folder and the collection’s folder can be written, then send again.',
    );
  }
  return secrets.map((secret) => {
    if (!unbound.includes(secret)) return secret;
    const origins = stored.get(scopeKey(secret.scope))?.find((v) => v.name === secret.name)?.origins;
    return { ...secret, origins: origins && origins.length > 0 ? origins : [origin] };
  });
}

export async function listCollections(deps: CollectionsDeps): Promise<CollectionsView> {
  return collectionsView(deps);
}

export async function createCollection(deps: CollectionsDeps, request: { name: string }): Promise<CollectionsView> {
  deps.collections.create(request.name);
  return collectionsView(deps);
}

export async function addStarterCollection(deps: CollectionsDeps): Promise<CollectionsView> {
  const starter = starterCollection();
  // The User-Agent row uses {{crmName}}: start it from the CRM name in Settings when there is one.
  const crmName = deps.settings.view().crmName;
  if (crmName) starter.variables = starter.variables.map((v) => (v.name === 'crmName' ? { ...v, value: crmName } : v));
  deps.collections.importCollection(starter);
  return collectionsView(deps);
}

export async function openCollectionFolder(deps: CollectionsDeps): Promise<CollectionsView> {
  if (!deps.chooseFolder) throw new Error('Opening a folder is not available here.');
  const folder = await deps.chooseFolder();
  if (folder) deps.collections.openFolder(folder);
  return collectionsView(deps);
}

export async function renameCollection(deps: CollectionsDeps, request: { collectionId: string; name: string }): Promise<CollectionsView> {
  deps.collections.rename(request.collectionId, request.name);
  return collectionsView(deps);
}

export async function removeCollection(deps: CollectionsDeps, request: { collectionId: string }): Promise<{ view: CollectionsView; undoId: string }> {
  // Secret values stay in the vault until the removal can no longer be undone; they are never on disk in clear.
  const { undoId } = deps.collections.remove(request.collectionId);
  return { view: collectionsView(deps), undoId };
}

export async function getRequest(deps: CollectionsDeps, request: { collectionId: string; requestId: string }): Promise<RequestDoc> {
  return deps.collections.getRequest(request.collectionId, request.requestId);
}

/**
 * How a name is used by the variables a collection's request sees: its own (reused when it holds
 * this very secret), then the environments' and globals' (an environment's would win at send time).
 * Read on the first question only: most saves hold no literal credential and ask none.
 */
function nameUse(deps: CollectionsDeps, own: () => readonly VariableDef[]): (name: string, secret: string) => NameUse {
  let known: { own: readonly VariableDef[]; elsewhere: Set<string> } | null = null;
  return (name, secret) => {
    known ??= {
      own: own(),
      elsewhere: new Set(
        [...deps.settings.globalVariables(), ...deps.credentials.environments().flatMap((e) => deps.credentials.variables(e.id))].map((v) => v.name),
      ),
    };
    const mine = known.own.find((v) => v.name === name);
    if (mine) return mine.secret && mine.value === secret ? 'same' : 'taken';
    return known.elsewhere.has(name) ? 'taken' : 'free';
  };
}

/** Stores what was lifted as secret variables of the collection (vault first). */
function keepLifted(deps: CollectionsDeps, collectionId: string, lifted: readonly LiteralSecret[]): void {
  const stored = deps.collections.get(collectionId).variables;
  // A name already there holds this very secret (it was reused); the others are new.
  const added: VariableInput[] = lifted
    .filter((l) => !stored.some((v) => v.name === l.variable))
    .map((l) => ({ name: l.variable, value: l.value, enabled: true, secret: true }));
  if (added.length === 0) return;
  const kept: VariableInput[] = stored.map((v) => ({ ...v, value: v.secret ? null : v.value }));
  deps.collections.setVariables(collectionId, applyVariableInputs(stored, [...kept, ...added], deps.vault, collectionPrefix(collectionId)));
}

/** Keeps literal credentials as secret variables of the collection (vault first), leaving {{variable}} in the request. */
export function moveLiteralSecrets(deps: CollectionsDeps, collectionId: string, doc: RequestDoc): { doc: RequestDoc; moved?: SaveRequestResult['moved'] } {
  const use = nameUse(deps, () => collectionVariables(deps, collectionId));
  const rows = liftLiteralSecrets(doc.headers, use);
  const token = liftBearerToken(doc.auth, (name, secret) => (rows.lifted.some((l) => l.variable === name && l.value !== secret) ? 'taken' : use(name, secret)));
  const { headers } = rows;
  const lifted = [...rows.lifted, ...token.lifted.filter((l) => !rows.lifted.some((r) => r.variable === l.variable))];
  if (lifted.length === 0) return { doc };
  keepLifted(deps, collectionId, lifted);
  const changed = headers.flatMap((row, index) => (row.value !== doc.headers[index]!.value ? [{ index, value: row.value }] : []));
  const moved: MovedSecrets = { notice: liftedNotice(lifted), headers: changed };
  if (token.lifted.length > 0 && token.auth.mode === 'bearer') moved.token = token.auth.token;
  return { doc: { ...doc, headers, auth: token.auth }, moved };
}

export async function saveRequest(
  deps: CollectionsDeps,
  request: { collectionId: string; parentId: string | null; request: RequestDoc },
): Promise<SaveRequestResult> {
  const { doc, moved } = moveLiteralSecrets(deps, request.collectionId, request.request);
  deps.collections.saveRequest(request.collectionId, doc, request.parentId);
  return moved ? { ...collectionsView(deps), moved } : collectionsView(deps);
}

/**
 * An imported collection with literal credentials in its requests' header rows turned into secret
 * variables of its own (their values go to the vault on import, like other secret variables), and a
 * sentence for each request that had one.
 */
export function liftImportedSecrets(deps: CollectionsDeps, imported: ImportedCollection, notes: string[]): ImportedCollection {
  const variables = [...imported.variables];
  const use = nameUse(deps, () => variables);
  const keep = (lifted: LiteralSecret[], owner: string) => {
    for (const secret of lifted.filter((l) => !variables.some((v) => v.name === l.variable))) {
      variables.push({ name: secret.variable, value: secret.value, enabled: true, secret: true });
    }
    if (lifted.length > 0) notes.push(`${owner}: ${liftedNotice(lifted)}`);
  };
  const collectionToken = liftBearerToken(imported.auth, use);
  keep(collectionToken.lifted, `The collection '${imported.name}'`);
  const lift = (nodes: ImportedNode[]): ImportedNode[] =>
    nodes.map((node) => {
      if (node.kind === 'folder') return { ...node, children: lift(node.children) };
      const { headers, lifted } = liftLiteralSecrets(node.request.headers, use);
      keep(lifted, `'${node.request.name}'`);
      const token = liftBearerToken(node.request.auth, use);
      keep(token.lifted, `'${node.request.name}'`);
      return { ...node, request: { ...node.request, headers, auth: token.auth } };
    });
  const items = lift(imported.items);
  return { ...imported, auth: collectionToken.auth, variables, items };
}

export async function addFolder(deps: CollectionsDeps, request: { collectionId: string; parentId: string | null; name: string }): Promise<CollectionsView> {
  deps.collections.addFolder(request.collectionId, request.parentId, request.name);
  return collectionsView(deps);
}

export async function renameNode(deps: CollectionsDeps, request: { collectionId: string; nodeId: string; name: string }): Promise<CollectionsView> {
  deps.collections.renameNode(request.collectionId, request.nodeId, request.name);
  return collectionsView(deps);
}

export async function duplicateNode(deps: CollectionsDeps, request: { collectionId: string; nodeId: string }): Promise<CollectionsView> {
  deps.collections.duplicateNode(request.collectionId, request.nodeId);
  return collectionsView(deps);
}

export async function moveNode(
  deps: CollectionsDeps,
  request: { collectionId: string; nodeId: string; parentId: string | null; index: number },
): Promise<CollectionsView> {
  deps.collections.moveNode(request.collectionId, request.nodeId, request.parentId, request.index);
  return collectionsView(deps);
}

export async function deleteNode(deps: CollectionsDeps, request: { collectionId: string; nodeId: string }): Promise<{ view: CollectionsView; undoId: string }> {
  const { undoId } = deps.collections.deleteNode(request.collectionId, request.nodeId);
  return { view: collectionsView(deps), undoId };
}

export async function undo(deps: CollectionsDeps, request: { undoId: string }): Promise<CollectionsView> {
  deps.collections.undo(request.undoId);
  return collectionsView(deps);
}

export async function setCollectionAuth(deps: CollectionsDeps, request: { collectionId: string; auth: AuthSelection }): Promise<CollectionsView> {
  // A literal Bearer token is kept out of collection.json as a request's is.
  const { auth, lifted } = liftBearerToken(request.auth, nameUse(deps, () => collectionVariables(deps, request.collectionId)));
  keepLifted(deps, request.collectionId, lifted);
  deps.collections.setAuth(request.collectionId, auth);
  return collectionsView(deps);
}

export async function setVariables(
  deps: CollectionsDeps,
  request: { scope: VariableScope; variables: VariableInput[] },
): Promise<{ collections: CollectionsView; credentials: CredentialsView }> {
  const { scope, variables } = request;
  if (scope.kind === 'global') {
    deps.settings.setGlobalVariables(applyVariableInputs(deps.settings.globalVariables(), variables, deps.vault, GLOBAL_PREFIX));
  } else if (scope.kind === 'collection') {
    const stored = deps.collections.get(scope.collectionId).variables;
    deps.collections.setVariables(scope.collectionId, applyVariableInputs(stored, variables, deps.vault, collectionPrefix(scope.collectionId)));
  } else {
    deps.credentials.setVariables(scope.environmentId, variables);
  }
  return { collections: collectionsView(deps), credentials: deps.credentialsView() };
}

export async function listHistory(deps: CollectionsDeps, request: { query?: string; limit?: number }): Promise<HistoryEntry[]> {
  return deps.history.list({ query: request.query, limit: request.limit ?? 200 });
}

export async function getHistory(deps: CollectionsDeps, request: { id: string }): Promise<HistoryDetail> {
  const entry = deps.history.get(request.id);
  if (!entry) throw new Error('That history entry is no longer there (the oldest are dropped).');
  return entry;
}

export async function clearHistory(deps: CollectionsDeps): Promise<{ cleared: boolean }> {
  deps.history.clear();
  return { cleared: true };
}

