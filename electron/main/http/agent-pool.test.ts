import { describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../tls/certificates';
import { createAgentPool } from './agent-pool';

describe('createAgentPool', () => {
  it('keeps one agent while the CA list stays the same, even in a new array', () => {
    const pool = createAgentPool();
    const [a, b] = [
      createCertificateAuthority('Pool test CA A').certPem,
      createCertificateAuthority('Pool test CA B').certPem,
    ];
    const cas = [a, b];
    const first = pool.acquire(cas);
    const second = pool.acquire(cas);
    const third = pool.acquire([a, b]);
    expect(second.agent).toBe(first.agent);
    expect(third.agent).toBe(first.agent);
    expect(pool.created).toBe(1);
    // The CAs travel as a secure context, not as `ca` (which https.Agent would join into its pool key per request).
    expect(first.agent.options.ca).toBeUndefined();
    expect(first.agent.options.secureContext).toBeDefined();
    // Said explicitly: Node's default would follow NODE_TLS_REJECT_UNAUTHORIZED.
    expect(first.agent.options.rejectUnauthorized).toBe(true);
    expect(first.agentFor(new URL('http://127.0.0.1:3128')).options.rejectUnauthorized).toBe(true);
    expect(first.agent.options.keepAlive).toBe(true);
    for (const lease of [first, second, third]) lease.release();
    pool.close();
  });

  it('makes a new agent when the list changes and destroys the old one after its last request', () => {
    const pool = createAgentPool();
    const a = createCertificateAuthority('Pool test CA A').certPem;
    const c = createCertificateAuthority('Pool test CA C').certPem;
    const old = pool.acquire([a]);
    let destroyed = false;
    const destroy = old.agent.destroy.bind(old.agent);
    old.agent.destroy = () => {
      destroyed = true;
      destroy();
    };
    const fresh = pool.acquire([a, c]);
    expect(fresh.agent).not.toBe(old.agent);
    expect(pool.created).toBe(2);
    expect(destroyed).toBe(false);
    old.release();
    old.release(); // twice is harmless
    expect(destroyed).toBe(true);
    fresh.release();
    pool.close();
  });
});
