/**
 * End-to-end tests (docs/DESIGN.md, "Testing without the Electron binary"). The same specs run twice:
 *
 * - bridge: the renderer build in Debian's Chromium; window.api is the preload's createApi over
 *   page.exposeBinding, calling the real main-process handlers in the test process.
 * - electron: the real app (out/main/index.cjs) via _electron.launch, where the binary exists
 *   (node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH); elsewhere every test is reported
 *   skipped with the reason. The main process honours, for tests:
 *     WORKBENCH_DATA_DIR         the data folder to use instead of userData (fresh per test)
 *     WORKBENCH_SANDBOX_ORIGIN   use this running sandbox as the Local sandbox target …
 *     WORKBENCH_SANDBOX_API_KEY  … with this demo key, instead of starting one
 *     WORKBENCH_EXTRA_CA         a PEM file (the sandbox's CA) trusted for the session
 *     WORKBENCH_SANDBOX_CLIENT_ID / WORKBENCH_SANDBOX_CLIENT_SECRET  the sandbox's OAuth2 client
 *
 * Needs `npm run build` first. Flaky tests are fixed, never retried.
 */
import { defineConfig } from '@playwright/test';
import type { WorkbenchTestFixtures, WorkbenchWorkerFixtures } from './e2e/support/fixtures';

export default defineConfig<WorkbenchTestFixtures, WorkbenchWorkerFixtures>({
  testDir: 'e2e',
  // The bridge's bundle of the main process (e2e/support/bridge/load.mjs) is plain JS: not transpiled again.
  build: { external: ['**/e2e/.cache/**'] },
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['./e2e/support/skip-reasons.ts']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    {
      name: 'bridge',
      use: {
        appMode: 'bridge',
        headless: true,
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    {
      name: 'electron',
      use: { appMode: 'electron' },
    },
  ],
});
