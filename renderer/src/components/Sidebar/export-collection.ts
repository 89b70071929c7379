/**
 * Exporting a collection to a file: the collection's menu in the sidebar and the application menu's
 * File ▸ Export Collection… both run this, so the two save the same file and say the same thing.
 */
import type { CollectionSummary } from '../../../../shared/collections';
import { api } from '../../api';
import { downloadText } from './download';

export type ExportFormat = 'workbench' | 'postman';

/** Writes the collection as a file in `format`; resolves with the sentence to show. */
export async function exportCollection(
  collection: Pick<CollectionSummary, 'id' | 'name'>,
  format: ExportFormat,
): Promise<string> {
  const { fileName, text, notes } = await api().export.collection({ collectionId: collection.id, format });
  downloadText(fileName, text);
  return [`Exported “${collection.name}” as ${fileName}.`, ...notes].join(' ');
}
