/** A large file in the import dialog: a progress bar while the main process reads it, Cancel, then the preview. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { largeOpenApi } from '../test/support/large-documents.mjs';
import { expect, test } from './support/fixtures';

const MB = 1024 * 1024;

async function chooseLargeYaml(app: import('@playwright/test').Page, path: string) {
  const doc = largeOpenApi(3.5 * MB);
  writeFileSync(path, stringify(doc));
  await app.getByRole('button', { name: 'Import…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Choose files').setInputFiles(path);
  await expect(dialog).toContainText('Source: large-api.yaml');
  return { dialog, operations: Object.keys(doc.paths).length * 2 };
}

/** aria-valuenow of the progress bar, every 20 ms, until it is no longer shown. */
async function barValuesUntilGone(bar: import('@playwright/test').Locator): Promise<number[]> {
  const values: number[] = [];
  for (;;) {
    const value = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
    if (value === null) return values;
    values.push(Number(value));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a 3.5 MB OpenAPI YAML shows its progress as a bar, then the preview', async ({ app }, testInfo) => {
  const { dialog, operations } = await chooseLargeYaml(app, testInfo.outputPath('large-api.yaml'));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Import' });
  await expect(bar).toBeVisible();
  await expect(dialog.getByRole('status', { name: 'Import progress' })).toContainText(
    /(Reading the file|Making the requests)… \d+%/,
  );
  await dialog.screenshot({ path: testInfo.outputPath('import-progress.png') });
  if (process.env.SCREENSHOTS) {
    mkdirSync('screenshots', { recursive: true });
    await dialog.screenshot({ path: 'screenshots/import-progress.png' });
  }
  // The parse is one step (0 until it is done) and the whole import takes under a second here, so the bar
  // may be gone before it moves: what it shows while there only rises, from 0 to 100.
  const shown = await barValuesUntilGone(bar);
  expect(shown.every((value) => value >= 0 && value <= 100)).toBe(true);
  expect(shown).toEqual([...shown].sort((a, b) => a - b));
  const collections = dialog.getByRole('list', { name: 'Collections to import' });
  await expect(collections).toHaveText(`Large API — ${operations} requests in 40 folders`, { timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();
});

test('Cancel import stops reading a large file: no preview, and Preview can be clicked again', async ({
  app,
}, testInfo) => {
  const { dialog } = await chooseLargeYaml(app, testInfo.outputPath('large-api.yaml'));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Import' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel import' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Import cancelled.');
  await expect(dialog.getByRole('progressbar', { name: 'Import' })).toHaveCount(0);
  await expect(dialog.getByRole('region', { name: 'Import preview' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Preview' })).toBeEnabled();
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
});
