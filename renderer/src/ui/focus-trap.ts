/**
 * Keeps Tab and Shift+Tab inside a modal dialog. A modal <dialog> makes the page behind it inert,
 * but Tab past its last control still leaves the page (to nowhere, in Electron); wrapping round to
 * its first control keeps keyboard users inside until they close it.
 */
import type { KeyboardEvent } from 'react';

/** What can take focus by Tab (links, form controls, anything with a tabindex of 0 or more). */
export const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** A dialog's onKeyDown: Tab from its last control goes to its first, Shift+Tab from its first to its last. */
export function trapTab(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (c) => !c.matches(':disabled'),
  );
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey ? active === first : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
