/**
 * The built main entry, loaded in plain Node with `require('electron')` answered by a recording
 * stand-in (test/support/recording-electron.cjs): the wiring the e2e bridge skips. Every contract channel
 * registered once, the window's web preferences, the permission guards, and the WORKBENCH_* test
 * hooks honoured only in an unpackaged build.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_BUNDLE } from '../scripts/bundle.mjs';
import { CHANNELS } from '../shared/contract';
import { createCertificateAuthority } from '../electron/main/tls/certificates';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
let dir: string;
let entry: string;
let caFile: string;

interface Recording {
  packaged: boolean;
  handled: string[];
  setPath: Array<[string, string]>;
  webPreferences: Array<Record<string, unknown>>;
  sessions: Record<
    string,
    Record<'checks' | 'requests' | 'checksElsewhere' | 'requestsElsewhere', Record<string, boolean> | null>
  >;
  windowOpen: { action: string };
  loaded: string;
  sandboxOrigin: string | null;
  tlsVariableAfterStart: string | null;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'main-entry-'));
  // Built as scripts/build.mjs builds it, with `electron` left to require().
  entry = join(dir, 'out', 'main', 'index.cjs');
  await build({
    ...NODE_BUNDLE,
    entryPoints: ['electron/main/index.ts'],
    outfile: entry,
    sourcemap: false,
    logLevel: 'error',
  });
  caFile = join(dir, 'test-ca.pem');
  writeFileSync(caFile, createCertificateAuthority('Main entry test CA').certPem);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the entry as an installed (packaged) or unpackaged app, with the e2e hooks and NODE_TLS_REJECT_UNAUTHORIZED=0 set. */
async function start(packaged: boolean): Promise<{ recording: Recording; stderr: string; hookDir: string }> {
  const userData = mkdtempSync(join(dir, 'user-data-'));
  const hookDir = mkdtempSync(join(dir, 'hook-data-'));
  const env = {
    PATH: process.env.PATH,
    RECORDING_PACKAGED: packaged ? '1' : '0',
    RECORDING_USER_DATA: userData,
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    WORKBENCH_DATA_DIR: hookDir,
    WORKBENCH_SANDBOX_ORIGIN: 'https://127.0.0.1:9',
    WORKBENCH_SANDBOX_API_KEY: 'hook-api-key-123456',
    WORKBENCH_EXTRA_CA: caFile,
    WORKBENCH_SANDBOX_CLIENT_ID: 'hook-client',
    WORKBENCH_SANDBOX_CLIENT_SECRET: 'hook-client-secret-123456',
  };
  const standIn = join(root, 'test', 'support', 'recording-electron.cjs');
  const { stdout, stderr } = await run(process.execPath, ['-r', standIn, entry], { env, cwd: dir, timeout: 30_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('RECORDING:'));
  if (!line) throw new Error(`The entry printed no recording. stderr: ${stderr}`);
  return { recording: JSON.parse(line.slice('RECORDING:'.length)) as Recording, stderr, hookDir };
}

describe('the built main entry', () => {
  it('registers every channel once, locks the window down and denies every permission but the app page’s clipboard writes', async () => {
    const { recording } = await start(false);
    expect([...recording.handled].sort()).toEqual([...CHANNELS].sort());
    expect(recording.webPreferences[0]).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(recording.windowOpen).toEqual({ action: 'deny' });
    expect(recording.loaded).toBe('app://renderer/index.html');
    const granted = (answers: Record<string, boolean> | null) =>
      Object.keys(answers ?? {}).filter((p) => answers![p] !== false);
    for (const name of ['default', 'oauth-authorization']) {
      const session = recording.sessions[name]!;
      expect(session.checks, `${name}: permission check handler`).not.toBeNull();
      // The Copy buttons use navigator.clipboard: the app's own page may write the clipboard, nothing more.
      const own = name === 'default' ? ['clipboard-sanitized-write'] : [];
      expect(granted(session.checks), `${name}: checks`).toEqual(own);
      expect(granted(session.requests), `${name}: requests`).toEqual(own);
      expect(granted(session.checksElsewhere), `${name}: checks from another page`).toEqual([]);
      expect(granted(session.requestsElsewhere), `${name}: requests from another page`).toEqual([]);
    }
  });

  it('unpackaged, honours the WORKBENCH_* hooks of the real-Electron e2e project', async () => {
    const { recording, hookDir } = await start(false);
    expect(recording.setPath).toEqual([['userData', hookDir]]);
    expect(recording.sandboxOrigin).toBe('https://127.0.0.1:9');
  });

  it('packaged, ignores them: the data folder and trusted CAs stay the app’s own', async () => {
    const { recording } = await start(true);
    expect(recording.packaged).toBe(true);
    expect(recording.setPath).toEqual([]);
    expect(recording.sandboxOrigin).toBeNull();
  });

  it('says once at start that NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored, and takes it out of its own environment', async () => {
    const { recording, stderr } = await start(true);
    expect(stderr.match(/NODE_TLS_REJECT_UNAUTHORIZED=0 is set, and ignored/g)).toHaveLength(1);
    expect(recording.tlsVariableAfterStart).toBeNull();
  });
});
