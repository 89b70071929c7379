/**
 * The app's commands on the whole window, from a key press or the application menu. Which press is
 * which command is the command list's (shared/commands.ts, shared with the shortcuts sheet and the
 * menu; key-presses.ts matches them); this hook only runs the handler of each, the same one for
 * the key and the menu item.
 */
import { useEffect } from 'react';
import { isCommandId, type CommandId } from '../../../../shared/commands';
import { api } from '../../api';
import { useLatest } from '../../hooks/use-latest';
import { commandFor } from '../../key-presses';

/** A handler for each command the app runs (Escape is the dialogs' own). */
export type ShortcutHandlers = Record<Exclude<CommandId, 'closeDialog'>, () => void>;

/** The id of the tab `step` places beside `activeId` (wrapping round), for next/previous tab. */
export function tabBeside(tabIds: readonly string[], activeId: string, step: 1 | -1): string {
  const index = tabIds.indexOf(activeId);
  return tabIds[(index + step + tabIds.length) % tabIds.length] ?? activeId;
}

/** A command the app may run now: while a modal dialog has the keyboard, the app behind it does nothing but toggle the sheet. */
function runnable(command: CommandId | null): command is Exclude<CommandId, 'closeDialog'> {
  if (!command || command === 'closeDialog') return false;
  return command === 'shortcuts' || !document.querySelector('dialog:modal');
}

/** Runs the handler of each shortcut pressed or menu item chosen; the latest handlers are used, so they need not be stable. */
export function useShortcuts(handlers: ShortcutHandlers) {
  const latest = useLatest(handlers);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandFor(event);
      if (!runnable(command)) return;
      event.preventDefault();
      latest.current[command]();
    };
    const onMenu = (command: unknown) => {
      if (isCommandId(command) && runnable(command)) latest.current[command]();
    };
    window.addEventListener('keydown', onKey);
    const unsubscribe = api().menu.onCommand(onMenu);
    return () => {
      window.removeEventListener('keydown', onKey);
      unsubscribe();
    };
  }, [latest]);
}
