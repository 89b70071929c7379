import { describe, expect, it } from 'vitest';
import { cancelJob, jobProgress, suggestedFileName, valueFromLines, type Job } from './response';

describe('valueFromLines', () => {
  it('drops the key and trailing comma, and unquotes a string', () => {
    expect(valueFromLines('    "name": "Flat \\"A\\" \\u00e9",')).toBe('Flat "A" é');
    expect(valueFromLines('    "price": 12.50,')).toBe('12.50');
    expect(valueFromLines('  true')).toBe('true');
    expect(valueFromLines('  "just a string"')).toBe('just a string');
  });

  it('re-indents an object to the left', () => {
    const text = ['    "price": {', '      "value": 1,', '      "currency": "PLN"', '    },'].join('\n');
    expect(valueFromLines(text)).toBe('{\n  "value": 1,\n  "currency": "PLN"\n}');
  });
});

describe('suggestedFileName', () => {
  it('takes the last path segment and an extension from the type', () => {
    expect(suggestedFileName('https://api.example.com/advert/v1/abc-123', 'application/json; charset=utf-8', 'json')).toBe('abc-123.json');
    expect(suggestedFileName('https://api.example.com/', 'text/csv', 'text')).toBe('response.csv');
    expect(suggestedFileName('https://api.example.com/files/plan.pdf', 'application/octet-stream', 'binary')).toBe('plan.pdf');
    expect(suggestedFileName('https://api.example.com/x/../we ird%2F..', '', 'binary')).toBe('we-ird.bin');
  });
});

describe('jobs', () => {
  it('reports progress and cancels by id', () => {
    const job: Job = { controller: new AbortController(), progress: { phase: 'searching', doneBytes: 5, totalBytes: 10, bytesPerSecond: 1 }, startedAt: 0 };
    const jobs = new Map([['j', job]]);
    expect(jobProgress({ jobs }, { jobId: 'j' })).toMatchObject({ doneBytes: 5 });
    expect(jobProgress({ jobs }, { jobId: 'other' })).toBeNull();
    expect(cancelJob({ jobs }, { jobId: 'j' })).toEqual({ cancelled: true });
    expect(job.controller.signal.aborted).toBe(true);
    expect(cancelJob({ jobs }, { jobId: 'other' })).toEqual({ cancelled: false });
  });
});
