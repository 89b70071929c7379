/**
 * export:* — a collection to a file (io/export-collection.ts), a request as cURL (io/export-curl.ts) or as
 * code in another language (io/code-snippets.ts); exports carry placeholders, never secrets.
 */
import { exportCode } from '../io/code-snippets';
import { exportCollection } from '../io/export-collection';
import { exportCurl, type ExportCurlDeps } from '../io/export-curl';
import type { PrefixHandlers } from '../ipc/dispatch';
import type { ScopeStores } from '../variables/scopes';

export type ExportDeps = ScopeStores & ExportCurlDeps;

export function exportHandlers(deps: ExportDeps): PrefixHandlers<'export'> {
  return {
    'export:collection': (request) => exportCollection(deps, request),
    'export:curl': (request) => exportCurl(deps, request),
    'export:code': (request) => exportCode(deps, request),
  };
}
