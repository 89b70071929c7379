/**
 * A Globals secret goes only to its allowed origins: a send to another origin is refused in the UI
 * with a sentence that names the variable (never its value) and the origin and says how to allow
 * it; adding the origin in the Variables dialog lets it through. Two origins of one sandbox:
 * 127.0.0.1 and localhost.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from './support/fixtures';

const TOKEN = 'e2e-partner-token-4711';

test('a secret variable is refused for an origin it is not allowed, and the allowed-origins editor lets it through', async ({
  app,
  workbench,
  sandbox,
}) => {
  const elsewhere = sandbox.origin.replace('127.0.0.1', 'localhost');
  mkdirSync('screenshots', { recursive: true });
  await workbench.target('Any HTTPS URL (no credentials)');

  const openGlobals = async () => {
    await app.getByRole('button', { name: 'Variables', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: /Variables — / });
    await dialog.getByRole('combobox', { name: 'Scope' }).selectOption('global');
    await expect(dialog).toHaveAccessibleName('Variables — Globals');
    return dialog;
  };
  let dialog = await openGlobals();
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByRole('textbox', { name: 'Variable name' }).last().fill('partnerToken');
  await dialog.getByRole('checkbox', { name: 'Secret partnerToken' }).check();
  await dialog.getByRole('textbox', { name: 'Variable value' }).last().fill(TOKEN);
  await dialog.getByRole('textbox', { name: 'Allowed origins of partnerToken' }).fill(`${sandbox.origin}/`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Saved.');
  await expect(dialog.getByRole('textbox', { name: 'Allowed origins of partnerToken' })).toHaveValue(sandbox.origin);
  await app.keyboard.press('Escape');

  // To another origin: refused before anything is sent, with the sentence.
  await workbench.url(`${elsewhere}/sandbox/v1/echo?t={{partnerToken}}`);
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.problems()).toContainText(
    `The secret variable {{partnerToken}} of Globals may go only to ${sandbox.origin}; this request would send it to ${elsewhere}, so nothing was sent.`,
  );
  await expect(workbench.problems()).toContainText(
    `add ${elsewhere} to the allowed origins of {{partnerToken}} in Variables (Globals)`,
  );
  await expect(workbench.problems()).not.toContainText(TOKEN);
  expect(sandbox.received.length).toBe(before);
  await app.screenshot({ path: 'screenshots/secret-origin-refused.png' });

  // The user allows the other origin too.
  dialog = await openGlobals();
  const origins = dialog.getByRole('textbox', { name: 'Allowed origins of partnerToken' });
  await origins.fill(`${sandbox.origin}, ${elsewhere}`);
  await dialog.screenshot({ path: 'screenshots/secret-origin-editor.png' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Saved.');
  await app.keyboard.press('Escape');

  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  expect(sandbox.received.at(-1)!.path).toBe(`/sandbox/v1/echo?t=${TOKEN}`);
  expect(sandbox.received.at(-1)!.headers.host).toMatch(/^localhost:/);
});
