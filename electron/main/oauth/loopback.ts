/**
 * The loopback redirect receiver of an OAuth2 authorization (RFC 8252): an HTTP listener on
 * 127.0.0.1 that takes exactly one redirect to its callback path, checks `state`, answers the
 * browser with a short page, and closes. A request with another state gets an error page and
 * changes nothing: any program on this computer can reach the port, and must not be able to end
 * (or answer) the user's sign-in. Only the right state, the timeout or cancel() end the wait.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CALLBACK_PATH = '/oauth/callback';

export type LoopbackOutcome =
  { kind: 'code'; code: string } | { kind: 'denied'; error: string; description: string | null };

export interface LoopbackReceiver {
  redirectUri: string;
  /** Settles once: with the code, a denial, or an Error (timeout, cancel). */
  outcome: Promise<LoopbackOutcome>;
  cancel(reason: string): void;
}

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32em;color:#1f2328}h1{font-size:20px}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function startLoopbackReceiver(options: {
  state: string;
  timeoutMs: number;
  port?: number;
}): Promise<LoopbackReceiver> {
  let settle: { resolve: (outcome: LoopbackOutcome) => void; reject: (error: Error) => void } | null = null;
  const outcome = new Promise<LoopbackOutcome>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be awaiting yet when it fails early; the caller reads it later.
  outcome.catch(() => undefined);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || !settle) {
      res.statusCode = 404;
      res.end(page('Not found', 'This address only receives the authorization redirect.'));
      return;
    }
    if (!sameText(url.searchParams.get('state') ?? '', options.state)) {
      res.statusCode = 400;
      const text =
        'This answer does not belong to the sign-in the app started (state mismatch), so it was ignored and nothing was saved.';
      res.end(page('Authorization refused', `${text} The app is still waiting for the portal.`));
      return;
    }
    const current = settle;
    settle = null;
    const code = url.searchParams.get('code');
    if (code) {
      res.end(page('Authorized', 'You can close this window and return to Partner API Workbench.'));
      current.resolve({ kind: 'code', code });
    } else {
      res.statusCode = 400;
      res.end(page('Not authorized', 'The authorization was not granted. You can close this window.'));
      current.resolve({
        kind: 'denied',
        error: url.searchParams.get('error') ?? 'no_code',
        description: url.searchParams.get('error_description'),
      });
    }
    finish();
  });

  const timer = setTimeout(
    () =>
      fail(
        `No answer from the authorization page after ${Math.round(options.timeoutMs / 1000)} seconds. Start it again.`,
      ),
    options.timeoutMs,
  );
  const finish = () => {
    clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
  };
  const fail = (reason: string) => {
    const current = settle;
    settle = null;
    current?.reject(new Error(reason));
    finish();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer); // no receiver comes of a failed start: its timer must not live on
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${options.port} for the redirect is in use. Close what uses it or pick another port.`
            : error.message,
        ),
      );
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, outcome, cancel: fail };
}
