import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, createSelfSignedCertificate, parseCertificates } from './certificates';

function get(port: number, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', ca, servername: 'localhost' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function serve(key: string, cert: string) {
  const server = createServer({ key, cert }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('certificates', () => {
  it('issues a server certificate that a client trusting the CA accepts', async () => {
    const ca = createCertificateAuthority();
    const leaf = ca.issue({ hosts: ['localhost', '127.0.0.1'] });
    const { server, port } = await serve(leaf.keyPem, leaf.certPem);
    try {
      expect(await get(port, ca.certPem)).toBe(200);
    } finally {
      server.close();
    }
  });

  it('makes a self-signed certificate that a client not trusting it refuses', async () => {
    const self = createSelfSignedCertificate(['localhost']);
    const other = createCertificateAuthority();
    const { server, port } = await serve(self.keyPem, self.certPem);
    try {
      await expect(get(port, other.certPem)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    } finally {
      server.close();
    }
  });

  it('summarises PEM files and explains what is wrong with a bad one', () => {
    const ca = createCertificateAuthority('Test Root');
    const [first] = parseCertificates(`junk before\n${ca.certPem}`);
    expect(first?.summary).toMatchObject({ subject: 'Test Root', isCa: true });
    expect(() => parseCertificates('hello')).toThrow(/No certificate found/);
    expect(() => parseCertificates('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(
      /could not be read/,
    );
  });
});
