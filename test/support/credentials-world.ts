/** For tests: the pieces the credential and OAuth tests share — a client trusting the sandbox, a store set up for it. */
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { safeStorage } from './fake-electron';
import {
  createCredentialsStore,
  type CredentialsStore,
  type SandboxCredentials,
} from '../../electron/main/credentials/store';
import { cipherFromSafeStorage, openVault } from '../../electron/main/credentials/vault';
import { createHttpClient, type HttpClient } from '../../electron/main/http/client';
import type { Sandbox } from '../../electron/main/sandbox/server';

/** An HTTP client that trusts the system roots and the sandbox's CA (TLS checks on). */
export function clientTrusting(sandbox: Sandbox): HttpClient {
  const cas = [...rootCertificates, sandbox.caCertPem];
  return createHttpClient({ getTrustedCas: () => cas });
}

/** The Local sandbox's demo credentials, as the app takes them from a running sandbox. */
export function sandboxCredentials(sandbox: Sandbox): SandboxCredentials {
  return {
    origin: sandbox.origin,
    apiKey: sandbox.apiKey,
    clientId: sandbox.oauthClient.clientId,
    clientSecret: sandbox.oauthClient.clientSecret,
    authorizationUrl: sandbox.authorizationUrl,
  };
}

/** A credentials store over an encrypted vault in dataDir; with a sandbox, its demo credentials are set. */
export function openTestStore(dataDir: string, sandbox?: Sandbox): CredentialsStore {
  const vault = openVault({ file: join(dataDir, 'vault.json'), cipher: cipherFromSafeStorage(safeStorage, 'linux') });
  const store = createCredentialsStore({ dataDir, vault });
  if (sandbox) store.setSandbox(sandboxCredentials(sandbox));
  return store;
}
