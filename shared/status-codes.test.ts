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
