import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The real `electron` package downloads its binary when required; tests never load it.
    alias: { electron: fileURLToPath(new URL('./test/support/fake-electron.ts', import.meta.url)) },
  },
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'test/**/*.test.ts',
      'scripts/**/*.test.ts',
      'renderer/src/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
