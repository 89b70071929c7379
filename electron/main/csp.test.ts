import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';

const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );

describe('content security policy', () => {
  it('allows no eval, no inline script and no network from the page', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('connect-src')).toBe("'none'");
    expect(policy.get('default-src')).toBe("'none'");
  });

  it('matches the meta tag of renderer/index.html, directive by directive', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const header = directives(CONTENT_SECURITY_POLICY);
    for (const [name, value] of directives(meta!)) expect(header.get(name), name).toBe(value);
  });
});
