import { describe, expect, it } from 'vitest';
import { suggestedFileName } from './save-body';

describe('suggestedFileName', () => {
  it('takes the last path segment and an extension from the type', () => {
    expect(
      suggestedFileName('https://api.example.com/advert/v1/abc-123', 'application/json; charset=utf-8', 'json'),
    ).toBe('abc-123.json');
    expect(suggestedFileName('https://api.example.com/', 'text/csv', 'text')).toBe('response.csv');
    expect(suggestedFileName('https://api.example.com/files/plan.pdf', 'application/octet-stream', 'binary')).toBe(
      'plan.pdf',
    );
    expect(suggestedFileName('https://api.example.com/x/../we ird%2F..', '', 'binary')).toBe('we-ird.bin');
  });
});
