// JSONPath filter over a large JSON body: the streaming filter (electron/main/response/filter.ts →
// jsonpath-stream.ts, the code the filter worker runs) against the old way (read the whole body as
// one string, JSON.parse it, run the query, JSON.stringify the results), side by side in one run.
//
// It writes a body of --bytes (default 1 GiB) shaped like a listing API's answer,
// {"data":[{"id":…,"title":…,"price":{"value":…},…},…]}, and times a few expressions on it with the
// streaming filter; then, on a body of --compare-bytes (default 100 MiB, a size the old way can
// still hold), the old way and the streaming filter alternately. Each measurement runs in a fresh
// Node process, so "peak RSS" is that filter's alone (Node itself takes about 40 MB of it).
//
//   node bench/filter.mjs [--bytes N] [--compare-bytes N] [--max-result-mb N]
//
// The machine is shared: the load average is printed with the figures.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { NODE_BUNDLE } from '../scripts/bundle.mjs';
import { numberArg } from './lib/args.mjs';

const MiB = 1024 * 1024;
const EXPRESSIONS = ['$.data[*].id', '$.data[?@.price.value > 900000]', '$..title', '$.data[-1]'];

/** One listing-like item; about 600 bytes. */
function item(i) {
  return JSON.stringify({
    id: `ad-${i}`,
    title: `Apartment ${i}: ${(i % 5) + 1} rooms, ${28 + ((i * 37) % 140)} m2, balcony`,
    price: { value: 150_000 + ((i * 7919) % 850_000), currency: 'PLN' },
    location: { lat: 52 + (i % 1000) / 1000, lon: 21 + (i % 777) / 1000, exact: i % 2 === 0 },
    contact: { name: 'Agent Smith', phone: '+48 600 000 000', email: `agent${i % 50}@example.com` },
    images: [{ url: `https://img.example/${i}/1.jpg` }, { url: `https://img.example/${i}/2.jpg` }],
    attributes: [
      { urn: 'urn:concept:rooms', value: String((i % 5) + 1) },
      { urn: 'urn:concept:floor', value: String(i % 12) },
    ],
    description: 'Bright apartment close to the park, with a balcony and a garage.',
  });
}

/** Writes a body of exactly `bytes` (blank space pads the end); returns its last item's index. */
function writeBody(file, bytes) {
  const fd = openSync(file, 'w');
  const head = '{"data":[';
  const tail = ']}';
  let written = 0;
  let last = -1;
  let pending = head;
  for (let i = 0; ; i++) {
    const next = (i === 0 ? '' : ',') + item(i);
    if (written + pending.length + next.length + tail.length > bytes) break;
    pending += next;
    last = i;
    if (pending.length > 4 * MiB) {
      written += writeSync(fd, pending);
      pending = '';
    }
  }
  writeSync(fd, pending + ' '.repeat(bytes - written - pending.length - tail.length) + tail);
  closeSync(fd);
  return last;
}

function bundle(dir) {
  const outfile = join(dir, 'filter-bench.cjs');
  buildSync({
    ...NODE_BUNDLE,
    entryPoints: [fileURLToPath(import.meta.url).replace(/filter\.mjs$/, 'support/filter-entry.ts')],
    outfile,
    sourcemap: false,
  });
  return outfile;
}

/** Runs one filter in a fresh process; returns its seconds, peak RSS and result (or refusal). */
function measure(bundleFile, way, file, expression, maxResultChars) {
  const child = spawnSync(process.execPath, [bundleFile, way, file, expression, String(maxResultChars)], {
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  });
  if (child.status !== 0) return { error: (child.stderr || child.stdout).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(child.stdout);
}

const show = (r) =>
  r.error
    ? `failed: ${r.error.slice(0, 160)}`
    : `${r.seconds.toFixed(2).padStart(6)} s  peak RSS ${String(Math.round(r.peakRssMb)).padStart(5)} MB  ` +
      (r.refused ? `refused: ${r.refused.slice(0, 60)}…` : `${r.count} results, ${(r.chars / MiB).toFixed(1)} MiB`);

const bytes = numberArg('--bytes', 1024 * MiB);
const compareBytes = numberArg('--compare-bytes', 100 * MiB);
const maxResultChars = numberArg('--max-result-mb', 256) * MiB;
const dir = mkdtempSync(join(tmpdir(), 'bench-filter-'));
try {
  const bundleFile = bundle(dir);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  const small = join(dir, 'compare.json');
  let started = performance.now();
  writeBody(small, compareBytes);
  console.log(
    `\n${(compareBytes / MiB).toFixed(0)} MiB body (written in ${((performance.now() - started) / 1000).toFixed(1)} s): old whole-body way vs streaming, alternately`,
  );
  for (const expression of EXPRESSIONS) {
    console.log(`  ${expression}`);
    for (const way of ['old', 'stream', 'old', 'stream']) {
      console.log(`    ${way.padEnd(7)}${show(measure(bundleFile, way, small, expression, maxResultChars))}`);
    }
  }
  rmSync(small);

  const large = join(dir, 'large.json');
  started = performance.now();
  const last = writeBody(large, bytes);
  console.log(
    `\n${(statSync(large).size / MiB).toFixed(0)} MiB body, ${last + 1} items (written in ${((performance.now() - started) / 1000).toFixed(1)} s): streaming`,
  );
  for (const expression of EXPRESSIONS) {
    console.log(`  ${expression.padEnd(34)}${show(measure(bundleFile, 'stream', large, expression, maxResultChars))}`);
  }
  console.log(`  (the old way refuses a body over about 512 MB)`);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
