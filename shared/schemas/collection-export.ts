/**
 * The app's own export of a collection ("partner-api-workbench.collection-export", version 1): the
 * collection's name, auth, variables (secret values blank) and its tree of folders (each with the auth
 * it sets, if any) and requests, without ids.
 * The export channel writes it (its format name is EXPORT_FORMAT) and io/workbench.ts reads it back.
 */
import * as z from 'zod/mini';
import { MAX_NAME } from '../names';
import { authSelectionSchema, type AuthSelection } from './auth';
import { capturesSchema } from './capture';
import { nameSchema } from './name';
import { requestDocSchema } from './request';
import { variableDefSchema, variableNameSchema } from './variable';

export const EXPORT_FORMAT = 'partner-api-workbench.collection-export';
export const EXPORT_VERSION = 1;

/** A request as exported: no id; exports written before captures existed have none. */
export const exportedRequestSchema = z.extend(z.omit(requestDocSchema, { id: true }), {
  captures: z._default(capturesSchema, []),
});
export type ExportedRequest = z.infer<typeof exportedRequestSchema>;

/** A folder's `auth` (what its requests inherit) is written only when it sets one; without it, it inherits. */
export type ExportedNode =
  | { kind: 'request'; request: ExportedRequest }
  | { kind: 'folder'; name: string; auth?: AuthSelection; children: ExportedNode[] };
export const exportedNodeSchema: z.ZodMiniType<ExportedNode> = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.literal('request'), request: exportedRequestSchema }),
    z.strictObject({
      kind: z.literal('folder'),
      name: nameSchema('folder', MAX_NAME),
      auth: z.optional(authSelectionSchema),
      children: z.array(exportedNodeSchema),
    }),
  ]),
);

/** A variable as exported: the view's other fields (hint, allowed origins) are left behind. */
const exportedVariableSchema = z.extend(z.pick(variableDefSchema, { value: true, enabled: true, secret: true }), {
  name: variableNameSchema,
});

export const collectionExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  collection: z.object({
    name: nameSchema('collection', MAX_NAME),
    auth: authSelectionSchema,
    variables: z.array(exportedVariableSchema),
    items: z.array(exportedNodeSchema),
  }),
});
export type CollectionExport = z.infer<typeof collectionExportSchema>;
