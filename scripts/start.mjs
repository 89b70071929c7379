#!/usr/bin/env node
// `npm start`: build, find the Electron binary, launch the app. Where the binary cannot be had
// (it is downloaded from the internet on first use), end with a short message instead of a trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronSwitches, mainProcessEnv } from './main-process-tuning.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const electronDir = dirname(require.resolve('electron/package.json', { paths: [root] }));

/** The binary's path if it is already on disk; never triggers a download. */
function installedBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8')
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

let binary = installedBinary();
if (!binary && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  console.log('Fetching the Electron binary (first start only)…');
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: 120_000,
    env: process.env,
  });
  binary = install.status === 0 ? installedBinary() : null;
  if (!binary) {
    const reason = (install.stderr || install.error?.message || '')
      .split('\n')
      .find((line) => /error|ENOTFOUND|ECONN|EAI_AGAIN|timed out|status/i.test(line))
      ?.replace(/^\s*(Error:\s*)?/, '')
      .slice(0, 200);
    console.error(
      [
        '',
        'Could not start the app: the Electron binary is not installed and could not be downloaded.',
        reason ? `  Reason: ${reason}` : '  Reason: the download did not finish.',
        '',
        'Do one of these, then run `npm start` again:',
        '  • point at a mirror you can reach:   ELECTRON_MIRROR=https://<mirror>/electron/ npm start',
        '  • use an Electron build on this disk: ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron/dist npm start',
        '',
        'Everything else (the tests, the sandbox: `npm run sandbox`) works without the binary.',
      ].join('\n'),
    );
    process.exit(1);
  }
} else if (!binary) {
  console.error(
    `Could not start the app: ELECTRON_OVERRIDE_DIST_PATH is set to ${process.env.ELECTRON_OVERRIDE_DIST_PATH}, but no Electron binary is there.\n` +
      'Point it at the folder that holds the electron executable, or unset it to download the binary.',
  );
  process.exit(1);
}

// The main process's V8 flag and allocator setting (see main-process-tuning.mjs) only take effect from here.
const child = spawn(binary, [...electronSwitches(), root], {
  stdio: 'inherit',
  env: mainProcessEnv({ ...process.env, ELECTRON_ENABLE_SECURITY_WARNINGS: 'true' }),
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
