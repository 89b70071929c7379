/**
 * The auth modes a request or collection may choose, with their labels. Without zod, so the
 * renderer's auth picker can list them; shared/schemas/auth.ts builds the auth shape on them.
 */

export const AUTH_MODES = ['none', 'api-key', 'api-key-bearer', 'bearer', 'basic'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const AUTH_MODE_LABELS: Record<AuthMode, string> = {
  none: 'None',
  'api-key': 'API key',
  'api-key-bearer': 'API key + Bearer',
  bearer: 'Bearer token',
  basic: 'Basic',
};

/** The hand-entered token, as the bearer choice. */
export const MANUAL_BEARER = 'manual';

/** Where the portal's authorization page opens. */
export const AUTH_WINDOWS = ['system-browser', 'app-window'] as const;
export type AuthWindow = (typeof AUTH_WINDOWS)[number];
