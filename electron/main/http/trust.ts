/**
 * The certificate authorities the HTTP client trusts. Passing `ca` to an https.Agent replaces
 * Node's default roots, so the list has to be complete: system roots, the bundled roots, the file
 * named by NODE_EXTRA_CA_CERTS (Node reads it only into its default store), and the CAs the user
 * added plus the sandbox's CA. Certificate verification is never turned off.
 *
 * Build the list once when one of its inputs changes, not per request.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

export interface TrustedCas {
  /** PEM certificates, each once. */
  cas: string[];
  /** Plain sentences for the user, e.g. an unreadable NODE_EXTRA_CA_CERTS file. */
  warnings: string[];
}

export interface BuildTrustedCasOptions {
  /** User-added CA certificates and the sandbox's CA, as PEM text (one or more certificates each). */
  extraPems: string[];
  /** Where NODE_EXTRA_CA_CERTS is read from; process.env when absent. */
  env?: NodeJS.ProcessEnv;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

type GetCaCertificates = (type?: 'default' | 'system' | 'bundled' | 'extra') => string[];

let systemRootsCache: readonly string[] | null = null;

/**
 * The operating system's roots where the runtime can read them (Node 22.15+ / Electron), else
 * Node's bundled Mozilla roots. Read once per process: the OS store does not change under us often
 * enough to pay for reading it per build.
 */
export function systemRoots(): readonly string[] {
  if (systemRootsCache) return systemRootsCache;
  const getCaCertificates = (tls as unknown as { getCACertificates?: GetCaCertificates }).getCACertificates;
  let roots: readonly string[] = tls.rootCertificates;
  if (typeof getCaCertificates === 'function') {
    try {
      roots = getCaCertificates('system');
    } catch {
      roots = tls.rootCertificates;
    }
  }
  systemRootsCache = roots;
  return roots;
}

/** The PEM certificate blocks in a text, each validated; unreadable blocks are reported, not thrown. */
function certificatesIn(text: string): { pems: string[]; unreadable: number } {
  const pems: string[] = [];
  let unreadable = 0;
  for (const block of text.match(PEM_BLOCK) ?? []) {
    try {
      new X509Certificate(block);
      pems.push(block);
    } catch {
      unreadable++;
    }
  }
  return { pems, unreadable };
}

export function buildTrustedCas(options: BuildTrustedCasOptions): TrustedCas {
  const env = options.env ?? process.env;
  const warnings: string[] = [];
  const seen = new Set<string>();
  const cas: string[] = [];
  const add = (pem: string) => {
    const key = pem.trim();
    if (seen.has(key)) return;
    seen.add(key);
    cas.push(key);
  };

  for (const pem of systemRoots()) add(pem);
  for (const pem of tls.rootCertificates) add(pem);

  const extraFile = env.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    let text: string | null = null;
    try {
      text = readFileSync(extraFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      warnings.push(
        `NODE_EXTRA_CA_CERTS names ${extraFile}, which could not be read${code ? ` (${code})` : ''}. Its certificates are not trusted.`,
      );
    }
    if (text !== null) {
      const { pems, unreadable } = certificatesIn(text);
      if (pems.length === 0) {
        warnings.push(
          `NODE_EXTRA_CA_CERTS names ${extraFile}, which holds no readable PEM certificate. Nothing from it is trusted.`,
        );
      } else if (unreadable > 0) {
        warnings.push(
          `${unreadable} certificate(s) in ${extraFile} (NODE_EXTRA_CA_CERTS) could not be read and are not trusted.`,
        );
      }
      for (const pem of pems) add(pem);
    }
  }

  let unreadableExtra = 0;
  for (const text of options.extraPems) {
    const { pems, unreadable } = certificatesIn(text);
    unreadableExtra += unreadable + (pems.length === 0 && unreadable === 0 ? 1 : 0);
    for (const pem of pems) add(pem);
  }
  if (unreadableExtra > 0) {
    warnings.push(
      `${unreadableExtra} trusted certificate(s) could not be read and are not trusted. Check Settings → Trusted certificates.`,
    );
  }

  return { cas, warnings };
}
