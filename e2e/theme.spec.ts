/**
 * The theme setting through the UI: Light and Dark change the app's and a status badge's colours at
 * once and after a reload; System follows the OS's light or dark appearance (prefers-color-scheme).
 * With SCREENSHOTS=1, the main screen with a response, Settings and the Checks results are also
 * written in both themes into screenshots/ for a person to open and check.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { Workbench } from './support/workbench';

const LIGHT = { background: 'rgb(255, 255, 255)', success: 'rgb(17, 99, 41)' };
const DARK = { background: 'rgb(14, 17, 22)', success: 'rgb(63, 185, 80)' };

async function pickTheme(workbench: Workbench, label: 'System' | 'Light' | 'Dark'): Promise<void> {
  const settings = await workbench.openSettings();
  await settings.getByRole('combobox', { name: 'Theme', exact: true }).selectOption({ label });
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(settings).toBeHidden();
}

async function expectColours(app: Page, badge: Locator, colours: typeof LIGHT): Promise<void> {
  await expect.poll(() => app.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(colours.background);
  await expect(badge).toHaveCSS('color', colours.success);
}

test('Light, Dark and System in Settings recolour the app and its status badge; System follows the OS', async ({
  app,
  workbench,
  sandbox,
}) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  await workbench.target('Local sandbox');
  await workbench.get(`${sandbox.origin}/sandbox/v1/echo`);
  const badge = workbench.statusLine();
  await expect(badge).toHaveText(/^200/);
  await expectColours(app, badge, DARK);

  await pickTheme(workbench, 'Light');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  await expectColours(app, badge, LIGHT);

  await pickTheme(workbench, 'Dark');
  await app.emulateMedia({ colorScheme: 'light' });
  await expectColours(app, badge, DARK);

  await pickTheme(workbench, 'System');
  await expectColours(app, badge, LIGHT);
  await app.emulateMedia({ colorScheme: 'dark' });
  await expectColours(app, badge, DARK);

  // Kept: after a reload the saved choice is back, and the dialog shows it.
  await pickTheme(workbench, 'Light');
  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(() => app.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(LIGHT.background);
  const settings = await workbench.openSettings();
  await expect(settings.getByRole('combobox', { name: 'Theme', exact: true })).toHaveValue('light');
});

test('screens in both themes', async ({ app, workbench, sandbox }) => {
  test.skip(!process.env.SCREENSHOTS, 'screenshots are taken on demand: set SCREENSHOTS=1');
  test.setTimeout(120_000);
  mkdirSync('screenshots', { recursive: true });
  await app.setViewportSize({ width: 1400, height: 860 });
  await workbench.target('Local sandbox');
  // A 409 with a "status is 200" check: a client-error badge and a failed check to look at.
  await workbench.method('GET');
  await workbench.url(`${sandbox.origin}/sandbox/v1/status/409`);
  await app.locator('details.checks summary').click();
  await app.locator('details.checks').getByRole('button', { name: '+ Status is 200' }).click();
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^409/);
  const tab = (name: RegExp) => workbench.response().getByRole('tab', { name }).click();
  for (const theme of ['Light', 'Dark'] as const) {
    const shot = (name: string) => app.screenshot({ path: `screenshots/theme-${theme.toLowerCase()}-${name}.png` });
    await pickTheme(workbench, theme);
    await tab(/Body/);
    await shot('response');
    const settings = await workbench.openSettings();
    await shot('settings');
    await settings.getByRole('button', { name: 'Close', exact: true }).click();
    await tab(/Checks/);
    await shot('checks');
  }
});
