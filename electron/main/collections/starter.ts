/** The starter collection for the partner API, added with the CRM name from Settings in its User-Agent variable. */
import { starterCollection } from '../../../shared/starter-collection';
import type { ScopeStores } from '../variables/scopes';

export function addStarterCollection(deps: Pick<ScopeStores, 'collections' | 'settings'>): void {
  const starter = starterCollection();
  // The User-Agent row uses {{crmName}}: start it from the CRM name in Settings when there is one.
  const crmName = deps.settings.view().crmName;
  if (crmName) starter.variables = starter.variables.map((v) => (v.name === 'crmName' ? { ...v, value: crmName } : v));
  deps.collections.importCollection(starter);
}
