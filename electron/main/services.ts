/**
 * The main process's services and the handler for every channel of the contract, independent of
 * Electron's IPC: the Electron shell registers them on ipcMain, the e2e bridge calls them directly.
 */
import { join } from 'node:path';
import type { AuthWindow } from '../../shared/auth-modes';
import type { Handlers } from './ipc/dispatch';
import { resolveAuth, withBearerRow } from './credentials/auth';
import { createKnownSecrets, type KnownSecrets } from './credentials/known-secrets';
import { maskedHandlers } from './ipc/masked-handlers';
import { createCredentialsStore } from './credentials/store';
import { openVault, type SecretCipher } from './credentials/vault';
import * as collectionHandlers from './handlers/collections';
import * as credentials from './handlers/credentials';
import * as io from './handlers/io';
import { openCollectionsStore } from './collections/store';
import { openHistoryStore } from './history/store';
import { requestLookup, resolveRequestVariables, type VariableSources } from './variables/resolve';
import { cancelRequest, requestProgress, sendRequest, type RequestDeps } from './handlers/request';
import * as responses from './handlers/response';
import { openResponseStore } from './response/store';
import { startLocalSandbox } from './handlers/sandbox';
import {
  addCertificate,
  adoptUnboundProxyPassword,
  getSettings,
  proxyPassword,
  removeCertificate,
  setProxyPassword,
  updateSettings,
  type SettingsDeps,
} from './handlers/settings';
import { createHttpClient } from './http/client';
import { createProxyResolver } from './http/proxy';
import { createAuthorizer } from './oauth/authorize';
import { createTokenManager } from './oauth/tokens';
import { buildTrustedCas } from './http/trust';
import { ignoredTlsVariableWarning } from './http/verified-tls';
import { startSandbox, type Sandbox } from './sandbox/server';
import { createSettingsStore } from './settings/store';
import type { DurableFs } from './storage/durable-file';

/** What the app needs of a sandbox: where it is, its demo credentials, and its CA to trust. */
export type SandboxTargetWithCa = Pick<Sandbox, 'origin' | 'apiKey' | 'caCertPem' | 'oauthClient' | 'authorizationUrl'>;

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
  /** Asks the user for a collection folder (a native dialog in the app). */
  chooseFolder?(): Promise<string | null>;
  /** The built JSONPath filter worker; default: filter-worker.cjs next to the main bundle (tests that bundle main elsewhere name out/main's). */
  filterWorkerFile?: string;
  /** The built import worker; default: import-worker.cjs next to the main bundle (as filterWorkerFile). */
  importWorkerFile?: string;
  /** Asks where to save a response body (a native save dialog in the app); null when cancelled. */
  chooseSaveFile?(suggestedName: string): Promise<string | null>;
  /** The file system the stores write through (fault tests inject one that fails like a full disk). */
  fs?: DurableFs;
}

export interface MainServices {
  handlers: Handlers;
  /** Warnings to show the user (console at start, the start-up alert via app:warnings; Settings shows the environment's): an ignored NODE_TLS_REJECT_UNAUTHORIZED, a file set aside, an unreadable NODE_EXTRA_CA_CERTS file. */
  warnings(): string[];
  /** The CAs trusted beyond the system's: the user's and the sandbox's (for the authorization window). */
  extraTrustedPems(): readonly string[];
  dispose(): Promise<void>;
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A proxy password given in HTTPS_PROXY (http://user:password@host:port) is a secret like the one in the vault. */
function rememberEnvProxy(known: KnownSecrets, env: NodeJS.ProcessEnv): void {
  for (const value of [env.HTTPS_PROXY, env.https_proxy, env.HTTP_PROXY, env.http_proxy]) {
    if (!value || !URL.canParse(value)) continue;
    const { username, password } = new URL(value);
    if (!password) continue;
    known.remember(password, decodeOrKeep(password));
    known.rememberBasic(decodeOrKeep(username), decodeOrKeep(password));
  }
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const env = options.env ?? process.env;
  // Every secret the main process learns, masked in all that leaves it (answers, errors, files).
  const known = createKnownSecrets();
  rememberEnvProxy(known, env);
  const settings = createSettingsStore({ dataDir: options.dataDir, extraCaCertsFile: env.NODE_EXTRA_CA_CERTS || null, mask: known.maskDeep, fs: options.fs });

  // Certificates trusted for this session only (the sandbox's own CA), on top of the user's list.
  let sessionPems: string[] = options.sandbox ? [options.sandbox.caCertPem] : [];
  let trustKey: { user: readonly string[]; session: string[] } | null = null;
  let trusted: string[] = [];
  let warnings: string[] = [];
  const getTrustedCas = (): string[] => {
    const user = settings.trustedPems();
    if (!trustKey || trustKey.user !== user || trustKey.session !== sessionPems) {
      const built = buildTrustedCas({ extraPems: [...user, ...sessionPems], env });
      trusted = built.cas;
      warnings = built.warnings;
      trustKey = { user, session: sessionPems };
    }
    return trusted;
  };
  getTrustedCas();
  const ignoredTlsVariable = ignoredTlsVariableWarning(env);
  const environmentWarnings = (): string[] => (ignoredTlsVariable ? [ignoredTlsVariable, ...warnings] : warnings);

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
  const client = createHttpClient({ getTrustedCas, resolveProxy });
  const timeoutMs = () => settings.view().timeoutMs;
  const vault = openVault({ file: join(options.dataDir, 'vault.json'), cipher: options.cipher, onValue: (value) => known.remember(value), fs: options.fs });
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
  const credentialDeps: credentials.CredentialsDeps = { store, vault, settings, authorizer, tokens };
  const settingsDeps: SettingsDeps = { settings, vault, warnings: environmentWarnings };
  adoptUnboundProxyPassword(settingsDeps);
  const collections = openCollectionsStore({
    dataDir: options.dataDir,
    onCollectionPurged: (collectionId) => collectionHandlers.forgetCollectionSecrets(vault, collectionId),
    fs: options.fs,
  });
  const history = openHistoryStore({ dataDir: options.dataDir, mask: known.maskDeep, fs: options.fs });
  const collectionDeps: collectionHandlers.CollectionsDeps = {
    collections,
    history,
    vault,
    settings,
    credentials: store,
    credentialsView: () => credentials.credentialsView(credentialDeps),
    chooseFolder: options.chooseFolder,
  };
  // Values captured from responses, per collection ('' for requests outside collections), for this session.
  const captured = new Map<string, Map<string, string>>();
  const sources: VariableSources = {
    globals: () => collectionHandlers.globalVariables(collectionDeps),
    collection: (collectionId) => collectionHandlers.collectionVariables(collectionDeps, collectionId),
    environment: (environmentId) => store.variables(environmentId),
    captured: (collectionId) => captured.get(collectionId ?? '') ?? new Map(),
    environmentOrigin: (environmentId) => store.environment(environmentId)?.origin ?? null,
    scopeTitle: (scope) => collectionHandlers.scopeTitle(collectionDeps, scope),
  };
  const responseStore = openResponseStore({ dir: join(options.dataDir, 'responses') });
  const responseDeps: responses.ResponseDeps = {
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
    bindSecrets: (secrets, origin) => collectionHandlers.bindFirstOrigin(collectionDeps, secrets, origin),
    refreshToken: (environmentId, userId) => tokens.refresh(environmentId, userId),
    capture(collectionId, values) {
      const map = captured.get(collectionId ?? '') ?? new Map<string, string>();
      for (const { variable, value } of values) map.set(variable, value);
      captured.set(collectionId ?? '', map);
    },
    recordHistory: (entry) => history.append(entry),
  };
  const ioDeps: io.IoDeps = {
    ...collectionDeps,
    previews: new Map(),
    importJobs: new Map(),
    importWorkerFile: options.importWorkerFile,
    resolveVariables: requestDeps.resolveVariables,
    resolveAuth: requestDeps.resolveAuth,
    lookupFor: (request) => requestLookup(request, sources),
    writeClipboard: options.writeClipboard,
  };
  const useSandbox = (target: SandboxTargetWithCa) =>
    store.setSandbox({
      origin: target.origin,
      apiKey: target.apiKey,
      clientId: target.oauthClient.clientId,
      clientSecret: target.oauthClient.clientSecret,
      authorizationUrl: target.authorizationUrl,
    });
  if (options.sandbox) useSandbox(options.sandbox);

  let sandbox: Promise<SandboxTargetWithCa> | null = options.sandbox ? Promise.resolve(options.sandbox) : null;
  let ownSandbox: Sandbox | null = null;
  const ensureSandbox = (): Promise<SandboxTargetWithCa> => {
    if (sandbox) return sandbox;
    const starting = startSandbox({ caDir: join(options.dataDir, 'sandbox') }).then((started: Sandbox) => {
      sessionPems = [...sessionPems, started.caCertPem];
      ownSandbox = started;
      useSandbox(started);
      return started;
    });
    // A failed start can be tried again.
    starting.catch(() => {
      if (sandbox === starting) sandbox = null;
    });
    sandbox = starting;
    return starting;
  };

  // Files set aside at start (never cleared), collections that could not be opened, the environment's warnings.
  const allWarnings = (): string[] => [
    ...[settings.notice(), store.notice(), vault.notice()].filter((notice) => notice !== null),
    ...collections.problems(),
    ...environmentWarnings(),
  ];

  const handlers: Handlers = maskedHandlers({
    'request:send': (request) => sendRequest(requestDeps, request),
    'request:cancel': (request) => cancelRequest(requestDeps, request),
    'request:progress': async (request) => requestProgress(requestDeps, request),
    'response:lines': (request) => responses.readLines(responseDeps, request),
    'response:search': (request) => responses.searchView(responseDeps, request),
    'response:filter': (request) => responses.filterResponse(responseDeps, request),
    'response:progress': async (request) => responses.jobProgress(responseDeps, request),
    'response:cancel': async (request) => responses.cancelJob(responseDeps, request),
    'response:save': (request) => responses.saveBody(responseDeps, request),
    'response:copyValue': (request) => responses.copyValue(responseDeps, request),
    'settings:get': () => getSettings(settingsDeps),
    'settings:update': (patch) => updateSettings(settingsDeps, patch),
    'settings:addCertificate': (request) => addCertificate(settingsDeps, request),
    'settings:removeCertificate': (request) => removeCertificate(settingsDeps, request),
    'settings:setProxyPassword': (request) => setProxyPassword(settingsDeps, request),
    'sandbox:start': () => startLocalSandbox({ ensureSandbox }),
    'app:warnings': async () => allWarnings(),
    'credentials:get': () => credentials.getCredentials(credentialDeps),
    'credentials:setSecret': (request) => credentials.setSecret(credentialDeps, request),
    'credentials:clearSecret': (request) => credentials.clearSecret(credentialDeps, request),
    'credentials:allowWeakProtection': (request) => credentials.allowWeakProtection(credentialDeps, request),
    'environments:add': (request) => credentials.addEnvironment(credentialDeps, request),
    'environments:update': (request) => credentials.updateEnvironment(credentialDeps, request),
    'environments:remove': (request) => credentials.removeEnvironment(credentialDeps, request),
    'oauth:authorize': (request) => credentials.authorizeUser(credentialDeps, request),
    'oauth:cancel': () => credentials.cancelAuthorization(credentialDeps),
    'oauth:refresh': (request) => credentials.refreshUser(credentialDeps, request),
    'oauth:removeUser': (request) => credentials.removeUser(credentialDeps, request),
    'collections:list': () => collectionHandlers.listCollections(collectionDeps),
    'collections:create': (request) => collectionHandlers.createCollection(collectionDeps, request),
    'collections:addStarter': () => collectionHandlers.addStarterCollection(collectionDeps),
    'collections:openFolder': () => collectionHandlers.openCollectionFolder(collectionDeps),
    'collections:rename': (request) => collectionHandlers.renameCollection(collectionDeps, request),
    'collections:remove': (request) => collectionHandlers.removeCollection(collectionDeps, request),
    'collections:getRequest': (request) => collectionHandlers.getRequest(collectionDeps, request),
    'collections:saveRequest': (request) => collectionHandlers.saveRequest(collectionDeps, request),
    'collections:addFolder': (request) => collectionHandlers.addFolder(collectionDeps, request),
    'collections:renameNode': (request) => collectionHandlers.renameNode(collectionDeps, request),
    'collections:duplicateNode': (request) => collectionHandlers.duplicateNode(collectionDeps, request),
    'collections:moveNode': (request) => collectionHandlers.moveNode(collectionDeps, request),
    'collections:deleteNode': (request) => collectionHandlers.deleteNode(collectionDeps, request),
    'collections:undo': (request) => collectionHandlers.undo(collectionDeps, request),
    'collections:setAuth': (request) => collectionHandlers.setCollectionAuth(collectionDeps, request),
    'variables:set': (request) => collectionHandlers.setVariables(collectionDeps, request),
    'history:list': (request) => collectionHandlers.listHistory(collectionDeps, request),
    'history:get': (request) => collectionHandlers.getHistory(collectionDeps, request),
    'history:clear': () => collectionHandlers.clearHistory(collectionDeps),
    'import:preview': (request) => io.previewImport(ioDeps, request),
    'import:progress': async (request) => io.importProgress(ioDeps, request),
    'import:cancel': async (request) => io.cancelImport(ioDeps, request),
    'import:curl': async (request) => io.curlToRequest(request.text),
    'import:apply': (request) => io.applyImport(ioDeps, request),
    'export:collection': (request) => io.exportCollection(ioDeps, request),
    'export:curl': (request) => io.exportCurl(ioDeps, request),
  }, known);

  return {
    handlers,
    warnings: allWarnings,
    extraTrustedPems: () => [...settings.trustedPems(), ...sessionPems],
    async dispose() {
      authorizer.cancel();
      const sends = [...requestDeps.inFlight.values()];
      for (const inFlight of sends) inFlight.cancellation.abort();
      for (const job of responseDeps.jobs.values()) job.controller.abort();
      for (const job of ioDeps.importJobs.values()) job.controller.abort();
      client.close();
      // Cancelled sends end at once; wait (a little) so none records history or keeps a body after the stores close.
      await Promise.race([Promise.all(sends.map((s) => s.ended)), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      history.close();
      await responseStore.dispose();
      await sandbox?.catch(() => null);
      await ownSandbox?.close();
    },
  };
}
