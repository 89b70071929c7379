import { AxiosError } from 'axios';
import { describe, expect, it } from 'vitest';
import {
  cancelledError,
  describeNetworkError,
  formatDuration,
  formatSize,
  insecureRedirectError,
  redirectLoopError,
  timeoutError,
  tooLargeMessage,
} from './errors';

const context = { host: 'api.example.com' };

function nodeError(code: string, message = code, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('describeNetworkError', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls-self-signed'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls-self-signed'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-untrusted'],
    ['UNABLE_TO_GET_ISSUER_CERT', 'tls-untrusted'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls-untrusted'],
    ['CERT_HAS_EXPIRED', 'tls-expired'],
    ['CERT_NOT_YET_VALID', 'tls-expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-hostname'],
    ['CERT_REVOKED', 'tls-other'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls-other'],
    ['EHOSTUNREACH', 'other'],
  ])('maps %s to %s, keeping the code as detail', (code, expected) => {
    const description = describeNetworkError(nodeError(code), context);
    expect(description.code).toBe(expected);
    expect(description.detail).toBe(code);
    expect(description.message).toContain('api.example.com');
    expect(description.hint.length).toBeGreaterThan(0);
  });

  it('says what to do about a DNS failure', () => {
    const description = describeNetworkError(nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.com'), context);
    expect(description.message).toBe('Could not find the host api.example.com.');
    expect(description.hint).toBe("Check the URL's host name and your network.");
  });

  it('treats "socket hang up" as a reset', () => {
    expect(describeNetworkError(new Error('socket hang up'), context).code).toBe('reset');
  });

  it('sends untrusted certificates to Settings, never to turning checks off', () => {
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
      const { hint } = describeNetworkError(nodeError(code), context);
      expect(hint).toContain('Settings → Trusted certificates');
      expect(hint).toContain('never turned off');
    }
  });

  it('looks through axios wrappers to the low-level error', () => {
    const inner = nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", {
      reason: "Host: api.example.com. is not in the cert's altnames: DNS:other.example",
      cert: { subjectaltname: 'DNS:other.example, DNS:www.other.example' },
    });
    const wrapped = AxiosError.from(inner);
    const description = describeNetworkError(wrapped, context);
    expect(description.code).toBe('tls-hostname');
    expect(description.message).toBe(
      'The certificate of api.example.com is not valid for that name: it is for other.example, www.other.example.',
    );
  });

  it('reads the names from the reason when there is no certificate', () => {
    const error = nodeError('ERR_TLS_CERT_ALTNAME_INVALID', 'x', {
      reason: "Host: api.example.com. is not in the cert's altnames: DNS:other.example",
    });
    expect(describeNetworkError(error, context).message).toContain('it is for other.example');
  });

  it('falls back to "other" with the error text for unknown failures', () => {
    const description = describeNetworkError(new Error('Something odd'), context);
    expect(description.code).toBe('other');
    expect(description.message).toBe('The request to api.example.com failed: Something odd.');
    expect(description.detail).toBeUndefined();
  });

  it('copes with values that are not errors', () => {
    expect(describeNetworkError('boom', context).code).toBe('other');
    expect(describeNetworkError(undefined, context).code).toBe('other');
  });
});

describe('own failures', () => {
  it('timeout says how long it waited and where to change it', () => {
    expect(timeoutError(30_000).message).toBe(
      'No complete response after waiting 30 seconds; the timeout can be changed in Settings.',
    );
    expect(timeoutError(300).message).toContain('300 ms');
    expect(timeoutError(30_000).code).toBe('timeout');
  });

  it('too-large names the limit', () => {
    expect(tooLargeMessage(200 * 1024 * 1024)).toMatch(
      /^The response is larger than 200 MB, the maximum response size/,
    );
  });

  it('an insecure redirect shows the target without its query', () => {
    const description = insecureRedirectError('http://example.com/path?token=abc');
    expect(description.code).toBe('redirect-insecure');
    expect(description.message).toContain('http://example.com/path');
    expect(description.message).not.toContain('abc');
  });

  it('has codes for cancel and loops', () => {
    expect(cancelledError().code).toBe('cancelled');
    expect(redirectLoopError(10).code).toBe('redirect-loop');
  });

  it('formats durations and sizes', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1000)).toBe('1 second');
    expect(formatDuration(2500)).toBe('2.5 seconds');
    expect(formatSize(200 * 1024 * 1024)).toBe('200 MB');
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatSize(512 * 1024)).toBe('512 KB');
    expect(formatSize(1000)).toBe('1,000 bytes');
    expect(formatSize(1)).toBe('1 byte');
  });
});
