/**
 * response:* — a received body read in pages, searched, filtered with JSONPath, copied from and
 * saved, all in the main process (response/); plus progress and Cancel for the long ones.
 */
import type { PrefixHandlers } from '../ipc/dispatch';
import {
  cancelJob,
  filterResponse,
  jobProgress,
  readLines,
  searchView,
  viewStatus,
  type BodyJobsDeps,
} from '../response/body-jobs';
import { copyValue, type CopyValueDeps } from '../response/copy-value';
import { saveBody, type SaveBodyDeps } from '../response/save-body';

export type ResponseDeps = BodyJobsDeps & SaveBodyDeps & CopyValueDeps;

export function responseHandlers(deps: ResponseDeps): PrefixHandlers<'response'> {
  return {
    'response:lines': (request) => readLines(deps, request),
    'response:formatting': async (request) => viewStatus(deps, request),
    'response:search': (request) => searchView(deps, request),
    'response:filter': (request) => filterResponse(deps, request),
    'response:progress': async (request) => jobProgress(deps, request),
    'response:cancel': async (request) => cancelJob(deps, request),
    'response:save': (request) => saveBody(deps, request),
    'response:copyValue': (request) => copyValue(deps, request),
  };
}
