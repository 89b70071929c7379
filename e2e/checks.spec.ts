/**
 * Checks (assertions) through the UI against the sandbox: added in the request editor, run on the
 * send by the main process, listed in the response pane with expected and actual for a failure,
 * saved with the request and back when it is opened again, and a secret the sandbox echoes masked.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The request's Checks section, opened. */
async function checksSection(app: Page): Promise<Locator> {
  const section = app.locator('details.checks');
  if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
  await expect(section).toHaveAttribute('open', '');
  return section;
}

/** Adds a JSON value check (the new row is the last one) and fills it in. */
async function addJsonCheck(app: Page, path: string, operator: string, expected: string): Promise<void> {
  const section = await checksSection(app);
  await section.getByRole('button', { name: 'Add check', exact: true }).click();
  const row = section.getByRole('listitem').last();
  await row.getByRole('textbox', { name: 'Check JSONPath' }).fill(path);
  await row.getByRole('combobox', { name: 'Check operator' }).selectOption({ label: operator });
  if (expected) await row.getByRole('textbox', { name: 'Expected value' }).fill(expected);
}

test('checks added in the editor run on the send: a pass, a failure with expected and actual, a secret masked', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await workbench.get(`${sandbox.origin}/sandbox/v1/echo`);
  await expect(workbench.statusLine()).toHaveText(/^200/);
  // Before any check: the Checks tab says how to add one rather than showing nothing.
  await workbench
    .response()
    .getByRole('tab', { name: /Checks/ })
    .click();
  await expect(workbench.response().getByText('No checks ran')).toBeVisible();

  const section = await checksSection(app);
  await section.getByRole('button', { name: '+ Status is 200' }).click();
  await addJsonCheck(app, '$.data.method', 'equals', 'POST');
  // The sandbox echoes the request's headers, the demo API key among them.
  await addJsonCheck(app, "$.data.headers['x-api-key']", 'equals', 'not-the-key');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);

  const summary = workbench.response().getByRole('status', { name: 'Checks summary' });
  await expect(summary).toHaveText(/1 of 3 checks passed/);
  await workbench
    .response()
    .getByRole('tab', { name: /Checks/ })
    .click();
  const results = workbench.response().getByRole('list', { name: 'Check results' });
  await expect(results.getByRole('listitem')).toHaveCount(3);
  await expect(results.getByRole('listitem', { name: 'Passed: status is 200' })).toBeVisible();
  const method = results.getByRole('listitem', { name: 'Failed: $.data.method is POST' });
  await expect(method).toContainText('ExpectedPOST');
  await expect(method).toContainText('Actual"GET"');

  const key = results.getByRole('listitem', { name: /Failed: .*x-api-key/ });
  await expect(key).toContainText('••••');
  await expect(key).not.toContainText(sandbox.apiKey);
  expect(sandbox.received.at(-1)!.headers['x-api-key']).toBe(sandbox.apiKey);
});

test('a check that breaks a rule says why beside its row and the request is not sent', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  const section = await checksSection(app);
  await section.getByRole('button', { name: 'Add check', exact: true }).click();
  const row = section.getByRole('listitem').last();
  // The new row's JSONPath has the focus: typing goes on from the keyboard.
  await expect(row.getByRole('textbox', { name: 'Check JSONPath' })).toBeFocused();
  await row.getByRole('combobox', { name: 'Check subject' }).selectOption({ label: 'Header' });
  // Only the operators a header check takes are offered.
  await expect(row.getByRole('combobox', { name: 'Check operator' }).getByRole('option')).toHaveText([
    'exists',
    'does not exist',
    'equals',
    'contains',
    'matches',
  ]);
  await expect(row.getByText('A header check needs a header name.')).toBeVisible();
  const received = sandbox.received.length;
  await workbench.send();
  await expect(workbench.problems()).toContainText('Check 1: A header check needs a header name.');
  expect(sandbox.received.length).toBe(received);

  await row.getByRole('textbox', { name: 'Check header name' }).fill('Content-Type');
  await row.getByRole('combobox', { name: 'Check operator' }).selectOption({ label: 'matches' });
  await row.getByRole('textbox', { name: 'Expected value' }).fill('^application/json');
  await workbench.send();
  await expect(workbench.response().getByRole('status', { name: 'Checks summary' })).toHaveText(/1 of 1 check passed/);
});

test('checks are saved in the request file and come back when the request is opened again', async ({
  app,
  workbench,
  sandbox,
  appData,
}) => {
  await workbench.url(`${sandbox.origin}/sandbox/v1/status/201`);
  const section = await checksSection(app);
  await section.getByRole('button', { name: '+ Status is success' }).click();
  await addJsonCheck(app, '$.data', 'exists', '');
  await section.getByRole('listitem').last().getByRole('checkbox', { name: 'Run check 2' }).uncheck();

  await app.keyboard.press('ControlOrMeta+S');
  const dialog = app.getByRole('dialog', { name: 'Save request' });
  await dialog.getByRole('textbox', { name: 'Request name' }).fill('Created');
  await dialog.getByRole('textbox', { name: 'New collection name' }).fill('Checked');
  await dialog.getByRole('button', { name: 'Create collection' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByRole('tab', { name: 'Created', exact: true })).toBeVisible();

  const [file] = filesUnder(join(appData.dataDir, 'collections')).filter((f) => f.endsWith('.request.json'));
  expect(JSON.parse(readFileSync(file!, 'utf8')).checks).toEqual([
    { on: 'status', target: '', op: 'kind', expected: 'success', enabled: true },
    { on: 'json', target: '$.data', op: 'exists', expected: '', enabled: false },
  ]);

  // A change to a check marks the tab; undoing it by hand clears the mark.
  const kind = section.getByRole('combobox', { name: 'Expected kind' });
  await kind.selectOption('client-error');
  await expect(app.getByRole('tab', { name: 'Created (unsaved changes)' })).toBeVisible();
  await kind.selectOption('success');
  await expect(app.getByRole('tab', { name: 'Created', exact: true })).toBeVisible();

  await app.getByTitle('Close Created').click();
  await app.getByRole('treeitem', { name: /Created/ }).click();
  // The request opens in its own tab; the section is looked up once that tab is the one shown.
  await expect(app.getByRole('tab', { name: 'Created', exact: true })).toHaveAttribute('aria-selected', 'true');
  const reopened = await checksSection(app);
  const rows = reopened.getByRole('list', { name: 'Checks' }).getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByRole('combobox', { name: 'Expected kind' })).toHaveValue('success');
  await expect(rows.last().getByRole('textbox', { name: 'Check JSONPath' })).toHaveValue('$.data');
  await expect(rows.last().getByRole('checkbox', { name: 'Run check 2' })).not.toBeChecked();

  await workbench.send();
  await expect(workbench.response().getByRole('status', { name: 'Checks summary' })).toHaveText(/1 of 1 check passed/);
});

test.describe('screens of the checks', () => {
  test.skip(!process.env.SCREENSHOTS, 'screenshots are taken on demand: set SCREENSHOTS=1');
  test.setTimeout(120_000);
  const sizes = [
    { name: 'wide', width: 1400, height: 860 },
    { name: 'narrow', width: 760, height: 900 },
  ];
  for (const size of sizes) {
    test(`checks at ${size.name} width`, async ({ app, workbench, sandbox }) => {
      mkdirSync('screenshots', { recursive: true });
      const shot = (name: string) => app.screenshot({ path: `screenshots/${size.name}-${name}.png` });
      await app.setViewportSize({ width: size.width, height: size.height });
      await workbench.target('Local sandbox');
      await workbench.url(`${sandbox.origin}/sandbox/v1/echo?note=${'long-value-'.repeat(12)}`);
      const section = await checksSection(app);
      await section.getByRole('button', { name: '+ Status is 200' }).click();
      await section.getByRole('button', { name: '+ Status is success' }).click();
      await addJsonCheck(app, '$.data.method', 'equals', 'POST');
      await addJsonCheck(app, "$.data.headers['x-api-key']", 'equals', '{{expectedKey}}');
      await addJsonCheck(app, '$.data.path', 'matches', '/[/');
      await addJsonCheck(app, '$.data.path', 'equals', `/sandbox/v1/echo?note=${'other-value-'.repeat(12)}`);
      await section.getByRole('button', { name: 'Add check', exact: true }).click();
      const schema = section.getByRole('listitem').last();
      await schema.getByRole('combobox', { name: 'Check subject' }).selectOption({ label: 'JSON Schema' });
      await section.getByRole('button', { name: 'Add check', exact: true }).click();
      await section
        .getByRole('listitem')
        .last()
        .getByRole('combobox', { name: 'Check subject' })
        .selectOption({ label: 'Header' });
      await shot('checks-editor');
      await section
        .getByRole('listitem')
        .last()
        .getByRole('button', { name: /Remove/ })
        .click();
      await workbench.send();
      await expect(workbench.response().getByRole('status', { name: 'Checks summary' })).toBeVisible();
      await shot('checks-summary');
      await workbench
        .response()
        .getByRole('tab', { name: /Checks/ })
        .click();
      await workbench.response().getByRole('list', { name: 'Check results' }).scrollIntoViewIfNeeded();
      await shot('checks-results');
    });
  }
});
