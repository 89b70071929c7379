/**
 * Arrow keys on a tablist (WAI-ARIA tabs, selection follows focus): only the selected tab is in the
 * Tab order, so a keyboard user crosses a row of tabs with one Tab and picks one with the arrows.
 */
import type { KeyboardEvent } from 'react';

const MOVES: Record<string, (at: number, count: number) => number> = {
  ArrowRight: (at, count) => (at + 1) % count,
  ArrowLeft: (at, count) => (at - 1 + count) % count,
  Home: () => 0,
  End: (_at, count) => count - 1,
};

/** A tablist's onKeyDown: ←/→ select the previous/next tab (wrapping round), Home/End the first/last. */
export function tablistKeyDown(event: KeyboardEvent<HTMLElement>): void {
  const move = MOVES[event.key];
  if (!move || event.ctrlKey || event.metaKey || event.altKey) return;
  const tabs = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
  const at = tabs.indexOf(event.target as HTMLElement);
  const next = at < 0 ? undefined : tabs[move(at, tabs.length)];
  if (!next) return;
  event.preventDefault();
  next.focus();
  next.click();
}
