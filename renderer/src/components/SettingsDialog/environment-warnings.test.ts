import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EnvironmentWarnings } from './environment-warnings';
import { SettingsDialog } from './index';
import { temporaryServices } from '../../../../test/support/main-services';

describe('Settings shows what the environment tried to change', () => {
  it('names NODE_TLS_REJECT_UNAUTHORIZED=0 as ignored, from the settings the main process answers', async () => {
    await temporaryServices({ env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } }, async ({ invoke }) => {
      const settings = await invoke('settings:get', undefined);
      const html = renderToStaticMarkup(
        createElement(SettingsDialog, { open: true, settings, onClose() {}, onSaved() {} }),
      );
      expect(html).toMatch(/<section[^>]*role="note"[^>]*aria-label="Environment"/);
      expect(html).toContain('NODE_TLS_REJECT_UNAUTHORIZED=0 is set, and ignored: certificates are always checked.');
    });
  });

  it('shows nothing when the environment sets nothing the app ignores', async () => {
    await temporaryServices({ env: {} }, async ({ invoke }) => {
      const settings = await invoke('settings:get', undefined);
      expect(settings.warnings).toEqual([]);
      expect(renderToStaticMarkup(createElement(EnvironmentWarnings, { warnings: settings.warnings }))).toBe('');
    });
  });
});
