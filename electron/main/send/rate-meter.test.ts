import { describe, expect, it } from 'vitest';
import { createRateMeter, RATE_WINDOW_MS } from './rate-meter';

/** Feeds `bytesPerSecond` from `from` to `to` (ms) in 100 ms steps, starting at `bytes`; returns the count reached. */
function feed(
  meter: ReturnType<typeof createRateMeter>,
  bytes: number,
  bytesPerSecond: number,
  from: number,
  to: number,
) {
  for (let at = from + 100; at <= to; at += 100) {
    bytes += bytesPerSecond / 10;
    meter.record(bytes, at);
  }
  return bytes;
}

describe('the download rate', () => {
  it('is the average since the start while the body is younger than the window', () => {
    const meter = createRateMeter(0);
    feed(meter, 0, 50_000, 0, 1000);
    expect(meter.rate(1000)).toBe(50_000);
  });

  it('reads a trickle after a fast start as a trickle once the window has passed', () => {
    const meter = createRateMeter(0);
    const burst = feed(meter, 0, 20_000_000, 0, 500);
    feed(meter, burst, 10_000, 500, 500 + 2 * RATE_WINDOW_MS);
    const rate = meter.rate(500 + 2 * RATE_WINDOW_MS);
    expect(rate).toBeGreaterThan(8_000);
    expect(rate).toBeLessThan(12_000);
  });

  it('falls to 0 when the body stalls for a window', () => {
    const meter = createRateMeter(0);
    feed(meter, 0, 1_000_000, 0, 2000);
    expect(meter.rate(2000)).toBeGreaterThan(900_000);
    expect(meter.rate(2000 + RATE_WINDOW_MS + 300)).toBe(0);
  });

  it('says 0 at the very start', () => {
    expect(createRateMeter(5).rate(5)).toBe(0);
  });
});
