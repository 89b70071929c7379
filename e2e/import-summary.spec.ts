/** The import summary of a large collection: grouped in at most 20 lines, the full list one click away. */
import { writeFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
// A statement the app cannot turn into a check or a capture (a status check would be imported).
const testScript = [{ listen: 'test', script: { exec: ['pm.test("ok", () => console.log(pm.response.code))'] } }];
const formBody = { mode: 'formdata', formdata: [{ key: 'file', type: 'file', src: 'a.png' }] };

/** 2,000 requests with a test script, 1,500 with a form-data body, 500 with both: 4,500 sentences. */
function bigCollection() {
  const item = [];
  for (let n = 0; n < 4000; n++) {
    const both = n >= 3500;
    item.push({
      name: `Request ${n}`,
      ...(n < 2000 || both ? { event: testScript } : {}),
      request: { method: 'POST', url: `https://api.example.com/items/${n}`, ...(n >= 2000 ? { body: formBody } : {}) },
    });
  }
  return { info: { name: 'Big collection', schema: SCHEMA }, item };
}

const sizes = [
  { name: 'wide', width: 1400, height: 860 },
  { name: 'narrow', width: 760, height: 900 },
];

for (const size of sizes) {
  test(`a large not-imported list is grouped in at most 20 lines (${size.name} window)`, async ({ app }, testInfo) => {
    await app.setViewportSize({ width: size.width, height: size.height });
    const file = testInfo.outputPath('big.postman_collection.json');
    writeFileSync(file, JSON.stringify(bigCollection()));
    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    await app.getByRole('button', { name: 'Import…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Import' });
    await dialog.getByLabel('Choose files').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Preview' }).click();

    const summary = dialog.getByRole('list', { name: 'Not imported' });
    await expect(summary).toBeVisible();
    const lines = await summary.getByRole('listitem').allInnerTexts();
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toMatch(
      /^2,500 × This statement was not imported.*in the test script of ….*\(e\.g\. 'Request 0', 'Request 1', 'Request 2' and 2,497 more\)$/,
    );
    expect(lines[1]).toMatch(
      /^2,000 × .*form-data.*\(e\.g\. 'Request 2000', 'Request 2001', 'Request 2002' and 1,997 more\)$/,
    );
    const counted = lines.reduce(
      (sum, line) => sum + Number((/^([\d,]+) × /.exec(line)?.[1] ?? '1').replace(/,/g, '')),
      0,
    );

    const showAll = dialog.getByText(/^Show all [\d,]+$/);
    const total = Number((await showAll.innerText()).replace(/\D/g, ''));
    expect(total).toBe(4500);
    expect(counted).toBe(total);
    await expect(dialog.getByRole('list', { name: 'Not imported, in full' })).toHaveCount(0);
    await app.screenshot({ path: testInfo.outputPath(`import-summary-${size.name}.png`) });

    await showAll.click();
    const full = dialog.getByRole('list', { name: 'Not imported, in full' });
    await expect(full.getByRole('listitem')).toHaveCount(total);
    await expect(full.getByRole('listitem').first()).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath(`import-summary-${size.name}-all.png`) });
  });
}
