/** Settings as the renderer sees them. Certificates are public data, shown by subject and expiry. */
export interface TrustedCertificateView {
  id: string;
  name: string;
  subject: string;
  validTo: string;
  fingerprint256: string;
}

import type { AuthWindow } from './credentials';

export interface SettingsView {
  crmName: string;
  timeoutMs: number;
  /** The maximum response size in MB (MiB): a larger body stops there, what came is kept. */
  maxResponseMb: number;
  /** Where the portal's authorization page opens; the user's last choice. */
  authWindow: AuthWindow;
  certificates: TrustedCertificateView[];
  /** Set when NODE_EXTRA_CA_CERTS names a file; its certificates are trusted too. */
  extraCaCertsFile: string | null;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CRM_NAME = '';
export const DEFAULT_MAX_RESPONSE_MB = 200;
export const MAX_RESPONSE_MB_LIMIT = 4096;
