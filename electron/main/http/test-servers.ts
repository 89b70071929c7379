/**
 * Real local HTTPS servers on 127.0.0.1 for the HTTP client's tests (never mocks), with
 * certificates made at run time by electron/main/tls/certificates.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import type { KeyAndCertificate } from '../tls/certificates';

export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Header names in lower case. */
  headers: IncomingMessage['headers'];
  /** Names and values as they arrived. */
  rawHeaders: string[];
  body: string;
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

/** An HTTPS server with this certificate; the handler runs once the request body has arrived. */
export async function startHttpsServer(certificate: KeyAndCertificate, handler: Handler): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  let connections = 0;
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
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
