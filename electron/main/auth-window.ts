/**
 * Where the portal's authorization page opens: the system browser, or an app window with no
 * preload, its own session, and no way to navigate anywhere but https pages and the loopback redirect.
 * In that session, certificates are checked by Chromium, plus the CAs the user and the sandbox trust,
 * and a proxy that asks for credentials (407) gets the ones the app's own client would give it.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { BrowserWindow, session, shell } from 'electron';
import type { AuthWindow } from '../../shared/auth-modes';
import type { ProxySettings } from '../../shared/schemas/settings';
import { chromiumProxyConfig, proxyLabel, type ProxyResolver } from './http/proxy';

let window: BrowserWindow | null = null;

function issuedByTrusted(pem: string, hostname: string, trusted: readonly string[]): boolean {
  try {
    const leaf = new X509Certificate(pem);
    if (!leaf.checkHost(hostname) && !leaf.checkIP(hostname)) return false;
    return trusted.some((caPem) => {
      try {
        const ca = new X509Certificate(caPem);
        return leaf.checkIssued(ca) && leaf.verify(ca.publicKey) && new Date(leaf.validTo) > new Date();
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The user name and password the app's own client gives `proxy`, when it is the proxy asking (`host:port`). */
function credentialsFor(proxy: URL | null, asking: string): { username: string; password: string } | null {
  if (!proxy || proxyLabel(proxy) !== asking || !proxy.username) return null;
  return { username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) };
}

/**
 * Answers a proxy's 407 with the app's proxy credentials, once per proxy (a second ask means they
 * were refused: the page then shows the proxy's error). A server's own 401 is never answered.
 */
function answerProxyLogins(window: BrowserWindow, proxyFor: ProxyResolver): void {
  const asked = new Set<string>();
  window.webContents.on('login', (event, details, authInfo, callback) => {
    // Written as proxyLabel writes it: an IPv6 address in brackets.
    const asking = `${isIP(authInfo.host) === 6 ? `[${authInfo.host}]` : authInfo.host}:${authInfo.port}`;
    if (!authInfo.isProxy || asked.has(asking)) return;
    asked.add(asking);
    event.preventDefault();
    void Promise.resolve()
      .then(() => proxyFor(new URL(details.url)))
      .then(
        (proxy) => credentialsFor(proxy, asking),
        () => null,
      )
      .then((credentials) => (credentials ? callback(credentials.username, credentials.password) : callback()));
  });
}

/** `proxyFor`: the proxy the app's own client would use for a URL, with its credentials (services' resolver). */
export function createAuthorizationPages(getExtraCas: () => readonly string[], proxyFor: ProxyResolver) {
  const authSession = session.fromPartition('oauth-authorization');
  authSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  authSession.setPermissionCheckHandler(() => false);
  authSession.setCertificateVerifyProc((request, callback) => {
    if (request.errorCode === 0) return callback(0);
    // Chromium does not know the CAs the app trusts (e.g. the Local sandbox's): check the chain ourselves.
    callback(issuedByTrusted(request.certificate.data, request.hostname, getExtraCas()) ? 0 : -2);
  });

  return {
    /** `proxy`: Settings → Proxy, applied to the window's session (the system browser has its own). */
    async open(url: string, where: AuthWindow, proxy: ProxySettings): Promise<void> {
      if (where === 'system-browser') {
        await shell.openExternal(url);
        return;
      }
      await authSession.setProxy(chromiumProxyConfig(proxy));
      window?.close();
      window = new BrowserWindow({
        width: 560,
        height: 720,
        title: 'Authorize a CRM user',
        autoHideMenuBar: true,
        webPreferences: { session: authSession, sandbox: true, contextIsolation: true, nodeIntegration: false },
      });
      const allowed = (target: string) =>
        target.startsWith('https://') || /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback/.test(target);
      window.webContents.on('will-navigate', (event, target) => {
        if (!allowed(target)) event.preventDefault();
      });
      window.webContents.on('will-redirect', (event, target) => {
        if (!allowed(target)) event.preventDefault();
      });
      window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      answerProxyLogins(window, proxyFor);
      window.on('closed', () => {
        window = null;
      });
      await window.loadURL(url);
    },
    close(): void {
      // Leave the "Authorized" page visible for a moment, then close.
      const closing = window;
      if (closing) setTimeout(() => closing.isDestroyed() || closing.close(), 1500);
    },
  };
}
