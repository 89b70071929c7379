/**
 * Mutual TLS for the tests: a server CA whose certificate is valid for localhost and 127.0.0.1
 * (two hosts on one machine), a client CA that issues the certificate the client presents, the
 * same certificate as PEM, as PEM with an encrypted key and as PKCS#12, and a loopback server that
 * refuses a connection without one (`requestCert`, `rejectUnauthorized`).
 */
import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { createCertificateAuthority, type KeyAndCertificate } from '../../electron/main/tls/certificates';
import { startHttpsServer, type Handler, type TestServer } from './https-servers';

export const KEY_PASSPHRASE = 'key-passphrase-1234';
export const PFX_PASSPHRASE = 'pfx-passphrase-5678';
/** The common name of the client certificate the servers record. */
export const CLIENT_NAME = 'workbench-client';

export interface MutualTlsWorld {
  /** The CA of the servers' certificates (the client trusts it). */
  serverCaPem: string;
  server: KeyAndCertificate;
  /** The client certificate, issued by the CA the mutual-TLS server trusts. */
  client: KeyAndCertificate;
  /** Its key, encrypted with KEY_PASSPHRASE. */
  encryptedKeyPem: string;
  /** Certificate and key as PKCS#12, with PFX_PASSPHRASE. */
  pfx: Buffer;
  /** A client certificate from a CA the server does not trust. */
  stranger: KeyAndCertificate;
  clientCaPem: string;
}

/** A PEM key encrypted with a passphrase (PKCS#8, AES-256-CBC), as `openssl pkcs8 -topk8 -v2 aes256` writes it. */
export function encryptKey(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

/** Certificate and key as a PKCS#12 (.p12/.pfx) file's bytes, protected by a passphrase. */
export function toPkcs12(pair: KeyAndCertificate, passphrase: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(pair.keyPem),
    [forge.pki.certificateFromPem(pair.certPem)],
    passphrase,
    { algorithm: '3des' },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export function mutualTlsWorld(): MutualTlsWorld {
  const serverCa = createCertificateAuthority('Mutual TLS test server CA');
  const clientCa = createCertificateAuthority('Mutual TLS test client CA');
  const client = clientCa.issue({ hosts: [], commonName: CLIENT_NAME, purpose: 'client' });
  return {
    serverCaPem: serverCa.certPem,
    server: serverCa.issue({ hosts: ['localhost', '127.0.0.1'] }),
    client,
    encryptedKeyPem: encryptKey(client.keyPem, KEY_PASSPHRASE),
    pfx: toPkcs12(client, PFX_PASSPHRASE),
    stranger: createCertificateAuthority('Unknown client CA').issue({
      hosts: [],
      commonName: 'stranger',
      purpose: 'client',
    }),
    clientCaPem: clientCa.certPem,
  };
}

/** A server that accepts only connections presenting a certificate from the world's client CA. */
export function startMutualTlsServer(world: MutualTlsWorld, handler: Handler): Promise<TestServer> {
  return startHttpsServer(world.server, handler, {
    requestCert: true,
    rejectUnauthorized: true,
    ca: world.clientCaPem,
  });
}

/** A server that asks for a client certificate but accepts a connection without one, and records what it got. */
export function startCertificateRecorder(world: MutualTlsWorld, handler: Handler): Promise<TestServer> {
  return startHttpsServer(world.server, handler, { requestCert: true, rejectUnauthorized: false });
}
