/**
 * The data the app needs before it is usable: settings, credentials (set / not set, never a secret),
 * collections and the start-up warnings. The entry (main.tsx) asks for them first thing, all at once, before the
 * app's own code (React included) is even evaluated; the answers usually come while the page is
 * still busy with it. Kept apart from everything else: it is part of the small entry chunk.
 */
import type { CollectionsView } from '../../../../shared/collections';
import type { CredentialsView } from '../../../../shared/credentials';
import type { SettingsView } from '../../../../shared/schemas/settings';
import { api } from '../../api';
import { showTheme } from '../../theme';

export interface StartupData {
  settings: SettingsView;
  credentials: CredentialsView;
  collections: CollectionsView;
  /** Sentences to show once: a data file set aside, a certificate that could not be read. */
  warnings: string[];
}

let pending: Promise<StartupData> | null = null;
let answered: StartupData | null = null;

/** Asks the main process for the start-up data (once: later calls get the same answer). */
export function loadStartupData(): Promise<StartupData> {
  pending ??= Promise.all([
    api().settings.get(),
    api().credentials.get(),
    api().collections.list(),
    api().app.warnings(),
  ]).then(([settings, credentials, collections, warnings]) => {
    showTheme(settings.theme);
    answered = { settings, credentials, collections, warnings };
    return answered;
  });
  return pending;
}

/** Starts the start-up calls now; a failure is reported by the App, which waits on loadStartupData. */
export function startLoadingStartupData(): void {
  loadStartupData().catch(() => undefined);
}

/** The start-up data if it has come already, else null. */
export function startupDataIfAnswered(): StartupData | null {
  return answered;
}
