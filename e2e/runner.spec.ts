/**
 * The runner in the app, against the sandbox through the real handlers: a folder run from its "Run…",
 * progress and rows as they come, a failing check, Failed only, a row's response, Run failed again,
 * export as JSON, Cancel of a slow run, and a run of the requests left checked in the dialog. With
 * SCREENSHOTS=1 it also writes the dialog (its list of requests too) and the results (running and
 * finished) at wide and narrow widths into screenshots/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { importCollection, openRunDialog, results, runnerCollection } from './support/runner-steps';

test('a folder run shows progress and each request with its checks; a failure opens, runs again and exports', async ({
  app,
  workbench,
  sandbox,
  appData,
}) => {
  await importCollection(app, runnerCollection(sandbox.origin));

  const dialog = await openRunDialog(app, 'Quick');
  await expect(dialog.getByRole('combobox', { name: 'Run' })).toHaveValue(/.+/);
  await expect(dialog.getByRole('combobox', { name: 'Run' }).locator('option:checked')).toHaveText(
    'Quick — 3 requests',
  );
  await expect(dialog.getByRole('textbox', { name: 'Iterations' })).toHaveValue('1');
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();

  const run = results(app);
  await expect(run.view.getByRole('heading')).toHaveText('Run: Runner test / Quick');
  await expect(run.view.getByRole('heading')).toBeFocused();
  await expect(run.rows).toHaveCount(3);
  await expect(run.progress).toHaveAttribute('aria-valuenow', '100');
  await expect(run.progress).toHaveAttribute('aria-valuetext', '3 of 3 requests · 2 passed · 1 failed');
  await expect(run.sentence).toHaveText('Finished: 1 of 3 requests failed. Tick “Failed only” to see them.');

  // The failing check: status 404 where 200 was expected, in red with a cross; the others pass.
  const missing = run.row(/^GET Quick \/ Missing advert/);
  await expect(missing).toHaveAccessibleName('GET Quick / Missing advert, status 404, ✗ 0/1');
  await expect(missing).toContainText(`${sandbox.origin}/sandbox/v1/status/404`);
  await expect(missing.locator('.run-status')).toHaveClass(/kind-client-error/);
  await expect(missing).toHaveAttribute('title', /expected 200, got 404/);
  await expect(run.row(/^GET Quick \/ Echo,/)).toHaveAccessibleName('GET Quick / Echo, status 200, ✓ 1/1');

  // The list is one stop in the Tab order; Up and Down move between its rows.
  await expect(run.rows.nth(0)).toHaveAttribute('tabindex', '0');
  await expect(run.rows.nth(1)).toHaveAttribute('tabindex', '-1');
  await run.failedOnly.focus();
  await app.keyboard.press('Tab');
  await expect(run.rows.nth(0)).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(missing).toBeFocused();
  await expect(missing).toHaveAttribute('tabindex', '0');

  await run.failedOnly.check();
  await expect(run.rows).toHaveCount(1);
  await expect(run.rows.first()).toHaveAccessibleName(/Missing advert/);

  // A row opens its request in a tab, with the response the run got in the response pane.
  await run.rows.first().click();
  await expect(run.view).toBeHidden();
  await expect(app.getByRole('tab', { name: 'Missing advert' })).toHaveAttribute('aria-selected', 'true');
  await expect(workbench.statusLine()).toHaveText(/^404/);
  await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'client-error');

  // Back to the results; export them as JSON into the file the save dialog picks.
  await app.getByRole('button', { name: 'Run results' }).click();
  await expect(run.rows).toHaveCount(3);
  await run.view.getByRole('button', { name: 'Export JSON' }).click();
  const saved = app.getByRole('status').filter({ hasText: /^Saved the results as / });
  await expect(saved).toBeVisible();
  const fileName = /^Saved the results as (.+)\.$/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
  const exported = readFileSync(join(appData.dataDir, 'saved', fileName), 'utf8');
  const report = JSON.parse(exported) as unknown;
  expect(JSON.stringify(report)).toContain('Missing advert');
  expect(JSON.stringify(report)).toContain('/sandbox/v1/status/404');
  expect(exported).not.toContain(sandbox.apiKey);

  // Run failed again: a new run of the failed request only.
  await run.view.getByRole('button', { name: 'Run failed again' }).click();
  await expect(run.view.getByRole('heading')).toHaveText('Run: Runner test / Quick (failed again)');
  await expect(run.rows).toHaveCount(1);
  await expect(run.rows.first()).toHaveAccessibleName('GET Quick / Missing advert, status 404, ✗ 0/1');
  await expect(run.sentence).toHaveText('Finished: 1 of 1 request failed. Tick “Failed only” to see them.');
});

test('Cancel stops a slow run: nothing more is sent and the view says so', async ({ app, sandbox }) => {
  await importCollection(app, runnerCollection(sandbox.origin));
  const dialog = await openRunDialog(app, 'Slow');
  await dialog.getByRole('button', { name: 'Start run' }).click();

  const run = results(app);
  await expect(run.progress).toHaveAttribute('aria-valuetext', '0 of 3 requests · 0 passed · 0 failed');
  await expect(run.sentence).toHaveText('Running… 3 requests to go. Cancel stops it at once.');
  await expect(run.view.getByText('Waiting for the first response…')).toBeVisible();
  await expect(run.view.getByRole('button', { name: 'Export JSON' })).toBeDisabled();

  await run.view.getByRole('button', { name: 'Cancel run' }).click();
  await expect(run.sentence).toHaveText(/^Cancelled after [01] requests?: nothing more was sent\./);
  await expect(run.view.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  // The request in flight was aborted (the sandbox's timer stopped with it), and the next two never went out.
  await expect.poll(() => sandbox.pendingSlowResponses()).toBe(0);
  expect(await run.rows.count()).toBeLessThanOrEqual(1);
  expect(sandbox.received.filter((r) => r.path.startsWith('/sandbox/v1/slow'))).toHaveLength(1);
});

test('a run of 10,000 requests renders only the rows in view and keeps the window responsive', async ({
  app,
  sandbox,
}) => {
  test.setTimeout(180_000);
  await importCollection(app, runnerCollection(sandbox.origin));
  // The longest task the window's main thread runs during the run (Chromium's Long Tasks API).
  await app.evaluate(() => {
    const w = window as unknown as { longestTaskMs: number };
    w.longestTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longestTaskMs = Math.max(w.longestTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
  });
  const dialog = await openRunDialog(app, 'Many');
  await dialog.getByRole('textbox', { name: 'Iterations' }).fill('10000');
  await dialog.getByRole('button', { name: 'Start run' }).click();

  const run = results(app);
  const items = run.view.getByRole('list', { name: 'Requests run' }).getByRole('listitem');
  await expect(run.rows.first()).toBeVisible();
  expect(await items.count()).toBeLessThan(80);
  await expect(run.progress).toHaveAttribute('aria-valuetext', '10,000 of 10,000 requests · 10,000 passed · 0 failed', {
    timeout: 150_000,
  });
  expect(await items.count()).toBeLessThan(80);

  // The end of the list is the 10,000th request, read in its page when scrolled to.
  await run.view.locator('.run-rows-scroller').evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(items.last()).toHaveAttribute('aria-posinset', '10000');
  await expect(run.row(/iteration 10000$/)).toBeVisible();
  expect(await items.count()).toBeLessThan(80);
  const longest = await app.evaluate(() => (window as unknown as { longestTaskMs: number }).longestTaskMs);
  expect(longest).toBeLessThan(1000);
});

/** The file the bridge's data file dialog picks in the test's data folder (support/fixtures.ts). */
const ITERATION_DATA_FILE = 'run-data.csv';

test('a data file chosen in the dialog runs one iteration per row, its columns as variables', async ({
  app,
  sandbox,
  appData,
}) => {
  await importCollection(app, runnerCollection(sandbox.origin));
  writeFileSync(join(appData.dataDir, ITERATION_DATA_FILE), 'n\nfirst\nsecond\nthird\n');
  const dialog = await openRunDialog(app, 'Data');
  await dialog.getByRole('button', { name: 'Choose data file…' }).click();
  const file = dialog.getByRole('group', { name: 'Data file (CSV or JSON)' });
  await expect(file).toContainText(ITERATION_DATA_FILE);
  await expect(file).toContainText('3 rows · {{n}}');
  await expect(dialog.getByRole('textbox', { name: 'Iterations' })).toHaveValue('3');
  await dialog.getByRole('button', { name: 'Start run' }).click();

  const run = results(app);
  await expect(run.sentence).toHaveText('All 3 requests passed.');
  await expect(run.rows).toHaveCount(3);
  await expect(run.rows.nth(0)).toContainText(`${sandbox.origin}/sandbox/v1/echo?advert=first`);
  await expect(run.rows.nth(2)).toContainText(`${sandbox.origin}/sandbox/v1/echo?advert=third`);
  await expect(run.rows.nth(2)).toHaveAccessibleName(/, iteration 3$/);

  // Without the file, the next run is one iteration again.
  const again = await openRunDialog(app, 'Data');
  await again.getByRole('button', { name: 'Remove data file' }).click();
  await expect(again.getByRole('textbox', { name: 'Iterations' })).toHaveValue('1');
  await expect(again.getByRole('button', { name: 'Choose data file…' })).toBeVisible();
});

test('the run dialog is reachable by keyboard, refuses a bad number with a sentence, and gives focus back', async ({
  app,
  sandbox,
}) => {
  await importCollection(app, runnerCollection(sandbox.origin));
  const actions = app.getByRole('button', { name: 'Actions for Runner test', exact: true });
  await actions.click();
  await app.getByRole('menuitem', { name: 'Run…' }).press('Enter');
  const dialog = app.getByRole('dialog', { name: 'Run “Runner test”' });
  await expect(dialog.getByRole('combobox', { name: 'Run' })).toBeFocused();
  await expect(dialog.getByRole('combobox', { name: 'Run' }).locator('option:checked')).toHaveText(
    'Runner test (whole collection) — 8 requests',
  );

  const iterations = dialog.getByRole('textbox', { name: 'Iterations' });
  await iterations.fill('0');
  await iterations.press('Enter');
  await expect(iterations).toHaveAttribute('aria-invalid', 'true');
  await expect(iterations).toHaveAccessibleDescription('Iterations must be a whole number from 1 to 10,000, e.g. 1.');
  await expect(dialog).toBeVisible();

  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(actions).toBeFocused();
});

test('the dialog runs the requests left checked, in tree order, and nothing when none is', async ({ app, sandbox }) => {
  await importCollection(app, runnerCollection(sandbox.origin));
  const dialog = await openRunDialog(app, 'Quick');
  const requests = dialog.getByRole('group', { name: 'Requests to run' });
  const boxes = requests.getByRole('checkbox');
  const count = requests.getByText(/^\d+ of \d+ requests?$/);
  const start = dialog.getByRole('button', { name: 'Start run' });
  await expect(boxes).toHaveCount(3);
  for (const box of await boxes.all()) await expect(box).toBeChecked();
  await expect(count).toHaveText('3 of 3 requests');

  // Nothing checked: nothing can start, and the dialog says why.
  await requests.getByRole('button', { name: 'Select none' }).click();
  await expect(count).toHaveText('0 of 3 requests');
  await expect(start).toBeDisabled();
  await expect(dialog.getByText('No request is checked: check the ones to run, or Select all.')).toBeVisible();
  await requests.getByRole('button', { name: 'Select all' }).click();
  await expect(count).toHaveText('3 of 3 requests');

  // Space on a focused box unticks it, as a keyboard user would.
  const missing = requests.getByRole('checkbox', { name: 'GET Missing advert' });
  await missing.focus();
  await app.keyboard.press('Space');
  await expect(missing).not.toBeChecked();
  await expect(count).toHaveText('2 of 3 requests');
  await start.click();

  const run = results(app);
  await expect(run.view.getByRole('heading')).toHaveText('Run: Runner test / Quick (2 of 3 requests)');
  await expect(run.sentence).toHaveText('All 2 requests passed.');
  await expect(run.rows).toHaveCount(2);
  await expect(run.rows.nth(0)).toHaveAccessibleName('GET Quick / Echo, status 200, ✓ 1/1');
  await expect(run.rows.nth(1)).toHaveAccessibleName(/^GET Quick \/ Echo again, status 200/);
  expect(sandbox.received.map((r) => r.path)).toEqual(['/sandbox/v1/echo?first=1', '/sandbox/v1/echo?second=2']);

  // From the collection, the list names each request's folder; a selection across folders runs in tree order.
  const whole = await openRunDialog(app, 'Runner test');
  const all = whole.getByRole('group', { name: 'Requests to run' });
  await expect(all.getByRole('checkbox')).toHaveCount(8);
  await all.getByRole('button', { name: 'Select none' }).click();
  await all.getByRole('checkbox', { name: 'GET Many / Ping' }).check();
  await all.getByRole('checkbox', { name: 'GET Quick / Echo again' }).check();
  await expect(all.getByText('2 of 8 requests')).toBeVisible();
  await whole.getByRole('button', { name: 'Start run' }).click();
  await expect(run.view.getByRole('heading')).toHaveText('Run: Runner test (2 of 8 requests)');
  await expect(run.sentence).toHaveText('All 2 requests passed.');
  await expect(run.rows.nth(0)).toHaveAccessibleName(/^GET Quick \/ Echo again,/);
  await expect(run.rows.nth(1)).toHaveAccessibleName(/^GET Many \/ Ping,/);
  expect(sandbox.received.slice(2).map((r) => r.path)).toEqual(['/sandbox/v1/echo?second=2', '/sandbox/v1/echo']);
});

test('screens of the runner', async ({ app, sandbox, appData }) => {
  test.skip(!process.env.SCREENSHOTS, 'screenshots are taken on demand: set SCREENSHOTS=1');
  test.setTimeout(120_000);
  mkdirSync('screenshots', { recursive: true });
  await importCollection(app, runnerCollection(sandbox.origin));
  writeFileSync(join(appData.dataDir, ITERATION_DATA_FILE), 'n,title,price\n1,Flat,1000\n2,House,2000\n');
  for (const size of [
    { name: 'wide', width: 1400, height: 860 },
    { name: 'narrow', width: 760, height: 900 },
  ]) {
    await app.setViewportSize(size);
    const shot = (name: string) => app.screenshot({ path: `screenshots/${size.name}-runner-${name}.png` });
    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    const withFile = await openRunDialog(app, 'Data');
    await withFile.getByRole('button', { name: 'Choose data file…' }).click();
    await expect(withFile.getByRole('group', { name: 'Data file (CSV or JSON)' })).toContainText('2 rows');
    await shot('dialog-data-file');
    await withFile.getByRole('button', { name: 'Remove data file' }).click();
    await withFile.getByRole('button', { name: 'Close' }).click();
    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    const whole = await openRunDialog(app, 'Runner test');
    await whole.getByRole('checkbox', { name: 'GET Quick / Missing advert' }).uncheck();
    await shot('dialog-selection');
    await whole.getByRole('button', { name: 'Close' }).click();
    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    const dialog = await openRunDialog(app, 'Slow');
    await shot('dialog');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    const run = results(app);
    await expect(run.sentence).toHaveText(/^Running…/);
    await shot('running');
    await run.view.getByRole('button', { name: 'Cancel run' }).click();
    await expect(run.sentence).toHaveText(/^Cancelled/);
    if (size.name === 'narrow') await app.getByRole('button', { name: 'Toggle sidebar' }).click();
    await (await openRunDialog(app, 'Quick')).getByRole('button', { name: 'Start run' }).click();
    await expect(run.sentence).toHaveText(/^Finished/);
    await shot('finished');
    await run.failedOnly.check();
    await shot('failed-only');
    await run.failedOnly.uncheck();
  }
});
