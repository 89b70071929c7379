// How the app's main process is started: the V8 flag and the allocator setting that keep its memory
// flat over a long session. scripts/start.mjs launches Electron with them; bench/memory.mjs and
// bench/send-overhead.mjs run the process they measure with them, so their figures are those of the
// app as it is started. Named here once.
//
// Measured with bench/memory.mjs (5,000 sends through request:send; RSS after a GC, after the first
// 500 sends and at the end), V8 and glibc defaults against these settings, side by side:
//
// - --max-semi-space-size=8 (MB per semi-space): V8 doubles the young generation whenever enough
//   objects have survived scavenges since it last grew, whatever the app keeps. A process that sends
//   requests without pause reaches 8 MB per semi-space within its first few hundred sends and 16 MB
//   later: +16 MB of RSS that stays. Capped at 8, the young generation stays as it is after the
//   first 500 sends; the bench shows no cost in CPU per request. --js-flags reaches the main process
//   only from Electron's command line (app.commandLine.appendSwitch reaches renderers only, and V8
//   reads this flag once, when the heap is set up); Electron passes it on to the renderers too.
// - MALLOC_ARENA_MAX=2: V8's background threads (the optimizing compiler above all) allocate from
//   glibc arenas of their own, which keep what they grew to; over the first 2,000 sends that adds
//   about 5–8 MB. Two arenas keep it to about 1 MB. It matters only where Electron's main process
//   allocates with glibc's malloc; elsewhere it does nothing. A value already in the environment wins.

/** V8 flags for the main process (given to Electron as --js-flags, to Node as they are). */
export const MAIN_PROCESS_V8_FLAGS = Object.freeze(['--max-semi-space-size=8']);

/** Environment variables for the main process; a value the user already set is kept. */
export const MAIN_PROCESS_ENV = Object.freeze({ MALLOC_ARENA_MAX: '2' });

/** Electron command-line switches that carry MAIN_PROCESS_V8_FLAGS. */
export function electronSwitches() {
  return [`--js-flags=${MAIN_PROCESS_V8_FLAGS.join(' ')}`];
}

/** `env` with MAIN_PROCESS_ENV added where `env` does not set them already. */
export function mainProcessEnv(env) {
  const result = { ...env };
  for (const [name, value] of Object.entries(MAIN_PROCESS_ENV)) {
    if (result[name] === undefined || result[name] === '') result[name] = value;
  }
  return result;
}
