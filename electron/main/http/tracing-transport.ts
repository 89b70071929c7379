/**
 * An axios `transport` that wraps https.request to watch the connection phases (DNS lookup, TCP
 * connect, TLS handshake) and the arrival of the response headers, and to keep the raw
 * IncomingMessage (raw header pairs in arrival order, the status message).
 *
 * A reused keep-alive socket has none of the phases; an IP-literal host has no DNS lookup.
 */
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { takeTunnelTimes } from './proxy';
import { verifiedTls } from './verified-tls';

export interface HopTrace {
  /** performance.now() when the request was handed to https.request. */
  startedAt: number;
  lookupAt?: number;
  connectAt?: number;
  secureAt?: number;
  /** performance.now() when the response headers were parsed. */
  responseAt?: number;
  reusedSocket: boolean;
  response?: IncomingMessage;
  /** The hop's request: destroying it stops the hop at any point (cancel or timeout without an AbortSignal). */
  request?: ClientRequest;
}

export interface TracingTransport {
  request(options: RequestOptions, callback: (res: IncomingMessage) => void): ClientRequest;
}

/** A transport that records each request it makes (one per redirect hop) into `onHop`'s trace. */
export function createTracingTransport(onHop: (trace: HopTrace) => void): TracingTransport {
  return {
    request(options, callback) {
      const trace: HopTrace = { startedAt: performance.now(), reusedSocket: false };
      onHop(trace);
      const req = https.request(verifiedTls(options), (res) => {
        trace.responseAt = performance.now();
        trace.response = res;
        callback(res);
      });
      trace.request = req;
      // A pooled keep-alive socket is handed over synchronously: nothing to watch.
      if (req.reusedSocket) {
        trace.reusedSocket = true;
        return req;
      }
      req.once('socket', (socket: Socket) => {
        const tunnel = takeTunnelTimes(socket);
        if (tunnel) {
          // A new connection through a proxy: TCP to the proxy and the CONNECT are done; TLS with the host runs now.
          trace.connectAt = tunnel.openedAt;
          socket.once('secureConnect', () => {
            trace.secureAt = performance.now();
          });
          return;
        }
        if (req.reusedSocket || !socket.connecting) {
          trace.reusedSocket = true;
          return;
        }
        socket.once('lookup', () => {
          trace.lookupAt = performance.now();
        });
        socket.once('connect', () => {
          trace.connectAt = performance.now();
        });
        socket.once('secureConnect', () => {
          trace.secureAt = performance.now();
        });
      });
      return req;
    },
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Phase durations of one hop: dnsMs, connectMs (TCP) and tlsMs when they happened. The durations
 * run back to back from when the request started.
 */
export function connectionPhases(trace: HopTrace): { dnsMs?: number; connectMs?: number; tlsMs?: number } {
  const phases: { dnsMs?: number; connectMs?: number; tlsMs?: number } = {};
  if (trace.reusedSocket) return phases;
  let from = trace.startedAt;
  if (trace.lookupAt !== undefined) {
    phases.dnsMs = round(trace.lookupAt - from);
    from = trace.lookupAt;
  }
  if (trace.connectAt !== undefined) {
    phases.connectMs = round(trace.connectAt - from);
    from = trace.connectAt;
  }
  if (trace.secureAt !== undefined) phases.tlsMs = round(trace.secureAt - from);
  return phases;
}

export { round as roundMs };
