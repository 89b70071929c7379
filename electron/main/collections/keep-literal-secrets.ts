/**
 * Literal credentials never stay in a collection's files: a saved or exported request's, a
 * collection's Bearer token and an imported collection's become secret variables of the collection
 * (their values in the vault), leaving {{variable}} where they were (collections/literal-secrets.ts
 * finds and names them).
 */
import type { ImportedCollection, ImportedNode, MovedSecrets, SaveRequestResult } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { VariableDef, VariableInput } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { collectionPrefix, collectionVariables, type ScopeStores } from '../variables/scopes';
import { applyVariableInputs } from '../variables/secret-variables';
import { liftBearerToken, liftedNotice, liftLiteralSecrets, type LiteralSecret, type NameUse } from './literal-secrets';

/**
 * How a name is used by the variables a collection's request sees: its own (reused when it holds
 * this very secret), then the environments' and globals' (an environment's would win at send time).
 * Read on the first question only: most saves hold no literal credential and ask none.
 */
function nameUse(deps: ScopeStores, own: () => readonly VariableDef[]): (name: string, secret: string) => NameUse {
  let known: { own: readonly VariableDef[]; elsewhere: Set<string> } | null = null;
  return (name, secret) => {
    known ??= {
      own: own(),
      elsewhere: new Set(
        [
          ...deps.settings.globalVariables(),
          ...deps.credentials.environments().flatMap((e) => deps.credentials.variables(e.id)),
        ].map((v) => v.name),
      ),
    };
    const mine = known.own.find((v) => v.name === name);
    if (mine) return mine.secret && mine.value === secret ? 'same' : 'taken';
    return known.elsewhere.has(name) ? 'taken' : 'free';
  };
}

/** Stores what was lifted as secret variables of the collection (vault first). */
function keepLifted(deps: ScopeStores, collectionId: string, lifted: readonly LiteralSecret[]): void {
  const stored = deps.collections.get(collectionId).variables;
  // A name already there holds this very secret (it was reused); the others are new.
  const added: VariableInput[] = lifted
    .filter((l) => !stored.some((v) => v.name === l.variable))
    .map((l) => ({ name: l.variable, value: l.value, enabled: true, secret: true }));
  if (added.length === 0) return;
  const kept: VariableInput[] = stored.map((v) => ({ ...v, value: v.secret ? null : v.value }));
  deps.collections.setVariables(
    collectionId,
    applyVariableInputs(stored, [...kept, ...added], deps.vault, collectionPrefix(collectionId)),
  );
}

/** Keeps literal credentials as secret variables of the collection (vault first), leaving {{variable}} in the request. */
export function moveLiteralSecrets(
  deps: ScopeStores,
  collectionId: string,
  doc: RequestDoc,
): { doc: RequestDoc; moved?: SaveRequestResult['moved'] } {
  const use = nameUse(deps, () => collectionVariables(deps, collectionId));
  const rows = liftLiteralSecrets(doc.headers, use);
  const token = liftBearerToken(doc.auth, (name, secret) =>
    rows.lifted.some((l) => l.variable === name && l.value !== secret) ? 'taken' : use(name, secret),
  );
  const { headers } = rows;
  const lifted = [...rows.lifted, ...token.lifted.filter((l) => !rows.lifted.some((r) => r.variable === l.variable))];
  if (lifted.length === 0) return { doc };
  keepLifted(deps, collectionId, lifted);
  const changed = headers.flatMap((row, index) =>
    row.value !== doc.headers[index]!.value ? [{ index, value: row.value }] : [],
  );
  const moved: MovedSecrets = { notice: liftedNotice(lifted), headers: changed };
  if (token.lifted.length > 0 && token.auth.mode === 'bearer') moved.token = token.auth.token;
  return { doc: { ...doc, headers, auth: token.auth }, moved };
}

/** A collection's or folder's auth with a literal Bearer token kept out of collection.json, as a request's is; the token goes to a secret variable. */
export function liftCollectionAuth(deps: ScopeStores, collectionId: string, selection: AuthSelection): AuthSelection {
  const { auth, lifted } = liftBearerToken(
    selection,
    nameUse(deps, () => collectionVariables(deps, collectionId)),
  );
  keepLifted(deps, collectionId, lifted);
  return auth;
}

/**
 * An imported collection with literal credentials in its requests' header rows (and Bearer tokens in
 * its, its folders' and its requests' auth) turned into secret
 * variables of its own (their values go to the vault on import, like other secret variables), and a
 * sentence for each request that had one.
 */
export function liftImportedSecrets(
  deps: ScopeStores,
  imported: ImportedCollection,
  notes: string[],
): ImportedCollection {
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
  const liftFolderToken = (folder: { name: string; auth?: AuthSelection }) => {
    if (!folder.auth) return {};
    const token = liftBearerToken(folder.auth, use);
    keep(token.lifted, `The folder '${folder.name}'`);
    return { auth: token.auth };
  };
  const lift = (nodes: ImportedNode[]): ImportedNode[] =>
    nodes.map((node) => {
      if (node.kind === 'folder') return { ...node, ...liftFolderToken(node), children: lift(node.children) };
      const { headers, lifted } = liftLiteralSecrets(node.request.headers, use);
      keep(lifted, `'${node.request.name}'`);
      const token = liftBearerToken(node.request.auth, use);
      keep(token.lifted, `'${node.request.name}'`);
      return { ...node, request: { ...node.request, headers, auth: token.auth } };
    });
  const items = lift(imported.items);
  return { ...imported, auth: collectionToken.auth, variables, items };
}
