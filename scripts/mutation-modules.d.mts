// Types for mutation-modules.mjs (imported by vitest.mutation.config.ts).
export declare const MUTATION_MODULES: ReadonlyArray<{ source: string; tests: readonly string[] }>;
export declare const MUTATION_THRESHOLD: number;
