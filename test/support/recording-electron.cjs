/**
 * A recording stand-in for the `electron` module, for loading the built main entry in plain Node
 * (`node -r test/support/recording-electron.cjs out/main/index.cjs`, forked by test/main-entry.test.ts):
 * it answers `require('electron')` with objects that note what the entry does (IPC channels, window
 * settings, permission handlers, paths, proxy configs) and enforce Electron's ordering rules (schemes
 * before ready; windows, sessions and the screen after it; a quit before ready still waits for it).
 * The test drives it over the fork's message channel (see `commands` below); when the app quits, the
 * notes are written to RECORDING_NOTES and the process exits at once, as Electron does after `quit`.
 * RECORDING_PACKAGED=1 plays an installed app; RECORDING_USER_DATA is the data folder it gets;
 * RECORDING_SECOND_INSTANCE=1 plays a launch while another instance holds the lock;
 * RECORDING_DISPLAYS is the screen's displays (JSON, default one 1920×1080); RECORDING_PLATFORM
 * plays another OS (process.platform, e.g. darwin).
 */
'use strict';
const { EventEmitter } = require('node:events');
const { writeFileSync } = require('node:fs');
const Module = require('node:module');

if (process.env.RECORDING_PLATFORM)
  Object.defineProperty(process, 'platform', { value: process.env.RECORDING_PLATFORM });

const PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'media',
  'geolocation',
  'notifications',
  'fullscreen',
  'openExternal',
];
const APP_PAGE = 'app://renderer/index.html';
const OTHER_PAGE = 'https://example.com/';
const DISPLAYS = JSON.parse(
  process.env.RECORDING_DISPLAYS ??
    '[{"id":1,"bounds":{"x":0,"y":0,"width":1920,"height":1080},"workArea":{"x":0,"y":0,"width":1920,"height":1040}}]',
);
const paths = { userData: process.env.RECORDING_USER_DATA };
const handlers = new Map();
const schemeHandlers = new Map();
const windows = [];
let ready = false;
const notes = {
  packaged: process.env.RECORDING_PACKAGED === '1',
  handled: [],
  listened: [],
  setPath: [],
  webPreferences: [],
  windowOptions: [],
  windowCalls: [],
  sessions: {},
  proxies: {},
  schemes: [],
  served: [],
  lockRequested: false,
  themeSources: [],
  quitEvents: [],
  readyBeforeLock: false,
  openedExternally: [],
  /** The application menu as set (labels, roles, accelerators, ids; clicks left out), or null. */
  applicationMenu: null,
  aboutPanel: null,
  /** What the app sent to a window's page: [window index, channel, ...args]. */
  sent: [],
};
let applicationMenu = null;

/** Electron throws when these are used in the wrong phase; so does the stand-in. */
function afterReady(what) {
  if (!ready) throw new Error(`${what} cannot be used before the app is ready`);
}

function sessionNamed(name) {
  afterReady(`session ${name}`);
  const note = (notes.sessions[name] ??= {
    checks: null,
    requests: null,
    checksElsewhere: null,
    requestsElsewhere: null,
  });
  return {
    setPermissionCheckHandler(handler) {
      const ask = (url) =>
        Object.fromEntries(PERMISSIONS.map((p) => [p, handler(null, p, url, { requestingUrl: url })]));
      note.checks = ask(APP_PAGE);
      note.checksElsewhere = ask(OTHER_PAGE);
    },
    setPermissionRequestHandler(handler) {
      const ask = (url) => {
        const granted = {};
        for (const p of PERMISSIONS) handler(null, p, (answer) => (granted[p] = answer), { requestingUrl: url });
        return granted;
      };
      note.requests = ask(APP_PAGE);
      note.requestsElsewhere = ask(OTHER_PAGE);
    },
    setCertificateVerifyProc() {},
    async setProxy(config) {
      notes.proxies[name] = config;
    },
    async resolveProxy() {
      return 'DIRECT';
    },
  };
}

class WebContents extends EventEmitter {
  constructor(index) {
    super();
    this.index = index;
  }
  send(channel, ...args) {
    notes.sent.push([this.index, channel, ...args]);
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
    notes.windowOpen ??= handler({ url: 'http://example.com/' });
  }
}

/** An Electron event: `preventDefault()` noted. */
function electronEvent() {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    afterReady('BrowserWindow');
    notes.webPreferences.push(options.webPreferences);
    const { webPreferences: _omitted, ...rest } = options;
    notes.windowOptions.push(rest);
    this.index = windows.length;
    this.webContents = new WebContents(this.index);
    this.bounds = {
      x: options.x ?? 100,
      y: options.y ?? 100,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.state = { minimized: false, maximized: false, destroyed: false, visible: false };
    windows.push(this);
  }
  static getFocusedWindow() {
    return null;
  }
  static getAllWindows() {
    return windows.filter((w) => !w.state.destroyed);
  }
  call(name) {
    notes.windowCalls.push([this.index, name]);
  }
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  setBounds(bounds) {
    this.bounds = { ...this.bounds, ...bounds };
  }
  isMaximized() {
    return this.state.maximized;
  }
  isMinimized() {
    return this.state.minimized;
  }
  isDestroyed() {
    return this.state.destroyed;
  }
  maximize() {
    this.call('maximize');
    this.state.maximized = true;
    this.emit('maximize');
  }
  unmaximize() {
    this.call('unmaximize');
    this.state.maximized = false;
    this.emit('unmaximize');
  }
  minimize() {
    this.state.minimized = true;
  }
  restore() {
    this.call('restore');
    this.state.minimized = false;
  }
  show() {
    this.call('show');
    this.state.visible = true;
  }
  focus() {
    this.call('focus');
  }
  close() {
    if (this.state.destroyed) return;
    const event = electronEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.state.destroyed = true;
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed', electronEvent());
  }
  async loadURL(url) {
    this.call(`load ${url}`);
    notes.loaded ??= url;
    this.emit('ready-to-show');
    if (this.index === 0) process.send?.({ loaded: true });
  }
}

const app = new EventEmitter();
let quitting = false;
Object.assign(app, {
  isPackaged: notes.packaged,
  whenReady: () => readyPromise,
  requestSingleInstanceLock() {
    notes.lockRequested = true;
    notes.readyBeforeLock = ready;
    return process.env.RECORDING_SECOND_INSTANCE !== '1';
  },
  setPath(name, path) {
    // Electron's lock is keyed on the data folder as it is when the lock is asked for.
    if (name === 'userData' && notes.lockRequested) throw new Error('userData set after the single-instance lock');
    notes.setPath.push([name, path]);
    paths[name] = path;
  },
  getPath: (name) => paths[name] ?? paths.userData,
  getVersion: () => '0.0.0-recording',
  setAboutPanelOptions(options) {
    notes.aboutPanel = options;
  },
  getName: () => 'Partner API Workbench',
  /** As Electron: before-quit and will-quit may each stop the quit; then quit, and the process ends. */
  quit() {
    if (!ready) {
      // Electron finishes starting (ready still fires) before it quits.
      void readyPromise.then(() => setImmediate(() => app.quit()));
      return;
    }
    if (quitting) return;
    quitting = true;
    for (const name of ['before-quit', 'will-quit']) {
      const event = electronEvent();
      app.emit(name, event);
      notes.quitEvents.push(event.defaultPrevented ? `${name} (prevented)` : name);
      if (event.defaultPrevented) {
        quitting = false;
        return;
      }
    }
    app.emit('quit', electronEvent());
    notes.quitEvents.push('quit');
    writeFileSync(process.env.RECORDING_NOTES, JSON.stringify(notes));
    process.exit(0);
  },
});
// Ready comes after the entry's first synchronous run, as in Electron.
const readyPromise = new Promise((resolve) =>
  setImmediate(() => {
    ready = true;
    app.emit('ready');
    resolve();
  }),
);

/** A menu template as data: what each item shows, without its click. */
function describeMenu(items) {
  return items.map(({ click: _click, submenu, ...item }) => ({
    ...item,
    ...(submenu ? { submenu: describeMenu(submenu) } : {}),
  }));
}

/** The item with `id`, searched through the submenus. */
function menuItemById(items, id) {
  for (const item of items) {
    if (item.id === id) return item;
    const found = item.submenu ? menuItemById(item.submenu, id) : null;
    if (found) return found;
  }
  return null;
}

/** As Electron's Menu: built from a template, set as the application menu, both only once the app is ready. */
class Menu {
  constructor(items) {
    this.items = items;
  }
  static buildFromTemplate(template) {
    afterReady('Menu.buildFromTemplate');
    return new Menu(template);
  }
  static setApplicationMenu(menu) {
    afterReady('Menu.setApplicationMenu');
    applicationMenu = menu;
    notes.applicationMenu = menu ? describeMenu(menu.items) : null;
  }
  static getApplicationMenu() {
    return applicationMenu;
  }
}

const electron = {
  app,
  BrowserWindow,
  Menu,
  clipboard: { writeText() {} },
  // The OS here is dark; themeSource, as in Electron, overrides it for the app.
  nativeTheme: {
    get themeSource() {
      return notes.themeSources.at(-1) ?? 'system';
    },
    set themeSource(source) {
      notes.themeSources.push(source);
    },
    get shouldUseDarkColors() {
      return this.themeSource !== 'light';
    },
  },
  dialog: { showMessageBoxSync: () => 1 },
  shell: {
    async openExternal(url) {
      notes.openedExternally.push(url);
    },
    async openPath() {},
  },
  ipcMain: {
    handle(channel, handler) {
      notes.handled.push(channel);
      handlers.set(channel, handler);
    },
    on(channel) {
      notes.listened.push(channel);
    },
  },
  // The OS keyring, played by a reversible encoding (the vault needs one to keep the proxy's password).
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text) => Buffer.from(`recorded:${text}`),
    decryptString: (data) => data.toString().slice('recorded:'.length),
  },
  get screen() {
    afterReady('screen');
    return { getAllDisplays: () => DISPLAYS, getPrimaryDisplay: () => DISPLAYS[0] };
  },
  get session() {
    return {
      get defaultSession() {
        return sessionNamed('default');
      },
      fromPartition: (name) => sessionNamed(name),
    };
  },
  protocol: {
    registerSchemesAsPrivileged(schemes) {
      if (ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
      notes.schemes.push(...schemes);
    },
    handle(scheme, handler) {
      afterReady('protocol.handle');
      notes.served.push(scheme);
      schemeHandlers.set(scheme, handler);
    },
  },
};

/** What the test may ask of the running app, by name; each answers with plain data. */
const commands = {
  notes: () => ({ ...notes, tlsVariableAfterStart: process.env.NODE_TLS_REJECT_UNAUTHORIZED ?? null }),
  /** A call from the app's page (or `from` another), as the preload makes it (answered once it settles, unless `wait` is false). */
  async invoke({ channel, payload, wait = true, from = APP_PAGE }) {
    const answer = handlers.get(channel)({ senderFrame: { url: from } }, payload);
    return wait ? await answer : null;
  },
  /** Something the user or the OS does to a window: minimize, setBounds, maximize, close. */
  window({ index, action, bounds }) {
    const window = windows[index];
    if (action === 'setBounds') {
      window.setBounds(bounds);
      window.emit('resize');
      window.emit('move');
    } else window[action]();
    return { bounds: window.getBounds(), maximized: window.isMaximized(), minimized: window.isMinimized() };
  },
  /** An app event (e.g. second-instance) with its arguments after the event. */
  appEvent({ name, args = [] }) {
    const event = electronEvent();
    app.emit(name, event, ...args);
    return { prevented: event.defaultPrevented };
  },
  /** Chromium asks a window for credentials (webContents 'login'): what the app answered. */
  async login({ index, url, authInfo }) {
    const event = electronEvent();
    let answered = null;
    windows[index].webContents.emit('login', event, { url }, authInfo, (username, password) => {
      answered = username === undefined ? { cancelled: true } : { username, password };
    });
    // An answer may come a moment later (Electron waits for the callback).
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { prevented: event.defaultPrevented, answered, windows: windows.length };
  },
  /** A webContents event (will-navigate, will-redirect, will-attach-webview…): whether the app stopped it. */
  webContentsEvent({ index, name, args = [] }) {
    const event = electronEvent();
    windows[index].webContents.emit(name, event, ...args);
    return { prevented: event.defaultPrevented };
  },
  /** What a window's page asking for a new window gets. */
  windowOpen({ index, url }) {
    return windows[index].webContents.openHandler({ url });
  },
  /** What the app's scheme handler answers for a URL: status, headers and body text. */
  async fetch({ url }) {
    const response = await schemeHandlers.get(new URL(url).protocol.slice(0, -1))(new Request(url));
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  },
  /** The user clicks the application menu's `item` (its id) (Electron calls click(item, focused window, event)). */
  menuClick({ item: id }) {
    const item = applicationMenu && menuItemById(applicationMenu.items, id);
    if (!item) throw new Error(`No menu item ${id}`);
    item.click?.(item, BrowserWindow.getAllWindows()[0], {});
    return { sent: notes.sent.length };
  },
  windowCount: () => windows.length,
  quit: () => void app.quit(),
};

process.on('message', async ({ id, command, ...args }) => {
  try {
    process.send({ id, value: (await commands[command](args)) ?? null });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});

// The test went away: so does the app.
process.on('disconnect', () => process.exit(0));

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};
