/**
 * Client certificates (mutual TLS): which one, if any, a connection to a host presents, and the
 * checks that turn unusable material into a sentence before anything is sent. A certificate belongs
 * to a host (`api.example.com`), optionally one port (`api.example.com:8443`), or every subdomain of a
 * name (`*.example.com`), as Postman and Insomnia key them; a redirect to another host gets none.
 *
 * Plain Node, no `electron`: the app (Settings → Client certificates) and the `workbench` command
 * (--ssl-client-cert) share it. The material never leaves the main process; its passphrase is never
 * in a sentence.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as tls from 'node:tls';

/** The certificate and key, as PEM files hold them, or a PKCS#12 (.p12/.pfx) file's bytes. */
export type ClientCertificateMaterial =
  | { kind: 'pem'; cert: string; key: string; passphrase?: string }
  | { kind: 'pkcs12'; pfx: Buffer; passphrase?: string };

export interface ClientCertificate {
  /** What it is kept under: the agents that present it are keyed by it (a new id, a new agent). */
  id: string;
  /** The host it is for, as written (host, host:port or *.domain), for sentences. */
  host: string;
  /** null: kept, but it can no longer be read (the vault could not decrypt it); a send to its host stops with a sentence. */
  material: ClientCertificateMaterial | null;
}

/** Which client certificate a connection to this URL presents, or null for none. */
export type ClientCertificateResolver = (target: URL) => ClientCertificate | null;

/** Input that cannot be used as a client certificate (a host, a file, a passphrase), with the sentence to show. */
export class ClientCertificateError extends Error {
  override name = 'ClientCertificateError';
}

/** A host pattern, read: `*.` for subdomains, the name in lower case, the port or null for every port. */
export interface HostPattern {
  wildcard: boolean;
  name: string;
  port: string | null;
}

const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** host, host:port, *.domain or *.domain:port, read; throws a ClientCertificateError sentence otherwise. */
export function parseHostPattern(text: string): HostPattern {
  const trimmed = text
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, '')
    .replace(/\/$/, '');
  const bad = () =>
    new ClientCertificateError(
      `“${text.trim()}” is not a host: write it as api.example.com, api.example.com:8443 or *.example.com.`,
    );
  if (trimmed === '') throw new ClientCertificateError('Give the host the certificate is for, e.g. api.example.com.');
  const match = /^(\*\.)?(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(trimmed);
  if (!match) throw bad();
  const [, star, host = '', port] = match;
  const name = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw bad();
  if (isIP(name) === 0 && !NAME.test(name)) throw bad();
  if (star && isIP(name) !== 0) throw bad();
  // Written the URL way, so that 0:0::1 and ::1 are the same address.
  const canonical = isIP(name) === 6 ? new URL(`https://[${name}]/`).hostname.slice(1, -1) : name;
  return { wildcard: Boolean(star), name: canonical, port: port === undefined ? null : String(Number(port)) };
}

/** The pattern as the list shows it (lower case, IPv6 in brackets). */
export function hostPatternLabel(pattern: HostPattern): string {
  const host = isIP(pattern.name) === 6 ? `[${pattern.name}]` : pattern.name;
  return `${pattern.wildcard ? '*.' : ''}${host}${pattern.port ? `:${pattern.port}` : ''}`;
}

/** How well a pattern fits a URL: 0 not at all; higher is more specific (exact host and port first). */
function fit(pattern: HostPattern, target: URL): number {
  const host = target.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const port = target.port || '443';
  if (pattern.port !== null && pattern.port !== port) return 0;
  const named = pattern.wildcard ? isIP(host) === 0 && host.endsWith(`.${pattern.name}`) : host === pattern.name;
  if (!named) return 0;
  return (pattern.wildcard ? 1 : 3) + (pattern.port !== null ? 1 : 0);
}

/** The certificate for a URL: the most specific pattern that fits it (exact host and port, exact host, then subdomains), or null. */
export function clientCertificateFor<T extends { pattern: HostPattern }>(list: readonly T[], target: URL): T | null {
  let best: T | null = null;
  let bestFit = 0;
  for (const entry of list) {
    const score = fit(entry.pattern, target);
    if (score > bestFit) {
      best = entry;
      bestFit = score;
    }
  }
  return best;
}

/** The options tls.createSecureContext takes for this material. */
export function tlsKeyOptions(material: ClientCertificateMaterial): tls.SecureContextOptions {
  const passphrase = material.passphrase ? { passphrase: material.passphrase } : {};
  return material.kind === 'pem'
    ? { cert: material.cert, key: material.key, ...passphrase }
    : { pfx: material.pfx, ...passphrase };
}

/** A PEM file's text, checked for a certificate; throws a sentence naming the file. */
function checkCertificatePem(cert: string, fileName: string): void {
  if (!/-----BEGIN CERTIFICATE-----/.test(cert))
    throw new ClientCertificateError(
      `${fileName} holds no certificate: choose the PEM file that starts with -----BEGIN CERTIFICATE-----.`,
    );
  try {
    new X509Certificate(cert);
  } catch {
    throw new ClientCertificateError(`The certificate in ${fileName} could not be read: is the PEM text complete?`);
  }
}

/** A PEM key, opened with the passphrase; throws a sentence (no key, wrong or missing passphrase). */
function checkKeyPem(material: { key: string; passphrase?: string }, fileName: string, host: string): void {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(material.key))
    throw new ClientCertificateError(
      `${fileName} holds no private key: choose the key file that starts with -----BEGIN PRIVATE KEY----- (or RSA/EC/ENCRYPTED PRIVATE KEY).`,
    );
  try {
    createPrivateKey({ key: material.key, passphrase: material.passphrase ?? '' });
  } catch {
    const encrypted = /ENCRYPTED/.test(material.key);
    if (encrypted && !material.passphrase)
      throw new ClientCertificateError(
        `The key in ${fileName} is encrypted: enter its passphrase for the client certificate of ${host}.`,
      );
    if (encrypted)
      throw new ClientCertificateError(
        `The passphrase for client certificate ${host} does not open the key in ${fileName}; enter it again.`,
      );
    throw new ClientCertificateError(`The private key in ${fileName} could not be read: is the PEM text complete?`);
  }
}

export interface MaterialFiles {
  /** The certificate's and key's file names (PEM), or the PKCS#12 file's, for sentences. */
  certificate: string;
  key?: string;
}

/**
 * Checks that the material can be presented: the certificate and key read, the passphrase opens
 * them, the key belongs to the certificate. Throws a ClientCertificateError sentence; never the
 * passphrase or a path.
 */
export function checkClientCertificate(material: ClientCertificateMaterial, host: string, files: MaterialFiles): void {
  if (material.kind === 'pem') {
    checkCertificatePem(material.cert, files.certificate);
    checkKeyPem(material, files.key ?? files.certificate, host);
  }
  try {
    tls.createSecureContext(tlsKeyOptions(material));
  } catch (error) {
    throw new ClientCertificateError(unusableMaterialSentence(error, material, host, files));
  }
}

function unusableMaterialSentence(
  error: unknown,
  material: ClientCertificateMaterial,
  host: string,
  files: MaterialFiles,
): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (material.kind === 'pem') {
    return code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'
      ? `The key in ${files.key ?? files.certificate} does not belong to the certificate in ${files.certificate}: choose the key made with that certificate.`
      : `The certificate and key for ${host} could not be used together; check both files.`;
  }
  if (/mac verify failure/i.test(text)) {
    return material.passphrase
      ? `The passphrase for client certificate ${host} does not open the PKCS#12 file ${files.certificate}; enter it again.`
      : `The PKCS#12 file ${files.certificate} needs a passphrase: enter it for the client certificate of ${host}.`;
  }
  return `${files.certificate} is not a PKCS#12 (.p12/.pfx) file that can be read; export the certificate and key again as PKCS#12, or choose PEM files.`;
}

/** A secure context that trusts `ca` and presents the certificate; a sentence when the material cannot be used. */
export function clientSecureContext(ca: readonly string[], certificate: ClientCertificate): tls.SecureContext {
  const { material, host } = certificate;
  if (material === null)
    throw new ClientCertificateError(
      `The client certificate for ${host} could not be decrypted; remove it and add it again in Settings → Client certificates.`,
    );
  try {
    return tls.createSecureContext({ ca: ca as string[], ...tlsKeyOptions(material) });
  } catch (error) {
    throw new ClientCertificateError(
      unusableMaterialSentence(error, material, host, { certificate: 'the saved file' }),
    );
  }
}
