import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../tls/certificates';
import { createHttpClient } from './client';
import { startHttpsServer } from '../../../test/support/https-servers';
import { buildTrustedCas, systemRoots } from './trust';

const dir = mkdtempSync(join(tmpdir(), 'trust-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileCa = createCertificateAuthority('Corporate proxy CA (NODE_EXTRA_CA_CERTS)');
const userCa = createCertificateAuthority('User-added CA');

describe('buildTrustedCas', () => {
  it('starts from the system and bundled roots', () => {
    const { cas, warnings } = buildTrustedCas({ extraPems: [], env: {} });
    expect(warnings).toEqual([]);
    for (const pem of tls.rootCertificates) expect(cas).toContain(pem.trim());
    for (const pem of systemRoots()) expect(cas).toContain(pem.trim());
    expect(new Set(cas).size).toBe(cas.length);
  });

  it('adds user CAs (each certificate of a bundle) once', () => {
    const bundle = `${userCa.certPem}\n${fileCa.certPem}`;
    const { cas, warnings } = buildTrustedCas({ extraPems: [bundle, userCa.certPem], env: {} });
    expect(warnings).toEqual([]);
    expect(cas).toContain(userCa.certPem.trim());
    expect(cas).toContain(fileCa.certPem.trim());
    expect(cas.filter((pem) => pem === userCa.certPem.trim())).toHaveLength(1);
  });

  it('reads the file named by NODE_EXTRA_CA_CERTS', () => {
    const file = join(dir, 'extra.pem');
    writeFileSync(file, `# comment\n${fileCa.certPem}`);
    const { cas, warnings } = buildTrustedCas({ extraPems: [], env: { NODE_EXTRA_CA_CERTS: file } });
    expect(warnings).toEqual([]);
    expect(cas).toContain(fileCa.certPem.trim());
  });

  it('warns about an unreadable NODE_EXTRA_CA_CERTS file instead of failing', () => {
    const file = join(dir, 'missing.pem');
    const { cas, warnings } = buildTrustedCas({ extraPems: [userCa.certPem], env: { NODE_EXTRA_CA_CERTS: file } });
    expect(cas).toContain(userCa.certPem.trim());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toContain('ENOENT');
  });

  it('warns about a file or a user entry without a readable certificate', () => {
    const file = join(dir, 'garbage.pem');
    writeFileSync(file, 'not a certificate');
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    const { warnings } = buildTrustedCas({ extraPems: [broken], env: { NODE_EXTRA_CA_CERTS: file } });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('no readable PEM certificate');
    expect(warnings[1]).toContain('could not be read');
  });

  it('is what makes a server with a NODE_EXTRA_CA_CERTS certificate reachable', async () => {
    const file = join(dir, 'extra-e2e.pem');
    writeFileSync(file, fileCa.certPem);
    const server = await startHttpsServer(fileCa.issue({ hosts: ['127.0.0.1'] }), (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
    const request = { requestId: 'r', method: 'GET' as const, url: server.origin, headers: [], body: '' };
    try {
      const without = buildTrustedCas({ extraPems: [], env: {} }).cas;
      const withFile = buildTrustedCas({ extraPems: [], env: { NODE_EXTRA_CA_CERTS: file } }).cas;
      const refusing = createHttpClient({ getTrustedCas: () => without });
      const trusting = createHttpClient({ getTrustedCas: () => withFile });
      const refused = await refusing.send(request, { timeoutMs: 5000 });
      expect(refused.kind === 'network-error' && refused.code).toBe('tls-untrusted');
      const answered = await trusting.send(request, { timeoutMs: 5000 });
      expect(answered.kind === 'response' && answered.status).toBe(200);
      refusing.close();
      trusting.close();
    } finally {
      await server.close();
    }
  });
});
