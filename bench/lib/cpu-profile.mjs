// A CPU breakdown for the send benches (reporting only: it never changes what a bench compares).
//
// - profile(run, n): runs `run` n times in a row under the V8 CPU profiler (inspector, in this
//   process) and returns the profile with the wall and CPU time the batch took.
// - breakdown(profile, bundleFile, n): where that time went, per request: the profile's self time
//   summed by source area. The app runs from an esbuild bundle (bench/lib/send-setup.mjs), which
//   marks each module with a `// path/to/file` comment line: a sample's line number gives its module.
//   Areas: each app module (electron/…, shared/…), axios, other packages, Node's own modules grouped
//   (http, tls/net/streams, …), garbage collection, idle (waiting for the network), and the rest.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

export async function profile(run, n, { intervalUs = 100 } = {}) {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (let i = 0; i < n; i++) await run();
    const wallMs = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);
    const { profile: result } = await session.post('Profiler.stop');
    return { profile: result, n, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    session.disconnect();
  }
}

/** Start lines of the bundle's modules, from esbuild's `// path` comments, sorted. */
function moduleMap(bundleFile) {
  const starts = [];
  const lines = readFileSync(bundleFile, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\/\/ (\S+\.(?:[cm]?[jt]sx?|json))$/.exec(lines[i]);
    if (m) starts.push({ line: i, path: m[1].replace(/^(\.\.\/)+/, '/') });
  }
  return starts;
}

function areaOfModule(path) {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return name === 'axios' ? 'axios' : `package ${name}`;
  }
  const m = /(?:^|\/)((?:electron|shared|test)\/.+)$/.exec(path);
  return m ? m[1] : path;
}

function areaOfNode(url) {
  const name = url.replace(/^node:/, '').replace(/^internal\//, '');
  if (/^_?https?|^_http_/.test(name)) return 'node: http';
  if (/^(_tls|tls|net|stream_base|dns)/.test(name)) return 'node: net/tls';
  if (/^(streams|stream)/.test(name)) return 'node: streams';
  if (/^(events|event_target|abort_controller)/.test(name)) return 'node: events/abort';
  if (/^(fs|url|buffer|crypto)/.test(name)) return `node: ${name.split('/')[0]}`;
  if (/^(process\/task_queues|timers|async_hooks)/.test(name)) return 'node: ticks/timers';
  return 'node: other';
}

/** Self time per area, in µs per request, biggest first; `bundleFile` is the app bundle the profile ran. */
export function breakdown({ profile: p, n }, bundleFile) {
  const modules = moduleMap(bundleFile);
  const bundleUrl = `file://${bundleFile}`;
  const moduleAt = (line) => {
    let lo = 0;
    let hi = modules.length - 1;
    let found = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (modules[mid].line <= line) {
        found = modules[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found ? areaOfModule(found.path) : 'app bundle (glue)';
  };
  const areaOf = new Map();
  for (const node of p.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    let area;
    if (functionName === '(idle)') area = 'idle (waiting)';
    else if (functionName === '(garbage collector)') area = 'garbage collector';
    else if (functionName === '(program)' || functionName === '(root)') area = 'V8/native (program)';
    else if (url === bundleUrl || url === bundleFile) area = moduleAt(lineNumber);
    else if (url.startsWith('node:')) area = areaOfNode(url);
    else if (url === '') area = 'native (builtins, C++)';
    else area = 'bench script';
    areaOf.set(node.id, area);
  }
  // Native frames (empty URL: builtins such as JSON.stringify, syscalls) count toward their JS caller.
  const parent = new Map();
  for (const node of p.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byNode = new Map();
  for (const id of p.samples) byNode.set(id, (byNode.get(id) ?? 0) + 1);
  const totals = new Map();
  const usPerSample = (p.endTime - p.startTime) / p.samples.length;
  for (const [id, count] of byNode) {
    let area = areaOf.get(id);
    let cur = id;
    while (area === 'native (builtins, C++)' && parent.has(cur)) {
      cur = parent.get(cur);
      const up = areaOf.get(cur);
      if (up !== 'native (builtins, C++)' && up !== 'V8/native (program)') area = up;
    }
    totals.set(area, (totals.get(area) ?? 0) + count);
  }
  return [...totals]
    .map(([area, count]) => ({ area, usPerRequest: (count * usPerSample) / n }))
    .sort((a, b) => b.usPerRequest - a.usPerRequest);
}
