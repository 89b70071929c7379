/**
 * The app's keyboard shortcuts (Ctrl or ⌘ with Enter, S, T, W), on the whole window. Which key does
 * what is a pure function, so it is tested without a window.
 */
import { useEffect } from 'react';

export type Shortcut = 'send' | 'save' | 'newTab' | 'closeTab';

/** The shortcut a key press is, if any; a press a field already handled is none. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'defaultPrevented'>,
): Shortcut | null {
  if (!(event.ctrlKey || event.metaKey) || event.defaultPrevented) return null;
  const key = event.key.toLowerCase();
  if (event.key === 'Enter') return 'send';
  if (key === 's') return 'save';
  if (key === 't' && !event.shiftKey) return 'newTab';
  if (key === 'w') return 'closeTab';
  return null;
}

/** Runs the handler of each shortcut pressed; the handlers should be stable (useCallback). */
export function useShortcuts(handlers: Record<Shortcut, () => void>) {
  const { send, save, newTab, closeTab } = handlers;
  useEffect(() => {
    const run: Record<Shortcut, () => void> = { send, save, newTab, closeTab };
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      event.preventDefault();
      run[shortcut]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send, save, newTab, closeTab]);
}
