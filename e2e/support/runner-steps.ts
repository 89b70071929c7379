/**
 * Steps of the runner specs in the user's words: a small collection imported through the Import
 * dialog (the app's own export format, with checks), and a run started from a folder's "Run…".
 */
import { expect, type Locator, type Page } from '@playwright/test';

interface Check {
  on: 'status';
  target: '';
  op: 'equals' | 'kind';
  expected: string;
  enabled: true;
}

function request(name: string, url: string, checks: Check[]) {
  return {
    kind: 'request' as const,
    request: { name, method: 'GET', url, headers: [], body: '', auth: { mode: 'none' }, captures: [], checks },
  };
}

const statusIs = (code: number): Check => ({
  on: 'status',
  target: '',
  op: 'equals',
  expected: String(code),
  enabled: true,
});

/**
 * "Runner test": a folder "Quick" (two requests that pass and one whose status check fails: the
 * sandbox answers 404 where 200 is expected), a folder "Data" (one request whose URL takes {{n}} from
 * a data file), a folder "Many" (one request, for runs of many
 * iterations) and a folder "Slow" (three answers that take 8 s each).
 */
export function runnerCollection(origin: string) {
  return exportedCollection('Runner test', [
    {
      kind: 'folder',
      name: 'Quick',
      children: [
        request('Echo', `${origin}/sandbox/v1/echo?first=1`, [statusIs(200)]),
        request('Missing advert', `${origin}/sandbox/v1/status/404`, [statusIs(200)]),
        request('Echo again', `${origin}/sandbox/v1/echo?second=2`, [
          { on: 'status', target: '', op: 'kind', expected: 'success', enabled: true },
        ]),
      ],
    },
    {
      kind: 'folder',
      name: 'Data',
      children: [request('Advert {{n}}', `${origin}/sandbox/v1/echo?advert={{n}}`, [statusIs(200)])],
    },
    { kind: 'folder', name: 'Many', children: [request('Ping', `${origin}/sandbox/v1/echo`, [statusIs(200)])] },
    {
      kind: 'folder',
      name: 'Slow',
      children: [1, 2, 3].map((n) => request(`Slow ${n}`, `${origin}/sandbox/v1/slow?ms=8000&n=${n}`, [statusIs(200)])),
    },
  ]);
}

/** The app's own export of a collection without auth or variables, holding these items (folders and requests). */
export function exportedCollection(name: string, items: unknown[]) {
  return {
    format: 'partner-api-workbench.collection-export',
    version: 1,
    collection: { name, auth: { mode: 'none' }, variables: [], items },
  };
}

/** Imports the collection by pasting its export into the Import dialog; done once the tree shows `folder`. */
export async function importCollection(app: Page, exported: unknown, folder = 'Quick'): Promise<void> {
  await app.getByRole('button', { name: 'Import…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import' });
  await dialog.getByRole('textbox', { name: 'Paste' }).fill(JSON.stringify(exported));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(app.getByRole('tree', { name: 'Collections' }).getByRole('treeitem', { name: folder })).toBeVisible();
}

/** Opens the run dialog from a tree row's actions menu ("Run…"). */
export async function openRunDialog(app: Page, rowName: string): Promise<Locator> {
  await app.getByRole('button', { name: `Actions for ${rowName}`, exact: true }).click();
  await app.getByRole('menuitem', { name: 'Run…' }).click();
  const dialog = app.getByRole('dialog', { name: /^Run / });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The results view and its parts. */
export function results(app: Page) {
  const view = app.getByRole('region', { name: 'Run results' });
  return {
    view,
    progress: view.getByRole('progressbar', { name: 'Run progress' }),
    sentence: view.getByRole('status'),
    rows: view.getByRole('list', { name: 'Requests run' }).getByRole('button'),
    row: (name: string | RegExp) => view.getByRole('list', { name: 'Requests run' }).getByRole('button', { name }),
    failedOnly: view.getByRole('checkbox', { name: 'Failed only' }),
  };
}
