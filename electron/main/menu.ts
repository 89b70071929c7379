/**
 * The application menu, built from the one command list (shared/commands.ts) the window's keys and
 * shortcuts sheet use, placed by shared/command-menu.ts: each command's item carries its first binding as an accelerator, so the menu
 * shows the keys as each OS writes them, and a click hands the command's id to `actions.command`
 * (index.ts sends it to the window, where the same handler as the key runs). What is not a command
 * is one of Electron's roles (undo, zoom, quit…), which each OS implements itself. Pure: a template,
 * built into a menu by index.ts.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { acceleratorOf, MENU_PLACES, type MenuSection } from '../../shared/command-menu';
import { COMMANDS, type CommandId, type KeyBinding } from '../../shared/commands';

/** The Partner API's documentation, opened by Help in the system browser. */
export const API_DOCS_URL = 'https://developer.olxgroup.com/';

/** The hosts the menu may hand to the system browser; https only. */
const EXTERNAL_HOSTS: ReadonlySet<string> = new Set(['developer.olxgroup.com']);

/** Whether the menu may open `url` in the system browser: https, an allowed host, no credentials in it. */
export function mayOpenExternally(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && EXTERNAL_HOSTS.has(parsed.hostname) && !parsed.username && !parsed.password;
}

export interface MenuActions {
  platform: NodeJS.Platform;
  /** An installed app: no developer tools in View. */
  packaged: boolean;
  appName: string;
  /** Runs a command in the app's window. */
  command(id: CommandId): void;
  /** Opens a page in the system browser, if `mayOpenExternally` allows it. */
  openExternal(url: string): void;
}

const SEPARATOR: MenuItemConstructorOptions = { type: 'separator' };

/**
 * The item's accelerator. The window's key handler runs the keys (it knows when a field or a modal
 * dialog has them); on Windows and Linux the menu only shows them (registerAccelerator false), so a
 * press never runs its command twice. On macOS the page sees a key equivalent first, and the menu gets
 * it only when the page left it alone.
 */
function keys(binding: KeyBinding, platform: NodeJS.Platform): MenuItemConstructorOptions {
  const accelerator = acceleratorOf(binding);
  return platform === 'darwin' ? { accelerator } : { accelerator, registerAccelerator: false };
}

const PLACED = Object.entries(MENU_PLACES) as Array<
  [keyof typeof MENU_PLACES, (typeof MENU_PLACES)[keyof typeof MENU_PLACES]]
>;

/** The items of the commands placed in `section`, in MENU_PLACES' order, with their first binding as the accelerator. */
function commandItems(section: MenuSection, actions: MenuActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  for (const [id, place] of PLACED) {
    if (place.section !== section) continue;
    if (place.separatorBefore && items.length > 0) items.push(SEPARATOR);
    const binding = COMMANDS.find((command) => command.id === id)?.bindings[0];
    items.push({
      id,
      label: place.label,
      ...(binding ? keys(binding, actions.platform) : {}),
      click: () => actions.command(id),
    });
  }
  return items;
}

/** macOS's first menu, named after the app: about, settings, services, hide, quit. */
function appMenu(actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: actions.appName,
    submenu: [
      { role: 'about' },
      SEPARATOR,
      ...commandItems('app', actions),
      SEPARATOR,
      { role: 'services' },
      SEPARATOR,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      SEPARATOR,
      { role: 'quit' },
    ],
  };
}

function fileMenu(mac: boolean, actions: MenuActions): MenuItemConstructorOptions {
  // Elsewhere than macOS, Settings and Quit close the File menu, as on Windows and Linux apps.
  const tail: MenuItemConstructorOptions[] = mac
    ? []
    : [SEPARATOR, ...commandItems('app', actions), SEPARATOR, { role: 'quit' }];
  return { label: 'File', submenu: [...commandItems('file', actions), ...tail] };
}

function editMenu(actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      SEPARATOR,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      ...commandItems('edit', actions),
    ],
  };
}

function viewMenu(actions: MenuActions): MenuItemConstructorOptions {
  const developer: MenuItemConstructorOptions[] = actions.packaged ? [] : [SEPARATOR, { role: 'toggleDevTools' }];
  return {
    label: 'View',
    submenu: [
      ...commandItems('view', actions),
      SEPARATOR,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      SEPARATOR,
      { role: 'togglefullscreen' },
      ...developer,
    ],
  };
}

function windowMenu(mac: boolean, actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: 'Window',
    role: 'window',
    submenu: [
      { role: 'minimize' },
      ...(mac ? [{ role: 'zoom' } as const] : []),
      SEPARATOR,
      ...commandItems('window', actions),
      SEPARATOR,
      // Ctrl/⌘+W closes a tab, as in browsers; the window closes with Shift added.
      { role: 'close', accelerator: 'CmdOrCtrl+Shift+W' },
      ...(mac ? [SEPARATOR, { role: 'front' } as const] : []),
    ],
  };
}

function helpMenu(mac: boolean, actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: 'Help',
    role: 'help',
    submenu: [
      ...commandItems('help', actions),
      {
        id: 'apiDocs',
        label: 'Partner API Documentation',
        click: () => actions.openExternal(API_DOCS_URL),
      },
      // On macOS, About is the app menu's first item.
      ...(mac ? [] : [SEPARATOR, { role: 'about' } as const]),
    ],
  };
}

/** The application menu's template for `actions.platform`. */
export function menuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = actions.platform === 'darwin';
  return [
    ...(mac ? [appMenu(actions)] : []),
    fileMenu(mac, actions),
    editMenu(actions),
    viewMenu(actions),
    { label: 'Request', submenu: commandItems('request', actions) },
    windowMenu(mac, actions),
    helpMenu(mac, actions),
  ];
}
