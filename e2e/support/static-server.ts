/**
 * Serves the renderer build on 127.0.0.1 the way the app's app:// handler does: files from one
 * folder only, with the Content-Security-Policy of the build's own index.html as a header.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { CONTENT_TYPES, resolveAppFile } from '../../electron/main/app-files';

export interface StaticServer {
  origin: string;
  csp: string;
  close(): Promise<void>;
}

/** The content of index.html's CSP meta tag, so header and meta tag never drift apart. */
export function readCsp(indexHtml: string): string {
  const tag = /<meta\b[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(indexHtml)?.[0];
  const content = tag && /\bcontent=(["'])([\s\S]*?)\1/i.exec(tag)?.[2];
  if (!content) throw new Error('The renderer build’s index.html has no Content-Security-Policy meta tag.');
  return content.trim();
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run build first.`);
  const csp = readCsp(readFileSync(indexFile, 'utf8'));

  const server = createServer(async (request, response) => {
    // The same path guard as the app's own app:// handler.
    const file = resolveAppFile(root, new URL(request.url ?? '/', 'http://localhost').pathname);
    const body = file && request.method === 'GET' ? await readFile(file).catch(() => null) : null;
    if (!body && request.url === '/favicon.ico') {
      // Chromium asks for it on its own (Electron does not); a 404 would log a console error.
      response.writeHead(204).end();
      return;
    }
    if (!file || !body) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response
      .writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
      .end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    csp,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
