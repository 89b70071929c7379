import { describe, expect, it } from 'vitest';
import { describeStatus, DOCUMENTED_STATUS_CODES, statusKind } from './status-codes';

describe('status codes', () => {
  it('documents exactly the codes the API guide lists', () => {
    expect(DOCUMENTED_STATUS_CODES).toEqual([200, 201, 202, 204, 400, 401, 403, 404, 409, 500]);
  });

  it('gives each documented code its meaning and kind', () => {
    expect(describeStatus(202)).toMatchObject({ reason: 'Accepted', kind: 'success', documented: true });
    expect(describeStatus(202).meaning).toMatch(/asynchronous/);
    expect(describeStatus(401).meaning).toMatch(/X-API-KEY/);
    expect(describeStatus(409).meaning).toMatch(/not created yet/);
    expect(describeStatus(500)).toMatchObject({ kind: 'server-error', documented: true });
  });

  it('marks codes the API does not document', () => {
    expect(describeStatus(418)).toMatchObject({ documented: false, kind: 'client-error', reason: 'I’m a teapot' });
    expect(describeStatus(418).meaning).toMatch(/^Not documented by this API/);
    expect(describeStatus(599, 'Custom')).toMatchObject({ reason: 'Custom', kind: 'server-error' });
  });

  it('sorts codes into kinds', () => {
    expect([204, 302, 404, 503].map(statusKind)).toEqual(['success', 'redirect', 'client-error', 'server-error']);
  });
});

describe('what the status line says', () => {
  it('sorts each code by its hundred, 400 and 300 included', () => {
    const kinds = [199, 200, 299, 300, 399, 400, 499, 500, 599].map(statusKind);
    expect(kinds).toEqual([
      'success',
      'success',
      'success',
      'redirect',
      'redirect',
      'client-error',
      'client-error',
      'server-error',
      'server-error',
    ]);
  });

  it('gives each code the reason phrase of RFC 9110 (and its companions), whatever the server wrote', () => {
    const rfc: Record<number, string> = {
      100: 'Continue',
      101: 'Switching Protocols',
      103: 'Early Hints',
      200: 'OK',
      201: 'Created',
      202: 'Accepted',
      203: 'Non-Authoritative Information',
      204: 'No Content',
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
      400: 'Bad Request',
      401: 'Unauthorized',
      402: 'Payment Required',
      403: 'Forbidden',
      404: 'Not Found',
      405: 'Method Not Allowed',
      406: 'Not Acceptable',
      407: 'Proxy Authentication Required',
      408: 'Request Timeout',
      409: 'Conflict',
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
      500: 'Internal Server Error',
      501: 'Not Implemented',
      502: 'Bad Gateway',
      503: 'Service Unavailable',
      504: 'Gateway Timeout',
      505: 'HTTP Version Not Supported',
      507: 'Insufficient Storage',
      511: 'Network Authentication Required',
    };
    for (const [code, reason] of Object.entries(rfc))
      expect(describeStatus(Number(code), 'Whatever').reason, code).toBe(reason);
    expect(describeStatus(299).reason).toBe('');
  });

  it('gives each documented code the meaning the API guide gives it', () => {
    const guide: Record<number, RegExp> = {
      200: /^Success: the most common answer/,
      201: /^Success: the data was created/,
      202: /^Accepted, but processing is not complete: publishing, editing and deleting adverts are asynchronous/,
      204: /^Success with no body, e\.g\. after a DELETE/,
      400: /^The request is malformed/,
      401: /^Authentication is missing, e\.g\. no X-API-KEY header/,
      403: /^Authentication was refused, e\.g\. an invalid API key/,
      404: /^The resource does not exist/,
      409: /^The request conflicts with the resource’s state/,
      500: /^Something went wrong on the API’s side/,
    };
    for (const code of DOCUMENTED_STATUS_CODES) {
      expect(describeStatus(code), String(code)).toMatchObject({
        documented: true,
        meaning: expect.stringMatching(guide[code]!),
      });
    }
  });

  it('gives an undocumented code the general meaning of its kind', () => {
    expect([203, 302, 418, 502].map((code) => describeStatus(code).meaning)).toEqual([
      'Not documented by this API. A success code.',
      'Not documented by this API. A redirect code.',
      'Not documented by this API. A client error: something in the request needs fixing.',
      'Not documented by this API. A server error.',
    ]);
  });
});
