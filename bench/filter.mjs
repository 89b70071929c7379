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
// Then the results' way to the screen: an expression that selects a lot (--view-expression, about
// 120 MiB of results on 1 GiB) taken from the expression to the result's formatted lines as the
// app's main process does it (the filter and formatting workers, which are threads of that process),
// with this tree's code and, alternately, with --before's (default 2ff83ec, the last commit whose
// results went through memory as one string; its files are taken with git archive into a temporary
// folder), so a change to the result path shows side by side.
//
//   node bench/filter.mjs [--bytes N] [--compare-bytes N] [--max-result-mb N]
//                         [--view-expression E] [--before REV] [--view-only]
//
// The machine is shared: the load average is printed with the figures.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { NODE_BUNDLE } from '../scripts/bundle.mjs';
import { numberArg, stringArg } from './lib/args.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = 'bench/support/filter-entry.ts';

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

/** The bench entry and the two workers, bundled from the tree at `root` into `out`; returns their files. */
function bundle(root, out) {
  mkdirSync(out, { recursive: true });
  const build = (entry, name) => {
    const outfile = join(out, name);
    buildSync({ ...NODE_BUNDLE, absWorkingDir: root, entryPoints: [join(root, entry)], outfile, sourcemap: false });
    return outfile;
  };
  return {
    entry: build(ENTRY, 'filter-bench.cjs'),
    workers: [
      build('electron/main/response/filter-worker.ts', 'filter-worker.cjs'),
      build('electron/main/response/format-worker.ts', 'format-worker.cjs'),
    ],
  };
}

/** The tree at `rev`, with this tree's bench entry, in `dir` (node_modules linked). */
function treeAt(rev, dir) {
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['-C', ROOT, 'archive', rev, 'electron', 'shared', 'bench', 'test/support'], {
    maxBuffer: 256 * MiB,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  copyFileSync(join(ROOT, ENTRY), join(dir, ENTRY));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

let measured = 0;
/** Runs one filter in a fresh process (with a fresh folder for its files); returns its seconds, peak RSS and result (or refusal). */
function measure(built, way, file, expression, maxResultChars) {
  const work = join(dir, `run-${++measured}`);
  mkdirSync(work);
  const args = [built.entry, way, file, expression, String(maxResultChars), work, ...built.workers];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * MiB });
  rmSync(work, { recursive: true, force: true });
  if (child.status !== 0) return { error: (child.stderr || child.stdout).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(child.stdout);
}

const show = (r) =>
  r.error
    ? `failed: ${r.error.slice(0, 160)}`
    : `${r.seconds.toFixed(2).padStart(6)} s  peak RSS ${String(Math.round(r.peakRssMb)).padStart(5)} MB  ` +
      (r.refused
        ? `refused: ${r.refused.slice(0, 60)}…`
        : `${r.count} results, ${(r.chars / MiB).toFixed(1)} MiB` + (r.lines ? `, ${r.lines} lines` : ''));

const bytes = numberArg('--bytes', 1024 * MiB);
const compareBytes = numberArg('--compare-bytes', 100 * MiB);
const maxResultChars = numberArg('--max-result-mb', 256) * MiB;
const viewExpression = stringArg('--view-expression', '$.data[?@.price.value > 900000]');
// 2ff83ec: the streaming filter with its results still joined into one string in memory.
const before = stringArg('--before', '2ff83ec');
const viewOnly = process.argv.includes('--view-only');
const dir = mkdtempSync(join(tmpdir(), 'bench-filter-'));
const loads = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

/** The result path of `before` and of this tree, alternately, on the body in `file`. */
function compareViews(file, builtBefore, builtNow) {
  console.log(`  ${viewExpression}: expression → the result's lines, ${before} vs this tree, alternately`);
  for (const [name, built] of [
    [before, builtBefore],
    ['now', builtNow],
    [before, builtBefore],
    ['now', builtNow],
  ]) {
    console.log(`    ${name.padEnd(10)}${show(measure(built, 'view', file, viewExpression, maxResultChars))}`);
  }
}

try {
  const bundleFile = bundle(ROOT, join(dir, 'now'));
  const beforeBundle = bundle(treeAt(before, join(dir, 'before-tree')), join(dir, 'before'));
  console.log(loads());

  const small = join(dir, 'compare.json');
  let started = performance.now();
  if (!viewOnly) {
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
  }

  const large = join(dir, 'large.json');
  started = performance.now();
  const last = writeBody(large, bytes);
  console.log(
    `\n${(statSync(large).size / MiB).toFixed(0)} MiB body, ${last + 1} items (written in ${((performance.now() - started) / 1000).toFixed(1)} s): streaming`,
  );
  if (!viewOnly) {
    for (const expression of EXPRESSIONS) {
      console.log(
        `  ${expression.padEnd(34)}${show(measure(bundleFile, 'stream', large, expression, maxResultChars))}`,
      );
    }
    console.log(`  (the old way refuses a body over about 512 MB)`);
  }
  compareViews(large, beforeBundle, bundleFile);
  console.log(loads());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
