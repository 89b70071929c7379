import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../tls/certificates';
import { connectionPhases, createTracingTransport, type HopTrace } from './tracing-transport';
import { startHttpsServer } from '../../../test/support/https-servers';

describe('connectionPhases', () => {
  it('gives back-to-back durations of the phases that happened', () => {
    expect(
      connectionPhases({ startedAt: 100, lookupAt: 102.5, connectAt: 110, secureAt: 130, reusedSocket: false }),
    ).toEqual({ dnsMs: 2.5, connectMs: 7.5, tlsMs: 20 });
    expect(connectionPhases({ startedAt: 100, connectAt: 101, secureAt: 105, reusedSocket: false })).toEqual({
      connectMs: 1,
      tlsMs: 4,
    });
  });

  it('has none for a reused socket', () => {
    expect(connectionPhases({ startedAt: 100, reusedSocket: true })).toEqual({});
  });
});

describe('createTracingTransport', () => {
  it('times the connection of a new socket, and marks a pooled keep-alive socket as reused', async () => {
    const ca = createCertificateAuthority('Tracing transport test CA');
    const server = await startHttpsServer(ca.issue({ hosts: ['127.0.0.1'] }), (_req, res) => res.end('ok'));
    const agent = new https.Agent({ keepAlive: true, ca: ca.certPem });
    const traces: HopTrace[] = [];
    const transport = createTracingTransport((trace) => traces.push(trace));
    const get = () =>
      new Promise<string>((resolve, reject) => {
        const req = transport.request(
          { host: '127.0.0.1', port: server.port, path: '/', method: 'GET', agent },
          (res: IncomingMessage) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get()).toBe('ok');
      expect(await get()).toBe('ok');
      const [first, second] = traces;
      expect(first!.reusedSocket).toBe(false);
      expect(first!.connectAt).toBeGreaterThanOrEqual(first!.startedAt);
      expect(first!.secureAt).toBeGreaterThanOrEqual(first!.connectAt!);
      expect(first!.response?.statusCode).toBe(200);
      expect(first!.responseAt).toBeGreaterThanOrEqual(first!.secureAt!);
      expect(first!.request?.reusedSocket).toBe(false);
      expect(second!.reusedSocket).toBe(true);
      expect(second!.request?.reusedSocket).toBe(true);
      expect(connectionPhases(second!)).toEqual({});
      expect(second!.response?.statusCode).toBe(200);
      expect(server.connections()).toBe(1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
