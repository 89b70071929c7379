/**
 * The methods, and the plain, JSON-safe shapes of a request's result. Used by both processes. The
 * request itself (OutgoingRequest, HeaderRow) is parsed, so it is defined in shared/schemas/.
 */
import type { CheckResult } from './schemas/check';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type Method = (typeof METHODS)[number];

/** Methods that never carry a body; a body typed for them is a problem, not silently dropped. */
export const METHODS_WITHOUT_BODY: readonly Method[] = ['GET', 'HEAD'];

export type StatusKind = 'success' | 'redirect' | 'client-error' | 'server-error' | 'network-error';

export interface Timings {
  /** Milliseconds from the start of the send; absent phases did not happen (a reused connection has no DNS, connect or TLS). */
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** Time to the first byte of the response headers. */
  firstByteMs: number;
  /** Time spent receiving the body after the headers. */
  downloadMs: number;
  totalMs: number;
}

export interface HttpResponseResult {
  kind: 'response';
  requestId: string;
  status: number;
  statusText: string;
  statusKind: Exclude<StatusKind, 'network-error'>;
  /** Response headers in arrival order, names as sent by the server. */
  headers: Array<[string, string]>;
  /** The URL that finally answered (after redirects). */
  finalUrl: string;
  redirects: Array<{ status: number; url: string }>;
  /** Size of the decoded body in bytes, and on the wire when the server said so. */
  bodyBytes: number;
  wireBytes?: number;
  contentType: string;
  /** 'json' bodies come pretty-printed; 'binary' bodies come as a hex preview. */
  bodyFormat: 'json' | 'text' | 'binary' | 'empty';
  body: string;
  /** True when body is only the first part of what was received (binary preview). */
  bodyTruncated: boolean;
  /**
   * Names the received body in the main process (kept in the app's data folder or in memory) for
   * saving it, filtering it and reading it in pages. Absent for an empty body.
   */
  responseId?: string;
  /**
   * Set for a body too large to send whole: `body` is then empty and the renderer reads the
   * formatted lines in pages (response:lines), starting with the first screen given here.
   */
  bodyView?: BodyView;
  /** Set when the transfer stopped before the end of the body; what was received is kept. */
  incomplete?: { reason: 'too-large' | 'disk-full'; message: string };
  timings: Timings;
  /** Variables set from this response by the request's captures. */
  captured?: Array<{ variable: string; value: string }>;
  /** Captures that found nothing, each in a sentence. */
  captureProblems?: string[];
  /** The results of the request's enabled checks, in their order (masked); absent when none is enabled. */
  checks?: CheckResult[];
}

/** One line of a formatted body, as the paged viewer shows it. */
export interface BodyLine {
  text: string;
  /** Characters left out at the end of a very long line (the line is cut for display). */
  cut?: number;
  /** For a line that opens an object or array spanning several lines: the index of its closing line. */
  foldEnd?: number;
}

/** A formatted body (or a filter's result) kept in the main process and read in pages. */
export interface BodyView {
  viewId: string;
  /** 'json': pretty-printed JSON with fold points; 'text': the lines as received. */
  format: 'json' | 'text';
  lineCount: number;
  /** Bytes of the formatted text (what a search reads). */
  textBytes: number;
  /** Lines 0… of the view, so the first screen needs no round trip. */
  firstLines: BodyLine[];
  /** Set while a large body is still being formatted: `lineCount` is the lines so far (response:formatting says more). */
  formatting?: FormattingState;
}

/** How far the formatting of a large body has got. */
export interface FormattingState {
  linesSoFar: number;
  done: boolean;
  /** Why the formatting stopped (the lines so far stay readable). */
  problem?: string;
}

/** A body view's lines as they are now (response:formatting). */
export interface ViewStatus {
  format: 'json' | 'text';
  lineCount: number;
  textBytes: number;
  formatting: FormattingState;
}

/** How far a download (or a long job on a body) has got. */
export interface Progress {
  /** 'formatting-results': a filter's results, once the body is scanned, are formatted into their view. */
  phase: 'waiting' | 'receiving' | 'formatting' | 'searching' | 'filtering' | 'formatting-results';
  /** Bytes done so far, and the total when known. */
  doneBytes: number;
  totalBytes: number | null;
  /** Bytes per second over the work so far. */
  bytesPerSecond: number;
}

export interface SearchMatch {
  line: number;
  /** Position in the line's text, in UTF-16 code units (as String.prototype.indexOf counts). */
  column: number;
}

/** How many matches one search answer carries at most (every match is counted). */
export const SEARCH_MATCHES_PER_ANSWER = 10_000;

export interface SearchResult {
  /** Every match in the view. */
  total: number;
  /** The number (from 0) of matches[0] among all the matches. */
  first: number;
  /** Matches in order from `first` on (at most 10,000 of them). */
  matches: SearchMatch[];
  /** Not every match is in `matches`. */
  capped: boolean;
}

export interface FilterResult {
  /** How many values the expression selected. */
  count: number;
  /** The selected values as a pretty JSON array, read in pages like the body. */
  view: BodyView;
}

export type NetworkErrorCode =
  | 'dns'
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'tls-self-signed'
  | 'tls-untrusted'
  | 'tls-expired'
  | 'tls-hostname'
  | 'tls-other'
  | 'tls-client-certificate'
  | 'redirect-insecure'
  | 'redirect-loop'
  | 'redirect-refused'
  | 'too-large'
  | 'cancelled'
  | 'proxy'
  | 'other';

export interface NetworkErrorResult {
  kind: 'network-error';
  requestId: string;
  statusKind: 'network-error';
  code: NetworkErrorCode;
  /** One plain sentence: what happened. */
  message: string;
  /** What the user can do about it. */
  hint: string;
  /** The low-level code (ECONNREFUSED, CERT_HAS_EXPIRED, …) for the curious. */
  detail?: string;
  timings: { totalMs: number };
}

/** Problems found before sending; nothing went out. */
export interface RejectedResult {
  kind: 'rejected';
  requestId: string;
  problems: Problem[];
}

export type SendResult = HttpResponseResult | NetworkErrorResult | RejectedResult;

export interface Problem {
  field: 'url' | 'method' | 'headers' | 'body' | 'auth' | 'checks';
  message: string;
  /** For body problems: 1-based position in the body text. */
  line?: number;
  column?: number;
  /** For header and check problems: index of the row in the request's header or check list. */
  row?: number;
}
