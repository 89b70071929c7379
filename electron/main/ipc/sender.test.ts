import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender';

describe('isTrustedSender', () => {
  it('trusts only the app scheme and host', () => {
    expect(isTrustedSender('app://renderer/index.html')).toBe(true);
    expect(isTrustedSender('app://renderer/')).toBe(true);
    expect(isTrustedSender('app://other/index.html')).toBe(false);
    expect(isTrustedSender('https://renderer/index.html')).toBe(false);
    expect(isTrustedSender('file:///tmp/index.html')).toBe(false);
    expect(isTrustedSender('https://evil.example/app://renderer/')).toBe(false);
    expect(isTrustedSender('app://user:pw@renderer/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender('not a url')).toBe(false);
  });

  it('compares host and port against a given origin (the test bridge)', () => {
    expect(isTrustedSender('http://127.0.0.1:5000/index.html', 'http://127.0.0.1:5000')).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5001/index.html', 'http://127.0.0.1:5000')).toBe(false);
  });
});
