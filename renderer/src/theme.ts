/**
 * The theme on the page: <html data-theme> picks light or dark colours in styles.css ('system'
 * follows prefers-color-scheme, which Electron's nativeTheme also sets from the same setting).
 * index.html starts on 'system', so the first paint already follows the OS; the setting is applied
 * as soon as the start-up data answers, before React renders.
 */
import type { Theme } from '../../shared/settings';

export function showTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

const DARK_OS = '(prefers-color-scheme: dark)';

/** Whether the page shows its dark colours now: the choice in data-theme, or the OS's for 'system'. */
export function showsDark(): boolean {
  const theme = document.documentElement.dataset.theme;
  if (theme === 'light' || theme === 'dark') return theme === 'dark';
  return window.matchMedia(DARK_OS).matches;
}

/**
 * Calls `changed` with showsDark() whenever it may have changed: the setting (data-theme) or, under
 * 'system', the OS's appearance. Returns the unsubscribe.
 */
export function watchDark(changed: (dark: boolean) => void): () => void {
  const report = () => changed(showsDark());
  const observer = new MutationObserver(report);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const os = window.matchMedia(DARK_OS);
  os.addEventListener('change', report);
  return () => {
    observer.disconnect();
    os.removeEventListener('change', report);
  };
}
