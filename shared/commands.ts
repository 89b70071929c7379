/**
 * The app's commands as data: one list that the window's key handler (App/use-shortcuts.ts, through
 * renderer/src/key-presses.ts) matches presses against, the shortcuts sheet (ShortcutsSheet) shows
 * and the application menu is built from (command-menu.ts places each command), so what a key does
 * and what the sheet and the menu say cannot drift apart. Bindings are written as each OS writes
 * them: Ctrl+T on Windows and Linux, ⌘T on macOS. Pure: runs in the window and the main process.
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
  | 'cancel'
  | 'settings'
  | 'newCollection'
  | 'import'
  | 'export'
  | 'openFolder'
  | 'formatBody'
  | 'copyCurl'
  | 'toggleSidebar'
  | 'toggleTheme'
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
  { id: 'cancel', label: 'Cancel the request being sent', bindings: [{ key: '.', mod: true }] },
  { id: 'formatBody', label: 'Format the JSON body', bindings: [{ key: 'f', mod: true, shift: true }] },
  { id: 'toggleSidebar', label: 'Show or hide the sidebar', bindings: [{ key: '\\', mod: true }] },
  { id: 'settings', label: 'Open the settings', bindings: [{ key: ',', mod: true }] },
  { id: 'newCollection', label: 'New collection', bindings: [] },
  { id: 'import', label: 'Import a collection, OpenAPI or cURL', bindings: [] },
  { id: 'export', label: 'Export the collection of this request', bindings: [] },
  { id: 'openFolder', label: 'Open a collection folder', bindings: [] },
  { id: 'copyCurl', label: 'Copy the request as cURL', bindings: [] },
  { id: 'toggleTheme', label: 'Switch between the light and dark theme', bindings: [] },
  { id: 'closeDialog', label: 'Close a dialog or this sheet', bindings: [{ key: 'escape' }], native: true },
];

/** Whether the platform string (navigator.userAgentData.platform, navigator.platform or process.platform) is macOS. */
export function isMacPlatform(platform: string): boolean {
  return /mac|darwin/i.test(platform);
}

const KEY_NAMES: Record<string, { mac: string; other: string }> = {
  enter: { mac: '↩', other: 'Enter' },
  tab: { mac: '⇥', other: 'Tab' },
  pagedown: { mac: '⇟', other: 'PgDn' },
  pageup: { mac: '⇞', other: 'PgUp' },
  escape: { mac: 'Esc', other: 'Esc' },
};

/** A binding as the OS writes it: "Ctrl+Shift+Tab" on Windows and Linux, "⌃⇧⇥" on macOS. */
export function bindingText(binding: KeyBinding, mac: boolean): string {
  const name = KEY_NAMES[binding.key];
  const key = name ? (mac ? name.mac : name.other) : binding.key.toUpperCase();
  if (mac) return `${binding.ctrl ? '⌃' : ''}${binding.shift ? '⇧' : ''}${binding.mod ? '⌘' : ''}${key}`;
  const mods = [binding.ctrl || binding.mod ? 'Ctrl' : '', binding.shift ? 'Shift' : ''].filter(Boolean);
  return [...mods, key].join('+');
}

const COMMAND_IDS: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.id));

/** Whether a value (a menu event's payload, say) is one of the app's commands. */
export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && COMMAND_IDS.has(value);
}
