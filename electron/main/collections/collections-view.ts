/** The collections and Globals as the renderer sees them (collections:*, variables:set, import:apply answer with it): secret values stay in the vault. */
import type { CollectionsView } from '../../../shared/collections';
import { collectionPrefix, GLOBAL_PREFIX, type ScopeStores } from '../variables/scopes';
import { viewVariables } from '../variables/secret-variables';

export function collectionsView(deps: Pick<ScopeStores, 'collections' | 'settings' | 'vault'>): CollectionsView {
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
