/**
 * Header rows that carry credentials. A literal value (an API key, a token, a Basic user and
 * password) is a secret: it is dropped from the imported request, the request's auth asks
 * Credentials for it instead, and a sentence says so. A value made of `{{variables}}` is kept.
 */
import type { SavedHeader } from '../../../shared/schemas/header';
import { MANUAL_BEARER } from '../../../shared/auth-modes';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { isLiteralSecret } from './common';

export interface CredentialsFound {
  apiKey: boolean;
  bearer: boolean;
  basic: boolean;
}

export const noCredentials = (): CredentialsFound => ({ apiKey: false, bearer: false, basic: false });

/** ` of 'Publish'` or '' — where a sentence about a header says where the header was. */
function where(owner?: string): string {
  return owner ? ` of '${owner}'` : '';
}

export function extractCredentialHeaders(
  rows: SavedHeader[],
  found: CredentialsFound,
  unsupported: string[],
  owner?: string,
): SavedHeader[] {
  const kept: SavedHeader[] = [];
  for (const row of rows) {
    // A switched-off row is not sent, so it says nothing about the auth (the import's secret lifting still takes its value out).
    if (!row.enabled) {
      kept.push(row);
      continue;
    }
    const lower = row.name.trim().toLowerCase();
    if (lower === 'x-api-key' && isLiteralSecret(row.value)) {
      found.apiKey = true;
      unsupported.push(
        `The API key in the X-API-KEY header${where(owner)} was not imported: enter it in Credentials, so that it is never saved in a collection file.`,
      );
      continue;
    }
    if (lower === 'authorization' && isLiteralSecret(row.value)) {
      const [scheme = '', ...rest] = row.value.trim().split(/\s+/);
      const credential = rest.join(' ');
      const schemeName = scheme.toLowerCase();
      if (schemeName === 'bearer' && isLiteralSecret(credential)) {
        found.bearer = true;
        unsupported.push(
          `The Bearer token in the Authorization header${where(owner)} was not imported: enter it in Credentials (Bearer token by hand) or authorize a CRM user.`,
        );
        continue;
      }
      if (schemeName === 'basic' && isLiteralSecret(credential)) {
        found.basic = true;
        unsupported.push(
          `The Basic user and password in the Authorization header${where(owner)} were not imported: enter them in Credentials → Basic.`,
        );
        continue;
      }
      if (schemeName !== 'bearer' && schemeName !== 'basic') {
        unsupported.push(
          `The Authorization header${where(owner)} (${scheme} …) was not imported: its value is a secret, and the app sends only API key, Bearer and Basic credentials, from Credentials.`,
        );
        continue;
      }
    }
    kept.push(row);
  }
  return kept;
}

/** The auth that sends what was found, on top of the auth the request had. */
export function withCredentials(base: AuthSelection, found: CredentialsFound): AuthSelection {
  if (found.bearer || (found.apiKey && base.mode === 'api-key-bearer')) {
    return base.mode === 'api-key-bearer' ? base : { mode: 'api-key-bearer', bearer: MANUAL_BEARER };
  }
  if (found.apiKey) return base.mode === 'api-key' ? base : { mode: 'api-key' };
  if (found.basic) return { mode: 'basic' };
  return base;
}

export function foundAny(found: CredentialsFound): boolean {
  return found.apiKey || found.bearer || found.basic;
}
