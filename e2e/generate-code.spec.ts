/** "Generate code", as a user meets it: the language picked, the code shown without a secret, both copies, the keyboard. */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/fixtures';

test('Generate code shows Python reading the API key from the environment; with real values the main process writes the clipboard', async ({
  app,
  workbench,
  sandbox,
  clipboard,
  ipcLog,
  appMode,
}) => {
  test.skip(appMode === 'electron', 'reads what the bridge recorded of the clipboard');
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/taxonomy/v1/categories?lang=pl`);
  await app.getByRole('button', { name: 'More actions' }).click();
  await app.getByRole('menuitem', { name: 'Generate code…' }).click();

  const dialog = app.getByRole('dialog', { name: 'Generate code' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Python — requests' });
  const code = dialog.getByRole('region', { name: 'Python — requests code' });
  await expect(code).toContainText('import requests');
  await expect(code).toContainText('"X-API-KEY": os.environ["OLX_API_KEY"]');
  await expect(code).toContainText(`url = "${sandbox.origin}/taxonomy/v1/categories?lang=pl"`);
  await expect(code).not.toContainText(sandbox.apiKey);
  await expect(dialog).toContainText('Reads OLX_API_KEY from the environment');

  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    'Copied the Python — requests code, with the credentials read from the environment.',
  );
  const copied = await app.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await code.textContent());

  await dialog.getByRole('button', { name: 'Copy with real values' }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    'Copied the Python — requests code with the real credentials. Paste it only where it is safe.',
  );
  expect(clipboard.at(-1)).toContain(`"X-API-KEY": "${sandbox.apiKey}"`);
  // The real value went to the clipboard from the main process, never through the page.
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(copied);
  expect(JSON.stringify(ipcLog)).not.toContain(sandbox.apiKey);

  // Escape closes it and gives focus back to the menu's button.
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('button', { name: 'More actions' })).toBeFocused();
});

test('Ctrl/⌘+Shift+G opens Generate code in the last language chosen, and Tab stays inside it', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/taxonomy/v1/categories`);
  await workbench.urlField.focus();
  await app.keyboard.press('ControlOrMeta+Shift+G');
  const dialog = app.getByRole('dialog', { name: 'Generate code' });
  const language = dialog.getByRole('combobox', { name: 'Language' });
  await expect(language).toHaveValue('curl');
  await language.selectOption({ label: 'Go — net/http' });
  await expect(dialog.getByRole('region', { name: 'Go — net/http code' })).toContainText(
    'req.Header.Add("X-API-KEY", os.Getenv("OLX_API_KEY"))',
  );
  const { violations } = await new AxeBuilder({ page: app }).include('.code-dialog').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(workbench.urlField).toBeFocused();

  await app.keyboard.press('ControlOrMeta+Shift+G');
  await expect(language).toHaveValue('go');
  // Tab from the last control wraps to the first: the page behind is never reached.
  await dialog.getByRole('button', { name: 'Close' }).focus();
  await app.keyboard.press('Tab');
  await expect(language).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
});

test('a request with a variable that has no value gets a sentence instead of code', async ({ app, workbench }) => {
  await workbench.url('https://api.olxgroup.com/advert/v1/{{advertId}}');
  await app.keyboard.press('ControlOrMeta+Shift+G');
  const dialog = app.getByRole('dialog', { name: 'Generate code' });
  await expect(dialog.getByRole('alert')).toContainText('Unknown variable {{advertId}} in the URL');
  await expect(dialog.getByRole('button', { name: 'Copy', exact: true })).toBeDisabled();
});

test('screens of Generate code, light and dark, wide and narrow', async ({ app, workbench }) => {
  test.skip(!process.env.SCREENSHOTS, 'screenshots are taken on demand: set SCREENSHOTS=1');
  mkdirSync('screenshots', { recursive: true });
  await workbench.target('Local sandbox');
  await app.getByRole('combobox', { name: 'Example request' }).selectOption('publish');
  await app.getByRole('button', { name: 'More actions' }).click();
  await app.screenshot({ path: 'screenshots/wide-more-actions-menu.png' });
  await app.getByRole('menuitem', { name: 'Generate code…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Generate code' });
  for (const [label, name] of [
    ['Java — HttpClient', 'java'],
    ['PHP — Guzzle', 'guzzle'],
  ] as const) {
    await dialog.getByRole('combobox', { name: 'Language' }).selectOption({ label });
    await expect(dialog.getByRole('region', { name: `${label} code` })).toContainText('advert');
    for (const { width, height, size } of [
      { width: 1400, height: 860, size: 'wide' },
      { width: 700, height: 860, size: 'narrow' },
    ])
      for (const colorScheme of ['light', 'dark'] as const) {
        await app.setViewportSize({ width, height });
        await app.emulateMedia({ colorScheme });
        await app.screenshot({ path: `screenshots/${size}-code-${name}-${colorScheme}.png` });
      }
  }
  await dialog.getByRole('checkbox', { name: 'Wrap long lines' }).check();
  await app.screenshot({ path: 'screenshots/narrow-code-guzzle-wrapped-dark.png' });
});
