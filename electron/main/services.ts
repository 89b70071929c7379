/**
 * The main process's services and the handler for every channel of the contract, independent of
 * Electron's IPC: the Electron shell registers them on ipcMain, the e2e bridge calls them directly.
 * This module only wires: it builds the stores and clients, hands each handlers/<prefix>.ts what it
 * needs, and disposes of them in order.
 */
import { join } from 'node:path';
import type { AuthWindow } from '../../shared/auth-modes';
import type { ClientCertificateFileRole } from '../../shared/schemas/settings';
import type { Theme } from '../../shared/settings';
import type { Handlers } from './ipc/dispatch';
import { openCollectionsStore } from './collections/store';
import { resolveAuth, withBearerRow } from './credentials/auth';
import { credentialsView } from './credentials/credentials-view';
import { rememberEnvProxy } from './credentials/env-proxy';
import { createKnownSecrets } from './credentials/known-secrets';
import { createCredentialsStore } from './credentials/store';
import { openVault, type SecretCipher } from './credentials/vault';
import { appHandlers } from './handlers/app';
import { collectionsHandlers } from './handlers/collections';
import { credentialsHandlers } from './handlers/credentials';
import { environmentsHandlers } from './handlers/environments';
import { exportHandlers } from './handlers/export';
import { historyHandlers } from './handlers/history';
import { importHandlers } from './handlers/import';
import { oauthHandlers } from './handlers/oauth';
import { requestHandlers } from './handlers/request';
import { runnerHandlers } from './handlers/runner';
import { responseHandlers, type ResponseDeps } from './handlers/response';
import { sandboxHandlers } from './handlers/sandbox';
import { settingsHandlers } from './handlers/settings';
import { variablesHandlers } from './handlers/variables';
import { openHistoryStore } from './history/store';
import { createHttpClient } from './http/client';
import { createProxyResolver } from './http/proxy';
import { createTrustCache } from './http/trust-cache';
import { ignoredTlsVariableWarning } from './http/verified-tls';
import type { ImportDeps } from './io/import-preview';
import { maskedHandlers } from './ipc/masked-handlers';
import { createAuthorizer } from './oauth/authorize';
import { createTokenManager } from './oauth/tokens';
import { openResponseStore } from './response/store';
import { createAppRuns } from './runner/app-runs';
import { createLocalSandbox, sandboxCredentials, type SandboxTargetWithCa } from './sandbox/local-sandbox';
import type { RequestDeps } from './send/send-request';
import {
  clientCertificateResolver,
  isCertificateMaterialKey,
  type ClientCertificateDeps,
} from './settings/client-certificates';
import { adoptUnboundProxyPassword, proxyPassword, type SettingsDeps } from './settings/proxy-password';
import { createSettingsStore } from './settings/store';
import type { DurableFs } from './storage/durable-file';
import { createCapturedValues } from './variables/captured';
import { expectedValueResolver, resolveRequestVariables, requestLookup } from './variables/resolve';
import { bindFirstOrigin, forgetCollectionSecrets, variableSources, type ScopeStores } from './variables/scopes';

export type { SandboxTargetWithCa } from './sandbox/local-sandbox';

export interface MainServicesOptions {
  /** The app's data folder (Electron's userData, or a temporary folder in tests). */
  dataDir: string;
  /** Use this already-running sandbox as the Local sandbox target instead of starting one. */
  sandbox?: SandboxTargetWithCa;
  env?: NodeJS.ProcessEnv;
  /**
   * The system's proxy for a URL as Chromium resolves it (Electron's session.resolveProxy: OS
   * settings, PAC files), for Settings → Proxy → System; without it, HTTPS_PROXY / NO_PROXY.
   */
  resolveSystemProxy?: (url: string) => Promise<string>;
  /** Encrypts secrets at rest (Electron's safeStorage in the app, the fake's in tests). */
  cipher: SecretCipher;
  /** Shows the portal's authorization page: in the system browser or an app window, as the user chose. */
  openAuthorizationPage?(url: string, where: AuthWindow): Promise<void>;
  closeAuthorizationPage?(): void;
  /** Writes to the system clipboard from the main process ("copy as cURL with real values"). */
  writeClipboard?(text: string): void;
  /** Shows the theme setting in what the OS draws (Electron's nativeTheme.themeSource in the app). */
  applyTheme?(theme: Theme): void;
  /** Asks the user for a collection folder (a native dialog in the app). */
  chooseFolder?(): Promise<string | null>;
  /** The built JSONPath filter worker; default: filter-worker.cjs next to the main bundle (tests that bundle main elsewhere name out/main's). */
  filterWorkerFile?: string;
  /** The built worker that formats large bodies as they arrive; default: format-worker.cjs next to the main bundle (as filterWorkerFile). */
  formatWorkerFile?: string;
  /** The built import worker; default: import-worker.cjs next to the main bundle (as filterWorkerFile). */
  importWorkerFile?: string;
  /** Asks where to save a response body or a run's results (a native save dialog in the app); null when cancelled. */
  chooseSaveFile?(suggestedName: string): Promise<string | null>;
  /** Asks for a run's data file, CSV or JSON (a native open dialog in the app); null when cancelled. */
  chooseDataFile?(): Promise<string | null>;
  /** Asks for a client certificate's file: PEM certificate, PEM key or PKCS#12 (a native open dialog in the app); null when cancelled. */
  chooseClientCertificateFile?(role: ClientCertificateFileRole): Promise<string | null>;
  /** The file system the stores write through (fault tests inject one that fails like a full disk). */
  fs?: DurableFs;
}

export interface MainServices {
  handlers: Handlers;
  /**
   * Warnings to show the user (console at start, the start-up alert via app:warnings; Settings shows the
   * environment's): an ignored NODE_TLS_REJECT_UNAUTHORIZED, a file set aside, an unreadable NODE_EXTRA_CA_CERTS file.
   */
  warnings(): string[];
  /** The CAs trusted beyond the system's: the user's and the sandbox's (for the authorization window). */
  extraTrustedPems(): readonly string[];
  /** The proxy the app's own client would use for a URL, with the credentials it would give it (for the authorization window's 407). */
  proxyFor(target: URL): URL | null | Promise<URL | null>;
  dispose(): Promise<void>;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const env = options.env ?? process.env;
  // Every secret the main process learns, masked in all that leaves it (answers, errors, files).
  const known = createKnownSecrets();
  rememberEnvProxy(known, env);
  const settings = createSettingsStore({
    dataDir: options.dataDir,
    extraCaCertsFile: env.NODE_EXTRA_CA_CERTS || null,
    mask: known.maskDeep,
    fs: options.fs,
  });

  // The sandbox's own CA is trusted for this session only, on top of the user's list.
  const trust = createTrustCache({
    userPems: () => settings.trustedPems(),
    sessionPems: options.sandbox ? [options.sandbox.caCertPem] : [],
    env,
  });
  const ignoredTlsVariable = ignoredTlsVariableWarning(env);
  const environmentWarnings = (): string[] =>
    ignoredTlsVariable ? [ignoredTlsVariable, ...trust.warnings()] : trust.warnings();

  const resolveProxy = createProxyResolver({
    settings: () => settings.view().proxy,
    password: () => {
      const password = proxyPassword(settingsDeps);
      known.rememberBasic(settings.view().proxy.username, password);
      return password;
    },
    env,
    system: options.resolveSystemProxy,
  });
  const timeoutMs = () => settings.view().timeoutMs;
  const vault = openVault({
    file: join(options.dataDir, 'vault.json'),
    cipher: options.cipher,
    onValue: (value, key) => {
      if (!isCertificateMaterialKey(key)) known.remember(value);
    },
    fs: options.fs,
  });
  const clientCertificates: ClientCertificateDeps = {
    settings,
    vault,
    chooseFile: options.chooseClientCertificateFile,
    chosen: new Map(),
  };
  const client = createHttpClient({
    getTrustedCas: trust.cas,
    resolveProxy,
    clientCertificateFor: clientCertificateResolver(clientCertificates),
  });
  const store = createCredentialsStore({ dataDir: options.dataDir, vault, known, fs: options.fs });
  const tokens = createTokenManager({ store, client, timeoutMs, userAgent: () => settings.view().crmName, known });
  const authorizer = createAuthorizer({
    store,
    tokens,
    client,
    timeoutMs,
    openAuthorizationPage: async (url) => {
      if (!options.openAuthorizationPage) throw new Error('Opening the authorization page is not available here.');
      await options.openAuthorizationPage(url, settings.view().authWindow);
    },
    closeAuthorizationPage: () => options.closeAuthorizationPage?.(),
  });
  const credentialDeps = { store, vault, settings, authorizer, tokens };
  const settingsDeps: SettingsDeps = { settings, vault, warnings: environmentWarnings, applyTheme: options.applyTheme };
  options.applyTheme?.(settings.view().theme);
  adoptUnboundProxyPassword(settingsDeps);
  const collections = openCollectionsStore({
    dataDir: options.dataDir,
    onCollectionPurged: (collectionId) => forgetCollectionSecrets(vault, collectionId),
    fs: options.fs,
  });
  const history = openHistoryStore({ dataDir: options.dataDir, mask: known.maskDeep, fs: options.fs });
  const scopes: ScopeStores = { collections, settings, credentials: store, vault };
  const viewCredentials = () => credentialsView(credentialDeps);
  const captured = createCapturedValues();
  const sources = variableSources(scopes, captured);
  const responseStore = openResponseStore({
    dir: join(options.dataDir, 'responses'),
    formatWorkerFile: options.formatWorkerFile,
  });
  const responseDeps: ResponseDeps = {
    store: responseStore,
    jobs: new Map(),
    writeClipboard: options.writeClipboard,
    chooseSaveFile: options.chooseSaveFile,
    filterWorkerFile: options.filterWorkerFile,
  };
  const requestDeps: RequestDeps = {
    client,
    timeoutMs,
    maxResponseBytes: () => settings.view().maxResponseMb * 1024 * 1024,
    inFlight: new Map(),
    // Every known secret, not only the request's: the server may echo any it was ever given.
    sink: (head, secrets) => {
      known.remember(...secrets);
      return responseStore.sink(head, known.values());
    },
    keptBodyText: (responseId) => responseStore.readText(responseId, 64 * 1024 * 1024),
    resolveVariables: (request) => resolveRequestVariables(withBearerRow(request), sources),
    resolveAuth: (request) => resolveAuth(request, { store, tokens }),
    expectedValues: (request) => expectedValueResolver(request, sources),
    maskKnown: known.mask,
    bindSecrets: (secrets, origin) => bindFirstOrigin(scopes, secrets, origin),
    refreshToken: (environmentId, userId) => tokens.refresh(environmentId, userId),
    capture: (collectionId, values) => captured.add(collectionId, values),
    recordHistory: (entry) => history.append(entry),
  };
  const importDeps: ImportDeps = {
    ...scopes,
    previews: new Map(),
    importJobs: new Map(),
    importWorkerFile: options.importWorkerFile,
  };

  const runs = createAppRuns({
    dir: join(options.dataDir, 'runs'),
    collections,
    credentials: store,
    send: { request: requestDeps, sources, remember: known.remember, mask: known.mask },
    chooseDataFile: options.chooseDataFile,
    chooseSaveFile: options.chooseSaveFile,
    fs: options.fs,
  });

  if (options.sandbox) store.setSandbox(sandboxCredentials(options.sandbox));
  const sandbox = createLocalSandbox({
    caDir: join(options.dataDir, 'sandbox'),
    running: options.sandbox,
    onStarted: (started) => {
      trust.trustForSession(started.caCertPem);
      store.setSandbox(sandboxCredentials(started));
    },
  });

  // Files set aside at start (never cleared), collections that could not be opened, the environment's warnings.
  const allWarnings = (): string[] => [
    ...[settings.notice(), store.notice(), vault.notice()].filter((notice) => notice !== null),
    ...collections.problems(),
    ...environmentWarnings(),
  ];

  const handlers: Handlers = maskedHandlers(
    {
      ...requestHandlers(requestDeps),
      ...responseHandlers(responseDeps),
      ...settingsHandlers({ ...settingsDeps, clientCertificates }),
      ...sandboxHandlers({ sandbox }),
      ...appHandlers({ warnings: allWarnings }),
      ...credentialsHandlers(credentialDeps),
      ...environmentsHandlers(credentialDeps),
      ...oauthHandlers(credentialDeps),
      ...collectionsHandlers({ ...scopes, chooseFolder: options.chooseFolder }),
      ...variablesHandlers({ ...scopes, credentialsView: viewCredentials }),
      ...historyHandlers({ history }),
      ...importHandlers({ ...importDeps, credentialsView: viewCredentials }),
      ...exportHandlers({
        ...scopes,
        resolveVariables: requestDeps.resolveVariables,
        resolveAuth: requestDeps.resolveAuth,
        lookupFor: (request) => requestLookup(request, sources),
        writeClipboard: options.writeClipboard,
      }),
      ...runnerHandlers({ runs }),
    },
    known,
  );

  return {
    handlers,
    warnings: allWarnings,
    extraTrustedPems: trust.extraPems,
    proxyFor: resolveProxy,
    async dispose() {
      authorizer.cancel();
      await runs.dispose();
      const sends = [...requestDeps.inFlight.values()];
      for (const inFlight of sends) inFlight.cancellation.abort();
      for (const job of responseDeps.jobs.values()) job.controller.abort();
      for (const job of importDeps.importJobs.values()) job.controller.abort();
      client.close();
      // Cancelled sends end at once; wait (a little) so none records history or keeps a body after the stores close.
      await Promise.race([
        Promise.all(sends.map((s) => s.ended)),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]);
      history.close();
      await responseStore.dispose();
      await sandbox.dispose();
    },
  };
}
