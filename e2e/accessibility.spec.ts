/**
 * axe-core on every screen of the tour (e2e/support/tour.ts), in the light and dark themes and in
 * wide and narrow windows: no serious or critical WCAG 2.1 A/AA violation anywhere. Each screen is
 * checked softly, so one run lists every screen's violations, not only the first.
 */
import { expectAccessible } from './support/axe';
import { test } from './support/fixtures';
import { tourScreens, TOUR_SIZES, TOUR_THEMES } from './support/tour';

test.setTimeout(180_000);

for (const theme of TOUR_THEMES) {
  for (const size of TOUR_SIZES) {
    test(`no serious or critical axe violation in the ${theme} theme at ${size.name} width`, async ({
      app,
      workbench,
      sandbox,
      authorizationPages,
    }) => {
      await app.emulateMedia({ colorScheme: theme });
      await tourScreens({ app, workbench, sandbox, authorizationPages }, size, (screen) =>
        expectAccessible(app, `${theme} ${size.name} ${screen}`),
      );
    });
  }
}
