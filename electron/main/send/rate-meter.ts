/**
 * The download rate a progress display shows: bytes per second over the last few seconds, not the
 * average since the body started. A body that trickles after a fast start reads as trickling, and
 * one that stalls reads 0 B/s once the window has passed, instead of an average that decays for minutes.
 */

/** How far back the rate looks. */
export const RATE_WINDOW_MS = 3000;
/** A sample is kept at most this often (the rest only move the latest count). */
const SAMPLE_EVERY_MS = 250;

export interface RateMeter {
  /** `bytes` received in all by time `at` (ms, performance.now()). */
  record(bytes: number, at: number): void;
  /** Bytes per second at time `now`, rounded. */
  rate(now: number): number;
}

/** A meter starting at time `start` with nothing received. */
export function createRateMeter(start: number, windowMs = RATE_WINDOW_MS): RateMeter {
  const samples: Array<{ at: number; bytes: number }> = [{ at: start, bytes: 0 }];
  let latest = { at: start, bytes: 0 };
  return {
    record(bytes, at) {
      latest = { at, bytes };
      if (at - samples[samples.length - 1]!.at >= SAMPLE_EVERY_MS) samples.push({ at, bytes });
      // Keep one sample at or before the window's start (the base), none older.
      while (samples.length > 1 && samples[1]!.at <= at - windowMs) samples.shift();
    },
    rate(now) {
      // The newest sample at or before the window's start, or the oldest when the body is younger than the window.
      let base = samples[0]!;
      for (const sample of [...samples, latest]) if (sample.at <= now - windowMs) base = sample;
      const seconds = (now - base.at) / 1000;
      return seconds > 0 ? Math.round((latest.bytes - base.bytes) / seconds) : 0;
    },
  };
}
