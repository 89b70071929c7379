#!/usr/bin/env node
// `npm start`: build, find the Electron binary, launch the app. Where the binary cannot be had
// (it is downloaded from the internet on first use), end with a short message instead of a trace.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';
import { electronSwitches, mainProcessEnv } from './main-process-tuning.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const { binary, problem } = electronBinary({ doing: 'start the app', command: 'npm start' });
if (!binary) {
  console.error(problem.join('\n'));
  process.exit(1);
}

// The main process's V8 flag and allocator setting (see main-process-tuning.mjs) only take effect from here.
const child = spawn(binary, [...electronSwitches(), root], {
  stdio: 'inherit',
  env: mainProcessEnv({ ...process.env, ELECTRON_ENABLE_SECURITY_WARNINGS: 'true' }),
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
