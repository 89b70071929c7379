import { describe, expect, it } from 'vitest';
import { API_DOCS_URL, mayOpenExternally } from './menu';

describe('mayOpenExternally', () => {
  it('lets the menu hand the API’s documentation, over https, to the system browser', () => {
    expect(mayOpenExternally(API_DOCS_URL)).toBe(true);
    expect(mayOpenExternally('https://developer.olxgroup.com/docs/getting-started')).toBe(true);
  });

  it('refuses any other scheme, host or a URL carrying credentials', () => {
    for (const url of [
      'http://developer.olxgroup.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://developer.olxgroup.com.evil.example/',
      'https://evil.example/?developer.olxgroup.com',
      'https://user:pass@developer.olxgroup.com/',
      'not a url',
    ])
      expect(mayOpenExternally(url), url).toBe(false);
  });
});
