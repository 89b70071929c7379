#!/usr/bin/env node
// Runs every bench script in this folder (bench/*.mjs except this one), one after another, each in
// its own Node process with its output shown as it comes. Scripts added later are picked up by
// listing the folder (subfolders such as bench/lib/ and bench/support/ are helpers, not run).
// Exits non-zero if any script failed (non-zero exit, killed by a signal, or over the time limit).
//
//   node bench/run-all.mjs [args passed to every script]
//   BENCH_TIMEOUT_S=600 node bench/run-all.mjs     per-script time limit (default 600 s)
//
// Each script runs in its own process group; one that is still running at the time limit is
// stopped with everything it started (SIGTERM to the group, SIGKILL 5 s later), so a hung script
// (e.g. a browser left open) cannot stall the rest.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const dir = fileURLToPath(new URL('.', import.meta.url));
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S) > 0 ? Number(process.env.BENCH_TIMEOUT_S) : 600;
const scripts = readdirSync(dir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.mjs') && entry.name !== basename(self))
  .map((entry) => entry.name)
  .sort();

let current = null;
const killGroup = (child, signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) killGroup(current, signal);
    console.error(`\nrun-all: ${signal}, stopping`);
    process.exit(130);
  });
}

function run(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, name), ...process.argv.slice(2)], {
      stdio: 'inherit',
      detached: true,
    });
    current = child;
    let timedOut = false;
    let killer = null;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\nrun-all: bench/${name} still running after ${TIMEOUT_S} s, stopping it`);
      killGroup(child, 'SIGTERM');
      killer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    }, TIMEOUT_S * 1000);
    const done = (failed) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      // Anything the script left running in its group (servers, browsers) goes with it.
      killGroup(child, 'SIGKILL');
      current = null;
      resolve(failed);
    };
    child.once('error', (error) => done(error.message));
    child.once('exit', (code, signal) =>
      done(
        timedOut
          ? `over the ${TIMEOUT_S} s limit`
          : signal
            ? `killed by ${signal}`
            : code !== 0
              ? `exit code ${code}`
              : null,
      ),
    );
  });
}

const results = [];
for (const name of scripts) {
  console.log(`\n=== bench/${name} ${'='.repeat(Math.max(3, 70 - name.length))}`);
  const t = performance.now();
  const failed = await run(name);
  const seconds = (performance.now() - t) / 1000;
  results.push({ name, seconds, failed });
  console.log(`--- bench/${name}: ${failed ? `FAILED (${failed})` : 'done'} in ${seconds.toFixed(1)} s`);
}

console.log(`\n=== summary ${'='.repeat(66)}`);
for (const r of results)
  console.log(
    `${r.failed ? 'FAILED' : 'ok    '}  bench/${r.name}  ${r.seconds.toFixed(1)} s${r.failed ? `  (${r.failed})` : ''}`,
  );
if (scripts.length === 0) console.log('no bench scripts found');
const failures = results.filter((r) => r.failed).length;
if (failures > 0) {
  console.error(`${failures} of ${results.length} bench script(s) failed`);
  process.exitCode = 1;
}
