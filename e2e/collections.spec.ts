/** Collections, tabs, variables, history and imports, through the UI. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('Ctrl+S saves the request into a new collection as a readable file; unsaved changes are marked and closing asks', async ({
  app,
  workbench,
  sandbox,
  appData,
}) => {
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  const tab = app.getByRole('tab', { name: /Untitled request/ });
  await expect(tab).toHaveAccessibleName('Untitled request (unsaved changes)');

  await app.keyboard.press('ControlOrMeta+S');
  const dialog = app.getByRole('dialog', { name: 'Save request' });
  await dialog.getByRole('textbox', { name: 'Request name' }).fill('Echo');
  await dialog.getByRole('textbox', { name: 'New collection name' }).fill('Team requests');
  await dialog.getByRole('button', { name: 'Create collection' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByRole('tab', { name: 'Echo', exact: true })).toBeVisible();
  await expect(app.getByRole('treeitem', { name: 'Team requests' })).toBeVisible();
  await expect(app.getByRole('treeitem', { name: /Echo/ })).toBeVisible();

  const saved = filesUnder(join(appData.dataDir, 'collections')).filter((f) => f.endsWith('.request.json'));
  expect(saved).toHaveLength(1);
  const doc = JSON.parse(readFileSync(saved[0]!, 'utf8')) as { name: string; url: string };
  expect(doc).toMatchObject({ name: 'Echo', url: `${sandbox.origin}/sandbox/v1/echo` });

  await workbench.method('PUT');
  await expect(app.getByRole('tab', { name: 'Echo (unsaved changes)' })).toBeVisible();
  await app.getByTitle('Close Echo').click();
  const confirm = app.getByRole('dialog', { name: 'Save changes to “Echo”?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByRole('tab', { name: 'Echo (unsaved changes)' })).toBeVisible();
  await app.getByTitle('Close Echo').click();
  await confirm.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(app.getByRole('tab', { name: /Echo/ })).toHaveCount(0);
  expect(JSON.parse(readFileSync(saved[0]!, 'utf8'))).toMatchObject({ method: 'PUT' });
});

test('closing an untitled request with Save asks where, closes only once saved, and keeps it when the dialog is cancelled', async ({
  app,
  workbench,
  sandbox,
  appData,
}) => {
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo?kept=1`);
  await app.getByTitle('Close Untitled request').click();
  const confirm = app.getByRole('dialog', { name: 'Save changes to “Untitled request”?' });
  await confirm.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Save request' });
  await expect(dialog).toBeVisible();
  // The tab waits for the dialog: cancelling it keeps the tab and what was typed.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByRole('tab', { name: 'Untitled request (unsaved changes)' })).toBeVisible();
  await expect(workbench.urlField).toHaveValue(`${sandbox.origin}/sandbox/v1/echo?kept=1`);

  await app.getByTitle('Close Untitled request').click();
  await confirm.getByRole('button', { name: 'Save', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Request name' }).fill('Kept');
  await dialog.getByRole('textbox', { name: 'New collection name' }).fill('Closing');
  await dialog.getByRole('button', { name: 'Create collection' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  // The saved tab is closed (a fresh, clean tab replaces the last one).
  await expect(app.getByRole('tab', { name: /Kept|unsaved changes/ })).toHaveCount(0);
  const saved = filesUnder(join(appData.dataDir, 'collections')).filter((f) => f.endsWith('.request.json'));
  expect(saved.map((f) => JSON.parse(readFileSync(f, 'utf8')).url)).toEqual([
    `${sandbox.origin}/sandbox/v1/echo?kept=1`,
  ]);
});

test('a key typed into X-API-KEY becomes a secret variable: a notice, {{xApiKey}} in the file, still sent', async ({
  app,
  workbench,
  sandbox,
  appData,
}) => {
  await workbench.url(`${sandbox.origin}/taxonomy/v1/categories`);
  await workbench.addHeader('X-API-KEY', sandbox.apiKey);
  await app.keyboard.press('ControlOrMeta+S');
  const dialog = app.getByRole('dialog', { name: 'Save request' });
  await dialog.getByRole('textbox', { name: 'Request name' }).fill('Categories');
  await dialog.getByRole('textbox', { name: 'New collection name' }).fill('Keyed');
  await dialog.getByRole('button', { name: 'Create collection' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();

  await expect(app.getByRole('status').filter({ hasText: 'Saved “Categories”.' })).toContainText(
    'The credential in X-API-KEY is now the secret variable {{xApiKey}} (encrypted), not in the collection’s files.',
  );
  await expect(workbench.headerValues.last()).toHaveValue('{{xApiKey}}');
  await expect(app.getByRole('tab', { name: 'Categories', exact: true })).toBeVisible();
  if (process.env.SCREENSHOTS) await app.screenshot({ path: 'screenshots/literal-key-moved.png' });
  for (const file of filesUnder(join(appData.dataDir, 'collections')))
    expect(readFileSync(file, 'utf8'), file).not.toContain(sandbox.apiKey);

  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
});

test('the starter collection runs against the sandbox: the publish captures the advert uuid for the next requests', async ({
  app,
  workbench,
  sandbox,
  authorizationPages,
}) => {
  await workbench.target('Local sandbox');
  const credentials = await workbench.openCredentials();
  await workbench.authorizeCrmUser(credentials, 'Starter user', authorizationPages);
  await workbench.closeCredentials();

  await app.getByRole('button', { name: 'Add starter collection' }).first().click();
  const tree = app.getByRole('tree', { name: 'Collections' });
  await tree.getByRole('treeitem', { name: 'Publish an advert' }).click();
  await expect(app.getByLabel('Resolved URL')).toHaveText(`Sends to ${sandbox.origin}/advert/v1`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^202/);
  const uuid = /"uuid": "([0-9a-f-]{36})"/.exec(
    (await workbench.response().getByRole('textbox', { name: 'Response body' }).textContent()) ?? '',
  )?.[1];
  expect(uuid).toBeTruthy();
  await expect(workbench.response().getByLabel('Captured values')).toContainText(`{{advertUuid}} = ${uuid}`);

  await tree.getByRole('treeitem', { name: 'Advert metadata' }).click();
  await expect(app.getByLabel('Resolved URL')).toHaveText(`Sends to ${sandbox.origin}/advert/v1/${uuid}/meta`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  expect(sandbox.received.at(-1)!.path).toBe(`/advert/v1/${uuid}/meta`);
});

test('an unknown variable is flagged before sending, and an environment variable fills it', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await workbench.url('{{baseUrl}}/sandbox/v1/status/{{code}}');
  await expect(app.getByLabel('Resolved URL')).toContainText('unknown: {{code}}');
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.problems()).toContainText('Unknown variable {{code}} in the URL');
  expect(sandbox.received.length).toBe(before);

  await app.getByRole('button', { name: 'Variables', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: /Variables — Local sandbox/ });
  // The sandbox's address is the app's: shown with the reason, not editable, and its name cannot be taken.
  const baseUrl = dialog.getByRole('textbox', { name: 'Variable value' }).first();
  await expect(baseUrl).toHaveValue(sandbox.origin);
  await expect(baseUrl).not.toBeEditable();
  await expect(baseUrl).toHaveAccessibleDescription(/set by the app: it changes each time the sandbox starts/);
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByRole('textbox', { name: 'Variable name' }).last().fill('baseUrl');
  await dialog.getByRole('textbox', { name: 'Variable value' }).last().fill('https://elsewhere.example');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toContainText('“baseUrl” is set by the app in this scope: use another name.');
  await dialog.getByRole('textbox', { name: 'Variable name' }).last().fill('code');
  await dialog.getByRole('textbox', { name: 'Variable value' }).last().fill('201');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Saved.');
  await app.keyboard.press('Escape');
  await expect(app.getByLabel('Resolved URL')).toHaveText(`Sends to ${sandbox.origin}/sandbox/v1/status/201`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^201/);
});

test('history lists every send, searchable, and re-opens a request with secrets masked', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/sandbox/v1/status/204`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^204/);
  await workbench.target('Any HTTPS URL (no credentials)');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  await workbench.addHeader('X-API-KEY', 'typed-secret-123456');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);

  await app.getByRole('tab', { name: 'History' }).click();
  const list = app.getByRole('list', { name: 'History' });
  await expect(list.getByRole('button')).toHaveCount(2);
  await app.getByRole('searchbox', { name: 'Search history' }).fill('204');
  await expect(list.getByRole('button')).toHaveCount(1);
  await app.getByRole('searchbox', { name: 'Search history' }).fill('echo');
  await expect(list.getByRole('button')).toHaveCount(1);
  await expect(list.getByRole('button')).toHaveAccessibleName(/^GET .*echo/);
  await list.getByRole('button').click();
  await expect(workbench.urlField).toHaveValue(`${sandbox.origin}/sandbox/v1/echo`);
  const values = await workbench.headerValues.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(values).toContain('••••');
  expect(values).not.toContain('typed-secret-123456');
});

test('a cURL command pasted into the URL field becomes the request (the docs’ own example)', async ({
  app,
  workbench,
}) => {
  const command = [
    "curl --location --request POST 'https://api.olxgroup.com/advert/v1' \\",
    "--header 'Authorization: Bearer {{access_token}}' \\",
    "--header 'X-API-KEY: {{api_key}}' \\",
    "--header 'User-Agent: MyCRM' \\",
    "--header 'Content-Type: application/json' \\",
    '--data-raw @advert.json',
  ].join('\n');
  await workbench.urlField.click();
  await app.evaluate((text) => {
    const input = document.querySelector('input[aria-label="URL"]')!;
    const data = new DataTransfer();
    data.setData('text', text);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, command);
  await expect(workbench.urlField).toHaveValue('https://api.olxgroup.com/advert/v1');
  await expect(workbench.methodPicker).toHaveValue('POST');
  const names = await workbench.headerNames.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(names).toEqual(expect.arrayContaining(['User-Agent', 'Content-Type']));
  await expect(app.getByRole('status').filter({ hasText: 'cURL' })).toContainText(
    'The body comes from the file advert.json',
  );
});

test('a Postman collection imports through the dialog, listing what it left out', async ({ app }, testInfo) => {
  const postman = {
    info: {
      name: 'Partner API (Postman)',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'Adverts',
        item: [
          {
            name: 'Publish',
            event: [{ listen: 'test', script: { exec: ['pm.test("ok", () => console.log(pm.response.code))'] } }],
            request: {
              method: 'POST',
              url: '{{baseUrl}}/advert/v1',
              header: [{ key: 'Content-Type', value: 'application/json' }],
              body: { mode: 'raw', raw: '{}' },
            },
          },
        ],
      },
      { name: 'Categories', request: { method: 'GET', url: { raw: '{{baseUrl}}/taxonomy/v1/categories' } } },
    ],
    variable: [{ key: 'baseUrl', value: 'https://api.olxgroup.com' }],
  };
  const file = testInfo.outputPath('partner.postman_collection.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, JSON.stringify(postman));
  await app.getByRole('button', { name: 'Import…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Choose files').setInputFiles(file);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog).toContainText('Postman Collection v2.1');
  await expect(dialog.getByRole('list', { name: 'Not imported' })).toContainText('Publish');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const tree = app.getByRole('tree', { name: 'Collections' });
  await expect(tree.getByRole('treeitem', { name: 'Partner API (Postman)' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'Categories' })).toBeVisible();
});

test('the starter collection points at the Local sandbox by default and at production by switching environment', async ({
  app,
  sandbox,
}) => {
  await app.getByRole('button', { name: 'Add starter collection' }).click();
  await expect(app.getByRole('combobox', { name: 'Target' })).toHaveValue('sandbox');
  await app.getByRole('tree', { name: 'Collections' }).getByRole('treeitem', { name: 'Categories' }).click();
  await expect(app.getByLabel('Resolved URL')).toHaveText(`Sends to ${sandbox.origin}/taxonomy/v1/categories`);
  await app.getByRole('combobox', { name: 'Target' }).selectOption({ label: 'Production' });
  await expect(app.getByLabel('Resolved URL')).toHaveText('Sends to https://api.olxgroup.com/taxonomy/v1/categories');
});

test('a deleted request comes back with Undo, and a collection exports to Postman v2.1 without secrets', async ({
  app,
}) => {
  await app.getByRole('button', { name: 'Add starter collection' }).click();
  const tree = app.getByRole('tree', { name: 'Collections' });
  await tree.getByRole('button', { name: 'Actions for Categories' }).click();
  await app.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(tree.getByRole('treeitem', { name: 'Categories' })).toHaveCount(0);
  await app.getByRole('button', { name: 'Undo' }).click();
  await expect(tree.getByRole('treeitem', { name: 'Categories' })).toBeVisible();

  await tree.getByRole('button', { name: 'Actions for OLX Group Partner API' }).click();
  const download = app.waitForEvent('download');
  await app.getByRole('menuitem', { name: 'Export as Postman v2.1' }).click();
  const file = await (await download).path();
  const exported = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as {
    info: { schema: string };
    item: unknown[];
  };
  expect(exported.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
  expect(exported.item.length).toBeGreaterThan(0);
});

test('copy as cURL uses placeholders for credentials; with real values the main process writes the clipboard', async ({
  app,
  workbench,
  sandbox,
  clipboard,
  appMode,
}) => {
  test.skip(appMode === 'electron', 'reads what the bridge recorded of the clipboard');
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/taxonomy/v1/categories`);
  await app.getByRole('button', { name: 'More actions' }).click();
  await app.getByRole('menuitem', { name: 'Copy as cURL', exact: true }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Copied' })).toContainText('placeholders');
  const copied = await app.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`curl --location --request GET '${sandbox.origin}/taxonomy/v1/categories'`);
  expect(copied).toContain("--header 'X-API-KEY: {{apiKey}}'");
  expect(copied).not.toContain(sandbox.apiKey);

  await app.getByRole('button', { name: 'More actions' }).click();
  await app.getByRole('menuitem', { name: 'Copy as cURL with real credentials' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Copied' })).toContainText('real credentials');
  expect(clipboard.at(-1)).toContain(`--header 'X-API-KEY: ${sandbox.apiKey}'`);
  // The real value went to the clipboard from the main process, not through the page.
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(copied);
});

test('requests are renamed in place and moved between folders by drag and drop, on disk too', async ({
  app,
  appData,
}) => {
  await app.getByRole('button', { name: 'Add starter collection' }).click();
  const tree = app.getByRole('tree', { name: 'Collections' });
  await tree.getByRole('button', { name: 'Actions for Categories' }).click();
  await app.getByRole('menuitem', { name: 'Rename' }).click();
  await tree.getByRole('textbox', { name: 'New name' }).fill('All categories');
  await tree.getByRole('textbox', { name: 'New name' }).press('Enter');
  await expect(tree.getByRole('treeitem', { name: 'All categories' })).toBeVisible();
  const files = () => filesUnder(join(appData.dataDir, 'collections')).map((f) => f.slice(appData.dataDir.length));
  await expect.poll(files).toContainEqual(expect.stringMatching(/taxonomy\/all-categories\.request\.json$/));

  await tree.getByRole('treeitem', { name: 'Cities' }).dragTo(tree.getByRole('treeitem', { name: 'Adverts' }).first());
  // The tree is flat, as a screen reader reads it: a row's folder is the nearest row above it one level up.
  const folderOf = (name: string) =>
    tree.getByRole('treeitem', { name }).evaluate((item) => {
      // A row the tree has just re-rendered away: no answer yet, and the poll asks again.
      const rows = item.closest('[role="tree"]');
      if (!rows) return null;
      const items = [...rows.querySelectorAll('[role="treeitem"]')];
      const level = (row: Element) => Number(row.getAttribute('aria-level'));
      return items
        .slice(0, items.indexOf(item))
        .findLast((row) => level(row) < level(item))
        ?.getAttribute('aria-label');
    });
  await expect.poll(() => folderOf('Cities')).toBe('Adverts');
  await expect.poll(files).toContainEqual(expect.stringMatching(/adverts\/cities\.request\.json$/));
});

test('closing the window with unsaved requests asks first', async ({ app, workbench, appMode }) => {
  test.skip(appMode === 'electron', 'the question is a native dialog in the app');
  await workbench.url('https://api.olxgroup.com/taxonomy/v1/categories');
  // A user must have interacted with the page for Chromium to show a beforeunload prompt.
  await workbench.urlField.click();
  const asked = app.waitForEvent('dialog');
  await app.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  expect(app.isClosed()).toBe(false);
});
