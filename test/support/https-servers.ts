/**
 * Real local HTTPS servers on 127.0.0.1 for the HTTP client's tests (never mocks), with
 * certificates made at run time by electron/main/tls/certificates.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import type { KeyAndCertificate } from '../../electron/main/tls/certificates';

export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Header names in lower case. */
  headers: IncomingMessage['headers'];
  /** Names and values as they arrived. */
  rawHeaders: string[];
  body: string;
  /** The common name of the client certificate the connection presented (mutual TLS), or null for none. */
  clientCertificate: string | null;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface TestServer {
  /** https://127.0.0.1:<port> */
  origin: string;
  port: number;
  received: ReceivedRequest[];
  /** TLS connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** The common name of the certificate a client presented on this request's connection, or null. */
function presentedCertificate(req: IncomingMessage): string | null {
  const socket = req.socket as import('node:tls').TLSSocket;
  const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : null;
  if (!peer || Object.keys(peer).length === 0) return null;
  const cn = peer.subject?.CN;
  return Array.isArray(cn) ? (cn[0] ?? '') : (cn ?? '');
}

/**
 * An HTTPS server with this certificate; the handler runs once the request body has arrived. `tls`
 * adds server options, e.g. `{ requestCert: true, rejectUnauthorized: true, ca }` for mutual TLS.
 */
export async function startHttpsServer(
  certificate: KeyAndCertificate,
  handler: Handler,
  tls: https.ServerOptions = {},
): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  let connections = 0;
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem, ...tls }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: body.toString('utf8'),
        clientCertificate: presentedCertificate(req),
      });
      handler(req, res, body);
    });
  });
  server.on('secureConnection', () => {
    connections++;
  });
  // TLS failures on the client side show up here as handshake errors: expected in tests.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts connections and destroys them at once (a reset before any response). */
export async function startResettingServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ConnectProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Each CONNECT request: the authority asked for and its headers (names in lower case). */
  tunnels: Array<{
    authority: string;
    headers: IncomingMessage['headers'];
    /** The client certificate presented to the proxy itself (an https:// proxy with `requestCert`), or null. */
    clientCertificate: string | null;
  }>;
  /** Every byte that went through the tunnels, both ways (to show what the proxy could read). */
  seen(): Buffer;
  close(): Promise<void>;
}

/**
 * A real HTTP proxy on 127.0.0.1 (or `host`) that answers CONNECT by opening a TCP tunnel to the
 * authority asked for, as corporate proxies do; with `tls`, an HTTPS proxy (TLS to the proxy).
 * `answer` may refuse instead: it returns a status to send back (e.g. 403, 407), 'hang' to never
 * answer, or null to open the tunnel.
 */
export async function startConnectProxy(
  answer: (authority: string, headers: IncomingMessage['headers']) => number | 'hang' | null = () => null,
  options: { tls?: KeyAndCertificate; host?: string; requestCert?: boolean } = {},
): Promise<ConnectProxy & { openSockets(): number }> {
  const tunnels: ConnectProxy['tunnels'] = [];
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(405).end('This proxy only tunnels (CONNECT).');
  };
  const server = options.tls
    ? https.createServer(
        {
          cert: options.tls.certPem,
          key: options.tls.keyPem,
          ...(options.requestCert ? { requestCert: true, rejectUnauthorized: false } : {}),
        },
        onRequest,
      )
    : http.createServer(onRequest);
  server.on('connect', (req: IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    const authority = req.url ?? '';
    tunnels.push({ authority, headers: req.headers, clientCertificate: presentedCertificate(req) });
    if (head.length > 0) chunks.push(Buffer.from(head));
    const refusal = answer(authority, req.headers);
    if (refusal === 'hang') {
      client.once('end', () => client.destroy()); // the client gave up
      return;
    }
    if (refusal !== null) {
      client.end(`HTTP/1.1 ${refusal} ${http.STATUS_CODES[refusal] ?? 'Refused'}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority);
    if (!match) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    const upstream = net.connect(Number(match[2]), match[1]!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head); // (already in `chunks`)
      upstream.on('data', (data: Buffer) => chunks.push(Buffer.from(data)));
      client.on('data', (data: Buffer) => chunks.push(Buffer.from(data)));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://${net.isIPv6(host) ? `[${host}]` : host}:${port}`,
    tunnels,
    seen: () => Buffer.concat(chunks),
    openSockets: () => [...sockets].filter((socket) => !socket.destroyed).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
