/** A data file the app cannot read is set aside, never cleared, and the user is told at start what happened and what to do. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base } from './support/fixtures';

const BROKEN = '{"crmName": "Half writ';

const test = base.extend({
  // The data folder as a full disk left it: settings.json cut short mid-write.
  appData: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'workbench-e2e-'));
    writeFileSync(join(dataDir, 'settings.json'), BROKEN);
    try {
      await use({ dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

test('a settings file cut short is set aside and the start-up warning says so, without the folder’s path', async ({
  app,
  appData,
}) => {
  const alert = app.getByRole('alert', { name: 'Start-up warnings' });
  await expect(alert).toContainText(
    'settings.json, which holds your settings, could not be read: it is not valid JSON of this app.',
  );
  await expect(alert).toContainText('Your settings are back to their defaults: set them again in Settings.');
  expect(await alert.textContent()).not.toContain(appData.dataDir);
  if (process.env.SCREENSHOTS) await app.screenshot({ path: 'screenshots/start-up-warning.png' });

  const aside = readdirSync(appData.dataDir).filter((name) => name.startsWith('settings.json.broken-'));
  expect(aside).toHaveLength(1);
  await expect(alert).toContainText(`It was set aside as ${aside[0]}`);
  expect(readFileSync(join(appData.dataDir, aside[0]!), 'utf8')).toBe(BROKEN);

  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();
});
