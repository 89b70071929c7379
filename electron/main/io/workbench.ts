/** The app's own export (shared/schemas/collection-export.ts), read back. */
import en from 'zod/v4/locales/en.js';
import type { ImportResult } from '../../../shared/collections';
import { collectionExportSchema, EXPORT_FORMAT, EXPORT_VERSION } from '../../../shared/schemas/collection-export';
import { issueClause } from '../../../shared/schemas/issue-text';

/**
 * The schemas are zod/mini, not zod: this module is bundled into the import worker, where zod's
 * 700 KB took some 100 ms of every large import's start; the mini build has no messages of its own,
 * hence English's.
 */
const ENGLISH = en();

export function importWorkbenchExport(value: unknown): ImportResult {
  const format = (value as { format?: unknown }).format;
  if (format !== EXPORT_FORMAT) {
    throw new Error(
      'This is one of the app’s own collection files, not an export. Export the collection (Actions → Export) and import that file.',
    );
  }
  if ((value as { version?: unknown }).version !== EXPORT_VERSION) {
    throw new Error('This export comes from a newer version of the app. Update the app to import it.');
  }
  const parsed = collectionExportSchema.safeParse(value, { error: ENGLISH.localeError });
  if (!parsed.success) {
    throw new Error(
      `The export is damaged: ${issueClause(parsed.error.issues, value, 'the export')}. Export the collection again, or correct the file.`,
    );
  }
  const { collection } = parsed.data;
  const secrets = collection.variables.filter((v) => v.secret).map((v) => v.name);
  return {
    format: 'Partner API Workbench export',
    collections: [
      { name: collection.name, auth: collection.auth, variables: collection.variables, items: collection.items },
    ],
    environments: [],
    unsupported: secrets.length
      ? [
          `The secret variables ${secrets.join(', ')} have no values in an export: enter them in the collection’s variables.`,
        ]
      : [],
  };
}
