/**
 * Screens to look at, not assertions: `SCREENSHOTS=1 npx playwright test screenshots --project=bridge`
 * writes PNGs of the tour (e2e/support/tour.ts) into screenshots/, named theme-size-screen.png, in
 * the light and dark themes and wide and narrow windows, for a person to open and check.
 */
import { mkdirSync } from 'node:fs';
import { test } from './support/fixtures';
import { tourScreens, TOUR_SIZES, TOUR_THEMES } from './support/tour';

test.skip(!process.env.SCREENSHOTS, 'screenshots are taken on demand: set SCREENSHOTS=1');
test.setTimeout(120_000);

for (const theme of TOUR_THEMES) {
  for (const size of TOUR_SIZES) {
    test(`screens in the ${theme} theme at ${size.name} width`, async ({
      app,
      workbench,
      sandbox,
      authorizationPages,
    }) => {
      mkdirSync('screenshots', { recursive: true });
      await app.emulateMedia({ colorScheme: theme });
      await tourScreens({ app, workbench, sandbox, authorizationPages }, size, async (screen) => {
        await app.screenshot({ path: `screenshots/${theme}-${size.name}-${screen}.png` });
      });
    });
  }
}
