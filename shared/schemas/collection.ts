/**
 * A collection's own data, as collection.json keeps it beside its tree of folders and requests:
 * id, name, description, the auth its requests inherit, its variables (secret values blank).
 */
import * as z from 'zod/mini';
import { authSelectionSchema } from './auth';
import { variableDefSchema } from './variable';

export const collectionMetaSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  description: z.optional(z.string()),
  /** The auth requests inherit; default: API key + the first authorized CRM user. */
  auth: authSelectionSchema,
  variables: z.array(variableDefSchema),
});
export type CollectionMeta = z.infer<typeof collectionMetaSchema>;
