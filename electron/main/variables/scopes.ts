/**
 * The scopes a variable is kept in, Globals (settings), a collection (its files) and an environment
 * (the credentials store), with secret values in the vault under the scope's key prefix: reading a
 * scope with its secrets (main process only), changing one, naming one in a sentence, and binding a
 * secret with no allowed origin yet to its first send's.
 */
import type { VariableDef, VariableInput, VariableScope } from '../../../shared/schemas/variable';
import type { CollectionsStore } from '../collections/store';
import type { BoundSecret } from '../credentials/secret-routing';
import type { CredentialsStore } from '../credentials/store';
import type { Vault } from '../credentials/vault';
import type { SettingsStore } from '../settings/store';
import type { CapturedValues } from './captured';
import type { VariableSources } from './resolve';
import { applyVariableInputs, resolveVariables, withFirstOrigin } from './secret-variables';

/** Where each scope's variables are kept. */
export interface ScopeStores {
  collections: CollectionsStore;
  settings: SettingsStore;
  credentials: CredentialsStore;
  vault: Vault;
}

export const collectionPrefix = (collectionId: string) => `collection:${collectionId}`;
export const GLOBAL_PREFIX = 'global';

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

/** A collection's variables with secret values (main process only). */
export function collectionVariables(deps: Pick<ScopeStores, 'collections' | 'vault'>, collectionId: string) {
  const collection = deps.collections.list().find((c) => c.id === collectionId);
  return collection ? resolveVariables(collection.variables, deps.vault, collectionPrefix(collectionId)) : [];
}

export function globalVariables(deps: Pick<ScopeStores, 'settings' | 'vault'>) {
  return resolveVariables(deps.settings.globalVariables(), deps.vault, GLOBAL_PREFIX);
}

/** A scope as sentences name it: “Globals”, “the collection “Adverts””, “the environment “Home””. */
export function scopeTitle(deps: Pick<ScopeStores, 'collections' | 'credentials'>, scope: VariableScope): string {
  if (scope.kind === 'global') return 'Globals';
  if (scope.kind === 'collection')
    return `the collection “${deps.collections.list().find((c) => c.id === scope.collectionId)?.name ?? 'removed'}”`;
  return `the environment “${deps.credentials.environment(scope.environmentId)?.name ?? 'removed'}”`;
}

/** Where a send's variables come from: the scopes, and the values captured from responses this session. */
export function variableSources(deps: ScopeStores, captured: Pick<CapturedValues, 'get'>): VariableSources {
  return {
    globals: () => globalVariables(deps),
    collection: (collectionId) => collectionVariables(deps, collectionId),
    environment: (environmentId) => deps.credentials.variables(environmentId),
    captured: (collectionId) => captured.get(collectionId),
    environmentOrigin: (environmentId) => deps.credentials.environment(environmentId)?.origin ?? null,
    scopeTitle: (scope) => scopeTitle(deps, scope),
  };
}

/** Keeps what the user edited in one scope: secret values go to the vault, the rest to the scope's own storage. */
export function setScopeVariables(deps: ScopeStores, scope: VariableScope, variables: VariableInput[]): void {
  if (scope.kind === 'global') {
    deps.settings.setGlobalVariables(
      applyVariableInputs(deps.settings.globalVariables(), variables, deps.vault, GLOBAL_PREFIX),
    );
  } else if (scope.kind === 'collection') {
    const stored = deps.collections.get(scope.collectionId).variables;
    deps.collections.setVariables(
      scope.collectionId,
      applyVariableInputs(stored, variables, deps.vault, collectionPrefix(scope.collectionId)),
    );
  } else {
    deps.credentials.setVariables(scope.environmentId, variables);
  }
}

/**
 * A collection's or Globals' secret with no allowed origin yet is bound to the origin of the first
 * request that sends it (the list is kept in the collection's file or the settings). Returns the
 * secrets with the origins they may go to as stored now: a send that raced this one may have bound
 * them first, elsewhere.
 */
export function bindFirstOrigin(
  deps: Pick<ScopeStores, 'collections' | 'settings'>,
  secrets: readonly BoundSecret[],
  origin: string,
): BoundSecret[] {
  const unbound = secrets.filter(
    (secret) => secret.origins === null && (secret.scope.kind === 'global' || secret.scope.kind === 'collection'),
  );
  if (unbound.length === 0) return [...secrets];
  const scopeKey = (scope: BoundSecret['scope']) =>
    scope.kind === 'collection' ? `collection:${scope.collectionId}` : scope.kind;
  /** Each scope's variables after binding, by scopeKey. */
  const stored = new Map<string, readonly VariableDef[]>();
  const bind = (key: string, current: readonly VariableDef[], save: (variables: VariableDef[]) => void) => {
    const next = withFirstOrigin(
      current,
      new Set(unbound.filter((s) => scopeKey(s.scope) === key).map((s) => s.name)),
      origin,
    );
    if (next) save(next);
    stored.set(key, next ?? current);
  };
  try {
    for (const key of new Set(unbound.map((s) => scopeKey(s.scope)))) {
      if (key === 'global')
        bind(key, deps.settings.globalVariables(), (variables) => deps.settings.setGlobalVariables(variables));
      else {
        const collectionId = key.slice('collection:'.length);
        bind(key, deps.collections.get(collectionId).variables, (variables) =>
          deps.collections.setVariables(collectionId, variables),
        );
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
