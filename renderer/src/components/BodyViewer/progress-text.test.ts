import { describe, expect, it } from 'vitest';
import { describeProgress, progressFraction } from './progress-text';

describe('describeProgress', () => {
  it('says bytes so far, the total and share when known, and the rate', () => {
    expect(
      describeProgress({
        phase: 'receiving',
        doneBytes: 5 * 1024 * 1024,
        totalBytes: 20 * 1024 * 1024,
        bytesPerSecond: 2 * 1024 * 1024,
      }),
    ).toBe('Received 5.0 MB of 20.0 MB (25%) · 2.0 MB/s');
    expect(describeProgress({ phase: 'receiving', doneBytes: 2048, totalBytes: null, bytesPerSecond: 0 })).toBe(
      'Received 2.0 KB',
    );
    expect(describeProgress({ phase: 'searching', doneBytes: 10, totalBytes: 10, bytesPerSecond: 0 })).toBe(
      'Searched 10 B of 10 B (100%)',
    );
  });

  it('says a complete download is being formatted', () => {
    expect(
      describeProgress({
        phase: 'formatting',
        doneBytes: 3 * 1024 * 1024,
        totalBytes: 3 * 1024 * 1024,
        bytesPerSecond: 100,
      }),
    ).toBe('Received 3.0 MB · formatting…');
  });

  it('says a filter’s results are being formatted, and how far', () => {
    expect(
      describeProgress({
        phase: 'formatting-results',
        doneBytes: 3 * 1024 * 1024,
        totalBytes: 12 * 1024 * 1024,
        bytesPerSecond: 0,
      }),
    ).toBe('Formatting the results: 3.0 MB of 12.0 MB (25%)');
  });

  it('says the server has not answered yet while waiting', () => {
    expect(describeProgress({ phase: 'waiting', doneBytes: 0, totalBytes: null, bytesPerSecond: 0 })).toBe(
      'Waiting for the answer',
    );
  });

  it('gives a fraction only with a known total', () => {
    expect(progressFraction({ phase: 'filtering', doneBytes: 5, totalBytes: 10, bytesPerSecond: 1 })).toBe(0.5);
    expect(progressFraction({ phase: 'filtering', doneBytes: 5, totalBytes: null, bytesPerSecond: 1 })).toBeNull();
    expect(progressFraction(null)).toBeNull();
  });
});
