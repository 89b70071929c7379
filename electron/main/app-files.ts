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

/** Content types of the files the renderer build is made of. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};
