/**
 * The main process's services and the handler for every channel of the contract, independent of
 * Electron's IPC: the Electron shell registers them on ipcMain, the e2e bridge calls them directly.
 */
import { join } from 'node:path';
import type { Handlers } from './ipc/dispatch';
import { cancelRequest, sendRequest, type RequestDeps } from './handlers/request';
import { startLocalSandbox } from './handlers/sandbox';
import { addCertificate, getSettings, removeCertificate, updateSettings } from './handlers/settings';
import { createHttpClient } from './http/client';
import { buildTrustedCas } from './http/trust';
import { startSandbox, type Sandbox } from './sandbox/server';
import { createSettingsStore } from './settings/store';

/** What the app needs of a sandbox: where it is, its demo key, and its CA to trust. */
export type SandboxTargetWithCa = Pick<Sandbox, 'origin' | 'apiKey' | 'caCertPem'>;

export interface MainServicesOptions {
  /** The app's data folder (Electron's userData, or a temporary folder in tests). */
  dataDir: string;
  /** Use this already-running sandbox as the Local sandbox target instead of starting one. */
  sandbox?: SandboxTargetWithCa;
  env?: NodeJS.ProcessEnv;
}

export interface MainServices {
  handlers: Handlers;
  /** Warnings to show the user once (e.g. an unreadable NODE_EXTRA_CA_CERTS file). */
  warnings(): string[];
  dispose(): Promise<void>;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const env = options.env ?? process.env;
  const settings = createSettingsStore({ dataDir: options.dataDir, extraCaCertsFile: env.NODE_EXTRA_CA_CERTS || null });

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

  const client = createHttpClient({ getTrustedCas });
  const requestDeps: RequestDeps = {
    client,
    timeoutMs: () => settings.view().timeoutMs,
    inFlight: new Map(),
  };

  let sandbox: Promise<SandboxTargetWithCa> | null = options.sandbox ? Promise.resolve(options.sandbox) : null;
  let ownSandbox: Sandbox | null = null;
  const ensureSandbox = (): Promise<SandboxTargetWithCa> => {
    if (sandbox) return sandbox;
    const starting = startSandbox({ caDir: join(options.dataDir, 'sandbox') }).then((started: Sandbox) => {
      sessionPems = [...sessionPems, started.caCertPem];
      ownSandbox = started;
      return started;
    });
    // A failed start can be tried again.
    starting.catch(() => {
      if (sandbox === starting) sandbox = null;
    });
    sandbox = starting;
    return starting;
  };

  const handlers: Handlers = {
    'request:send': (request) => sendRequest(requestDeps, request),
    'request:cancel': (request) => cancelRequest(requestDeps, request),
    'settings:get': () => getSettings(settings),
    'settings:update': (patch) => updateSettings(settings, patch),
    'settings:addCertificate': (request) => addCertificate(settings, request),
    'settings:removeCertificate': (request) => removeCertificate(settings, request),
    'sandbox:start': () => startLocalSandbox({ ensureSandbox }),
  };

  return {
    handlers,
    warnings: () => warnings,
    async dispose() {
      for (const controller of requestDeps.inFlight.values()) controller.abort();
      client.close();
      await sandbox?.catch(() => null);
      await ownSandbox?.close();
    },
  };
}
