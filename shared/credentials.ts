/**
 * Credentials as the renderer may see them: whether each secret is set and a masked hint, never
 * the secret. Secrets are grouped per environment so that one environment's keys never go to another.
 */
import { MANUAL_BEARER, type AuthWindow } from './auth-modes';
import type { VariableView } from './collections';
import type { AuthSelection } from './schemas/auth';

export const SECRET_FIELDS = [
  'apiKey',
  'clientId',
  'clientSecret',
  'bearerToken',
  'basicUser',
  'basicPassword',
] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export const SECRET_LABELS: Record<SecretField, string> = {
  apiKey: 'API key',
  clientId: 'OAuth2 client id',
  clientSecret: 'OAuth2 client secret',
  bearerToken: 'Bearer token (by hand)',
  basicUser: 'Basic user',
  basicPassword: 'Basic password',
};

export interface SecretStatus {
  set: boolean;
  /** e.g. "••••a1b2"; null when not set. */
  hint: string | null;
  /** 'sandbox': a demo value the running Local sandbox supplies (the user's own value wins). */
  source: 'vault' | 'sandbox' | null;
}

export interface CrmUserView {
  id: string;
  name: string;
  status: 'authorized' | 'needs-reauthorization';
  /** Epoch milliseconds. */
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  /** Why the user needs re-authorization, in a sentence. */
  problem: string | null;
}

export interface EnvironmentView {
  id: string;
  name: string;
  /** The only origin this environment's credentials are sent to; null while unknown (sandbox not started). */
  origin: string | null;
  /** The portal's CRM authorization page, e.g. https://www.otodom.pl/pl/crm/authorization/ */
  authorizationUrl: string | null;
  builtin: boolean;
  secrets: Record<SecretField, SecretStatus>;
  users: CrmUserView[];
  /** The environment's variables ({{baseUrl}}, …); secret ones masked. */
  variables: VariableView[];
}

export interface VaultStatusView {
  protection: 'os' | 'weak' | 'none';
  weakAllowed: boolean;
  warning: string | null;
}

export interface CredentialsView {
  vault: VaultStatusView;
  environments: EnvironmentView[];
  authWindow: AuthWindow;
  /** True while an authorization is waiting for the portal's redirect. */
  authorizing: boolean;
}

export const SANDBOX_ENVIRONMENT_ID = 'sandbox';
export const PRODUCTION_ENVIRONMENT_ID = 'production';

/** The header rows the auth adds, as the UI shows them (values masked). */
export function authHeaderPreview(
  auth: AuthSelection,
  environment: EnvironmentView | undefined,
): Array<{ name: string; display: string; missing: boolean }> {
  if (auth.mode === 'none') return [];
  const rows: Array<{ name: string; display: string; missing: boolean }> = [];
  const secret = (field: SecretField) => environment?.secrets[field];
  if (auth.mode === 'api-key' || auth.mode === 'api-key-bearer') {
    const key = secret('apiKey');
    rows.push({
      name: 'X-API-KEY',
      display: key?.set ? `${key.hint ?? '••••'} from credentials` : 'not set — add it in Credentials',
      missing: !key?.set,
    });
  }
  if (auth.mode === 'api-key-bearer') {
    if (auth.bearer === MANUAL_BEARER) {
      const token = secret('bearerToken');
      rows.push({
        name: 'Authorization',
        display: token?.set
          ? `Bearer ${token.hint ?? '••••'} from the token entered by hand`
          : 'Bearer — no token entered in Credentials',
        missing: !token?.set,
      });
    } else {
      const user = environment?.users.find((u) => u.id === auth.bearer);
      rows.push({
        name: 'Authorization',
        display: user ? `Bearer •••• from ${user.name}` : 'Bearer — pick a CRM user (authorize one in Credentials)',
        missing: !user,
      });
    }
  }
  if (auth.mode === 'bearer') {
    const token = auth.token?.trim() ?? '';
    rows.push({
      name: 'Authorization',
      display: token ? `Bearer ${token}` : 'Bearer — enter the token (a {{variable}} keeps it secret)',
      missing: !token,
    });
  }
  if (auth.mode === 'basic') {
    const ok = secret('basicUser')?.set && secret('basicPassword')?.set;
    rows.push({
      name: 'Authorization',
      display: ok ? 'Basic •••• from credentials' : 'Basic — user or password not set in Credentials',
      missing: !ok,
    });
  }
  return rows;
}
