/**
 * A request copied as a cURL command: with placeholders for credentials and secret variables, or
 * with the real values written to the clipboard here, in the main process, when the request may
 * carry them to its URL (the same rule as a send).
 */
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { outgoingHeaders } from '../../../shared/headers';
import { substitute, type Lookup } from '../../../shared/variables';
import { withBearerRow, type AuthOutcome } from '../credentials/auth';
import { secretRoutingProblem } from '../credentials/secret-routing';
import type { VariableOutcome } from '../variables/resolve';
import { toCurl } from './curl';

export interface ExportCurlDeps {
  resolveVariables(request: OutgoingRequest): VariableOutcome;
  resolveAuth(request: OutgoingRequest): Promise<AuthOutcome>;
  lookupFor(request: OutgoingRequest): Lookup;
  writeClipboard?(text: string): void;
}

export async function exportCurl(
  deps: ExportCurlDeps,
  request: { request: OutgoingRequest; withSecrets: boolean },
): Promise<{ text: string | null; copied: boolean }> {
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
    const rows = [
      ...variables.request.headers.filter((h) => !names.has(h.name.trim().toLowerCase())),
      ...auth.auth.headers,
    ];
    // Written to the clipboard here, in the main process: the real values never pass through the renderer.
    deps.writeClipboard(
      toCurl({
        method: draft.method,
        url: variables.request.url,
        headers: outgoingHeaders(rows, draft.method, variables.request.body),
        body: variables.request.body,
      }),
    );
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
  if (draft.auth.mode === 'api-key' || draft.auth.mode === 'api-key-bearer')
    authHeaders.push(['X-API-KEY', '{{apiKey}}']);
  if (draft.auth.mode === 'api-key-bearer') authHeaders.push(['Authorization', 'Bearer {{accessToken}}']);
  if (draft.auth.mode === 'basic') authHeaders.push(['Authorization', 'Basic {{basicCredentials}}']);
  const authNames = new Set(authHeaders.map(([n]) => n.toLowerCase()));
  const all = [...headers.filter(([n]) => !authNames.has(n.toLowerCase())), ...authHeaders];
  return {
    text: toCurl({ method: draft.method, url: put(draft.url), headers: all, body: put(draft.body) }),
    copied: false,
  };
}
