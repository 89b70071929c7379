import { describe, expect, it } from 'vitest';
import { cancelJob, jobProgress, type Job } from './body-jobs';

describe('jobs', () => {
  it('reports progress and cancels by id', () => {
    const job: Job = {
      controller: new AbortController(),
      progress: { phase: 'searching', doneBytes: 5, totalBytes: 10, bytesPerSecond: 1 },
      startedAt: 0,
    };
    const jobs = new Map([['j', job]]);
    expect(jobProgress({ jobs }, { jobId: 'j' })).toMatchObject({ doneBytes: 5 });
    expect(jobProgress({ jobs }, { jobId: 'other' })).toBeNull();
    expect(cancelJob({ jobs }, { jobId: 'j' })).toEqual({ cancelled: true });
    expect(job.controller.signal.aborted).toBe(true);
    expect(cancelJob({ jobs }, { jobId: 'other' })).toEqual({ cancelled: false });
  });
});
