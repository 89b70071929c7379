/**
 * The tour of the app's screens: every screen a user meets, reached as a user would, with a stop at
 * each. The screenshot spec stops to take a picture, the accessibility spec to run axe, so both look
 * at the same screens and a new screen added here is checked by both.
 */
import { expect, type Page } from '@playwright/test';
import type { AuthorizationPages, Sandbox } from './fixtures';
import { openRunDialog, results, runnerCollection } from './runner-steps';
import type { Workbench } from './workbench';

export interface TourSize {
  name: 'wide' | 'narrow';
  width: number;
  height: number;
}

export const TOUR_SIZES: TourSize[] = [
  { name: 'wide', width: 1400, height: 860 },
  { name: 'narrow', width: 700, height: 900 },
];

export const TOUR_THEMES = ['light', 'dark'] as const;

export interface TourContext {
  app: Page;
  workbench: Workbench;
  sandbox: Sandbox;
  authorizationPages: AuthorizationPages;
}

/** Walks every screen at the size given, calling `stop` with each screen's name once it is shown. */
export async function tourScreens(
  { app, workbench, sandbox, authorizationPages }: TourContext,
  size: TourSize,
  stop: (screen: string) => Promise<void>,
): Promise<void> {
  const narrow = size.name === 'narrow';
  await app.setViewportSize({ width: size.width, height: size.height });
  await stop('empty');

  await app.getByRole('combobox', { name: 'Target' }).selectOption('sandbox');
  const credentials = await workbench.openCredentials();
  await stop('credentials-empty');
  await workbench.authorizeCrmUser(credentials, 'Anna Kowalska (Warsaw office)', authorizationPages);
  await credentials.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Production' });
  await workbench.setSecret(credentials, 'API key', 'prod-1234567890-abcd');
  await credentials.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Local sandbox' });
  await stop('credentials-user');
  await workbench.closeCredentials();
  await app.getByRole('combobox', { name: 'Example request' }).selectOption('publish');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^202/);
  await stop('publish-202');

  await app.getByRole('combobox', { name: 'Example request' }).selectOption('conflict');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^409/);
  await app.getByRole('tab', { name: /Headers/ }).click();
  await stop('conflict-409-headers');

  await workbench.url(`${sandbox.origin}/sandbox/v1/status/418`);
  await workbench.method('GET');
  await workbench.setBody('');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^418/);
  await stop('undocumented-418');

  await workbench.method('POST');
  await workbench.url('http://api.olxgroup.com/advert/v1');
  await workbench.setBody('{\n  "title": "Flat",\n  "price": \n}');
  await workbench.addHeader('Bad Name', 'x');
  await workbench.send();
  await expect(workbench.problems().first()).toBeVisible();
  await stop('problems');

  await app.getByRole('combobox', { name: 'Target' }).selectOption('any');
  await workbench.url('https://127.0.0.1:1/nothing');
  await workbench.setBody('');
  await app.getByRole('button', { name: 'Remove header Bad Name' }).click();
  await workbench.method('GET');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'network-error');
  await stop('network-error');

  const settings = await workbench.openSettings();
  await stop('settings');
  // This proxy, with an address the main process refuses: the fields and the sentence in the Proxy section.
  await settings.getByRole('radio', { name: 'This proxy' }).check();
  await settings.getByRole('textbox', { name: 'Proxy address' }).fill('socks5://proxy.example.com:1080');
  await settings.getByRole('textbox', { name: 'Proxy user name' }).fill('ann.nowak');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByRole('alert')).toBeVisible();
  await stop('settings-proxy');
  await app.keyboard.press('Escape');

  if (narrow) await app.getByRole('button', { name: 'Toggle sidebar' }).click();
  await app.getByRole('button', { name: 'Add starter collection' }).click();
  await app.getByRole('treeitem', { name: 'Publish an advert' }).click();
  await app.getByRole('combobox', { name: 'Target' }).selectOption('sandbox');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^202/);
  if (narrow) await app.getByRole('button', { name: 'Toggle sidebar' }).click();
  await stop('collections');
  if (narrow) await app.locator('.sidebar-backdrop').click({ position: { x: size.width - 20, y: 400 } });
  await workbench.method('PUT');
  await app
    .getByRole('tab', { name: /Publish an advert/ })
    .first()
    .hover();
  await stop('collections-dirty');
  await app.getByRole('button', { name: 'Variables', exact: true }).click();
  await stop('variables');
  await app.keyboard.press('Escape');
  await app.keyboard.press('ControlOrMeta+/');
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await stop('shortcuts');
  await app.keyboard.press('Escape');
  if (narrow) await app.getByRole('button', { name: 'Toggle sidebar' }).click();
  await app.getByRole('tab', { name: 'History' }).click();
  await stop('history');
  await app.getByRole('tab', { name: 'Collections' }).click();
  await app.getByRole('button', { name: 'Import…' }).click();
  await stop('import');

  // A collection to run, imported through the dialog: its preview, the run dialog and the results.
  const importing = app.getByRole('dialog', { name: 'Import' });
  await importing.getByRole('textbox', { name: 'Paste' }).fill(JSON.stringify(runnerCollection(sandbox.origin)));
  await importing.getByRole('button', { name: 'Preview' }).click();
  await expect(importing.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();
  await stop('import-preview');
  await importing.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(app.getByRole('tree', { name: 'Collections' }).getByRole('treeitem', { name: 'Quick' })).toBeVisible();
  const running = await openRunDialog(app, 'Quick');
  await stop('run-dialog');
  await running.getByRole('button', { name: 'Start run' }).click();
  const run = results(app);
  await expect(run.progress).toHaveAttribute('aria-valuenow', '100');
  await stop('run-results');
}
