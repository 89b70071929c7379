/**
 * Keyboard checks the specs share: where focus is, the Tab stops from here, and the contract every
 * modal dialog keeps (ui/Modal.tsx): opened from the keyboard it takes focus, Tab and Shift+Tab stay
 * inside it, Escape closes it and focus goes back to the control that opened it.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** A short description of the focused element: its accessible name as the specs use it. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const labelled = element.getAttribute('aria-labelledby');
    const byId = labelled && document.getElementById(labelled)?.textContent;
    const label = (element as HTMLInputElement).labels?.[0]?.textContent;
    return (element.getAttribute('aria-label') ?? byId ?? label ?? element.textContent ?? '').trim();
  });
}

/** The names of the next `count` Tab stops (Shift+Tab when `backwards`). */
export async function tabStops(page: Page, count: number, backwards = false): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    names.push(await focusedName(page));
  }
  return names;
}

const focusInside = (dialog: Locator) => dialog.evaluate((element) => element.contains(document.activeElement));

/** How many controls Tab can reach in the dialog now. */
function tabbableCount(dialog: Locator): Promise<number> {
  return dialog.evaluate(
    (element) =>
      [
        ...element.querySelectorAll<HTMLElement>(
          'button, [href], input, select, textarea, summary, [contenteditable], [tabindex]',
        ),
      ].filter((c) => c.tabIndex >= 0 && !c.matches(':disabled') && c.checkVisibility({ visibilityProperty: true }))
        .length,
  );
}

/**
 * The dialog, just opened from the keyboard while `opener` had focus: focus is in it; Tab round all
 * its controls and once more, then Shift+Tab as far, never leave it; Escape closes it and focus is on
 * the opener again.
 */
export async function expectModalKeyboard(page: Page, dialog: Locator, opener: Locator): Promise<void> {
  await expect(dialog).toBeVisible();
  await expect.poll(() => focusInside(dialog), 'focus moves into the dialog').toBe(true);
  const count = await tabbableCount(dialog);
  expect(count, 'the dialog has controls to Tab to').toBeGreaterThan(0);
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i <= count; i += 1) {
      await page.keyboard.press(key);
      expect(await focusInside(dialog), `${key} ${i + 1} of ${count + 1} stays in the dialog`).toBe(true);
    }
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
}
