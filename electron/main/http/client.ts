/**
 * The HTTP client the main process sends requests with: one axios instance over a keep-alive
 * https.Agent that trusts exactly the configured CAs (verification is never turned off).
 *
 * axios runs with maxRedirects: 0 and a streamed response; this module follows redirects itself,
 * enforces the total timeout and the response size cap, and turns the result into the JSON-safe
 * shapes of shared/http-types. Headers and bodies are never logged.
 */
import axios, {
  AxiosHeaders,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { methodTakesBody, outgoingHeaders } from '../../../shared/headers';
import type { HttpResponseResult, NetworkErrorResult } from '../../../shared/http-types';
import type { WireRequest } from '../../../shared/schemas/outgoing-request';
import { statusKind } from '../../../shared/status-codes';
import { createAgentPool, type AgentLease, type AgentPool } from './agent-pool';
import { ClientCertificateError, type ClientCertificateResolver } from './client-certificates';
import { TunnelAgent, type ProxyResolver } from './proxy';
import { memorySink, TransferStopped, type BodySink, type BodySinkFactory } from './body';
import {
  badRedirectError,
  cancelledError,
  clientCertificateUnusable,
  describeNetworkError,
  insecureRedirectError,
  misroutedSecretError,
  redirectLoopError,
  redirectRefusedError,
  secretBodyRedirectError,
  timeoutError,
  storageError,
  tooLargeMessage,
  type NetworkErrorContext,
  type NetworkErrorDescription,
} from './errors';
import { followRedirect, isRedirectStatus, MAX_REDIRECTS, type Hop, type RedirectDecision } from './redirects';
import { secretMasker } from '../credentials/secret-forms';
import {
  misroutedSecret,
  NO_SECRETS,
  secretFinder,
  type BoundSecret,
  type SecretFinder,
} from '../credentials/secret-routing';
import { connectionPhases, createTracingTransport, roundMs, type HopTrace } from './tracing-transport';

export const DEFAULT_MAX_RESPONSE_BYTES = 200 * 1024 * 1024;

/** The encodings axios decodes for us; advertised unless the user sets Accept-Encoding. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2_147_483_647;

export interface HttpClientOptions {
  /** The PEM certificates to trust; return the same array until the list changes (compared by identity first). */
  getTrustedCas: () => readonly string[];
  /** Largest decoded response body accepted; default 200 MiB. */
  maxResponseBytes?: number;
  /** Which proxy each hop goes through (Settings → Proxy); without it, every hop goes straight to its host. */
  resolveProxy?: ProxyResolver;
  /** The client certificate a hop presents to its host (mutual TLS), or null; asked per hop, so a redirect elsewhere presents none. */
  clientCertificateFor?: ClientCertificateResolver;
}

/** A cancel handle: abort() stops the request it was given to (result code 'cancelled'). */
export class Cancellation {
  aborted = false;
  /** Set by the client while the request runs. */
  onAbort: (() => void) | null = null;
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.onAbort?.();
  }
}

export interface SendOptions {
  /** Total time for the whole exchange, redirects and body included. */
  timeoutMs: number;
  /** Aborting it cancels the request (result code 'cancelled'). */
  signal?: AbortSignal;
  /**
   * The same as `signal`, cheaper: a plain handle the caller aborts (request.ts). On Node 20 an
   * AbortSignal and its listeners cost several µs each, on a path that costs ~0.5 ms in all.
   */
  cancellation?: Cancellation;
  /** Where the body goes as it arrives; default: kept in memory and decoded at the end. */
  sink?: BodySinkFactory;
  /** Largest decoded body read (overrides the client's option); the transfer stops there and what came is kept. */
  maxResponseBytes?: number;
  /** The final response's headers arrived: its size if the server said it. */
  onHeaders?(totalBytes: number | null): void;
  /** Called as body bytes arrive (decoded bytes so far). */
  onProgress?(receivedBytes: number): void;
  /**
   * The secrets this request holds (credentials, secret variables, tokens) and where each may go: no
   * hop carries one elsewhere (secret-routing.ts), and none follows a redirect to another origin.
   */
  secrets?: readonly BoundSecret[];
  /** false: a redirect is an error, not followed (the token endpoint's requests). Default true. */
  followRedirects?: boolean;
}

export interface HttpClient {
  /**
   * Sends the request and reads the whole response. Network failures come back as a
   * NetworkErrorResult, never as a rejection. Throws only for a URL that is not https://.
   */
  send(request: WireRequest, opts: SendOptions): Promise<HttpResponseResult | NetworkErrorResult>;
  /** Closes pooled connections. */
  close(): void;
}

type StopReason = 'timeout' | 'cancelled';

/** Why a send stopped, and what to destroy to stop it: the hop's request and the body being read. */
interface AbortState {
  stopped: StopReason | null;
  trace: HopTrace | undefined;
  body: Readable | undefined;
  /** The hop's agent: a tunnel's CONNECT still waiting for the proxy is ended too. */
  agent: import('node:https').Agent | undefined;
  /** Set while the hop waits for the system's proxy answer: rejects that wait. */
  interrupt: ((reason: Error) => void) | undefined;
}

/** `pending`, or a rejection as soon as the send is stopped (cancel, timeout). */
function unlessStopped<T>(pending: Promise<T>, state: AbortState): Promise<T> {
  if (state.stopped) return Promise.reject(new Error(state.stopped));
  return new Promise<T>((resolve, reject) => {
    state.interrupt = reject;
    pending.then(resolve, reject).finally(() => {
      state.interrupt = undefined;
    });
  });
}

/** Where the current hop goes, for the sentence of a failure: its host and the client certificate it presents (its host pattern). */
type HopTarget = NetworkErrorContext;

/** A result decided before or while reading (too large, bad redirect), carried out of the hop loop. */
class Stop {
  constructor(readonly description: NetworkErrorDescription) {}
}

function createAxiosInstance(): AxiosInstance {
  const instance = axios.create({
    adapter: 'http',
    maxRedirects: 0,
    responseType: 'stream',
    decompress: true,
    validateStatus: () => true,
    // Send the body exactly as given; never JSON-stringify or parse.
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    // axios never picks a proxy itself (from the environment): our agent decides (a tunnel through
    // the proxy of Settings → Proxy, or straight to the host).
    proxy: false,
    // Limits and the timeout are enforced here, over the whole exchange.
    maxContentLength: -1,
    maxBodyLength: -1,
    timeout: 0,
  });
  // axios' default "Accept: application/json, text/plain, */*": only the user's rows decide Accept.
  const common = instance.defaults.headers.common as Record<string, unknown>;
  for (const name of Object.keys(common)) {
    if (name.toLowerCase() === 'accept') delete common[name];
  }
  const perMethod = instance.defaults.headers as unknown as Record<string, unknown>;
  for (const method of ['delete', 'get', 'head', 'post', 'put', 'patch', 'query', 'options']) delete perMethod[method];
  return instance;
}

/**
 * The header object handed to axios: the user's headers, plus `false` for the headers axios would
 * otherwise add on its own (Accept, User-Agent, Content-Type), so only what the user set goes out.
 * A null-prototype object, so that any valid header name (even "__proto__") is a plain key.
 */
function axiosHeaders(pairs: ReadonlyArray<[string, string]>): Record<string, string | false> {
  const headers = Object.create(null) as Record<string, string | false>;
  let accept = false;
  let userAgent = false;
  let contentType = false;
  let acceptEncoding = false;
  for (const [name, value] of pairs) {
    headers[name] = value;
    switch (name.toLowerCase()) {
      case 'accept':
        accept = true;
        break;
      case 'user-agent':
        userAgent = true;
        break;
      case 'content-type':
        contentType = true;
        break;
      case 'accept-encoding':
        acceptEncoding = true;
        break;
    }
  }
  if (!accept) headers['Accept'] = false;
  if (!userAgent) headers['User-Agent'] = false;
  if (!contentType) headers['Content-Type'] = false;
  if (!acceptEncoding) headers['Accept-Encoding'] = ACCEPT_ENCODING;
  return headers;
}

function parseHttpsUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error('Only https:// URLs can be sent');
  }
  if (url.protocol !== 'https:') throw new Error('Only https:// URLs can be sent');
  return url;
}

function headerPairs(res: IncomingMessage): Array<[string, string]> {
  const raw = res.rawHeaders;
  const pairs: Array<[string, string]> = new Array(raw.length >> 1);
  for (let i = 0, j = 0; i + 1 < raw.length; i += 2, j++) pairs[j] = [raw[i]!, raw[i + 1]!];
  return pairs;
}

function contentLengthOf(res: IncomingMessage): number | undefined {
  const value = res.headers['content-length'];
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Streams the decoded body into the sink, counting bytes; at the limit, or when the sink says
 * TransferStopped, the transfer stops (the stream is destroyed) and what was received stays in the sink.
 */
type ReadEnding =
  { ending: 'end' | 'too-large'; bytes: number } | { ending: 'stopped'; bytes: number; message: string };

function readInto(
  stream: Readable,
  sink: BodySink,
  limit: number,
  onProgress: ((receivedBytes: number) => void) | undefined,
): Promise<ReadEnding> {
  return new Promise((resolve, reject) => {
    let total = 0;
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    const write = (chunk: Buffer) => {
      const wait = sink.write(chunk);
      if (wait) {
        stream.pause();
        wait.then(
          () => {
            if (!settled) stream.resume();
          },
          (error: unknown) => {
            finish(() =>
              error instanceof TransferStopped
                ? resolve({ ending: 'stopped', bytes: total, message: error.message })
                : reject(error),
            );
            stream.destroy();
          },
        );
      }
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = limit - total;
      if (chunk.length > room) {
        if (room > 0) write(chunk.subarray(0, room));
        total = limit;
        onProgress?.(total);
        finish(() => resolve({ ending: 'too-large', bytes: total }));
        stream.destroy();
        return;
      }
      total += chunk.length;
      write(chunk);
      onProgress?.(total);
    });
    stream.once('end', () => finish(() => resolve({ ending: 'end', bytes: total })));
    stream.once('error', (error) => finish(() => reject(error)));
    stream.once('close', () => {
      finish(() => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    });
  });
}

/** Redirect bodies up to this size are read and dropped so the connection can be reused; larger ones close it. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/** Reads and drops a body (a redirect's), so its connection goes back to the pool; never rejects. */
function drain(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    let drained = 0;
    const done = () => resolve();
    stream.on('error', () => {});
    stream.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) stream.destroy();
    });
    stream.once('end', done);
    stream.once('close', done);
  });
}

function discard(stream: Readable): void {
  stream.on('error', () => {});
  stream.destroy();
}

/** What a hop carries where a secret could be: its URL, header names and values, and body. */
function hopTexts(hop: Hop): string[] {
  return [hop.url.href, ...hop.headers.flat(), hop.body?.toString('utf8') ?? ''];
}

/** A send's secrets: where each may go, how to find them in a text, and how to mask them in a sentence. */
interface RequestSecrets {
  bound: readonly BoundSecret[];
  finder: SecretFinder;
  mask(text: string): string;
}

function requestSecrets(bound: readonly BoundSecret[] = []): RequestSecrets {
  if (bound.length === 0) return { bound, finder: NO_SECRETS, mask: (text) => text };
  const values = bound.map((secret) => secret.value);
  return { bound, finder: secretFinder(values), mask: secretMasker(values) };
}

/** A stop whose sentences name an origin that a server or a variable chose: masked like all the renderer gets. */
function maskedStop(description: NetworkErrorDescription, mask: (text: string) => string): Stop {
  return new Stop({ ...description, message: mask(description.message), hint: mask(description.hint) });
}

/** The next hop of a redirect this send may follow, or the Stop that ends it (nothing more is sent). */
function nextHop(
  hop: Hop,
  status: number,
  location: string,
  followed: number,
  opts: SendOptions,
  secrets: RequestSecrets,
): Hop {
  if (opts.followRedirects === false) {
    const target = URL.canParse(location, hop.url.href) ? new URL(location, hop.url) : null;
    throw maskedStop(target ? redirectRefusedError(target.origin) : badRedirectError(location), secrets.mask);
  }
  if (followed >= MAX_REDIRECTS) throw new Stop(redirectLoopError(MAX_REDIRECTS));
  const decision: RedirectDecision = followRedirect(hop, status, location, secrets.finder);
  if (decision.kind === 'insecure') throw new Stop(insecureRedirectError(decision.location));
  if (decision.kind === 'invalid') throw new Stop(badRedirectError(decision.location));
  if (decision.kind === 'secret-body') throw maskedStop(secretBodyRedirectError(decision.origin), secrets.mask);
  return decision.next;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const instance = createAxiosInstance();
  // axios's http adapter called directly with the settings merged once: the same request as
  // instance.request() makes, without its per-call config merging, header flattening and
  // interceptor chain (about a quarter of the send path's CPU on small requests).
  const adapter = axios.getAdapter('http');
  const template = axios.mergeConfig(
    instance.defaults as unknown as AxiosRequestConfig,
    {},
  ) as InternalAxiosRequestConfig;
  delete (template as { headers?: unknown }).headers;
  const send = (config: {
    url: string;
    method: string;
    headers: Record<string, string | false>;
    data: Buffer | undefined;
    httpsAgent: import('node:https').Agent;
    transport: unknown;
  }) =>
    adapter({
      ...template,
      ...config,
      method: config.method.toLowerCase(),
      headers: new AxiosHeaders(config.headers as Record<string, string>),
    } as InternalAxiosRequestConfig) as Promise<AxiosResponse>;
  const pool: AgentPool = createAgentPool();

  async function exchange(
    request: WireRequest,
    firstUrl: URL,
    startedAt: number,
    lease: AgentLease,
    abortState: AbortState,
    opts: SendOptions,
    onHop: (hop: HopTarget) => void,
  ): Promise<HttpResponseResult> {
    let hop: Hop = {
      method: request.method,
      url: firstUrl,
      headers: outgoingHeaders(request.headers, request.method, request.body),
      body: methodTakesBody(request.method) && request.body !== '' ? Buffer.from(request.body, 'utf8') : null,
    };
    const redirects: Array<{ status: number; url: string }> = [];
    const secrets = requestSecrets(opts.secrets);
    let trace: HopTrace | undefined;
    const transport = createTracingTransport((t) => {
      trace = t;
      abortState.trace = t;
    });

    for (;;) {
      const certificate = options.clientCertificateFor?.(hop.url) ?? null;
      onHop({ host: hop.url.hostname, clientCertificate: certificate?.host ?? null });
      trace = undefined;
      if (abortState.stopped) throw new Error(abortState.stopped);
      const current = hop;
      const misrouted = misroutedSecret(secrets.bound, current.url.origin, () => hopTexts(current));
      if (misrouted)
        throw maskedStop(misroutedSecretError(misrouted, current.url.origin, redirects.length > 0), secrets.mask);
      // Each hop may go another way: a redirect to another host may bypass the proxy, or not.
      let proxy = options.resolveProxy ? options.resolveProxy(hop.url) : null;
      if (proxy instanceof Promise) proxy = await unlessStopped(proxy, abortState);
      const agent = lease.agentFor(proxy, certificate);
      abortState.agent = agent;
      if (abortState.stopped) throw new Error(abortState.stopped);
      const response = await send({
        url: hop.url.href,
        method: hop.method,
        headers: axiosHeaders(hop.headers),
        data: hop.body ?? undefined,
        httpsAgent: agent,
        transport,
      });
      if (abortState.stopped) {
        discard(response.data as Readable);
        throw new Error(abortState.stopped);
      }
      const stream = response.data as Readable;
      abortState.body = stream;
      const res = (trace as HopTrace | undefined)?.response;
      if (!trace || !res) {
        // Cannot happen with our transport; keep the types honest.
        discard(stream);
        throw new Error('The response could not be read.');
      }
      const hopTrace: HopTrace = trace;

      const location = res.headers.location;
      if (isRedirectStatus(res.statusCode ?? 0) && typeof location === 'string' && location !== '') {
        let next: Hop;
        try {
          next = nextHop(hop, res.statusCode ?? 0, location, redirects.length, opts, secrets);
        } catch (stop) {
          discard(stream);
          throw stop;
        }
        await drain(stream);
        redirects.push({ status: res.statusCode ?? 0, url: next.url.href });
        hop = next;
        continue;
      }

      const contentLength = contentLengthOf(res);
      const status = res.statusCode ?? response.status;
      const contentTypeHeader = res.headers['content-type'];
      const contentType = typeof contentTypeHeader === 'string' ? contentTypeHeader : '';
      const limit = opts.maxResponseBytes ?? maxResponseBytes;
      // Content-Length counts encoded bytes; progress counts decoded ones, so a compressed body's total is unknown.
      opts.onHeaders?.(res.headers['content-encoding'] ? null : (contentLength ?? null));
      const sink = (opts.sink ?? memorySink)({ status, contentType, url: hop.url.href, contentLength });
      let read: ReadEnding;
      try {
        read = await readInto(stream, sink, limit, opts.onProgress);
        if (abortState.stopped) throw new Error(abortState.stopped);
      } catch (error) {
        sink.abort();
        throw error;
      }
      const endedAt = performance.now();
      let received: Awaited<ReturnType<BodySink['finish']>>;
      try {
        received = await sink.finish();
      } catch (error) {
        sink.abort();
        throw new Stop(storageError(error));
      }
      const { responseId, bodyView, ...decoded } = received;

      const responseAt = hopTrace.responseAt ?? endedAt;
      const result: HttpResponseResult = {
        kind: 'response',
        requestId: request.requestId,
        status,
        statusText: res.statusMessage ?? '',
        statusKind: statusKind(status),
        headers: headerPairs(res),
        finalUrl: hop.url.href,
        redirects,
        bodyBytes: read.bytes,
        contentType,
        bodyFormat: decoded.bodyFormat,
        body: decoded.body,
        bodyTruncated: decoded.bodyTruncated,
        ...(responseId !== undefined ? { responseId } : {}),
        ...(bodyView !== undefined ? { bodyView } : {}),
        ...(read.ending === 'too-large'
          ? { incomplete: { reason: 'too-large' as const, message: tooLargeMessage(limit) } }
          : {}),
        ...(read.ending === 'stopped' ? { incomplete: { reason: 'disk-full' as const, message: read.message } } : {}),
        timings: {
          ...connectionPhases(hopTrace),
          firstByteMs: roundMs(responseAt - startedAt),
          downloadMs: roundMs(endedAt - responseAt),
          totalMs: roundMs(endedAt - startedAt),
        },
      };
      if (contentLength !== undefined && hop.method !== 'HEAD' && status !== 204 && status !== 304) {
        result.wireBytes = contentLength;
      }
      return result;
    }
  }

  return {
    async send(request, opts) {
      const firstUrl = parseHttpsUrl(request.url);
      const startedAt = performance.now();
      const failure = (description: NetworkErrorDescription): NetworkErrorResult => ({
        kind: 'network-error',
        requestId: request.requestId,
        statusKind: 'network-error',
        ...description,
        timings: { totalMs: roundMs(performance.now() - startedAt) },
      });
      if (opts.signal?.aborted || opts.cancellation?.aborted) return failure(cancelledError());

      const abortState: AbortState = {
        stopped: null,
        trace: undefined,
        body: undefined,
        agent: undefined,
        interrupt: undefined,
      };
      const stop = (reason: StopReason) => {
        if (abortState.stopped !== null) return;
        abortState.stopped = reason;
        // The body stream first: destroying only the request would let a fully received (or
        // decompressing) body end normally, or leave it paused for the disk.
        abortState.body?.destroy(new Error(reason));
        const request = abortState.trace?.request;
        request?.destroy(new Error(reason));
        // A request still waiting for its tunnel has no socket to close: end the CONNECT instead.
        if (request && abortState.agent instanceof TunnelAgent)
          abortState.agent.abortConnect(request, new Error(reason));
        abortState.interrupt?.(new Error(reason));
      };
      const timer =
        Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0
          ? setTimeout(stop, Math.min(opts.timeoutMs, MAX_TIMER_MS), 'timeout')
          : undefined;
      const onCallerAbort = () => stop('cancelled');
      opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
      if (opts.cancellation) opts.cancellation.onAbort = onCallerAbort;

      const lease = pool.acquire(options.getTrustedCas());
      let target: HopTarget = { host: firstUrl.hostname, clientCertificate: null };
      try {
        return await exchange(request, firstUrl, startedAt, lease, abortState, opts, (hop) => {
          target = hop;
        });
      } catch (error) {
        const reason = abortState.stopped;
        if (reason === 'timeout') return failure(timeoutError(opts.timeoutMs));
        if (reason === 'cancelled') return failure(cancelledError());
        if (error instanceof Stop) return failure(error.description);
        if (error instanceof ClientCertificateError) return failure(clientCertificateUnusable(error.message));
        return failure(describeNetworkError(error, target));
      } finally {
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onCallerAbort);
        if (opts.cancellation) opts.cancellation.onAbort = null;
        lease.release();
      }
    },
    close() {
      pool.close();
    },
  };
}
