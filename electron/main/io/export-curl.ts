/**
 * A request copied as a cURL command: with placeholders for credentials and secret variables, or
 * with the real values written to the clipboard here, in the main process, when the request may
 * carry them to its URL (the same rule as a send).
 */
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { toCurl } from './curl';
import { requestWithPlaceholders, requestWithSecrets, type ExportRequestDeps } from './export-request';

export interface ExportCurlDeps extends ExportRequestDeps {
  writeClipboard?(text: string): void;
}

export async function exportCurl(
  deps: ExportCurlDeps,
  request: { request: OutgoingRequest; withSecrets: boolean },
): Promise<{ text: string | null; copied: boolean }> {
  if (request.withSecrets) {
    if (!deps.writeClipboard) throw new Error('Copying with real values is not available here.');
    const real = await requestWithSecrets(deps, request.request, 'nothing was copied');
    // Written to the clipboard here, in the main process: the real values never pass through the renderer.
    deps.writeClipboard(toCurl(real));
    return { text: null, copied: true };
  }
  // Placeholders: non-secret variables are resolved, secret ones stay {{name}}, credentials become {{apiKey}} / {{accessToken}}.
  // A variable without a value stays {{name}} too: the command is a template to fill in.
  return { text: toCurl(requestWithPlaceholders(deps, request.request, (name) => `{{${name}}}`)), copied: false };
}
