import type { StatusKind } from './http-types';

export interface StatusInfo {
  code: number;
  reason: string;
  kind: Exclude<StatusKind, 'network-error'>;
  /** What the API's documentation says the code means, or a general meaning when the API does not document it. */
  meaning: string;
  /** True when the API's "Making API requests" guide lists this code. */
  documented: boolean;
}

/** The codes the Partner API documents, with the meanings its guide gives them. */
const DOCUMENTED: Record<number, [reason: string, meaning: string]> = {
  200: ['OK', 'Success: the most common answer to a successful operation.'],
  201: ['Created', 'Success: the data was created.'],
  202: [
    'Accepted',
    'Accepted, but processing is not complete: publishing, editing and deleting adverts are asynchronous. Check the advert’s meta for the outcome.',
  ],
  204: ['No Content', 'Success with no body, e.g. after a DELETE.'],
  400: ['Bad Request', 'The request is malformed, e.g. invalid JSON or a payload that is too large.'],
  401: ['Unauthorized', 'Authentication is missing, e.g. no X-API-KEY header, or an expired access token.'],
  403: ['Forbidden', 'Authentication was refused, e.g. an invalid API key.'],
  404: ['Not Found', 'The resource does not exist.'],
  409: [
    'Conflict',
    'The request conflicts with the resource’s state, e.g. updating an advert that was not created yet.',
  ],
  500: ['Internal Server Error', 'Something went wrong on the API’s side. Try again later; report it if it persists.'],
};

/** Reason phrases for codes the API does not document (RFC 9110 and friends). */
const REASONS: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  103: 'Early Hints',
  203: 'Non-Authoritative Information',
  205: 'Reset Content',
  206: 'Partial Content',
  207: 'Multi-Status',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  402: 'Payment Required',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: 'I’m a teapot',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  423: 'Locked',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
  511: 'Network Authentication Required',
};

export function statusKind(code: number): StatusInfo['kind'] {
  if (code >= 500) return 'server-error';
  if (code >= 400) return 'client-error';
  if (code >= 300) return 'redirect';
  return 'success';
}

const GENERAL_MEANING: Record<StatusInfo['kind'], string> = {
  success: 'A success code.',
  redirect: 'A redirect code.',
  'client-error': 'A client error: something in the request needs fixing.',
  'server-error': 'A server error.',
};

export function describeStatus(code: number, reasonFromServer = ''): StatusInfo {
  const kind = statusKind(code);
  const documented = DOCUMENTED[code];
  if (documented) {
    return { code, reason: documented[0], kind, meaning: documented[1], documented: true };
  }
  const reason = REASONS[code] ?? reasonFromServer;
  return {
    code,
    reason,
    kind,
    meaning: `Not documented by this API. ${GENERAL_MEANING[kind]}`,
    documented: false,
  };
}

export const DOCUMENTED_STATUS_CODES: readonly number[] = Object.keys(DOCUMENTED).map(Number);
