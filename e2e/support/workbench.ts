/**
 * The request builder as a user sees it: repeated UI steps, found by role and accessible name
 * (docs/DESIGN.md, "UI contract"). Keep names here in step with that table.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Method } from '../../shared/http-types';

export class Workbench {
  constructor(readonly page: Page) {}

  get methodPicker(): Locator {
    return this.page.getByRole('combobox', { name: 'Method', exact: true });
  }

  get urlField(): Locator {
    return this.page.getByRole('textbox', { name: 'URL', exact: true });
  }

  get headerNames(): Locator {
    return this.page.getByRole('textbox', { name: 'Header name', exact: true });
  }

  get headerValues(): Locator {
    return this.page.getByRole('textbox', { name: 'Header value', exact: true });
  }

  /** The CodeMirror editor's content element (role=textbox, aria-label "Request body"). */
  get bodyEditor(): Locator {
    return this.page.getByRole('textbox', { name: 'Request body', exact: true });
  }

  get sendButton(): Locator {
    return this.page.getByRole('button', { name: 'Send', exact: true });
  }

  get cancelButton(): Locator {
    return this.page.getByRole('button', { name: 'Cancel', exact: true });
  }

  async method(method: Method): Promise<void> {
    await this.methodPicker.selectOption(method);
  }

  async url(url: string): Promise<void> {
    await this.urlField.fill(url);
  }

  /** Adds a row and fills it; the new row is the last one. */
  async addHeader(name: string, value: string): Promise<void> {
    const rows = await this.headerNames.count();
    await this.page.getByRole('button', { name: 'Add header', exact: true }).click();
    await this.headerNames.nth(rows).fill(name);
    await this.headerValues.nth(rows).fill(value);
  }

  /** Replaces the editor's text as typing would (one insertion, so no auto-closed brackets). */
  async setBody(text: string): Promise<void> {
    // Near the top left: a long line makes the content wider than the pane, and its centre hidden.
    await this.bodyEditor.click({ position: { x: 8, y: 8 } });
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    if (text) await this.page.keyboard.insertText(text);
  }

  async send(): Promise<void> {
    await this.sendButton.click();
  }

  async cancel(): Promise<void> {
    await this.cancelButton.click();
  }

  /** The status line: text starts with the code; attribute data-status-kind. */
  statusLine(): Locator {
    return this.page.getByRole('status', { name: 'Response status', exact: true });
  }

  response(): Locator {
    return this.page.getByRole('region', { name: 'Response', exact: true });
  }

  /** Picks the target: 'Local sandbox' fills in the sandbox's origin and demo key. */
  /** Picks a target and waits until the app has switched to it (the Local sandbox starts first, then the URL takes its origin). */
  async target(label: string): Promise<void> {
    const picker = this.page.getByRole('combobox', { name: 'Target', exact: true });
    await picker.selectOption({ label });
    // The select is controlled: it shows the new target only once the switch is done.
    await expect(picker.locator('option:checked')).toHaveText(label);
  }

  /** Loads one of the Local sandbox's example requests, by its id in shared/examples.ts. */
  async example(id: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Example request', exact: true }).selectOption(id);
  }

  /** The meaning of the status, as the response pane explains it. */
  meaning(): Locator {
    return this.response().getByRole('note', { name: 'Status meaning' });
  }

  async openSettings(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    return dialog;
  }

  /**
   * Settings → Proxy: picks a choice, fills the fields given (This proxy's), and saves. Returns the
   * dialog: closed when saved, still open with the main process's sentence when refused.
   */
  async setProxy(
    choice: 'System proxy settings' | 'No proxy' | 'This proxy',
    fields: {
      address?: string;
      goDirectTo?: string;
      userName?: string;
      password?: string;
      sendInClearText?: boolean;
    } = {},
  ): Promise<Locator> {
    const settings = await this.openSettings();
    await settings.getByRole('radio', { name: choice, exact: true }).check();
    if (fields.address !== undefined)
      await settings.getByRole('textbox', { name: 'Proxy address', exact: true }).fill(fields.address);
    if (fields.goDirectTo !== undefined)
      await settings.getByRole('textbox', { name: 'Go direct to', exact: true }).fill(fields.goDirectTo);
    if (fields.userName !== undefined)
      await settings.getByRole('textbox', { name: 'Proxy user name', exact: true }).fill(fields.userName);
    if (fields.password !== undefined)
      await settings.getByLabel('Proxy password', { exact: true }).fill(fields.password);
    if (fields.sendInClearText)
      await settings.getByRole('checkbox', { name: 'Send the password in clear text to this http:// proxy' }).check();
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    return settings;
  }

  /** Opens the Credentials dialog from the request's Auth bar. */
  async openCredentials(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Credentials…', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Credentials' });
    await dialog.waitFor();
    return dialog;
  }

  async closeCredentials(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close credentials', exact: true }).click();
    await expect(this.page.getByRole('dialog', { name: 'Credentials' })).toBeHidden();
  }

  /** Types a secret into the Credentials dialog for the environment shown there, and saves it. */
  async setSecret(dialog: Locator, label: string, value: string): Promise<void> {
    await dialog.getByLabel(`New ${label}`, { exact: true }).fill(value);
    await dialog.getByRole('button', { name: `Save ${label}`, exact: true }).click();
    await expect(dialog.getByRole('status', { name: 'Credentials message' })).toContainText(`${label} saved`);
  }

  /**
   * Authorizes a CRM user of the environment shown in the Credentials dialog: the app opens the
   * portal's authorization page, the user allows it there, and the app comes back authorized.
   */
  async authorizeCrmUser(dialog: Locator, name: string, pages: { next(): Promise<Page> }): Promise<void> {
    await dialog.getByRole('textbox', { name: 'CRM user name', exact: true }).fill(name);
    await dialog.getByRole('button', { name: 'Authorize a CRM user', exact: true }).click();
    const portal = await pages.next();
    await portal.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(dialog.getByRole('status', { name: 'Credentials message' })).toHaveText(`${name} is authorized.`);
    await expect(portal.getByText('You can close this window')).toBeVisible();
  }

  /** Sets the request's Auth (and, for Bearer, who it acts for). */
  async auth(mode: 'None' | 'API key' | 'API key + Bearer' | 'Basic', actsFor?: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Auth', exact: true }).selectOption({ label: mode });
    if (actsFor)
      await this.page.getByRole('combobox', { name: 'Acts for', exact: true }).selectOption({ label: actsFor });
  }

  /** The response body: CodeMirror's content for small bodies, the paged viewer's scroller for large ones. */
  responseBody(): Locator {
    return this.response().getByRole('textbox', { name: 'Response body', exact: true });
  }

  /** Sends a GET to a URL as typed (no target variables involved). */
  async get(url: string): Promise<void> {
    await this.method('GET');
    await this.url(url);
    await this.send();
  }

  /** Problems shown before sending (role=alert). */
  problems(): Locator {
    return this.page.getByRole('alert');
  }
}
