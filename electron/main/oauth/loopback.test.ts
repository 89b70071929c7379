/** The loopback redirect receiver, spoken to over real HTTP on 127.0.0.1 as a browser would. */
import { get, request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CALLBACK_PATH, startLoopbackReceiver, type LoopbackReceiver } from './loopback';

const STATE = 'K7x3m9Qp2Wv8Zr5Ty1Ub6Nc4Ld0Fh2Sj7Ga9Ek3Ho5Ri';

interface Page {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A GET on its own connection, as a browser following the redirect would make it. */
function visit(url: string, method = 'GET'): Promise<Page> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The error code of a request that cannot be made (e.g. ECONNREFUSED once the listener closed). */
async function failureOf(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      reject(new Error(`expected no answer, got ${res.statusCode}`));
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

const redirect = (receiver: LoopbackReceiver, params: Record<string, string>) =>
  `${receiver.redirectUri}?${new URLSearchParams(params)}`;
const open = (timeoutMs = 10_000) => startLoopbackReceiver({ state: STATE, timeoutMs });

describe('loopback redirect receiver', () => {
  it('listens on 127.0.0.1 at the callback path', async () => {
    const receiver = await open();
    try {
      const url = new URL(receiver.redirectUri);
      expect(url.protocol).toBe('http:');
      expect(url.hostname).toBe('127.0.0.1');
      expect(Number(url.port)).toBeGreaterThan(0);
      expect(url.pathname).toBe(CALLBACK_PATH);
    } finally {
      receiver.cancel('done');
    }
  });

  it.runIf(process.platform === 'linux')('cannot be reached on another address of this computer', async () => {
    const receiver = await open();
    try {
      const { port } = new URL(receiver.redirectUri);
      // 127.0.0.2 is this computer too on Linux; a listener bound to 127.0.0.1 alone refuses it.
      const code = await new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.2', port: Number(port) });
        socket.on('connect', () => (socket.destroy(), resolve('connected')));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      expect(code).toBe('ECONNREFUSED');
    } finally {
      receiver.cancel('done');
    }
  });

  it('takes a redirect with the right state and a code, tells the browser it can close the window', async () => {
    const receiver = await open();
    const page = await visit(redirect(receiver, { code: 'the-code-123', state: STATE }));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<h1>Authorized</h1>');
    expect(page.text).toContain('You can close this window');
    await expect(receiver.outcome).resolves.toEqual({ kind: 'code', code: 'the-code-123' });
  });

  it('accepts one redirect, then closes: a second request is refused at the connection', async () => {
    const receiver = await open();
    expect((await visit(redirect(receiver, { code: 'first', state: STATE }))).status).toBe(200);
    await expect(receiver.outcome).resolves.toEqual({ kind: 'code', code: 'first' });
    expect(await failureOf(redirect(receiver, { code: 'second', state: STATE }))).toBe('ECONNREFUSED');
  });

  it('answers a redirect whose state does not match with an error page, and keeps waiting for the right one', async () => {
    const receiver = await open();
    let settled = false;
    receiver.outcome.then(
      () => (settled = true),
      () => (settled = true),
    );
    const forged: Array<Record<string, string>> = [
      { code: 'stolen-code', state: `${STATE}x` },
      { code: 'no-state' },
      { error: 'access_denied', state: 'forged' },
    ];
    for (const params of forged) {
      const page = await visit(redirect(receiver, params));
      expect(page.status).toBe(400);
      expect(page.text).toContain('Authorization refused');
      expect(page.text).toContain('state mismatch');
      expect(page.text).toContain('still waiting');
    }
    expect(settled).toBe(false);
    // The genuine redirect arriving later is taken.
    expect((await visit(redirect(receiver, { code: 'real-code', state: STATE }))).status).toBe(200);
    await expect(receiver.outcome).resolves.toEqual({ kind: 'code', code: 'real-code' });
  });

  it('a wrong state does not stop the timeout: the wait still ends with its sentence', async () => {
    const receiver = await open(1500);
    expect((await visit(redirect(receiver, { code: 'x', state: 'wrong' }))).status).toBe(400);
    await expect(receiver.outcome).rejects.toThrow(
      /^No answer from the authorization page after 2 seconds\. Start it again\.$/,
    );
    expect(await failureOf(redirect(receiver, { code: 'late', state: STATE }))).toBe('ECONNREFUSED');
  });

  it('answers 404 to other paths and methods without using up the one redirect', async () => {
    const receiver = await open();
    const origin = new URL(receiver.redirectUri).origin;
    for (const [url, method] of [
      [`${origin}/favicon.ico`, 'GET'],
      [`${origin}/`, 'GET'],
      [`${origin}${CALLBACK_PATH}/extra?code=x&state=${STATE}`, 'GET'],
      [redirect(receiver, { code: 'posted', state: STATE }), 'POST'],
    ] as const) {
      const page = await visit(url, method);
      expect(page.status, `${method} ${url}`).toBe(404);
      expect(page.text).toContain('only receives the authorization redirect');
    }
    const page = await visit(redirect(receiver, { code: 'after-404s', state: STATE }));
    expect(page.status).toBe(200);
    await expect(receiver.outcome).resolves.toEqual({ kind: 'code', code: 'after-404s' });
  });

  it('reports a denial (error=access_denied) as an outcome, not a failure', async () => {
    const receiver = await open();
    const page = await visit(redirect(receiver, { error: 'access_denied', state: STATE }));
    expect(page.text).toContain('The authorization was not granted');
    await expect(receiver.outcome).resolves.toEqual({ kind: 'denied', error: 'access_denied', description: null });
    expect(await failureOf(receiver.redirectUri)).toBe('ECONNREFUSED');
  });

  it('passes on the error description of another error', async () => {
    const receiver = await open();
    await visit(redirect(receiver, { error: 'server_error', error_description: 'The portal is down.', state: STATE }));
    await expect(receiver.outcome).resolves.toEqual({
      kind: 'denied',
      error: 'server_error',
      description: 'The portal is down.',
    });
  });

  it('gives up after the timeout with a sentence, and stops listening', async () => {
    const started = Date.now();
    const receiver = await open(2000);
    await expect(receiver.outcome).rejects.toThrow(
      /^No answer from the authorization page after 2 seconds\. Start it again\.$/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(await failureOf(redirect(receiver, { code: 'late', state: STATE }))).toBe('ECONNREFUSED');
  });

  it('cancel() ends the wait with the reason given, and stops listening', async () => {
    const receiver = await open();
    receiver.cancel('The authorization was cancelled.');
    await expect(receiver.outcome).rejects.toThrow(/^The authorization was cancelled\.$/);
    expect(await failureOf(redirect(receiver, { code: 'late', state: STATE }))).toBe('ECONNREFUSED');
    // Cancelling again, or after the outcome, changes nothing.
    receiver.cancel('again');
    await expect(receiver.outcome).rejects.toThrow(/^The authorization was cancelled\.$/);
  });

  it('cancel() after the redirect was taken keeps the outcome', async () => {
    const receiver = await open();
    await visit(redirect(receiver, { code: 'kept', state: STATE }));
    receiver.cancel('The authorization ended.');
    await expect(receiver.outcome).resolves.toEqual({ kind: 'code', code: 'kept' });
  });

  it('says so when the port asked for is in use, and leaves no timer behind', async () => {
    const first = await open();
    const port = Number(new URL(first.redirectUri).port);
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    try {
      const before = timers();
      await expect(startLoopbackReceiver({ state: STATE, timeoutMs: 600_000, port })).rejects.toThrow(
        `Port ${port} for the redirect is in use. Close what uses it or pick another port.`,
      );
      // A failed start must not keep a 10-minute timer (and a half-made receiver) alive.
      expect(timers()).toBeLessThanOrEqual(before);
    } finally {
      first.cancel('done');
    }
  });
});
