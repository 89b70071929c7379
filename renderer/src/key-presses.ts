/**
 * Key presses against the command list (shared/commands.ts): which command a press is, for the
 * window's key handler (App/use-shortcuts.ts), and a command's keys as this renderer's OS writes them,
 * for tooltips. Renderer-only: it reads KeyboardEvent and the browser's idea of the platform.
 */
import { bindingText, COMMANDS, isMacPlatform, type CommandId, type KeyBinding } from '../../shared/commands';

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>;

/** Whether `press` is `binding`. */
export function matches(binding: KeyBinding, press: KeyPress): boolean {
  if (press.key.toLowerCase() !== binding.key) return false;
  if (binding.shift !== undefined && binding.shift !== press.shiftKey) return false;
  if (binding.ctrl) return press.ctrlKey;
  if (binding.mod) return press.ctrlKey || press.metaKey;
  return !press.ctrlKey && !press.metaKey;
}

/** The command a key press is, if any; a press a field already handled is none. */
export function commandFor(press: KeyPress & Pick<KeyboardEvent, 'defaultPrevented'>): CommandId | null {
  if (press.defaultPrevented) return null;
  const command = COMMANDS.find((c) => !c.native && c.bindings.some((b) => matches(b, press)));
  return command?.id ?? null;
}

/** This renderer's platform, as the browser tells it. */
export function runningOnMac(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return isMacPlatform(nav.userAgentData?.platform || nav.platform || '');
}

/** A command's first binding as this OS writes it, for a button's tooltip ("Save (⌘S)"). */
export function shortcutText(id: CommandId): string {
  const binding = COMMANDS.find((c) => c.id === id)?.bindings[0];
  return binding ? bindingText(binding, runningOnMac()) : '';
}
