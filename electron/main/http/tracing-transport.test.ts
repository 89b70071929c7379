import { describe, expect, it } from 'vitest';
import { connectionPhases } from './tracing-transport';

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
