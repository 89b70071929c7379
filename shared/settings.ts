/**
 * Settings' defaults and limits, without zod so the renderer can use them. The shapes (the proxy,
 * the patch, the view) are in shared/schemas/settings.ts.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CRM_NAME = '';
export const DEFAULT_MAX_RESPONSE_MB = 200;
export const MAX_RESPONSE_MB_LIMIT = 4096;
/** The app's colours: the operating system's choice (light or dark), or one of them always. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const DEFAULT_THEME: Theme = 'system';
/** A stored theme read back (settings.json may be old or edited by hand): the default when unknown. */
export function storedTheme(value: unknown): Theme {
  return THEMES.find((theme) => theme === value) ?? DEFAULT_THEME;
}
/** The proxy until the user picks one: the system's (a ProxySettings, shared/schemas/settings.ts). */
export const DEFAULT_PROXY = { mode: 'system', url: '', bypass: 'localhost, 127.0.0.1, ::1', username: '' } as const;
