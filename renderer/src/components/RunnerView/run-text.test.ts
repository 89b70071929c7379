import { describe, expect, it } from 'vitest';
import {
  checksText,
  emptyRowsText,
  phaseSentence,
  progressPercent,
  progressText,
  rowStatusKind,
  sizeText,
  statusText,
} from './run-text';

describe('progress', () => {
  it('says done of total with passed and failed counts, thousands separated', () => {
    expect(progressText({ done: 12, total: 40, passed: 10, failed: 2 })).toBe(
      '12 of 40 requests · 10 passed · 2 failed',
    );
    expect(progressText({ done: 1, total: 1, passed: 1, failed: 0 })).toBe('1 of 1 request · 1 passed · 0 failed');
    expect(progressText({ done: 9999, total: 10000, passed: 9999, failed: 0 })).toBe(
      '9,999 of 10,000 requests · 9,999 passed · 0 failed',
    );
  });

  it('gives a whole percent, 0 before the total is known and never over 100', () => {
    expect(progressPercent({ done: 0, total: 0 })).toBe(0);
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ done: 5, total: 4 })).toBe(100);
  });
});

describe('a row', () => {
  it('shows checks as passed/total with a tick or a cross', () => {
    expect(checksText({ passed: 3, total: 3 })).toBe('✓ 3/3');
    expect(checksText({ passed: 1, total: 3 })).toBe('✗ 1/3');
    expect(checksText({ passed: 0, total: 0 })).toBe('no checks');
  });

  it('colours a status like the response pane, and a missing response as a network error', () => {
    expect([200, 302, 404, 500].map(rowStatusKind)).toEqual(['success', 'redirect', 'client-error', 'server-error']);
    expect(rowStatusKind(null)).toBe('network-error');
    expect(statusText(null)).toBe('—');
    expect(statusText(202)).toBe('202');
  });

  it('shows a size in a readable unit, or a dash without a response', () => {
    expect(sizeText(2048)).toBe('2.0 KB');
    expect(sizeText(null)).toBe('—');
  });
});

describe('the sentence of each phase', () => {
  const counts = { done: 4, total: 10, passed: 3, failed: 1 };

  it('says what a finished run found and how to see the failures', () => {
    expect(phaseSentence('finished', { done: 10, total: 10, passed: 10, failed: 0 })).toBe('All 10 requests passed.');
    expect(phaseSentence('finished', { done: 10, total: 10, passed: 8, failed: 2 })).toBe(
      'Finished: 2 of 10 requests failed. Tick “Failed only” to see them.',
    );
    expect(phaseSentence('finished', { done: 0, total: 0, passed: 0, failed: 0 })).toMatch(/no requests: add requests/);
  });

  it('says a cancelled run sent nothing more, and an error what stopped it', () => {
    expect(phaseSentence('cancelled', counts)).toBe('Cancelled after 4 requests: nothing more was sent. 1 failed.');
    expect(phaseSentence('error', counts, 'the data file could not be read')).toBe(
      'The run stopped: the data file could not be read. The rows below are what ran before.',
    );
    expect(phaseSentence('bailed', counts)).toBe(
      'Stopped at the first failure, after 4 requests: the rest were not sent.',
    );
    expect(phaseSentence('running', counts)).toBe('Running… 6 requests to go. Cancel stops it at once.');
    expect(phaseSentence('running', { done: 0, total: 0, passed: 0, failed: 0 })).toBe('Starting the run…');
  });

  it('says why the rows area is empty', () => {
    expect(emptyRowsText('running', false)).toBe('Waiting for the first response…');
    expect(emptyRowsText('running', true)).toBe('No request has failed so far.');
    expect(emptyRowsText('finished', true)).toBe('No request failed.');
  });
});
