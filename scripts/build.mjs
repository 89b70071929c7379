#!/usr/bin/env node
// Builds every part of the app into out/: the main process (with its JSONPath filter, body formatting and import workers), the
// preload, the sandbox CLI, the `workbench` command (esbuild) and the renderer (Vite). `--sandbox-only` builds
// just the sandbox CLI; `--cli-only` just the `workbench` command (package.json's "prepare" runs that).
import { readFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { NODE_BUNDLE as node, ROOT as root } from './bundle.mjs';

const sandboxOnly = process.argv.includes('--sandbox-only');
const cliOnly = process.argv.includes('--cli-only');

const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
// The `workbench` command: plain Node, never Electron (it imports no shell file; `electron` stays external).
const buildCli = () =>
  esbuild({
    ...node,
    entryPoints: ['cli/main.ts'],
    outfile: 'out/cli/workbench.cjs',
    define: { WORKBENCH_VERSION: JSON.stringify(version) },
  });
const jobs = cliOnly
  ? [buildCli()]
  : [esbuild({ ...node, entryPoints: ['electron/main/sandbox/cli.ts'], outfile: 'out/sandbox/cli.cjs' })];
if (!sandboxOnly && !cliOnly) {
  jobs.push(
    buildCli(),
    esbuild({ ...node, entryPoints: ['electron/main/index.ts'], outfile: 'out/main/index.cjs' }),
    // The JSONPath filter's worker thread, beside the main bundle that starts it (.cjs: package.json says "type": "module").
    esbuild({
      ...node,
      entryPoints: ['electron/main/response/filter-worker.ts'],
      outfile: 'out/main/filter-worker.cjs',
    }),
    // The worker thread that formats a large body as it arrives, beside it too.
    esbuild({
      ...node,
      entryPoints: ['electron/main/response/format-worker.ts'],
      outfile: 'out/main/format-worker.cjs',
    }),
    // The import's worker thread (parses and converts large files off the main thread), beside it too.
    esbuild({ ...node, entryPoints: ['electron/main/io/import-worker.ts'], outfile: 'out/main/import-worker.cjs' }),
    // A sandboxed preload may require only 'electron'; everything else is bundled in.
    esbuild({
      ...node,
      entryPoints: ['electron/preload/index.ts'],
      outfile: 'out/preload/index.cjs',
      platform: 'browser',
    }),
  );
  const { build: vite } = await import('vite');
  jobs.push(vite({ configFile: `${root}renderer/vite.config.ts`, logLevel: 'warn' }));
}
await Promise.all(jobs);
console.log(
  sandboxOnly
    ? 'Built the sandbox into out/sandbox.'
    : cliOnly
      ? 'Built the workbench command into out/cli.'
      : 'Built main, preload, sandbox, the workbench command and renderer into out/.',
);
