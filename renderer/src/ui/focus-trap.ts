/**
 * Keeps Tab and Shift+Tab inside a modal dialog. A modal <dialog> makes the page behind it inert,
 * but Tab past its last control still leaves the page (to nowhere, in Electron); wrapping round to
 * its first control keeps keyboard users inside until they close it.
 */
import type { KeyboardEvent } from 'react';

/** What can take focus (links, form controls, anything with a tabindex); tabbableIn keeps Tab's. */
const FOCUSABLE = 'button, [href], input, select, textarea, summary, [contenteditable], [tabindex]';

/** The controls Tab can reach inside `root`, in order: enabled and shown (those in a hidden section or a closed <details> are skipped). */
export function tabbableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (c) => c.tabIndex >= 0 && !c.matches(':disabled') && c.checkVisibility({ visibilityProperty: true }),
  );
}

/** A dialog's onKeyDown: Tab from its last control goes to its first, Shift+Tab from its first to its last. */
export function trapTab(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return;
  const controls = tabbableIn(event.currentTarget);
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey ? active === first : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
