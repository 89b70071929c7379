import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';

describe('errorText', () => {
  it('is the sentence an Error carries', () => {
    expect(errorText(new Error('The collection “Ads” is not there any more.'))).toBe(
      'The collection “Ads” is not there any more.',
    );
  });

  it('names the error when it carries no sentence', () => {
    expect(errorText(new TypeError(''))).toBe('TypeError');
  });

  it('shows a rejection that is not an Error as text', () => {
    expect(errorText('Timed out')).toBe('Timed out');
    expect(errorText(undefined)).toBe('undefined');
  });
});
