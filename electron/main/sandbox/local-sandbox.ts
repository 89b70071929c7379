/**
 * The app's Local sandbox target: one given at start (tests, e2e, benches), or one started on first
 * use and closed with the app. A failed start can be tried again.
 */
import type { SandboxCredentials } from '../credentials/store';
import { startSandbox, type Sandbox } from './server';

/** What the app needs of a sandbox: where it is, its demo credentials, and its CA to trust. */
export type SandboxTargetWithCa = Pick<Sandbox, 'origin' | 'apiKey' | 'caCertPem' | 'oauthClient' | 'authorizationUrl'>;

export interface LocalSandboxOptions {
  /** Where a started sandbox keeps its certificate authority. */
  caDir: string;
  /** An already-running sandbox to use instead of starting one. */
  running?: SandboxTargetWithCa;
  /** A sandbox this one started is up: the app trusts its CA for the session and points the Local sandbox environment at it. */
  onStarted(started: SandboxTargetWithCa): void;
}

export interface LocalSandbox {
  /** Starts the sandbox once; later calls return the same one. */
  ensure(): Promise<SandboxTargetWithCa>;
  /** Waits for a start under way and closes the sandbox this one started. */
  dispose(): Promise<void>;
}

/** The demo credentials the credentials store offers for the Local sandbox environment. */
export function sandboxCredentials(target: SandboxTargetWithCa): SandboxCredentials {
  return {
    origin: target.origin,
    apiKey: target.apiKey,
    clientId: target.oauthClient.clientId,
    clientSecret: target.oauthClient.clientSecret,
    authorizationUrl: target.authorizationUrl,
  };
}

export function createLocalSandbox(options: LocalSandboxOptions): LocalSandbox {
  let sandbox: Promise<SandboxTargetWithCa> | null = options.running ? Promise.resolve(options.running) : null;
  let ownSandbox: Sandbox | null = null;
  return {
    ensure() {
      if (sandbox) return sandbox;
      const starting = startSandbox({ caDir: options.caDir }).then((started: Sandbox) => {
        ownSandbox = started;
        options.onStarted(started);
        return started;
      });
      // A failed start can be tried again.
      starting.catch(() => {
        if (sandbox === starting) sandbox = null;
      });
      sandbox = starting;
      return starting;
    },
    async dispose() {
      await sandbox?.catch(() => null);
      await ownSandbox?.close();
    },
  };
}
