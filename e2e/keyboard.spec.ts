/**
 * The app by keyboard alone: Tab crosses the main screen in reading order with one stop per row of
 * tabs, arrows pick a tab, and every modal dialog opens from the keyboard, keeps Tab inside, closes
 * on Escape and gives focus back to the control that opened it.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectModalKeyboard, focusedName, tabStops } from './support/keyboard';
import type { Workbench } from './support/workbench';

/** The stops of `expected` appear in `stops` in that order (others may come between). */
function expectInOrder(stops: string[], expected: string[]): void {
  let from = 0;
  const found: string[] = [];
  for (const name of expected) {
    const at = stops.indexOf(name, from);
    if (at < 0) break;
    found.push(name);
    from = at + 1;
  }
  expect(found, `Tab stops were: ${stops.join(' → ')}`).toEqual(expected);
}

test('Tab crosses the main screen in reading order, one stop per row of tabs', async ({ app, workbench }) => {
  await app.setViewportSize({ width: 1400, height: 860 });
  const stops = await tabStops(app, 40);
  expectInOrder(stops, [
    'Toggle sidebar',
    'Target',
    'Variables',
    'Settings',
    'Collections',
    'Import…',
    'Untitled request',
    'New request',
    'Method',
    'URL',
    'Send',
    'Save',
    'Auth',
    'Add header',
    'Request body',
  ]);
  // A row of tabs is one stop: the selected tab.
  expect(stops).not.toContain('History');
  expect(stops.filter((name) => name === 'Untitled request')).toHaveLength(1);

  await workbench.urlField.focus();
  await app.keyboard.press('Tab');
  await expect(workbench.sendButton).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(workbench.urlField).toBeFocused();
});

test('arrow keys pick a tab in each row of tabs, and Delete closes a request tab', async ({
  app,
  workbench,
  sandbox,
}) => {
  const selected = (tab: Locator) => expect(tab).toHaveAttribute('aria-selected', 'true');
  const sidebarTab = (name: string) => app.getByRole('tab', { name, exact: true });
  await sidebarTab('Collections').focus();
  await app.keyboard.press('ArrowRight');
  await selected(sidebarTab('History'));
  await expect(sidebarTab('History')).toBeFocused();
  await app.keyboard.press('ArrowRight');
  await selected(sidebarTab('Collections'));

  const requests = app.getByRole('tablist', { name: 'Open requests' }).getByRole('tab');
  await app.keyboard.press('ControlOrMeta+T');
  await expect(requests).toHaveCount(2);
  await requests.nth(1).focus();
  await app.keyboard.press('Home');
  await selected(requests.nth(0));
  await expect(requests.nth(0)).toBeFocused();
  await app.keyboard.press('End');
  await selected(requests.nth(1));
  await app.keyboard.press('Delete');
  await expect(requests).toHaveCount(1);
  await expect(requests.nth(0)).toBeFocused();

  await workbench.target('Local sandbox');
  await workbench.get(`${sandbox.origin}/sandbox/v1/echo`);
  await expect(workbench.statusLine()).toHaveText(/^200/);
  const parts = app.getByRole('tablist', { name: 'Response parts' });
  await parts.getByRole('tab', { name: 'Body' }).focus();
  await app.keyboard.press('ArrowRight');
  await selected(parts.getByRole('tab', { name: /Headers/ }));
  await expect(app.getByRole('tabpanel', { name: 'Response headers panel' })).toBeVisible();
  await app.keyboard.press('ArrowLeft');
  await selected(parts.getByRole('tab', { name: 'Body' }));
});

test('the collections tree by arrows: up to the folder, closed, opened, into it, Enter opens a request', async ({
  app,
}) => {
  await pressButton(app, 'Add starter collection');
  const tree = app.getByRole('tree', { name: 'Collections' });
  const request = tree.getByRole('treeitem', { name: 'Publish an advert' });
  const focused = tree.locator('[role="treeitem"]:focus');
  await request.focus();
  const level = Number(await request.getAttribute('aria-level'));
  await app.keyboard.press('ArrowLeft');
  await expect(focused).toHaveAttribute('aria-level', String(level - 1));
  await expect(focused).toHaveAttribute('aria-expanded', 'true');
  const folder = (await focused.getAttribute('aria-label'))!;
  await app.keyboard.press('ArrowLeft');
  await expect(tree.getByRole('treeitem', { name: folder, exact: true })).toHaveAttribute('aria-expanded', 'false');
  await expect(request).toBeHidden();
  await app.keyboard.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: folder, exact: true })).toHaveAttribute('aria-expanded', 'true');
  await app.keyboard.press('ArrowRight');
  await expect(focused).toHaveAttribute('aria-level', String(level));
  // Enter on a request opens it in a tab.
  const first = (await focused.getAttribute('aria-label'))!;
  await app.keyboard.press('Enter');
  await expect(app.getByRole('tab', { name: first, exact: true })).toHaveAttribute('aria-selected', 'true');
});

interface DialogCase {
  name: string;
  dialog: string | RegExp;
  /** Opens the dialog from the keyboard; returns the control that had focus (where it must come back). */
  open(app: Page, workbench: Workbench): Promise<Locator>;
}

/** Focuses a button and presses Enter on it. */
async function pressButton(app: Page, name: string): Promise<Locator> {
  const button = app.getByRole('button', { name, exact: true });
  await button.focus();
  await app.keyboard.press('Enter');
  return button;
}

const DIALOGS: DialogCase[] = [
  { name: 'Settings', dialog: 'Settings', open: (app) => pressButton(app, 'Settings') },
  { name: 'Variables', dialog: /^Variables — /, open: (app) => pressButton(app, 'Variables') },
  { name: 'Credentials', dialog: 'Credentials', open: (app) => pressButton(app, 'Credentials…') },
  { name: 'Import', dialog: 'Import', open: (app) => pressButton(app, 'Import…') },
  {
    name: 'Keyboard shortcuts',
    dialog: 'Keyboard shortcuts',
    open: async (app, workbench) => {
      await workbench.urlField.focus();
      await app.keyboard.press('ControlOrMeta+/');
      return workbench.urlField;
    },
  },
  {
    name: 'Generate code',
    dialog: 'Generate code',
    open: async (app, workbench) => {
      await workbench.url('https://api.olxgroup.com/taxonomy/v1/categories');
      await workbench.urlField.focus();
      await app.keyboard.press('ControlOrMeta+Shift+G');
      return workbench.urlField;
    },
  },
  {
    name: 'Save request',
    dialog: 'Save request',
    open: async (app, workbench) => {
      await workbench.url('https://api.olxgroup.com/taxonomy/v1/categories');
      await workbench.urlField.focus();
      await app.keyboard.press('ControlOrMeta+S');
      return workbench.urlField;
    },
  },
  {
    name: 'Save changes (closing a tab)',
    dialog: 'Save changes to “Untitled request”?',
    open: async (app, workbench) => {
      await workbench.url('https://api.olxgroup.com/taxonomy/v1/categories');
      await workbench.urlField.focus();
      await app.keyboard.press('ControlOrMeta+W');
      return workbench.urlField;
    },
  },
  {
    name: 'Run',
    dialog: /^Run /,
    open: async (app) => {
      await pressButton(app, 'Add starter collection');
      const tree = app.getByRole('tree', { name: 'Collections' });
      await tree.getByRole('treeitem').first().focus();
      await app.keyboard.press('Tab');
      const actions = tree.getByRole('button', { name: /^Actions for / }).first();
      await expect(actions).toBeFocused();
      await app.keyboard.press('Enter');
      const run = app.getByRole('menuitem', { name: 'Run…' });
      while ((await focusedName(app)) !== 'Run…') await app.keyboard.press('ArrowDown');
      await expect(run).toBeFocused();
      await app.keyboard.press('Enter');
      return actions;
    },
  },
];

for (const dialog of DIALOGS) {
  test(`the ${dialog.name} dialog opens from the keyboard, keeps Tab inside and gives focus back on Escape`, async ({
    app,
    workbench,
  }) => {
    const opener = await dialog.open(app, workbench);
    await expectModalKeyboard(app, app.getByRole('dialog', { name: dialog.dialog }), opener);
  });
}
