// How a send bench starts the process it measures: as the app starts its main process (the V8 flags
// and environment of scripts/main-process-tuning.mjs, which scripts/start.mjs gives Electron), or
// with V8's and glibc's defaults, to compare the two side by side.
import { spawnSync } from 'node:child_process';
import { MAIN_PROCESS_ENV, MAIN_PROCESS_V8_FLAGS, mainProcessEnv } from '../../scripts/main-process-tuning.mjs';

/** Set in the measured process's environment: which of STARTS started it. */
const MARK = 'BENCH_MAIN_PROCESS_START';

const appSettings = [
  ...MAIN_PROCESS_V8_FLAGS,
  ...Object.entries(MAIN_PROCESS_ENV).map(([name, value]) => `${name}=${value}`),
].join(' ');

export const STARTS = Object.freeze({
  app: {
    name: 'app',
    label: `as the app starts its main process (${appSettings})`,
    execArgv: [...MAIN_PROCESS_V8_FLAGS],
    env: mainProcessEnv,
  },
  defaults: { name: 'defaults', label: 'V8 and glibc defaults', execArgv: [], env: (env) => ({ ...env }) },
});

/** The STARTS entry this process was started with by spawnAs(), or null when it was started by hand. */
export function currentStart() {
  return STARTS[process.env[MARK]] ?? null;
}

/** The STARTS entry named by `--start app|defaults` in this process's arguments (default: app). */
export function startFromArgs(argv = process.argv) {
  const i = argv.indexOf('--start');
  const name = i > 0 ? argv[i + 1] : 'app';
  const start = STARTS[name];
  if (!start) throw new Error(`--start must be one of ${Object.keys(STARTS).join(', ')} (got ${name})`);
  return start;
}

/**
 * Runs `script argv` in a fresh Node process started the `start` way. Node flags this process was
 * given come after the start's own, so they win. Returns spawnSync's result (output captured when
 * `capture`, shown otherwise).
 */
export function spawnAs(start, script, argv, { extraExecArgv = [], capture = false } = {}) {
  return spawnSync(process.execPath, [...extraExecArgv, ...start.execArgv, ...process.execArgv, script, ...argv], {
    stdio: capture ? 'pipe' : 'inherit',
    encoding: 'utf8',
    env: { ...start.env(process.env), [MARK]: start.name },
    maxBuffer: 64 * 1024 * 1024,
  });
}
