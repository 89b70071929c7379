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
