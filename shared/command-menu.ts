/**
 * Where each command of the list (commands.ts) sits in the application menu, and its keys as
 * Electron's accelerators: electron/main/menu.ts builds the menu from this and the list, so the menu
 * shows the same keys as the shortcuts sheet, as each OS writes them. Pure: runs anywhere.
 */
import type { CommandId, KeyBinding } from './commands';

/**
 * The application menu a command sits in. `app` is the app's own menu on macOS and File elsewhere
 * (Settings); the menu's standard items (Edit's undo…, zoom, quit) are Electron's roles, not commands.
 */
export type MenuSection = 'app' | 'file' | 'edit' | 'view' | 'request' | 'window' | 'help';

export interface MenuPlace {
  section: MenuSection;
  /** The item's label, in the menus' title case ("New Request"). */
  label: string;
  /** A separator goes above the item. */
  separatorBefore?: boolean;
}

/**
 * Where each command the app runs sits in the application menu; in a section, items follow this
 * table's order. Every command but the browser's own has a place: one missing does not compile.
 */
export const MENU_PLACES: Readonly<Record<Exclude<CommandId, 'closeDialog'>, MenuPlace>> = {
  settings: { section: 'app', label: 'Settings…' },
  newTab: { section: 'file', label: 'New Request' },
  newCollection: { section: 'file', label: 'New Collection…' },
  import: { section: 'file', label: 'Import…', separatorBefore: true },
  export: { section: 'file', label: 'Export Collection…' },
  openFolder: { section: 'file', label: 'Open Folder…' },
  save: { section: 'file', label: 'Save', separatorBefore: true },
  closeTab: { section: 'file', label: 'Close Tab' },
  searchResponse: { section: 'edit', label: 'Find in Response', separatorBefore: true },
  toggleSidebar: { section: 'view', label: 'Toggle Sidebar' },
  toggleTheme: { section: 'view', label: 'Toggle Light/Dark Theme' },
  send: { section: 'request', label: 'Send' },
  cancel: { section: 'request', label: 'Cancel' },
  focusUrl: { section: 'request', label: 'Go to URL', separatorBefore: true },
  formatBody: { section: 'request', label: 'Format Body' },
  copyCurl: { section: 'request', label: 'Copy as cURL', separatorBefore: true },
  generateCode: { section: 'request', label: 'Generate Code…' },
  nextTab: { section: 'window', label: 'Next Tab' },
  previousTab: { section: 'window', label: 'Previous Tab' },
  shortcuts: { section: 'help', label: 'Keyboard Shortcuts' },
};

const ACCELERATOR_KEYS: Record<string, string> = {
  enter: 'Enter',
  tab: 'Tab',
  pagedown: 'PageDown',
  pageup: 'PageUp',
  escape: 'Escape',
};

/**
 * A binding as Electron's accelerator ("CmdOrCtrl+Shift+F", "Ctrl+Tab"): the menu then shows it as
 * each OS writes it, and the same keys run the command whether the page or the menu sees them first.
 */
export function acceleratorOf(binding: KeyBinding): string {
  const key = ACCELERATOR_KEYS[binding.key] ?? binding.key.toUpperCase();
  return [binding.ctrl ? 'Ctrl' : '', binding.mod ? 'CmdOrCtrl' : '', binding.shift ? 'Shift' : '', key]
    .filter(Boolean)
    .join('+');
}
