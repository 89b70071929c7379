/**
 * Plain-language descriptions of everything that can stop a request before a response arrives.
 * Pure: no I/O, no logging. Messages never include headers or bodies (they hold secrets).
 */
import type { NetworkErrorCode } from '../../../shared/http-types';
import { fsReason, isFsError } from '../storage/fs-errors';
import { ProxyError } from './proxy';
import { describeSecret, howToAllow, refusedSendSentence, type BoundSecret } from '../credentials/secret-routing';

export interface NetworkErrorDescription {
  code: NetworkErrorCode;
  /** One plain sentence: what happened. */
  message: string;
  /** What the user can do about it. */
  hint: string;
  /** The low-level code (ECONNREFUSED, CERT_HAS_EXPIRED, …). */
  detail?: string;
}

export interface NetworkErrorContext {
  /** The host the failing request was sent to. */
  host: string;
  /** The host pattern of the client certificate presented to it (mutual TLS), or null for none. */
  clientCertificate?: string | null;
}

const CLIENT_CERTIFICATE_HINT =
  'Client certificates are set per host in Settings → Client certificates (PEM certificate and key, or PKCS#12); for workbench run, give --ssl-client-cert, --ssl-client-key and --ssl-client-passphrase.';

/** A server's TLS alert that it wants a certificate from us (TLS 1.3 says so; TLS 1.2 says only "handshake failure"). */
const CERTIFICATE_REQUIRED = /CERTIFICATE_REQUIRED|certificate required/i;
const HANDSHAKE_FAILURE = /ALERT_HANDSHAKE_FAILURE|alert handshake failure/i;
/** A server's TLS alert that refuses the certificate we presented. */
const CERTIFICATE_REFUSED =
  /ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|ACCESS_DENIED)|alert (bad certificate|unknown ca|certificate unknown|unsupported certificate|certificate expired|certificate revoked|access denied)/i;

/** The description of a server asking for, or refusing, a client certificate; null when the failure is not about one. */
function clientCertificateDescription(
  code: string,
  message: string,
  context: NetworkErrorContext,
): Omit<NetworkErrorDescription, 'detail'> | null {
  const { host, clientCertificate } = context;
  const text = `${code} ${message}`;
  if (clientCertificate) {
    if (!CERTIFICATE_REQUIRED.test(text) && !CERTIFICATE_REFUSED.test(text) && !HANDSHAKE_FAILURE.test(text))
      return null;
    return {
      code: 'tls-client-certificate',
      message: `${host} refused the client certificate set for ${clientCertificate}.`,
      hint: `Check that it is the certificate this server expects (issued by a CA it trusts, not expired). ${CLIENT_CERTIFICATE_HINT}`,
    };
  }
  if (CERTIFICATE_REQUIRED.test(text)) {
    return {
      code: 'tls-client-certificate',
      message: `${host} asked for a client certificate and none is set for it; add one in Settings → Client certificates.`,
      hint: CLIENT_CERTIFICATE_HINT,
    };
  }
  if (HANDSHAKE_FAILURE.test(text)) {
    return {
      code: 'tls-client-certificate',
      message: `The secure connection to ${host} failed: it may want a client certificate, and none is set for it.`,
      hint: CLIENT_CERTIFICATE_HINT,
    };
  }
  return null;
}

/** A client certificate that could not be used (its material unreadable, its passphrase wrong): nothing was sent. */
export function clientCertificateUnusable(sentence: string): NetworkErrorDescription {
  return { code: 'tls-client-certificate', message: sentence, hint: CLIENT_CERTIFICATE_HINT };
}

const TRUST_HINT =
  'If you trust this server, add its CA certificate in Settings → Trusted certificates. Certificate checks are never turned off.';

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  reason?: unknown;
  cert?: { subjectaltname?: unknown; subject?: { CN?: unknown } };
}

function asErrorLike(value: unknown): ErrorLike | null {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : null;
}

/** The innermost error of a cause chain that carries a low-level code, e.g. under axios' wrapper. */
function rootError(error: unknown): ErrorLike | null {
  let current = asErrorLike(error);
  let best: ErrorLike | null = current;
  for (let depth = 0; current && depth < 8; depth++) {
    if (typeof current.code === 'string' && !current.code.startsWith('ERR_BAD_') && current.code !== 'ERR_NETWORK') {
      best = current;
    }
    current = asErrorLike(current.cause);
  }
  return best;
}

/** The names a certificate is for, from a TLS error's peer certificate or its reason text. */
function certificateNames(error: ErrorLike): string[] {
  const alt = error.cert?.subjectaltname;
  if (typeof alt === 'string' && alt.trim() !== '') {
    return alt
      .split(/,\s*/)
      .map((entry) => entry.replace(/^(DNS|IP Address):/i, '').trim())
      .filter((name) => name !== '');
  }
  if (typeof error.reason === 'string') {
    const match = /altnames:\s*(.+)$/i.exec(error.reason);
    if (match?.[1]) {
      return match[1]
        .split(/,\s*/)
        .map((entry) => entry.replace(/^(DNS|IP Address):/i, '').trim())
        .filter((name) => name !== '');
    }
  }
  const cn = error.cert?.subject?.CN;
  return typeof cn === 'string' && cn !== '' ? [cn] : [];
}

function isTlsCode(code: string, message: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code === 'EPROTO' ||
    /\b(ssl|tls)\b|certificate/i.test(message)
  );
}

/** The proxy's own failure in a cause chain (under axios' wrapper), if that is what stopped the request. */
function proxyFailure(error: unknown): ProxyError | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof ProxyError) return current;
    current = asErrorLike(current)?.cause;
  }
  return null;
}

function proxyDescription(error: ProxyError): NetworkErrorDescription {
  const hint =
    error.status === 407
      ? 'The proxy wants a user name and password, or refused those given: set them in Settings → Proxy (This proxy), or in HTTPS_PROXY (http://user:password@host:port) with System.'
      : error.status !== null
        ? 'The proxy may not allow this host or port: ask whoever runs it, or add the host to “Go direct to” in Settings → Proxy.'
        : 'Check the proxy in Settings → Proxy (or HTTPS_PROXY), and that it is running.';
  const cause = asErrorLike(error.cause);
  const detail =
    error.status !== null ? String(error.status) : typeof cause?.code === 'string' ? cause.code : undefined;
  return { code: 'proxy', message: error.message, hint, ...(detail ? { detail } : {}) };
}

/** Maps a low-level failure (a Node or axios error) to a code, a plain message and a hint. */
export function describeNetworkError(error: unknown, context: NetworkErrorContext): NetworkErrorDescription {
  const proxy = proxyFailure(error);
  if (proxy) return proxyDescription(proxy);
  const root = rootError(error);
  const code = typeof root?.code === 'string' ? root.code : '';
  const message = typeof root?.message === 'string' ? root.message : String(error);
  const host = context.host;
  const detail = code || undefined;
  const withDetail = (description: Omit<NetworkErrorDescription, 'detail'>): NetworkErrorDescription =>
    detail ? { ...description, detail } : description;

  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return withDetail({
        code: 'dns',
        message: `Could not find the host ${host}.`,
        hint: "Check the URL's host name and your network.",
      });
    case 'ECONNREFUSED':
      return withDetail({
        code: 'refused',
        message: `${host} refused the connection.`,
        hint: 'Check the port in the URL and that the server is running.',
      });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return withDetail(resetDescription(host, context));
    case 'ETIMEDOUT':
      return withDetail({
        code: 'timeout',
        message: `The connection to ${host} timed out.`,
        hint: 'Check your network, or try again later.',
      });
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return withDetail({
        code: 'tls-self-signed',
        message: `${host} presented a self-signed certificate, which is not trusted.`,
        hint: TRUST_HINT,
      });
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return withDetail({
        code: 'tls-untrusted',
        message: `The certificate of ${host} was issued by a certificate authority that is not trusted.`,
        hint: TRUST_HINT,
      });
    case 'CERT_HAS_EXPIRED':
      return withDetail({
        code: 'tls-expired',
        message: `The certificate of ${host} has expired.`,
        hint: "The server's certificate must be renewed. Also check that this computer's date and time are right.",
      });
    case 'CERT_NOT_YET_VALID':
      return withDetail({
        code: 'tls-expired',
        message: `The certificate of ${host} is not valid yet.`,
        hint: "Check that this computer's date and time are right.",
      });
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = root ? certificateNames(root) : [];
      const forWhat = names.length > 0 ? `: it is for ${names.join(', ')}` : '';
      return withDetail({
        code: 'tls-hostname',
        message: `The certificate of ${host} is not valid for that name${forWhat}.`,
        hint: 'Check the host name in the URL: it must be a name the certificate is issued for.',
      });
    }
  }
  if (/socket hang up|^aborted$/i.test(message)) return withDetail(resetDescription(host, context));
  const certificate = clientCertificateDescription(code, message, context);
  if (certificate) return withDetail(certificate);
  if (code && isTlsCode(code, message)) {
    return withDetail({
      code: 'tls-other',
      message: `The secure connection to ${host} could not be set up (${code}).`,
      hint: 'Check that the URL points to an HTTPS server and its port. Certificate checks are never turned off.',
    });
  }
  if (code.startsWith('Z_') || code === 'ERR__ERROR_FORMAT_PADDING') {
    return withDetail({
      code: 'other',
      message: `The response from ${host} could not be decompressed.`,
      hint: 'The server sent a damaged compressed body. Try again, or report it to the API provider.',
    });
  }
  return withDetail({
    code: 'other',
    message: `The request to ${host} failed: ${message.replace(/\s+/g, ' ').trim() || 'unknown error'}.`.replace(
      /\.\.$/,
      '.',
    ),
    hint: 'Check the URL and your network, then try again.',
  });
}

function resetDescription(host: string, context: NetworkErrorContext): Omit<NetworkErrorDescription, 'detail'> {
  // A TLS 1.3 server that refuses a client certificate often just closes the connection.
  const certificate = context.clientCertificate
    ? ` It may also have refused the client certificate set for ${context.clientCertificate}: check it in Settings → Client certificates.`
    : '';
  return {
    code: 'reset',
    message: `The connection to ${host} was closed before a complete response arrived.`,
    hint: `Try again. If it keeps happening, the server or something in between (a proxy or firewall) is dropping the connection.${certificate}`,
  };
}

/** "500 ms", "1 second", "2.5 seconds", "30 seconds". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

/** "200 MB", "512 KB", "1,000 bytes" (binary units, as the limit is set). */
export function formatSize(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= MB && (bytes * 10) % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

export function timeoutError(timeoutMs: number): NetworkErrorDescription {
  return {
    code: 'timeout',
    message: `No complete response after waiting ${formatDuration(timeoutMs)}; the timeout can be changed in Settings.`,
    hint: 'Try again, or raise the request timeout in Settings.',
  };
}

export function cancelledError(): NetworkErrorDescription {
  return {
    code: 'cancelled',
    message: 'The request was cancelled.',
    hint: 'Send it again when you are ready.',
  };
}

/** The response arrived but could not be kept (the data folder is full or not writable). */
export function storageError(error: unknown): NetworkErrorDescription {
  const code = isFsError(error) ? error.code : undefined;
  const reason = fsReason(error);
  return {
    code: 'other',
    message: `The response could not be kept in the app's data folder${code ? `: ${reason.what}, so nothing of it was kept` : ''}.`,
    hint:
      code === 'ENOSPC'
        ? 'Free some disk space, or lower the maximum response size in Settings, then send again.'
        : reason.todo.replace(/try again\.$/, 'send again.'),
    ...(code ? { detail: code } : {}),
  };
}

/** Said when a body reached the maximum response size: the transfer stopped and what came is kept. */
export function tooLargeMessage(limitBytes: number): string {
  return `The response is larger than ${formatSize(limitBytes)}, the maximum response size, so the transfer was stopped there. What was received is shown; raise the limit in Settings to get all of it.`;
}

export function insecureRedirectError(location: string): NetworkErrorDescription {
  let shown = location;
  try {
    const url = new URL(location);
    shown = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    // keep the raw text
  }
  return {
    code: 'redirect-insecure',
    message: `The server redirected to ${shown}, which is not HTTPS, so the redirect was not followed.`,
    hint: 'Nothing is sent in clear text. Use the HTTPS address of the resource, or ask the API provider to fix the redirect.',
  };
}

export function redirectLoopError(maxRedirects: number): NetworkErrorDescription {
  return {
    code: 'redirect-loop',
    message: `Stopped after ${maxRedirects} redirects without reaching a final response.`,
    hint: 'The server may be redirecting in a loop. Check the URL, or ask the API provider.',
  };
}

export function badRedirectError(location: string): NetworkErrorDescription {
  return {
    code: 'other',
    message: `The server redirected to an address that is not a valid URL (${location.slice(0, 200)}).`,
    hint: 'Ask the API provider to fix the redirect.',
  };
}

/** A 307/308 to another origin that would re-send a body holding a secret of this request. */
export function secretBodyRedirectError(origin: string): NetworkErrorDescription {
  return {
    code: 'redirect-refused',
    message:
      `The server redirected this request to ${origin}, another origin, and the body holds a secret of this request, ` +
      'so the redirect was not followed and nothing was sent there.',
    hint: `If ${origin} is where the request belongs, send it to that address directly; otherwise ask the API provider why it redirects.`,
  };
}

/** A redirect answered to a request that must not follow any (the token endpoint's). */
export function redirectRefusedError(origin: string): NetworkErrorDescription {
  return {
    code: 'redirect-refused',
    message: `The server answered with a redirect to ${origin}; token requests never follow redirects, so nothing was sent there.`,
    hint: 'Check the environment’s address in Credentials: the token endpoint must answer at that address itself.',
  };
}

/** A hop that would carry a secret where its rule does not let it go (secret-routing.ts). */
export function misroutedSecretError(
  secret: BoundSecret,
  origin: string,
  redirected: boolean,
): NetworkErrorDescription {
  if (!redirected)
    return { code: 'other', message: refusedSendSentence(secret, origin), hint: howToAllow(secret, origin) };
  return {
    code: 'redirect-refused',
    message:
      `The server redirected this request to ${origin}, where ${describeSecret(secret)} may not go, ` +
      'so the redirect was not followed and nothing was sent there.',
    hint: howToAllow(secret, origin),
  };
}
