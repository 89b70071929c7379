/**
 * Which frames may call the main process: only our own renderer, loaded from the app:// scheme
 * (or, in the test bridge, from the origin the test serves it on).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isTrustedSender(frameUrl: string | undefined | null, trustedOrigin: string = APP_ORIGIN): boolean {
  if (!frameUrl) return false;
  let url: URL;
  let trusted: URL;
  try {
    url = new URL(frameUrl);
    trusted = new URL(trustedOrigin);
  } catch {
    return false;
  }
  // Non-special schemes have an opaque origin ("null") in the URL standard, so compare the parts.
  return url.protocol === trusted.protocol && url.host === trusted.host && url.username === '' && url.password === '';
}
