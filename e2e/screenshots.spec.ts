/**
 * Screens to look at, not assertions: `SCREENSHOTS=1 npx playwright test screenshots --project=bridge`
 * writes PNGs into screenshots/ (wide and narrow windows) for a person to open and check.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from './support/fixtures';

test.skip(!process.env.SCREENSHOTS, 'screenshots are taken on demand: set SCREENSHOTS=1');
test.setTimeout(120_000);

const sizes = [
  { name: 'wide', width: 1400, height: 860 },
  { name: 'narrow', width: 760, height: 900 },
];

for (const size of sizes) {
  test(`screens at ${size.name} width`, async ({ app, workbench, sandbox, authorizationPages }) => {
    mkdirSync('screenshots', { recursive: true });
    const shot = (name: string) => app.screenshot({ path: `screenshots/${size.name}-${name}.png` });
    await app.setViewportSize({ width: size.width, height: size.height });
    await shot('empty');

    await app.getByRole('combobox', { name: 'Target' }).selectOption('sandbox');
    const credentials = await workbench.openCredentials();
    await shot('credentials-empty');
    await workbench.authorizeCrmUser(credentials, 'Anna Kowalska (Warsaw office)', authorizationPages);
    await credentials.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Production' });
    await workbench.setSecret(credentials, 'API key', 'prod-1234567890-abcd');
    await credentials.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Local sandbox' });
    await shot('credentials-user');
    await workbench.closeCredentials();
    await app.getByRole('combobox', { name: 'Example request' }).selectOption('publish');
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^202/);
    await shot('publish-202');

    await app.getByRole('combobox', { name: 'Example request' }).selectOption('conflict');
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^409/);
    await app.getByRole('tab', { name: /Headers/ }).click();
    await shot('conflict-409-headers');

    await workbench.url(`${sandbox.origin}/sandbox/v1/status/418`);
    await workbench.method('GET');
    await workbench.setBody('');
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^418/);
    await shot('undocumented-418');

    await workbench.method('POST');
    await workbench.url('http://api.olxgroup.com/advert/v1');
    await workbench.setBody('{\n  "title": "Flat",\n  "price": \n}');
    await workbench.addHeader('Bad Name', 'x');
    await workbench.send();
    await expect(workbench.problems().first()).toBeVisible();
    await shot('problems');

    await app.getByRole('combobox', { name: 'Target' }).selectOption('any');
    await workbench.url('https://127.0.0.1:1/nothing');
    await workbench.setBody('');
    await app.getByRole('button', { name: 'Remove header Bad Name' }).click();
    await workbench.method('GET');
    await workbench.send();
    await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'network-error');
    await shot('network-error');

    const settings = await workbench.openSettings();
    await shot('settings');
    // This proxy, with an address the main process refuses: the fields and the sentence in the Proxy section.
    await settings.getByRole('radio', { name: 'This proxy' }).check();
    await settings.getByRole('textbox', { name: 'Proxy address' }).fill('socks5://proxy.example.com:1080');
    await settings.getByRole('textbox', { name: 'Proxy user name' }).fill('ann.nowak');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings.getByRole('alert')).toBeVisible();
    await shot('settings-proxy');
    await app.keyboard.press('Escape');

    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    await app.getByRole('button', { name: 'Add starter collection' }).click();
    await app.getByRole('treeitem', { name: 'Publish an advert' }).click();
    await app.getByRole('combobox', { name: 'Target' }).selectOption('sandbox');
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^202/);
    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    await shot('collections');
    if (size.name === 'narrow') await app.locator('.sidebar-backdrop').click({ position: { x: 700, y: 400 } });
    await workbench.method('PUT');
    await app
      .getByRole('tab', { name: /Publish an advert/ })
      .first()
      .hover();
    await shot('collections-dirty');
    await app.getByRole('button', { name: 'Variables', exact: true }).click();
    await shot('variables');
    await app.keyboard.press('Escape');
    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    await app.getByRole('tab', { name: 'History' }).click();
    await shot('history');
    await app.getByRole('tab', { name: 'Collections' }).click();
    await app.getByRole('button', { name: 'Import…' }).click();
    await shot('import');
  });
}
