/**
 * Certificates made at run time: a local certificate authority for the sandbox (so the app can trust
 * it without turning TLS checks off), and deliberately broken certificates for tests.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface KeyAndCertificate {
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  /** DNS names and IP addresses the certificate is valid for. */
  hosts: string[];
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** 'client': a certificate a client presents (mutual TLS); default 'server'. */
  purpose?: 'server' | 'client';
}

export interface CertificateAuthority extends KeyAndCertificate {
  issue(options: IssueOptions): KeyAndCertificate;
}

const DAY = 24 * 60 * 60 * 1000;

function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { privateKey: forgeKey, publicKey, keyPem: privateKey };
}

function serialNumber(): string {
  // Positive, 16 bytes.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function altNames(hosts: string[]) {
  return hosts.map((host) => (isIP(host) ? { type: 7, ip: host } : { type: 2, value: host }));
}

function buildCertificate(options: {
  subjectName: string;
  issuer: forge.pki.CertificateField[] | null;
  publicKey: forge.pki.rsa.PublicKey;
  signingKey: forge.pki.rsa.PrivateKey;
  isCa: boolean;
  purpose?: 'server' | 'client';
  hosts: string[];
  notBefore: Date;
  notAfter: Date;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = options.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const subject = [
    { name: 'commonName', value: options.subjectName },
    { name: 'organizationName', value: 'Partner API Workbench' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ?? subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: options.isCa, critical: true },
    options.isCa
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (!options.isCa) {
    extensions.push(
      options.purpose === 'client'
        ? { name: 'extKeyUsage', clientAuth: true }
        : { name: 'extKeyUsage', serverAuth: true },
    );
    if (options.hosts.length > 0) extensions.push({ name: 'subjectAltName', altNames: altNames(options.hosts) });
  }
  cert.setExtensions(extensions);
  cert.sign(options.signingKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A new certificate authority, valid for a year, that can issue server certificates. */
export function createCertificateAuthority(name = 'Partner API Workbench local CA'): CertificateAuthority {
  const ca = newKeyPair();
  const now = Date.now();
  const certPem = buildCertificate({
    subjectName: name,
    issuer: null,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    isCa: true,
    hosts: [],
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
  });
  const caCert = forge.pki.certificateFromPem(certPem);
  return {
    certPem,
    keyPem: ca.keyPem,
    issue(options) {
      const leaf = newKeyPair();
      const leafPem = buildCertificate({
        subjectName: options.commonName ?? options.hosts[0] ?? 'localhost',
        issuer: caCert.subject.attributes,
        publicKey: leaf.publicKey,
        signingKey: ca.privateKey,
        isCa: false,
        purpose: options.purpose,
        hosts: options.hosts,
        notBefore: options.notBefore ?? new Date(now - DAY),
        notAfter: options.notAfter ?? new Date(now + 365 * DAY),
      });
      return { certPem: leafPem, keyPem: leaf.keyPem };
    },
  };
}

/** A server certificate signed by its own key: what a TLS client must refuse unless told to trust it. */
export function createSelfSignedCertificate(hosts: string[]): KeyAndCertificate {
  const pair = newKeyPair();
  const now = Date.now();
  const certPem = buildCertificate({
    subjectName: hosts[0] ?? 'localhost',
    issuer: null,
    publicKey: pair.publicKey,
    signingKey: pair.privateKey,
    isCa: false,
    hosts,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 30 * DAY),
  });
  return { certPem, keyPem: pair.keyPem };
}

export interface CertificateSummary {
  subject: string;
  validTo: string;
  fingerprint256: string;
  isCa: boolean;
}

/** Reads every certificate in a PEM text; throws a user-facing message when there is none or one is unreadable. */
export function parseCertificates(pem: string): Array<{ pem: string; summary: CertificateSummary }> {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks || blocks.length === 0) {
    throw new Error('No certificate found. Choose a PEM file (text starting with -----BEGIN CERTIFICATE-----).');
  }
  return blocks.map((block, index) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      throw new Error(`Certificate ${index + 1} in the file could not be read. Is the PEM text complete?`);
    }
    const cn = /CN=([^\n,]+)/.exec(cert.subject)?.[1];
    return {
      pem: block + '\n',
      summary: {
        subject: cn ?? cert.subject.replace(/\n/g, ', '),
        validTo: new Date(cert.validTo).toISOString(),
        fingerprint256: cert.fingerprint256,
        isCa: cert.ca,
      },
    };
  });
}
