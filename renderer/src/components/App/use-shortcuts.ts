/**
 * The app's keyboard shortcuts on the whole window. Which press is which command is the command
 * list's (commands.ts, shared with the shortcuts sheet); this hook only runs the handler of each.
 */
import { useEffect } from 'react';
import { commandFor, type CommandId } from '../../commands';
import { useLatest } from '../../hooks/use-latest';

/** A handler for each command the app runs (Escape is the dialogs' own). */
export type ShortcutHandlers = Record<Exclude<CommandId, 'closeDialog'>, () => void>;

/** The id of the tab `step` places beside `activeId` (wrapping round), for next/previous tab. */
export function tabBeside(tabIds: readonly string[], activeId: string, step: 1 | -1): string {
  const index = tabIds.indexOf(activeId);
  return tabIds[(index + step + tabIds.length) % tabIds.length] ?? activeId;
}

/** Runs the handler of each shortcut pressed; the latest handlers are used, so they need not be stable. */
export function useShortcuts(handlers: ShortcutHandlers) {
  const latest = useLatest(handlers);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandFor(event);
      if (!command || command === 'closeDialog') return;
      // A modal dialog has the keyboard: the app behind it does nothing until it closes.
      if (command !== 'shortcuts' && document.querySelector('dialog:modal')) return;
      event.preventDefault();
      latest.current[command]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [latest]);
}
