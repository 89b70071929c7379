/**
 * The built main entry run in a child Node process under the recording stand-in
 * (recording-electron.cjs), and driven over the fork's message channel: what the test would
 * otherwise need the Electron binary for (a window moved, a second launch, a proxy asking for credentials).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const STAND_IN = fileURLToPath(new URL('./recording-electron.cjs', import.meta.url));

/** What the stand-in noted (see recording-electron.cjs). */
export interface Recording {
  packaged: boolean;
  handled: string[];
  listened: string[];
  setPath: Array<[string, string]>;
  webPreferences: Array<Record<string, unknown>>;
  windowOptions: Array<Record<string, unknown>>;
  windowCalls: Array<[number, string]>;
  sessions: Record<
    string,
    Record<'checks' | 'requests' | 'checksElsewhere' | 'requestsElsewhere', Record<string, boolean> | null>
  >;
  schemes: Array<{ scheme: string }>;
  served: string[];
  proxies: Record<string, { mode: string; proxyRules?: string; proxyBypassRules?: string }>;
  windowOpen: { action: string };
  loaded: string;
  lockRequested: boolean;
  /** Every nativeTheme.themeSource the app set, in order. */
  themeSources: string[];
  readyBeforeLock: boolean;
  quitEvents: string[];
  openedExternally: string[];
  applicationMenu: MenuItemNote[] | null;
  aboutPanel: Record<string, unknown> | null;
  /** What the app sent to a window's page: [window index, channel, ...args]. */
  sent: Array<[number, string, ...unknown[]]>;
  tlsVariableAfterStart: string | null;
}

/** An application-menu item as the stand-in noted it (its click left out). */
export interface MenuItemNote {
  id?: string;
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  submenu?: MenuItemNote[];
}

export interface RecordedApp {
  /** Resolves when the main window loaded its page, or the process ended first (a second instance). */
  started: Promise<void>;
  /** Resolves with the notes written at quit (null when the process ended without quitting). */
  exited: Promise<Recording | null>;
  command<T = unknown>(name: string, args?: Record<string, unknown>): Promise<T>;
  notes(): Promise<Recording>;
  /** app.quit(), then the notes written as the process ended. */
  quit(): Promise<Recording>;
  /** What the app wrote to stderr so far. */
  stderr(): string;
}

export interface LaunchOptions {
  entry: string;
  /** Where the notes are written at quit (one file per launch). */
  notesFile: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function launchRecorded(options: LaunchOptions): RecordedApp {
  const child: ChildProcess = fork(options.entry, [], {
    execArgv: ['-r', STAND_IN],
    env: { PATH: process.env.PATH, ...options.env, RECORDING_NOTES: options.notesFile },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<Recording | null>((resolve) => {
    child.on('exit', () => {
      for (const { reject } of waiting.values()) reject(new Error(`The app ended. stderr: ${stderr}`));
      try {
        resolve(JSON.parse(readFileSync(options.notesFile, 'utf8')) as Recording);
      } catch {
        resolve(null);
      }
    });
  });
  const started = new Promise<void>((resolve) => {
    child.on('message', (message: { loaded?: boolean; id?: number; value?: unknown; error?: string }) => {
      if (message.loaded) resolve();
      const pending = message.id === undefined ? undefined : waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id!);
      if (message.error) pending.reject(new Error(message.error));
      else pending.resolve(message.value);
    });
    void exited.then(() => resolve());
  });
  const command = <T>(name: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`The app has ended. stderr: ${stderr}`));
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, command: name, ...args });
    });
  return {
    started,
    exited,
    command,
    notes: () => command<Recording>('notes'),
    async quit() {
      if (child.connected) child.send({ id: -1, command: 'quit' });
      const notes = await exited;
      if (!notes) throw new Error(`The app ended without quitting. stderr: ${stderr}`);
      return notes;
    },
    stderr: () => stderr,
  };
}
