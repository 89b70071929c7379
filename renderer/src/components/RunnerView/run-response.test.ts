import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../../../shared/schemas/run';
import { NO_RESPONSE_HINT, runRowResult } from './run-response';

const row: RunRow = {
  index: 3,
  iteration: 1,
  requestId: 'req-1',
  name: 'Read advert',
  folders: ['Adverts'],
  method: 'GET',
  url: 'https://127.0.0.1:8443/advert/v1/x',
  status: 404,
  statusText: 'Not Found',
  timeMs: 12,
  sizeBytes: 40,
  checks: [{ label: 'status is 200', passed: false, expected: '200', actual: '404' }],
  error: null,
  notes: [],
  passed: false,
};

describe('runRowResult', () => {
  it('shows a row’s response as a send’s result, coloured by its status', () => {
    const result = runRowResult(
      {
        row,
        response: {
          status: 404,
          statusText: 'Not Found',
          headers: [['content-type', 'application/json']],
          contentType: 'application/json',
          finalUrl: row.url,
          bodyFormat: 'json',
          body: '{\n  "error": {}\n}',
          bodyTruncated: false,
          bodyBytes: 14,
          timeMs: 12,
        },
      },
      'shown-1',
    );
    expect(result).toMatchObject({
      kind: 'response',
      requestId: 'shown-1',
      status: 404,
      statusKind: 'client-error',
      body: '{\n  "error": {}\n}',
      timings: { totalMs: 12 },
      checks: [{ label: 'status is 200', passed: false, expected: '200', actual: '404' }],
    });
  });

  it('says why a row got no response, with what to do', () => {
    const result = runRowResult(
      { row: { ...row, status: null, error: 'The connection was refused.' }, response: null },
      'x',
    );
    expect(result).toMatchObject({
      kind: 'network-error',
      message: 'The connection was refused.',
      hint: NO_RESPONSE_HINT,
    });
  });
});
