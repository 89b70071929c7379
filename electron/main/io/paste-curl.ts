/** A cURL command pasted into the URL field (import:curl): the request it describes, and what was left out. */
import type { RequestDoc } from '../../../shared/schemas/request';
import { parseCurl } from './curl';

export function curlToRequest(text: string): { request: Omit<RequestDoc, 'id'>; unsupported: string[] } {
  const result = parseCurl(text);
  const first = result.collections[0]?.items.find((item) => item.kind === 'request');
  if (!first || first.kind !== 'request') throw new Error('No request found in that cURL command.');
  return { request: first.request, unsupported: result.unsupported };
}
