/** import:* — other formats in (io/import-preview.ts), a pasted cURL command (io/paste-curl.ts); imported secrets go to the vault. */
import type { CredentialsView } from '../../../shared/credentials';
import { collectionsView } from '../collections/collections-view';
import { applyImport, cancelImport, importProgress, previewImport, type ImportDeps } from '../io/import-preview';
import { curlToRequest } from '../io/paste-curl';
import type { PrefixHandlers } from '../ipc/dispatch';

export interface ImportHandlersDeps extends ImportDeps {
  credentialsView(): CredentialsView;
}

export function importHandlers(deps: ImportHandlersDeps): PrefixHandlers<'import'> {
  return {
    'import:preview': (request) => previewImport(deps, request),
    'import:progress': async (request) => importProgress(deps, request),
    'import:cancel': async (request) => cancelImport(deps, request),
    'import:curl': async (request) => curlToRequest(request.text),
    'import:apply': async (request) => {
      applyImport(deps, request);
      return { collections: collectionsView(deps), credentials: deps.credentialsView() };
    },
  };
}
