/**
 * Folder auth through the UI: a folder's "Auth…" dialog sets what the requests in it inherit; the
 * request's Auth picker says where its auth comes from, the headers the app adds show it, and the
 * sandbox receives it. The dialog keeps focus inside and gives it back when it closes. With
 * SCREENSHOTS=1 it also writes the dialog and the request's picker, light and dark, wide and narrow,
 * into screenshots/, and checks the dialog with axe.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/fixtures';
import { exportedCollection, importCollection } from './support/runner-steps';

/** "Folder auth": no auth of its own, a folder (named "Listings") with one request that inherits, and one at the top. */
function folderAuthCollection(origin: string, folder = 'Listings') {
  const echo = (name: string, query: string) => ({
    kind: 'request' as const,
    request: {
      name,
      method: 'GET',
      url: `${origin}/sandbox/v1/echo?${query}`,
      headers: [],
      body: '',
      auth: { mode: 'inherit' },
      captures: [],
    },
  });
  return exportedCollection('Folder auth', [
    { kind: 'folder', name: folder, children: [echo('Echo listing', 'listing=1')] },
    echo('Echo top', 'top=1'),
  ]);
}

test('a folder’s auth is what its requests inherit: the picker says so, the app adds it and the sandbox receives it', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await importCollection(app, folderAuthCollection(sandbox.origin), 'Listings');
  const tree = app.getByRole('tree', { name: 'Collections' });
  const auth = app.getByRole('combobox', { name: 'Auth', exact: true });

  await tree.getByRole('treeitem', { name: 'Echo listing' }).click();
  await expect(auth.locator('option:checked')).toHaveText('Inherited from the collection (None)');

  // The folder's ⋯ menu → Auth…: a modal dialog, its picker on "Inherited from the collection".
  const actions = tree.getByRole('button', { name: 'Actions for Listings', exact: true });
  await actions.click();
  await app.getByRole('menuitem', { name: 'Auth…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Auth of “Listings”' });
  await expect(dialog).toBeVisible();
  const folderAuth = dialog.getByRole('combobox', { name: 'Auth', exact: true });
  await expect(folderAuth.locator('option:checked')).toHaveText('Inherited from the collection (None)');
  // Focus stays inside: Tab from the last control comes back to the first, Shift+Tab goes round the other way.
  const save = dialog.getByRole('button', { name: 'Save' });
  await save.focus();
  await app.keyboard.press('Tab');
  await expect(folderAuth).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(save).toBeFocused();

  await folderAuth.selectOption({ label: 'API key' });
  await save.click();
  await expect(dialog).toBeHidden();
  await expect(actions).toBeFocused();

  // The open request now inherits the folder's API key: the picker names the folder, the headers show the key.
  await expect(auth.locator('option:checked')).toHaveText('Inherited from folder “Listings” (API key)');
  const added = app.getByRole('list', { name: 'Headers from credentials' });
  await expect(added).toContainText('X-API-KEY');
  await expect(added).toContainText('from credentials');
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  const received = sandbox.received.slice(before);
  expect(received.map((r) => r.headers['x-api-key'])).toEqual([sandbox.apiKey]);
  // The sandbox echoes the headers it received: the key is there, masked as the app shows every secret.
  await expect(workbench.responseBody()).toContainText('x-api-key');
  await expect(workbench.responseBody()).not.toContainText(sandbox.apiKey);

  // A request outside the folder still inherits the collection's: nothing is added, nothing is sent.
  await tree.getByRole('treeitem', { name: 'Echo top' }).click();
  await expect(auth.locator('option:checked')).toHaveText('Inherited from the collection (None)');
  await expect(added).toHaveCount(0);
  const beforeTop = sandbox.received.length;
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  expect(sandbox.received.slice(beforeTop).map((r) => r.headers['x-api-key'])).toEqual([undefined]);

  // Escape closes the dialog without saving and gives focus back.
  await actions.click();
  await app.getByRole('menuitem', { name: 'Auth…' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Auth', exact: true })).toHaveValue('api-key');
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(actions).toBeFocused();
});

test('screens of the folder’s auth dialog, light and dark, wide and narrow, with no serious accessibility violation', async ({
  app,
  sandbox,
}) => {
  test.skip(!process.env.SCREENSHOTS, 'screenshots are taken on demand: set SCREENSHOTS=1');
  test.setTimeout(120_000);
  mkdirSync('screenshots', { recursive: true });
  const folder = 'Listings for the Warsaw and Kraków offices, agents and their drafts';
  await importCollection(app, folderAuthCollection(sandbox.origin, folder), folder);
  const tree = app.getByRole('tree', { name: 'Collections' });
  await tree.getByRole('treeitem', { name: 'Echo listing' }).click();
  for (const size of [
    { name: 'wide', width: 1400, height: 860 },
    { name: 'narrow', width: 700, height: 900 },
  ]) {
    await app.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme });
      if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
      await tree.getByRole('button', { name: /^Actions for Listings/ }).click();
      await app.getByRole('menuitem', { name: 'Auth…' }).click();
      const dialog = app.getByRole('dialog', { name: /^Auth of/ });
      await dialog.getByRole('combobox', { name: 'Auth', exact: true }).selectOption({ label: 'API key + Bearer' });
      await app.screenshot({ path: `screenshots/${size.name}-${scheme}-folder-auth-dialog.png` });
      const axe = await new AxeBuilder({ page: app }).include('dialog[open]').analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toBeHidden();
      if (size.name === 'narrow')
        await app.locator('.sidebar-backdrop').click({ position: { x: size.width - 30, y: 300 } });
      await app.screenshot({ path: `screenshots/${size.name}-${scheme}-folder-auth-request.png` });
    }
  }
});
