/**
 * axe-core on every screen of the tour (e2e/support/tour.ts), in the light and dark themes and in
 * wide and narrow windows: no serious or critical WCAG 2.1 A/AA violation anywhere. Each screen is
 * checked softly, so one run lists every screen's violations, not only the first. And the code
 * editors take CodeMirror's light or dark base theme as the page shows light or dark.
 */
import { expectAccessible } from './support/axe';
import { expect, test } from './support/fixtures';
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

test("the code editor's base theme follows the page: the setting, and System as the OS changes", async ({
  app,
  workbench,
}) => {
  await workbench.setBody('{"title": "Flat"}');
  const editor = app.locator('.cm-editor', { has: workbench.bodyEditor });
  // Only CodeMirror's generated theme classes (cm-focused and the like come and go with focus).
  const classes = () =>
    editor.evaluate((element) => [...element.classList].filter((c) => !c.startsWith('cm-')).join(' '));
  // CodeMirror marks its light and dark base themes with a generated class each: the editor carries one.
  await app.emulateMedia({ colorScheme: 'light' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'system');
  const light = await classes();
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(classes).not.toBe(light);
  const dark = await classes();
  await app.emulateMedia({ colorScheme: 'light' });
  await expect.poll(classes).toBe(light);

  // A theme picked in Settings wins over the OS's.
  const settings = await workbench.openSettings();
  await settings.getByRole('combobox', { name: 'Theme', exact: true }).selectOption({ label: 'Dark' });
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(classes).toBe(dark);
});
