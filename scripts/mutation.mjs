/**
 * `npm run mutation [module…]`: StrykerJS mutates each module in scripts/mutation-modules.mjs and
 * runs only that module's own unit tests against every mutant, one module at a time (CPU is shared).
 * Each module's JSON report goes to reports/mutation/<file>.json; the scores are printed at the end,
 * with every surviving mutant, and the command fails when a module scores under the threshold.
 * Not part of `npm test`: it takes minutes.
 */
import path from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import { MUTATION_MODULES, MUTATION_THRESHOLD } from './mutation-modules.mjs';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function strykerOptions(module) {
  const name = path.basename(module.source, '.ts');
  return {
    mutate: [module.source],
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: 'vitest.mutation.config.ts', related: false },
    coverageAnalysis: 'perTest',
    concurrency: 2,
    // Only what the unit tests load is copied to the sandbox.
    ignorePatterns: [
      '/*',
      '!/shared',
      '!/electron',
      '!/test',
      '!/scripts',
      '!/package.json',
      '!/tsconfig.json',
      '!/vitest*.config.ts',
    ],
    reporters: ['json', 'progress'],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    logLevel: 'warn',
  };
}

/** The score as Stryker counts it: detected over detected + undetected (errors and ignored left out). */
function summarise(source, results) {
  const detected = results.filter((r) => DETECTED.has(r.status)).length;
  const survivors = results.filter((r) => UNDETECTED.has(r.status));
  const valid = detected + survivors.length;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  return { source, score, detected, valid, survivors };
}

function printSurvivors({ source, survivors }) {
  for (const s of survivors) {
    const where = `${source}:${s.location.start.line}:${s.location.start.column + 1}`;
    console.log(
      `  ${s.status === 'NoCoverage' ? 'not covered' : 'survived'}  ${where}  ${s.mutatorName}  → ${s.replacement ?? ''}`,
    );
  }
}

function chosenModules(args) {
  if (args.length === 0) return MUTATION_MODULES;
  const chosen = MUTATION_MODULES.filter((m) => args.some((arg) => m.source.endsWith(arg)));
  if (chosen.length === 0)
    throw new Error(`No module matches ${args.join(', ')}. Known: ${MUTATION_MODULES.map((m) => m.source).join(', ')}`);
  return chosen;
}

const summaries = [];
for (const module of chosenModules(process.argv.slice(2))) {
  console.log(`\nMutating ${module.source} against ${module.tests.join(', ')}`);
  process.env.MUTATION_MODULE = module.source; // read by vitest.mutation.config.ts in Stryker's test runner processes
  const results = await new Stryker(strykerOptions(module)).runMutationTest();
  summaries.push(summarise(module.source, results));
}

console.log(`\nMutation scores (threshold ${MUTATION_THRESHOLD} %):`);
for (const summary of summaries) {
  console.log(
    `${summary.score.toFixed(1).padStart(6)} %  ${summary.source}  (${summary.detected}/${summary.valid} mutants killed)`,
  );
  printSurvivors(summary);
}
const below = summaries.filter((s) => s.score < MUTATION_THRESHOLD);
if (below.length > 0) {
  console.log(`\nUnder ${MUTATION_THRESHOLD} %: ${below.map((s) => s.source).join(', ')}`);
  process.exitCode = 1;
}
