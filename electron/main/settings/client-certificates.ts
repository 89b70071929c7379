/**
 * Settings → Client certificates: files chosen in the main process's own dialog (the renderer gets
 * a name and an id, never a path or a byte), checked, and kept; and the resolver the HTTP client asks
 * which certificate a host gets.
 *
 * The files' bytes are copied into the encrypted vault, not their paths kept (as Postman does): a key
 * moved, renamed or on a drive that is gone would otherwise break every send to that host, and a
 * private key stays encrypted at rest by the OS like the app's other secrets, whatever the
 * permissions of the folder it came from. settings.json holds only the host, the kind, the files'
 * names and whether a passphrase is set; the passphrase is a vault entry of its own (masked like
 * other secrets), never sent back.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type {
  ChosenCertificateFile,
  ClientCertificateFileRole,
  ClientCertificateInput,
  ClientCertificateView,
} from '../../../shared/schemas/settings';
import {
  checkClientCertificate,
  clientCertificateFor,
  ClientCertificateError,
  hostPatternLabel,
  parseHostPattern,
  type ClientCertificate,
  type ClientCertificateMaterial,
  type ClientCertificateResolver,
  type HostPattern,
} from '../http/client-certificates';
import type { Vault } from '../credentials/vault';
import { fsReason } from '../storage/fs-errors';
import type { SettingsStore } from './store';

/** Largest certificate, key or PKCS#12 file read. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Chosen files kept until they are added (the oldest goes first). */
const MAX_CHOSEN = 6;

interface ChosenFile {
  fileName: string;
  bytes: Buffer;
}

export interface ClientCertificateDeps {
  settings: SettingsStore;
  vault: Vault;
  /** Asks the user for a file (a native open dialog in the app); null when cancelled. */
  chooseFile?(role: ClientCertificateFileRole): Promise<string | null>;
  /** Files chosen and read, by id, until they are added. */
  chosen: Map<string, ChosenFile>;
}

const materialKey = (id: string) => `client-certificate:${id}:material`;
const passphraseKey = (id: string) => `client-certificate:${id}:passphrase`;

/**
 * True for the vault entries that hold a certificate's material: thousands of characters no server
 * echoes. Masking them would make the response redactor hold back that many bytes of every body.
 */
export function isCertificateMaterialKey(key: string): boolean {
  return key.startsWith('client-certificate:') && key.endsWith(':material');
}

function readChosenFile(path: string): ChosenFile {
  const fileName = basename(path);
  try {
    if (statSync(path).size > MAX_FILE_BYTES)
      throw new ClientCertificateError(
        `${fileName} is larger than 1 MiB: choose the certificate, key or PKCS#12 file itself.`,
      );
    return { fileName, bytes: readFileSync(path) };
  } catch (error) {
    if (error instanceof ClientCertificateError) throw error;
    const reason = fsReason(error);
    throw new ClientCertificateError(`${fileName} could not be read: ${reason.what}. Choose the file again.`);
  }
}

/** Shows the open dialog and reads the file chosen; null when the dialog is closed. */
export async function chooseClientCertificateFile(
  deps: ClientCertificateDeps,
  role: ClientCertificateFileRole,
): Promise<ChosenCertificateFile | null> {
  if (!deps.chooseFile) throw new Error('Choosing a file is not available here.');
  const path = await deps.chooseFile(role);
  if (!path) return null;
  const file = readChosenFile(path);
  const fileId = randomUUID();
  if (deps.chosen.size >= MAX_CHOSEN) deps.chosen.delete(deps.chosen.keys().next().value!);
  deps.chosen.set(fileId, file);
  return { fileId, fileName: file.fileName };
}

function chosenFile(deps: ClientCertificateDeps, fileId: string | undefined, what: string): ChosenFile {
  const file = fileId ? deps.chosen.get(fileId) : undefined;
  if (!file) throw new ClientCertificateError(`Choose the ${what} file again.`);
  return file;
}

/** The material stored in the vault: PEM texts, or the PKCS#12 bytes in base64 (the vault keeps text). */
type StoredMaterial = { kind: 'pem'; cert: string; key: string } | { kind: 'pkcs12'; pfx: string };

function materialOf(stored: StoredMaterial, passphrase: string | undefined): ClientCertificateMaterial {
  const secret = passphrase ? { passphrase } : {};
  return stored.kind === 'pem'
    ? { kind: 'pem', cert: stored.cert, key: stored.key, ...secret }
    : { kind: 'pkcs12', pfx: Buffer.from(stored.pfx, 'base64'), ...secret };
}

/** The files of an input, read as the material they hold, with their names for sentences. */
function inputMaterial(
  deps: ClientCertificateDeps,
  input: ClientCertificateInput,
): { stored: StoredMaterial; files: string[] } {
  if (input.kind === 'pkcs12') {
    const pfx = chosenFile(deps, input.certificateFileId, 'PKCS#12 (.p12/.pfx)');
    return { stored: { kind: 'pkcs12', pfx: pfx.bytes.toString('base64') }, files: [pfx.fileName] };
  }
  const cert = chosenFile(deps, input.certificateFileId, 'certificate');
  const key = chosenFile(deps, input.keyFileId, 'private key');
  return {
    stored: { kind: 'pem', cert: cert.bytes.toString('utf8'), key: key.bytes.toString('utf8') },
    files: [cert.fileName, key.fileName],
  };
}

/**
 * Checks the host and the files (the passphrase opens them, the key is the certificate's), then
 * keeps the material and passphrase in the vault and the metadata in settings. Throws a sentence.
 */
export function addClientCertificate(deps: ClientCertificateDeps, input: ClientCertificateInput): void {
  const host = hostPatternLabel(parseHostPattern(input.host));
  if (deps.settings.clientCertificates().some((entry) => entry.host === host))
    throw new ClientCertificateError(
      `A client certificate is already set for ${host}: remove it first to set another.`,
    );
  const { stored, files } = inputMaterial(deps, input);
  const passphrase = input.passphrase || undefined;
  checkClientCertificate(materialOf(stored, passphrase), host, { certificate: files[0]!, key: files[1] });
  const id = randomUUID();
  deps.vault.set(materialKey(id), JSON.stringify(stored));
  try {
    if (passphrase) deps.vault.set(passphraseKey(id), passphrase);
    deps.settings.setClientCertificates([
      ...deps.settings.clientCertificates(),
      { id, host, kind: input.kind, files, passphraseSet: passphrase !== undefined },
    ]);
  } catch (error) {
    forgetMaterial(deps.vault, id);
    throw error;
  }
  deps.chosen.delete(input.certificateFileId);
  if (input.keyFileId) deps.chosen.delete(input.keyFileId);
}

function forgetMaterial(vault: Vault, id: string): void {
  vault.delete(materialKey(id));
  vault.delete(passphraseKey(id));
}

export function removeClientCertificate(deps: ClientCertificateDeps, id: string): void {
  const list = deps.settings.clientCertificates();
  if (!list.some((entry) => entry.id === id)) throw new Error('That client certificate is no longer in the list.');
  deps.settings.setClientCertificates(list.filter((entry) => entry.id !== id));
  forgetMaterial(deps.vault, id);
}

interface Resolved {
  pattern: HostPattern;
  certificate: ClientCertificate;
}

/** The certificate kept for an entry, from the vault (null material when it can no longer be decrypted there). */
function resolved(vault: Vault, entry: ClientCertificateView): Resolved {
  const text = vault.get(materialKey(entry.id));
  const passphrase = entry.passphraseSet ? vault.get(passphraseKey(entry.id)) : undefined;
  const material = text === undefined ? null : materialOf(JSON.parse(text) as StoredMaterial, passphrase);
  return { pattern: parseHostPattern(entry.host), certificate: { id: entry.id, host: entry.host, material } };
}

/** Which certificate a URL gets, read from settings and the vault again only when the list changes. */
export function clientCertificateResolver(
  deps: Pick<ClientCertificateDeps, 'settings' | 'vault'>,
): ClientCertificateResolver {
  let list: readonly ClientCertificateView[] | null = null;
  let entries: Resolved[] = [];
  return (target) => {
    const current = deps.settings.clientCertificates();
    if (current.length === 0) return null;
    if (current !== list) {
      entries = current.map((entry) => resolved(deps.vault, entry));
      list = current;
    }
    return clientCertificateFor(entries, target)?.certificate ?? null;
  };
}
