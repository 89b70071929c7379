/** A large file in the import dialog: a progress bar while the main process reads it, Cancel, then the preview. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { largeOpenApi } from '../test/large-documents.mjs';
import { expect, test } from './fixtures';

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

test('a 3.5 MB OpenAPI YAML shows its progress as a bar, then the preview', async ({ app }, testInfo) => {
  const { dialog, operations } = await chooseLargeYaml(app, testInfo.outputPath('large-api.yaml'));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Import' });
  await expect(bar).toBeVisible();
  await expect(dialog.getByRole('status', { name: 'Import progress' })).toContainText(/(Reading the file|Making the requests)… \d+%/);
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
  const shot = testInfo.outputPath('import-progress.png');
  await dialog.screenshot({ path: shot });
  if (process.env.SCREENSHOTS) {
    mkdirSync('screenshots', { recursive: true });
    await dialog.screenshot({ path: 'screenshots/import-progress.png' });
  }
  const collections = dialog.getByRole('list', { name: 'Collections to import' });
  await expect(collections).toHaveText(`Large API — ${operations} requests in 40 folders`, { timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();
});

test('Cancel import stops reading a large file: no preview, and Preview can be clicked again', async ({ app }, testInfo) => {
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
