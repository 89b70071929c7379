/**
 * A recording stand-in for the `electron` module, for loading the built main entry in plain Node
 * (`node -r test/support/recording-electron.cjs out/main/index.cjs`): it answers `require('electron')` with
 * objects that note what the entry does (IPC channels, window settings, permission handlers, paths),
 * and once the window loads, prints the notes as one JSON line prefixed RECORDING: and exits.
 * RECORDING_PACKAGED=1 plays an installed app; RECORDING_USER_DATA is the data folder it gets.
 */
'use strict';
const Module = require('node:module');

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
const paths = { userData: process.env.RECORDING_USER_DATA };
const handlers = new Map();
const notes = {
  packaged: process.env.RECORDING_PACKAGED === '1',
  handled: [],
  setPath: [],
  webPreferences: [],
  sessions: {},
  schemes: [],
  served: [],
};

function sessionNamed(name) {
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
    async setProxy() {},
    async resolveProxy() {
      return 'DIRECT';
    },
  };
}

async function report() {
  // What the renderer would see of the Local sandbox target (set only by the WORKBENCH_* hooks).
  const getCredentials = handlers.get('credentials:get');
  const answer = getCredentials ? await getCredentials({ senderFrame: { url: APP_PAGE } }, undefined) : null;
  const sandbox = answer?.ok ? answer.value.environments.find((e) => e.id === 'sandbox') : null;
  notes.sandboxOrigin = sandbox ? sandbox.origin : 'missing';
  notes.tlsVariableAfterStart = process.env.NODE_TLS_REJECT_UNAUTHORIZED ?? null;
  process.stdout.write(`RECORDING:${JSON.stringify(notes)}\n`);
  process.exit(0);
}

class WebContents {
  setWindowOpenHandler(handler) {
    notes.windowOpen = handler({ url: 'https://example.com/' });
  }
  on() {}
}

class BrowserWindow {
  constructor(options) {
    notes.webPreferences.push(options.webPreferences);
    this.webContents = new WebContents();
  }
  static getFocusedWindow() {
    return null;
  }
  once() {}
  on() {}
  async loadURL(url) {
    notes.loaded = url;
    setImmediate(() => void report());
  }
}

const electron = {
  app: {
    isPackaged: notes.packaged,
    whenReady: () => Promise.resolve(),
    on() {},
    quit() {},
    setPath(name, path) {
      notes.setPath.push([name, path]);
      paths[name] = path;
    },
    getPath: (name) => paths[name] ?? paths.userData,
    getVersion: () => '0.0.0-recording',
    getName: () => 'Partner API Workbench',
  },
  BrowserWindow,
  clipboard: { writeText() {} },
  dialog: {},
  shell: { async openExternal() {}, async openPath() {} },
  ipcMain: {
    handle(channel, handler) {
      notes.handled.push(channel);
      handlers.set(channel, handler);
    },
    on() {},
  },
  safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'unknown' },
  session: { defaultSession: sessionNamed('default'), fromPartition: (name) => sessionNamed(name) },
  protocol: {
    registerSchemesAsPrivileged(schemes) {
      notes.schemes.push(...schemes);
    },
    handle(scheme) {
      notes.served.push(scheme);
    },
  },
};

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};
