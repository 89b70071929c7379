/**
 * The built main entry, loaded in plain Node with `require('electron')` answered by a recording
 * stand-in (test/support/recording-electron.cjs): the wiring the e2e bridge skips. Every contract channel
 * registered once, the window's web preferences, the permission guards, the application menu, macOS's
 * stay-open and activate, and the WORKBENCH_* test hooks honoured only in an unpackaged build.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NODE_BUNDLE } from '../scripts/bundle.mjs';
import { acceleratorOf, MENU_PLACES } from '../shared/command-menu';
import { COMMANDS } from '../shared/commands';
import { CHANNELS } from '../shared/contract';
import { API_DOCS_URL } from '../electron/main/menu';
import { CONTENT_SECURITY_POLICY } from '../electron/main/csp';
import { createCertificateAuthority } from '../electron/main/tls/certificates';
import { launchRecorded, type MenuItemNote, type RecordedApp, type Recording } from './support/recorded-app';

let dir: string;
let entry: string;
let caFile: string;
let launches = 0;
const running: RecordedApp[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'main-entry-'));
  // Built as scripts/build.mjs builds it, with `electron` left to require().
  entry = join(dir, 'out', 'main', 'index.cjs');
  await build({
    ...NODE_BUNDLE,
    entryPoints: ['electron/main/index.ts'],
    outfile: entry,
    sourcemap: false,
    logLevel: 'error',
  });
  // The renderer build the app:// handler serves, beside the bundle as in out/.
  mkdirSync(join(dir, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>Workbench</title>');
  writeFileSync(join(dir, 'out', 'secret.txt'), 'outside the renderer folder');
  caFile = join(dir, 'test-ca.pem');
  writeFileSync(caFile, createCertificateAuthority('Main entry test CA').certPem);
});

afterEach(async () => {
  // An app a test left running is quit (or gone already).
  await Promise.all(
    running.splice(0).map((app) => {
      app.command('quit').catch(() => undefined);
      return app.exited;
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LaunchChoices {
  packaged?: boolean;
  userData?: string;
  env?: NodeJS.ProcessEnv;
}

/** Starts the entry as an installed (packaged) or unpackaged app, with the e2e hooks and NODE_TLS_REJECT_UNAUTHORIZED=0 set. */
async function launch(choices: LaunchChoices = {}): Promise<{ app: RecordedApp; userData: string; hookDir: string }> {
  const userData = choices.userData ?? mkdtempSync(join(dir, 'user-data-'));
  const hookDir = mkdtempSync(join(dir, 'hook-data-'));
  const app = launchRecorded({
    entry,
    cwd: dir,
    notesFile: join(dir, `launch-${++launches}.notes.json`),
    env: {
      RECORDING_PACKAGED: choices.packaged ? '1' : '0',
      RECORDING_USER_DATA: userData,
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
      WORKBENCH_DATA_DIR: hookDir,
      WORKBENCH_SANDBOX_ORIGIN: 'https://127.0.0.1:9',
      WORKBENCH_SANDBOX_API_KEY: 'hook-api-key-123456',
      WORKBENCH_EXTRA_CA: caFile,
      WORKBENCH_SANDBOX_CLIENT_ID: 'hook-client',
      WORKBENCH_SANDBOX_CLIENT_SECRET: 'hook-client-secret-123456',
      ...choices.env,
    },
  });
  running.push(app);
  await app.started;
  return { app, userData, hookDir };
}

/** Starts the entry, takes its notes and quits it. */
async function start(
  packaged: boolean,
): Promise<{ recording: Recording; stderr: string; hookDir: string; sandboxOrigin: string | null }> {
  const { app, hookDir } = await launch({ packaged });
  const recording = await app.notes();
  // What the renderer would see of the Local sandbox target (set only by the WORKBENCH_* hooks).
  const credentials = await app.command<{
    ok: boolean;
    value: { environments: Array<{ id: string; origin: string }> };
  }>('invoke', { channel: 'credentials:get' });
  const sandbox = credentials.value.environments.find((e) => e.id === 'sandbox');
  await app.quit();
  return { recording, stderr: app.stderr(), hookDir, sandboxOrigin: sandbox?.origin ?? null };
}

describe('the built main entry', () => {
  it('registers every channel once, locks the window down and denies every permission but the app page’s clipboard writes', async () => {
    const { recording } = await start(false);
    expect([...recording.handled].sort()).toEqual([...CHANNELS].sort());
    expect(recording.webPreferences[0]).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(recording.windowOpen).toEqual({ action: 'deny' });
    expect(recording.loaded).toBe('app://renderer/index.html');
    const granted = (answers: Record<string, boolean> | null) =>
      Object.keys(answers ?? {}).filter((p) => answers![p] !== false);
    for (const name of ['default', 'oauth-authorization']) {
      const session = recording.sessions[name]!;
      expect(session.checks, `${name}: permission check handler`).not.toBeNull();
      // The Copy buttons use navigator.clipboard: the app's own page may write the clipboard, nothing more.
      const own = name === 'default' ? ['clipboard-sanitized-write'] : [];
      expect(granted(session.checks), `${name}: checks`).toEqual(own);
      expect(granted(session.requests), `${name}: requests`).toEqual(own);
      expect(granted(session.checksElsewhere), `${name}: checks from another page`).toEqual([]);
      expect(granted(session.requestsElsewhere), `${name}: requests from another page`).toEqual([]);
    }
  });

  it('sets nativeTheme from the theme setting at start and when it changes, and opens on that background', async () => {
    // Packaged: its settings live in userData, where the second launch finds them.
    const first = await launch({ packaged: true });
    expect((await first.app.notes()).themeSources).toEqual(['system']);
    const answer = await first.app.command('invoke', { channel: 'settings:update', payload: { theme: 'light' } });
    expect(answer).toMatchObject({ ok: true, value: { theme: 'light' } });
    expect((await first.app.notes()).themeSources).toEqual(['system', 'light']);
    await first.app.quit();
    const again = await launch({ packaged: true, userData: first.userData });
    const recording = await again.app.notes();
    expect(recording.themeSources).toEqual(['light']);
    expect(recording.windowOptions[0]).toMatchObject({ backgroundColor: '#ffffff' });
    await again.app.quit();
  });

  it('unpackaged, honours the WORKBENCH_* hooks of the real-Electron e2e project', async () => {
    const { recording, hookDir, sandboxOrigin } = await start(false);
    expect(recording.setPath).toEqual([['userData', hookDir]]);
    expect(sandboxOrigin).toBe('https://127.0.0.1:9');
  });

  it('packaged, ignores them: the data folder and trusted CAs stay the app’s own', async () => {
    const { recording, sandboxOrigin } = await start(true);
    expect(recording.packaged).toBe(true);
    expect(recording.setPath).toEqual([]);
    expect(sandboxOrigin).toBeNull();
  });

  it('says once at start that NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored, and takes it out of its own environment', async () => {
    const { recording, stderr } = await start(true);
    expect(stderr.match(/NODE_TLS_REJECT_UNAUTHORIZED=0 is set, and ignored/g)).toHaveLength(1);
    expect(recording.tlsVariableAfterStart).toBeNull();
  });
});

describe('the built main entry, while it runs', () => {
  it('listens to no IPC channel outside the contract (no ipcMain.on), and handles each contract channel once', async () => {
    const { recording } = await start(true);
    expect(recording.listened).toEqual([]);
    expect(recording.handled).toHaveLength(new Set(recording.handled).size);
    expect(recording.schemes.map((s) => s.scheme)).toEqual(['app']);
    expect(recording.served).toEqual(['app']);
  });

  it('serves the renderer on app://renderer/ with its CSP, and nothing outside its folder or on another host', async () => {
    const { app } = await launch({ packaged: true });
    type Served = { status: number; headers: Record<string, string>; body: string };
    const page = await app.command<Served>('fetch', { url: 'app://renderer/index.html' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Workbench</title>');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    for (const url of ['app://renderer/../secret.txt', 'app://renderer/%2e%2e/secret.txt', 'app://other/index.html']) {
      const answer = await app.command<Served>('fetch', { url });
      expect(answer.status, url).toBe(404);
      expect(answer.body, url).not.toContain('outside');
    }
  });

  it('answers only the app’s own page: a call from another page is refused before any handler runs', async () => {
    const { app } = await launch({ packaged: true });
    for (const from of ['https://example.com/', 'app://renderer.evil/index.html', 'file:///index.html']) {
      expect(await app.command('invoke', { channel: 'credentials:get', from }), from).toEqual({
        ok: false,
        error: 'Refused: the call did not come from the app’s own window.',
      });
    }
  });

  it('keeps the window on the app’s pages: other navigation, webviews and new windows refused, https links to the system browser', async () => {
    const { app } = await launch({ packaged: true });
    const stopped = async (name: string, ...args: unknown[]) =>
      (await app.command<{ prevented: boolean }>('webContentsEvent', { index: 0, name, args })).prevented;
    expect(await stopped('will-navigate', 'https://example.com/')).toBe(true);
    expect(await stopped('will-navigate', 'app://renderer.evil/index.html')).toBe(true);
    expect(await stopped('will-navigate', 'app://renderer/index.html')).toBe(false);
    expect(await stopped('will-attach-webview', {}, {})).toBe(true);
    expect(await app.command('windowOpen', { index: 0, url: 'https://docs.example.com/api' })).toEqual({
      action: 'deny',
    });
    expect(await app.command('windowOpen', { index: 0, url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    // Unsaved changes hold the close; the stand-in's dialog answers "Keep working".
    expect(await stopped('will-prevent-unload')).toBe(false);
    expect((await app.notes()).openedExternally).toEqual(['https://docs.example.com/api']);
  });

  it('a second launch quits before it starts: the first keeps its kept bodies, and restores and focuses its window', async () => {
    const { app: first, userData } = await launch({ packaged: true });
    const kept = join(userData, 'responses', 'kept-body');
    writeFileSync(kept, 'the first instance is reading this');
    const { app: second } = await launch({ packaged: true, userData, env: { RECORDING_SECOND_INSTANCE: '1' } });
    const secondNotes = await second.exited;
    expect(secondNotes?.lockRequested).toBe(true);
    expect(secondNotes?.quitEvents).toContain('quit');
    expect(secondNotes?.handled).toEqual([]);
    expect(secondNotes?.windowOptions).toEqual([]);
    expect(existsSync(kept)).toBe(true);

    await first.command('window', { index: 0, action: 'minimize' });
    await first.command('appEvent', { name: 'second-instance', args: [[], dir, {}] });
    const calls = (await first.notes()).windowCalls.filter(([, call]) => call === 'restore' || call === 'focus');
    expect(calls).toEqual([
      [0, 'restore'],
      [0, 'focus'],
    ]);
  });

  it('quits once the services are disposed: the kept bodies’ folder is gone before the process ends', async () => {
    const { app, userData } = await launch({ packaged: true });
    expect(existsSync(join(userData, 'responses'))).toBe(true);
    void app.command('window', { index: 0, action: 'close' }).catch(() => undefined);
    const notes = await app.exited;
    expect(notes?.quitEvents).toEqual(['before-quit', 'will-quit (prevented)', 'before-quit', 'will-quit', 'quit']);
    expect(existsSync(join(userData, 'responses'))).toBe(false);
  });
});

/** Chromium's meaning of a bypass list for a loopback host: direct when listed, or by the implicit rules unless `<-loopback>` subtracts them. */
function chromiumGoesDirect(bypassRules: string, host: string): boolean {
  const rules = bypassRules.split(',').map((rule) => rule.trim());
  return rules.includes(host) || !rules.includes('<-loopback>');
}

describe('the authorization window', () => {
  /** An unpackaged app (the hooks' sandbox has an authorization page) with This proxy, its user and password set. */
  async function withAuthWindow(): Promise<RecordedApp> {
    const { app } = await launch();
    const proxy = { mode: 'custom', url: 'http://proxy.test:3128', bypass: 'corp.example', username: 'alice' };
    await app.command('invoke', { channel: 'settings:update', payload: { authWindow: 'app-window', proxy } });
    await app.command('invoke', {
      channel: 'settings:setProxyPassword',
      payload: { value: 'proxy-secret-123456', clearTextConfirmed: true },
    });
    await app.command('invoke', {
      channel: 'oauth:authorize',
      payload: { environmentId: 'sandbox', userName: 'Ana' },
      wait: false,
    });
    await expect.poll(() => app.command('windowCount'), { timeout: 10_000 }).toBe(2);
    return app;
  }

  it('opens with no preload, sandboxed, in its own session, and goes only to https pages and the loopback callback', async () => {
    const app = await withAuthWindow();
    const notes = await app.notes();
    expect(notes.webPreferences[1]).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(notes.webPreferences[1]!.preload).toBeUndefined();
    const stopped = async (name: string, url: string) =>
      (await app.command<{ prevented: boolean }>('webContentsEvent', { index: 1, name, args: [url] })).prevented;
    expect(await stopped('will-navigate', 'http://example.com/')).toBe(true);
    expect(await stopped('will-redirect', 'http://127.0.0.1:5123/elsewhere')).toBe(true);
    expect(await stopped('will-redirect', 'http://127.0.0.1:5123/oauth/callback?code=x')).toBe(false);
    expect(await stopped('will-navigate', 'https://portal.example.com/login')).toBe(false);
    expect(await app.command('windowOpen', { index: 1, url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('keeps the loopback callback direct even when the bypass list lacks 127.0.0.1', async () => {
    const app = await withAuthWindow();
    const config = (await app.notes()).proxies['oauth-authorization']!;
    expect(config).toMatchObject({ mode: 'fixed_servers', proxyRules: 'http://proxy.test:3128' });
    expect(chromiumGoesDirect(config.proxyBypassRules!, '127.0.0.1')).toBe(true);
    expect(config.proxyBypassRules!.split(',')).toEqual(expect.arrayContaining(['corp.example', '*.corp.example']));
  });

  it('answers the proxy’s 407 once with the app’s proxy credentials, never the page’s own origin or another proxy', async () => {
    const app = await withAuthWindow();
    const page = 'https://127.0.0.1:9/en/crm/authorization/';
    const ask = (authInfo: Record<string, unknown>) =>
      app.command<{ prevented: boolean; answered: unknown }>('login', {
        index: 1,
        url: page,
        authInfo: { scheme: 'basic', realm: 'corp', ...authInfo },
      });
    expect(await ask({ isProxy: false, host: '127.0.0.1', port: 9 })).toEqual({
      prevented: false,
      answered: null,
      windows: 2,
    });
    expect(await ask({ isProxy: true, host: 'other-proxy.test', port: 3128 })).toMatchObject({
      answered: { cancelled: true },
    });
    expect(await ask({ isProxy: true, host: 'proxy.test', port: 3128 })).toMatchObject({
      prevented: true,
      answered: { username: 'alice', password: 'proxy-secret-123456' },
    });
    // Asked again, the credentials were refused: no loop of wrong answers.
    expect(await ask({ isProxy: true, host: 'proxy.test', port: 3128 })).toMatchObject({ answered: null });
  });
});

describe('the window’s place', () => {
  const stateFile = (userData: string) => join(userData, 'window-state.json');

  it('starts centred at the default size, and saves a moved window without waiting for it to close', async () => {
    const { app, userData } = await launch({ packaged: true });
    const options = (await app.notes()).windowOptions[0]!;
    expect(options).toMatchObject({ width: 1280, height: 820 });
    expect(options.x).toBeUndefined();
    await app.command('window', {
      index: 0,
      action: 'setBounds',
      bounds: { x: 210, y: 120, width: 1000, height: 700 },
    });
    await expect
      .poll(() => (existsSync(stateFile(userData)) ? JSON.parse(readFileSync(stateFile(userData), 'utf8')) : null), {
        timeout: 5000,
      })
      .toMatchObject({ bounds: { x: 210, y: 120, width: 1000, height: 700 }, maximized: false });
  });

  it('comes back where it was, maximised, when that place is on a display; centred when it is not', async () => {
    const { app, userData } = await launch({ packaged: true });
    await app.command('window', { index: 0, action: 'setBounds', bounds: { x: 300, y: 200, width: 900, height: 600 } });
    await app.command('window', { index: 0, action: 'maximize' });
    void app.command('window', { index: 0, action: 'close' }).catch(() => undefined);
    await app.exited;

    const { app: again } = await launch({ packaged: true, userData });
    const notes = await again.notes();
    expect(notes.windowOptions[0]).toMatchObject({ x: 300, y: 200, width: 900, height: 600 });
    expect(notes.windowCalls).toContainEqual([0, 'maximize']);
    await again.quit();

    // The display it was on is gone (a laptop off its external screen).
    const elsewhere = [
      {
        id: 2,
        bounds: { x: -3000, y: 0, width: 1280, height: 800 },
        workArea: { x: -3000, y: 0, width: 1280, height: 760 },
      },
    ];
    const { app: moved } = await launch({
      packaged: true,
      userData,
      env: { RECORDING_DISPLAYS: JSON.stringify(elsewhere) },
    });
    const options = (await moved.notes()).windowOptions[0]!;
    expect(options.x).toBeUndefined();
    expect(options).toMatchObject({ width: 1280, height: 820 });
  });
});

/** Every item of a menu, submenus flattened. */
function menuItems(menu: MenuItemNote[] | null): MenuItemNote[] {
  return (menu ?? []).flatMap((item) => [item, ...menuItems(item.submenu ?? null)]);
}

describe('the application menu', () => {
  it('holds every command of the shared list, labelled and with its keys as an accelerator, under File…Help', async () => {
    const { app } = await launch({ packaged: true, env: { RECORDING_PLATFORM: 'linux' } });
    const menu = (await app.notes()).applicationMenu;
    expect(menu?.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Request', 'Window', 'Help']);
    const items = menuItems(menu);
    for (const [id, place] of Object.entries(MENU_PLACES)) {
      const binding = COMMANDS.find((c) => c.id === id)!.bindings[0];
      const item = items.find((i) => i.id === id);
      expect(item, id).toMatchObject({ label: place.label });
      expect(item?.accelerator, id).toBe(binding ? acceleratorOf(binding) : undefined);
      // Shown, not registered: the window's key handler runs the keys, so a press never runs twice.
      if (binding) expect(item?.registerAccelerator, id).toBe(false);
    }
    const fileMenu = menuItems(menu![0]!.submenu!).map((i) => i.id ?? i.role ?? i.type);
    expect(fileMenu).toEqual([
      'newTab',
      'newCollection',
      'separator',
      'import',
      'export',
      'openFolder',
      'separator',
      'save',
      'closeTab',
      'separator',
      'settings',
      'separator',
      'quit',
    ]);
    expect(menuItems(menu![3]!.submenu!).map((i) => i.id ?? i.type)).toEqual([
      'send',
      'cancel',
      'separator',
      'focusUrl',
      'formatBody',
      'separator',
      'copyCurl',
      'generateCode',
    ]);
    const roles = items.map((i) => i.role).filter(Boolean);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut'])
      expect(roles, role).toContain(role);
    for (const role of ['minimize', 'close', 'help', 'about', 'quit']) expect(roles, role).toContain(role);
    // An installed app has no developer tools; no two items answer the same keys.
    expect(roles).not.toContain('toggleDevTools');
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect((await app.notes()).aboutPanel).toMatchObject({ applicationName: 'Partner API Workbench' });
  });

  it('offers the developer tools only in an unpackaged build', async () => {
    const { app } = await launch({ packaged: false, env: { RECORDING_PLATFORM: 'win32' } });
    expect(menuItems((await app.notes()).applicationMenu).map((i) => i.role)).toContain('toggleDevTools');
  });

  it('sends each command’s id to the app’s window when its item is clicked, as its key would run it', async () => {
    const { app } = await launch({ packaged: true });
    for (const id of Object.keys(MENU_PLACES)) await app.command('menuClick', { item: id });
    expect((await app.notes()).sent).toEqual(Object.keys(MENU_PLACES).map((id) => [0, 'menu:command', id]));
  });

  it('opens the API’s documentation, an https page, in the system browser from Help', async () => {
    const { app } = await launch({ packaged: true });
    await app.command('menuClick', { item: 'apiDocs' });
    const { openedExternally, sent } = await app.notes();
    expect(openedExternally).toEqual([API_DOCS_URL]);
    expect(new URL(openedExternally[0]!).protocol).toBe('https:');
    expect(sent).toEqual([]);
  });

  it('on macOS, starts with the app’s own menu (about, settings, hide, quit) and keeps Quit out of File', async () => {
    const { app } = await launch({ packaged: true, env: { RECORDING_PLATFORM: 'darwin' } });
    const menu = (await app.notes()).applicationMenu!;
    expect(menu.map((m) => m.label)).toEqual([
      'Partner API Workbench',
      'File',
      'Edit',
      'View',
      'Request',
      'Window',
      'Help',
    ]);
    expect(menu[0]!.submenu!.map((i) => i.role ?? i.id ?? i.type)).toEqual([
      'about',
      'separator',
      'settings',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(menuItems(menu[1]!.submenu!).map((i) => i.role)).not.toContain('quit');
    // macOS offers a key equivalent to the page first, so the menu's own is registered.
    const newTab = menuItems(menu).find((i) => i.id === 'newTab');
    expect(newTab?.accelerator).toBe('CmdOrCtrl+T');
    expect(newTab?.registerAccelerator).toBeUndefined();
    expect(menuItems(menu[6]!.submenu!).map((i) => i.role)).not.toContain('about');
  });

  it('on macOS, stays open when its window closes, and the Dock or a menu item brings the window back', async () => {
    const { app } = await launch({ packaged: true, env: { RECORDING_PLATFORM: 'darwin' } });
    await app.command('window', { index: 0, action: 'close' });
    expect((await app.notes()).quitEvents).toEqual([]);
    await app.command('appEvent', { name: 'activate', args: [false] });
    expect(await app.command('windowCount')).toBe(2);
    // While the window is open, the Dock icon only brings the app forward: no second window.
    await app.command('appEvent', { name: 'activate', args: [true] });
    expect(await app.command('windowCount')).toBe(2);
    await app.command('window', { index: 1, action: 'close' });
    await app.command('menuClick', { item: 'newTab' });
    const notes = await app.notes();
    expect(await app.command('windowCount')).toBe(3);
    expect(notes.webPreferences[2]).toMatchObject({ contextIsolation: true, sandbox: true });
    expect(notes.quitEvents).toEqual([]);
  });

  it('elsewhere, quits when its last window closes', async () => {
    const { app } = await launch({ packaged: true, env: { RECORDING_PLATFORM: 'linux' } });
    void app.command('window', { index: 0, action: 'close' }).catch(() => undefined);
    expect((await app.exited)?.quitEvents).toContain('quit');
  });
});
