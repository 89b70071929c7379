/**
 * The app's keyboard commands as data: one list that the window's key handler (App/use-shortcuts.ts)
 * matches presses against and the shortcuts sheet (ShortcutsSheet) shows, so what a key does and
 * what the sheet says it does cannot drift apart. Bindings are written as each OS writes them:
 * Ctrl+T on Windows and Linux, ⌘T on macOS.
 */

export type CommandId =
  | 'send'
  | 'save'
  | 'newTab'
  | 'closeTab'
  | 'nextTab'
  | 'previousTab'
  | 'focusUrl'
  | 'searchResponse'
  | 'generateCode'
  | 'shortcuts'
  | 'closeDialog';

export interface KeyBinding {
  /** KeyboardEvent.key, letters in lower case. */
  key: string;
  /** Ctrl on Windows and Linux, ⌘ on macOS (either is accepted everywhere, as before). */
  mod?: boolean;
  /** The Control key itself, on every OS (Ctrl+Tab). */
  ctrl?: boolean;
  /** true: Shift must be held; false: must not be; left out: either. */
  shift?: boolean;
}

export interface Command {
  id: CommandId;
  label: string;
  bindings: KeyBinding[];
  /** Done by the browser itself (Escape closes a modal dialog): listed, never matched by the app. */
  native?: boolean;
}

export const COMMANDS: readonly Command[] = [
  { id: 'send', label: 'Send the request', bindings: [{ key: 'enter', mod: true }] },
  { id: 'save', label: 'Save the request', bindings: [{ key: 's', mod: true }] },
  { id: 'newTab', label: 'New tab', bindings: [{ key: 't', mod: true, shift: false }] },
  { id: 'closeTab', label: 'Close the tab (asks when unsaved)', bindings: [{ key: 'w', mod: true, shift: false }] },
  {
    id: 'nextTab',
    label: 'Next tab',
    bindings: [
      { key: 'tab', ctrl: true, shift: false },
      { key: 'pagedown', mod: true, shift: false },
    ],
  },
  {
    id: 'previousTab',
    label: 'Previous tab',
    bindings: [
      { key: 'tab', ctrl: true, shift: true },
      { key: 'pageup', mod: true, shift: false },
    ],
  },
  { id: 'focusUrl', label: 'Go to the URL', bindings: [{ key: 'l', mod: true, shift: false }] },
  { id: 'searchResponse', label: 'Search the response body', bindings: [{ key: 'f', mod: true, shift: false }] },
  {
    id: 'generateCode',
    label: 'Generate code for the request',
    bindings: [{ key: 'g', mod: true, shift: true }],
  },
  { id: 'shortcuts', label: 'Show the keyboard shortcuts', bindings: [{ key: '/', mod: true }] },
  { id: 'closeDialog', label: 'Close a dialog or this sheet', bindings: [{ key: 'escape' }], native: true },
];

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

/** Whether the platform string (navigator.userAgentData.platform or navigator.platform) is macOS. */
export function isMacPlatform(platform: string): boolean {
  return /mac/i.test(platform);
}

/** This renderer's platform, as the browser tells it. */
export function runningOnMac(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return isMacPlatform(nav.userAgentData?.platform || nav.platform || '');
}

const KEY_NAMES: Record<string, { mac: string; other: string }> = {
  enter: { mac: '↩', other: 'Enter' },
  tab: { mac: '⇥', other: 'Tab' },
  pagedown: { mac: '⇟', other: 'PgDn' },
  pageup: { mac: '⇞', other: 'PgUp' },
  escape: { mac: 'Esc', other: 'Esc' },
};

/** A command's first binding as this OS writes it, for a button's tooltip ("Save (⌘S)"). */
export function shortcutText(id: CommandId): string {
  const binding = COMMANDS.find((c) => c.id === id)?.bindings[0];
  return binding ? bindingText(binding, runningOnMac()) : '';
}

/** A binding as the OS writes it: "Ctrl+Shift+Tab" on Windows and Linux, "⌃⇧⇥" on macOS. */
export function bindingText(binding: KeyBinding, mac: boolean): string {
  const name = KEY_NAMES[binding.key];
  const key = name ? (mac ? name.mac : name.other) : binding.key.toUpperCase();
  if (mac) return `${binding.ctrl ? '⌃' : ''}${binding.shift ? '⇧' : ''}${binding.mod ? '⌘' : ''}${key}`;
  const mods = [binding.ctrl || binding.mod ? 'Ctrl' : '', binding.shift ? 'Shift' : ''].filter(Boolean);
  return [...mods, key].join('+');
}
