import { join, sep } from 'node:path';

/** Maps a request path to a file inside root, or null when it would leave root. */
export function resolveAppFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = join(root, decoded === '/' || decoded === '' ? 'index.html' : decoded);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}
