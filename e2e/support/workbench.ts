/**
 * The request builder as a user sees it: repeated UI steps, found by role and accessible name
 * (DESIGN.md, "UI contract"). Keep names here in step with that table.
 */
import type { Locator, Page } from '@playwright/test';
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
    await this.bodyEditor.click();
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
  async target(label: 'Any HTTPS URL' | 'Local sandbox' | 'OLX Group API (production)'): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Target', exact: true }).selectOption({ label });
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

  /** Problems shown before sending (role=alert). */
  problems(): Locator {
    return this.page.getByRole('alert');
  }
}
