import { describe, expect, it } from 'vitest';
import { secretFinder, type SecretFinder } from '../credentials/secret-routing';
import { followRedirect, isCredentialHeader, isRedirectStatus, sameOrigin, type Hop } from './redirects';

function hop(
  method: Hop['method'],
  url: string,
  headers: Array<[string, string]> = [],
  body: string | null = null,
): Hop {
  return { method, url: new URL(url), headers, body: body === null ? null : Buffer.from(body) };
}

function follow(current: Hop, status: number, location: string, secrets?: SecretFinder): Hop {
  const decision = followRedirect(current, status, location, secrets);
  if (decision.kind !== 'follow') throw new Error(`not followed: ${decision.kind}`);
  return decision.next;
}

describe('redirect rules', () => {
  it('knows the redirect statuses', () => {
    expect([301, 302, 303, 307, 308].every(isRedirectStatus)).toBe(true);
    expect([300, 304, 305, 200].some(isRedirectStatus)).toBe(false);
  });

  it('turns POST into GET on 301 and 302, dropping the body and its headers', () => {
    for (const status of [301, 302]) {
      const next = follow(
        hop(
          'POST',
          'https://a.example/x',
          [
            ['Content-Type', 'application/json'],
            ['X-API-KEY', 'k'],
          ],
          '{}',
        ),
        status,
        '/y',
      );
      expect(next.method).toBe('GET');
      expect(next.body).toBeNull();
      expect(next.headers).toEqual([['X-API-KEY', 'k']]);
      expect(next.url.href).toBe('https://a.example/y');
    }
  });

  it('keeps PUT on 301/302 but turns it into GET on 303; HEAD stays HEAD', () => {
    expect(follow(hop('PUT', 'https://a.example/x', [], '{}'), 302, '/y').method).toBe('PUT');
    expect(follow(hop('PUT', 'https://a.example/x', [], '{}'), 303, '/y').method).toBe('GET');
    expect(follow(hop('DELETE', 'https://a.example/x'), 303, '/y').method).toBe('GET');
    expect(follow(hop('HEAD', 'https://a.example/x'), 303, '/y').method).toBe('HEAD');
  });

  it('keeps method, body and headers on 307 and 308', () => {
    for (const status of [307, 308]) {
      const current = hop('POST', 'https://a.example/x', [['Content-Type', 'application/json']], '{"a":1}');
      const next = follow(current, status, 'https://a.example/z');
      expect(next.method).toBe('POST');
      expect(next.body).toBe(current.body);
      expect(next.headers).toEqual(current.headers);
    }
  });

  it('refuses non-HTTPS targets and unparsable ones', () => {
    expect(followRedirect(hop('GET', 'https://a.example/'), 302, 'http://a.example/').kind).toBe('insecure');
    expect(followRedirect(hop('GET', 'https://a.example/'), 302, 'ftp://a.example/').kind).toBe('insecure');
    expect(followRedirect(hop('GET', 'https://a.example/'), 302, 'https://[bad').kind).toBe('invalid');
  });

  it('drops credentials when leaving the origin', () => {
    const headers: Array<[string, string]> = [
      ['Authorization', 'Bearer x'],
      ['proxy-authorization', 'Basic y'],
      ['Cookie', 'a=1'],
      ['X-API-KEY', 'k'],
      ['X-Refresh-Token', 't'],
      ['Client-Secret', 's'],
      ['My-Api-Key', 'm'],
      ['Accept', 'application/json'],
    ];
    for (const target of ['https://b.example/', 'https://a.example:8443/', 'https://sub.a.example/']) {
      const next = follow(hop('GET', 'https://a.example/', headers), 302, target);
      expect(next.headers).toEqual([['Accept', 'application/json']]);
    }
    const same = follow(hop('GET', 'https://a.example/', headers), 302, 'https://a.example:443/other');
    expect(same.headers).toEqual(headers);
  });

  it('compares origins by scheme, host and effective port', () => {
    expect(sameOrigin(new URL('https://a.example/'), new URL('https://a.example:443/x'))).toBe(true);
    expect(sameOrigin(new URL('https://a.example/'), new URL('https://A.EXAMPLE/x'))).toBe(true);
    expect(sameOrigin(new URL('https://a.example/'), new URL('http://a.example/'))).toBe(false);
  });

  it('recognises credential headers by name', () => {
    expect(isCredentialHeader('x-api-key')).toBe(true);
    expect(isCredentialHeader('X-Access-TOKEN')).toBe(true);
    expect(isCredentialHeader('Content-Type')).toBe(false);
  });

  it('drops a header whose value holds a secret in any form when leaving the origin, whatever its name', () => {
    const secret = 'var/secret 4711';
    const finder = secretFinder([secret]);
    const headers: Array<[string, string]> = [
      ['apikey', secret],
      ['X-Query', `q=${encodeURIComponent(secret)}`],
      ['X-Form', new URLSearchParams({ q: secret }).toString()],
      ['X-Json', JSON.stringify({ v: secret })],
      ['X-Login', `Basic ${Buffer.from(`ann:${secret}`).toString('base64')}`],
      ['Host', 'a.example'],
      ['X-Trace', 'keep'],
    ];
    const next = follow(hop('GET', 'https://a.example/', headers), 302, 'https://b.example/', finder);
    expect(next.headers).toEqual([['X-Trace', 'keep']]);
    // Same origin: nothing is dropped.
    expect(follow(hop('GET', 'https://a.example/', headers), 302, '/again', finder).headers).toEqual(headers);
  });

  it('refuses to re-send a body holding a secret to another origin on 307/308, and keeps it on the same origin', () => {
    const finder = secretFinder(['body-secret-4711']);
    for (const status of [307, 308]) {
      const current = hop(
        'POST',
        'https://a.example/x',
        [['Content-Type', 'application/json']],
        '{"v":"body-secret-4711"}',
      );
      expect(followRedirect(current, status, 'https://b.example:8443/y', finder)).toEqual({
        kind: 'secret-body',
        origin: 'https://b.example:8443',
      });
      expect(follow(current, status, '/y', finder).body).toBe(current.body);
    }
    // A 302 that turns the POST into a GET sends no body: it is followed.
    expect(
      follow(hop('POST', 'https://a.example/x', [], 'body-secret-4711'), 302, 'https://b.example/', finder).body,
    ).toBeNull();
    // A body without a secret goes on.
    expect(
      follow(hop('POST', 'https://a.example/x', [], '{"v":1}'), 307, 'https://b.example/', finder).body?.toString(),
    ).toBe('{"v":1}');
  });
});

describe('what a redirected request carries', () => {
  const bodyHeaders: Array<[string, string]> = [
    ['Content-Type', 'application/json'],
    ['Content-Length', '2'],
    ['Content-Encoding', 'gzip'],
    ['Content-Language', 'pl'],
    ['Content-Location', '/x'],
  ];

  it('drops every header that describes the body when 301/302 turn POST into GET', () => {
    for (const status of [301, 302]) {
      const next = follow(
        hop('POST', 'https://a.example/x', [...bodyHeaders, ['Accept', 'application/json']], '{}'),
        status,
        '/y',
      );
      expect(next.headers).toEqual([['Accept', 'application/json']]);
    }
  });

  it('keeps a GET as it was on 303, the user’s own Content-Type included', () => {
    const current = hop('GET', 'https://a.example/x', [
      ['Content-Type', 'text/plain'],
      ['Accept', 'application/json'],
    ]);
    const next = follow(current, 303, '/y');
    expect(next).toMatchObject({ method: 'GET', body: null, headers: current.headers });
  });

  it('keeps the body headers of a POST that a 307 re-sends', () => {
    const current = hop('POST', 'https://a.example/x', bodyHeaders, '{}');
    expect(follow(current, 307, '/y').headers).toEqual(bodyHeaders);
  });

  it('drops the Host header when leaving the origin, and keeps it on the same origin', () => {
    const current = hop('GET', 'https://a.example/x', [
      ['Host', 'a.example'],
      ['Accept', 'application/json'],
    ]);
    expect(follow(current, 302, 'https://b.example/y').headers).toEqual([['Accept', 'application/json']]);
    expect(follow(current, 302, '/y').headers).toEqual(current.headers);
  });

  it('tells origins apart by scheme, even on the same host and port', () => {
    expect(sameOrigin(new URL('https://a.example:8443/'), new URL('http://a.example:8443/'))).toBe(false);
    expect(sameOrigin(new URL('https://a.example:8443/'), new URL('https://a.example:8443/z'))).toBe(true);
  });
});
