// The unit tests `npm run mutation` runs, with the same `electron` alias: only the own tests of the module named in
// MUTATION_MODULE (all the modules' when unset). Chosen here rather than with Stryker's `testFiles`, which in 9.6 activates
// static mutants after their module has loaded, so that tests cannot kill them (stryker-js issue #6144).
import { defineConfig } from 'vitest/config';
import base from './vitest.config';
import { MUTATION_MODULES } from './scripts/mutation-modules.mjs';

const chosen = MUTATION_MODULES.filter(
  (module) => !process.env.MUTATION_MODULE || module.source === process.env.MUTATION_MODULE,
);

export default defineConfig({
  ...base,
  test: { ...base.test, include: chosen.flatMap((module) => module.tests) },
});
