/** The keyboard shortcuts and the sheet that lists them (Ctrl/⌘+/), pressed as a user would. */
import { expect, test } from './support/fixtures';

test('tabs open, move, close and ask with the keyboard alone', async ({ app, workbench, sandbox }) => {
  const tabs = app.getByRole('tablist', { name: 'Open requests' }).getByRole('tab');
  await expect(tabs).toHaveCount(1);
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo?first=1`);

  await app.keyboard.press('ControlOrMeta+T');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(workbench.urlField).toHaveValue('');

  await app.keyboard.press('Control+Shift+Tab');
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(workbench.urlField).toHaveValue(`${sandbox.origin}/sandbox/v1/echo?first=1`);
  await app.keyboard.press('Control+Tab');
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('ControlOrMeta+PageUp');
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('ControlOrMeta+PageDown');
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');

  // A tab without changes closes at once; one with changes asks first, as its close button does.
  await app.keyboard.press('ControlOrMeta+W');
  await expect(tabs).toHaveCount(1);
  await app.keyboard.press('ControlOrMeta+W');
  const confirm = app.getByRole('dialog', { name: 'Save changes to “Untitled request”?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(tabs).toHaveCount(1);
  await expect(workbench.urlField).toHaveValue(`${sandbox.origin}/sandbox/v1/echo?first=1`);
});

test('Ctrl/⌘+L goes to the URL, Ctrl/⌘+Enter sends and Ctrl/⌘+F searches the response', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  await app.getByRole('button', { name: 'New request' }).focus();

  await app.keyboard.press('ControlOrMeta+L');
  await expect(workbench.urlField).toBeFocused();
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect(workbench.statusLine()).toHaveText(/^200/);

  // Focus is still in the URL field: the search still opens in the response's body.
  await expect(workbench.urlField).toBeFocused();
  await app.keyboard.press('ControlOrMeta+F');
  await expect(workbench.response().getByRole('textbox', { name: /^(Find|Search response body)$/ })).toBeFocused();
});

test('Ctrl/⌘+/ shows every shortcut as this OS writes it, and Escape gives focus back', async ({ app, workbench }) => {
  await workbench.urlField.focus();
  await app.keyboard.press('ControlOrMeta+/');
  const sheet = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  const mac = process.platform === 'darwin';
  const rows = sheet.getByRole('row');
  await expect(rows.filter({ hasText: 'New tab' })).toContainText(mac ? '⌘T' : 'Ctrl+T');
  await expect(rows.filter({ hasText: 'Send the request' })).toContainText(mac ? '⌘↩' : 'Ctrl+Enter');
  await expect(rows.filter({ hasText: 'Previous tab' })).toContainText(mac ? '⌃⇧⇥' : 'Ctrl+Shift+Tab');
  await expect(rows.filter({ hasText: 'Go to the URL' })).toContainText(mac ? '⌘L' : 'Ctrl+L');
  await expect(rows.filter({ hasText: 'Show the keyboard shortcuts' })).toContainText(mac ? '⌘/' : 'Ctrl+/');

  if (process.env.SCREENSHOTS) {
    await app.screenshot({ path: 'screenshots/wide-shortcuts-sheet.png' });
    await app.setViewportSize({ width: 420, height: 760 });
    await app.screenshot({ path: 'screenshots/narrow-shortcuts-sheet.png' });
  }

  // While the sheet is open the app behind it ignores its shortcuts.
  await app.keyboard.press('ControlOrMeta+T');
  await expect(app.getByRole('tablist', { name: 'Open requests' }).getByRole('tab')).toHaveCount(1);

  // Focus is in the sheet and stays there: Tab and Shift+Tab never reach the app behind it.
  const close = sheet.getByRole('button', { name: 'Close' });
  await expect(close).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(close).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(close).toBeFocused();

  await app.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(workbench.urlField).toBeFocused();

  // The Close button and the shortcut again close it too, focus back each time.
  await app.keyboard.press('ControlOrMeta+/');
  await close.click();
  await expect(sheet).toBeHidden();
  await expect(workbench.urlField).toBeFocused();
});

test('the application menu runs the same commands as the keys and buttons', async ({
  app,
  workbench,
  menuCommand,
  sandbox,
}) => {
  const tabs = app.getByRole('tablist', { name: 'Open requests' }).getByRole('tab');
  await expect(tabs).toHaveCount(1);
  await menuCommand('newTab');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');

  // Format Body: the body editor's Format, and a sentence when the JSON does not parse.
  await workbench.method('POST');
  await workbench.setBody('{"a":1,"b":[1,2]}');
  await menuCommand('formatBody');
  await expect(app.getByRole('textbox', { name: 'Request body' })).toContainText('"a": 1,');
  await workbench.setBody('{"a":');
  await menuCommand('formatBody');
  await expect(app.getByRole('status').filter({ hasText: 'not valid JSON' })).toBeVisible();

  // Send and Go to URL, as Ctrl/⌘+Enter and Ctrl/⌘+L do.
  await workbench.setBody('');
  await workbench.method('GET');
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  await menuCommand('send');
  await expect(workbench.statusLine()).toHaveText(/^200/);
  await app.getByRole('button', { name: 'New request' }).focus();
  await menuCommand('focusUrl');
  await expect(workbench.urlField).toBeFocused();

  // Commands that had only buttons: the sidebar, New Collection, Import, the theme, Settings.
  const sidebar = app.getByRole('complementary', { name: 'Sidebar' });
  await expect(sidebar).toBeVisible();
  await menuCommand('toggleSidebar');
  await expect(sidebar).toBeHidden();
  await menuCommand('newCollection');
  await expect(sidebar.getByRole('textbox', { name: 'Collection name' })).toBeFocused();
  await app.keyboard.press('Escape');
  await menuCommand('import');
  const importDialog = app.getByRole('dialog', { name: 'Import', exact: true });
  await expect(importDialog).toBeVisible();
  // A modal dialog has the keyboard and the menu: the app behind it does nothing.
  await menuCommand('newTab');
  await expect(tabs).toHaveCount(2);
  await app.keyboard.press('Escape');
  await expect(importDialog).toBeHidden();

  const theme = await app.evaluate(() => document.documentElement.dataset.theme);
  await menuCommand('toggleTheme');
  await expect(app.locator('html')).toHaveAttribute('data-theme', theme === 'dark' ? 'light' : 'dark');
  await menuCommand('toggleTheme');
  await expect(app.locator('html')).toHaveAttribute('data-theme', theme === 'dark' ? 'dark' : 'light');
  await menuCommand('settings');
  await expect(app.getByRole('dialog', { name: 'Settings' })).toBeVisible();
});
