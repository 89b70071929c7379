/**
 * The modules `npm run mutation` scores, each with the unit tests that must kill its mutants. A
 * module is scored by its own tests only, so a mutant killed by some far-away integration test
 * still counts as a gap in the tests that are meant to guard it. Read by scripts/mutation.mjs and
 * by vitest.mutation.config.ts (which runs only these tests).
 */
export const MUTATION_MODULES = [
  { source: 'electron/main/http/redirects.ts', tests: ['electron/main/http/redirects.test.ts'] },
  { source: 'electron/main/credentials/secret-forms.ts', tests: ['electron/main/credentials/secret-forms.test.ts'] },
  { source: 'electron/main/response/redactor.ts', tests: ['electron/main/response/redactor.test.ts'] },
  { source: 'electron/main/variables/resolve.ts', tests: ['electron/main/variables/resolve.test.ts'] },
  { source: 'shared/validate.ts', tests: ['shared/validate.test.ts'] },
  { source: 'electron/main/io/curl.ts', tests: ['electron/main/io/curl.test.ts'] },
  { source: 'shared/headers.ts', tests: ['shared/headers.test.ts'] },
  { source: 'shared/status-codes.ts', tests: ['shared/status-codes.test.ts'] },
];

/** The score each module must keep (per cent of mutants its tests kill). */
export const MUTATION_THRESHOLD = 90;
