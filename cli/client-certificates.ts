/**
 * The run's client certificates (mutual TLS) from the command line, as newman takes them:
 * --ssl-client-cert (PEM, or PKCS#12 by content), --ssl-client-key and --ssl-client-passphrase for
 * the run's own host (that of {{baseUrl}}, or of the first request: where its credentials go too),
 * and --ssl-client-cert-list, newman's JSON list whose entries name their hosts in `matches`. Each is
 * read and checked (the passphrase opens it, the key is the certificate's) before anything is sent:
 * a problem is a sentence and exit 2.
 */
import { basename, resolve } from 'node:path';
import {
  checkClientCertificate,
  ClientCertificateError,
  hostPatternLabel,
  parseHostPattern,
  type ClientCertificateMaterial,
} from '../electron/main/http/client-certificates';
import type { RunClientCertificate } from '../electron/main/runner/send-path';
import { UsageError, type RunArgs } from './args';
import { readBytes } from './files';

interface Files {
  cert?: string;
  key?: string;
  pfx?: string;
  passphrase?: string;
}

/** PEM text holds "-----BEGIN"; anything else is taken for PKCS#12 (DER). */
const isPem = (bytes: Buffer) => bytes.subarray(0, 4096).toString('latin1').includes('-----BEGIN');

/** The material in the files, checked; `label` names the certificate in sentences. */
function material(files: Files, label: string): ClientCertificateMaterial {
  const passphrase = files.passphrase ? { passphrase: files.passphrase } : {};
  const source = files.pfx ?? files.cert;
  if (!source) throw new UsageError(`The client certificate ${label} names no cert or pfx file.`);
  const bytes = readBytes(source, 'client certificate');
  let found: ClientCertificateMaterial;
  if (files.pfx || !isPem(bytes)) {
    found = { kind: 'pkcs12', pfx: bytes, ...passphrase };
  } else {
    const cert = bytes.toString('utf8');
    const key = files.key ? readBytes(files.key, 'client key').toString('utf8') : cert;
    if (!files.key && !/PRIVATE KEY-----/.test(cert))
      throw new UsageError(`${basename(source)} holds no private key: give the key's file with --ssl-client-key.`);
    found = { kind: 'pem', cert, key, ...passphrase };
  }
  checkClientCertificate(found, label, {
    certificate: basename(source),
    key: files.key ? basename(files.key) : undefined,
  });
  return found;
}

interface ListEntry {
  name?: unknown;
  matches?: unknown;
  cert?: { src?: unknown };
  key?: { src?: unknown };
  pfx?: { src?: unknown };
  passphrase?: unknown;
}

const src = (file: { src?: unknown } | undefined) => (typeof file?.src === 'string' ? resolve(file.src) : undefined);

/** A `matches` pattern (https://*.example.com:8443/*) as a host pattern. */
function hostOfMatch(match: string, listName: string): string {
  const host = /^(?:[a-z*]+:\/\/)?([^/?#]+)/i.exec(match.trim())?.[1] ?? '';
  try {
    return hostPatternLabel(parseHostPattern(host));
  } catch {
    throw new UsageError(
      `“${match}” in ${listName} names no host: write matches as https://api.example.com/* or https://*.example.com/*.`,
    );
  }
}

function listEntries(path: string): RunClientCertificate[] {
  const listName = basename(path);
  let entries: unknown;
  try {
    entries = JSON.parse(readBytes(path, 'client certificate list').toString('utf8'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${listName} is not JSON: give a list of client certificates, as newman reads one.`);
  }
  if (!Array.isArray(entries)) throw new UsageError(`${listName} must hold a JSON list of client certificates.`);
  return entries.flatMap((raw: ListEntry, index) => {
    const matches = Array.isArray(raw?.matches) ? raw.matches.filter((m): m is string => typeof m === 'string') : [];
    const label = typeof raw?.name === 'string' ? raw.name : `${index + 1} in ${listName}`;
    if (matches.length === 0)
      throw new UsageError(`The client certificate ${label} has no "matches": name the hosts it is for.`);
    const passphrase = typeof raw.passphrase === 'string' ? raw.passphrase : undefined;
    const found = material({ cert: src(raw.cert), key: src(raw.key), pfx: src(raw.pfx), passphrase }, label);
    return matches.map((match) => ({ host: hostOfMatch(match, listName), material: found }));
  });
}

/** The certificates the command line gives: the list's, then --ssl-client-cert for the run's own host (null host). */
export function runClientCertificates(args: RunArgs): RunClientCertificate[] {
  try {
    const listed = args.clientCertList ? listEntries(args.clientCertList) : [];
    if (!args.clientCert) return listed;
    const files = {
      cert: args.clientCert,
      key: args.clientKey ?? undefined,
      passphrase: args.clientPassphrase ?? undefined,
    };
    return [...listed, { host: null, material: material(files, '(--ssl-client-cert)') }];
  } catch (error) {
    if (error instanceof ClientCertificateError) throw new UsageError(error.message);
    throw error;
  }
}
