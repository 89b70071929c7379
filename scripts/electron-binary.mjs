// The Electron binary for `npm start` and `npm run dist`: the one on disk, or downloaded once by the
// electron package's own installer (through ELECTRON_MIRROR when set). Where it cannot be had, the
// caller gets the sentences to print instead of a stack trace: what failed and the two ways round it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json', { paths: [root] }));

/** The folder holding the binary: ELECTRON_OVERRIDE_DIST_PATH, or the electron package's dist/. */
export function electronDistDir(env = process.env) {
  return env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
}

/** The binary's path if it is already on disk; never triggers a download. */
function installedBinary(env) {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8')
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';
  const binary = join(electronDistDir(env), relative);
  return existsSync(binary) ? binary : null;
}

/** The first line of the installer's output that says why it failed. */
function failureReason(install) {
  return (install.stderr || install.error?.message || '')
    .split('\n')
    .find((line) => /error|ENOTFOUND|ECONN|EAI_AGAIN|timed out|status/i.test(line))
    ?.replace(/^\s*(Error:\s*)?/, '')
    .slice(0, 200);
}

/**
 * The binary, fetched when missing (`log` says so first), or `problem`: the lines to print.
 * `doing` says what could not be done ("start the app"), `command` what to run again ("npm start").
 */
export function electronBinary({ doing, command, env = process.env, log = console.log }) {
  const found = installedBinary(env);
  if (found) return { binary: found };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      problem: [
        `Could not ${doing}: ELECTRON_OVERRIDE_DIST_PATH is set to ${env.ELECTRON_OVERRIDE_DIST_PATH}, but no Electron binary is there.`,
        'Point it at the folder that holds the electron executable, or unset it to download the binary.',
      ],
    };
  }
  log('Fetching the Electron binary (first time only)…');
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: 120_000,
    env,
  });
  const fetched = install.status === 0 ? installedBinary(env) : null;
  if (fetched) return { binary: fetched };
  const reason = failureReason(install);
  return {
    problem: [
      '',
      `Could not ${doing}: the Electron binary is not installed and could not be downloaded.`,
      reason ? `  Reason: ${reason}` : '  Reason: the download did not finish.',
      '',
      `Do one of these, then run \`${command}\` again:`,
      `  • point at a mirror you can reach:   ELECTRON_MIRROR=https://<mirror>/electron/ ${command}`,
      `  • use an Electron build on this disk: ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron/dist ${command}`,
      '',
      'Everything else (the tests, the sandbox: `npm run sandbox`) works without the binary.',
    ],
  };
}
