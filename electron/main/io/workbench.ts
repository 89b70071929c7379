/** The app's own export ("partner-api-workbench.collection-export", version 1), read back. */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { MAX_VARIABLE_NAME, VARIABLE_NAME } from '../../../shared/names';
import type { ImportResult, ImportedNode } from '../../../shared/collections';
import { AUTH_MODES } from '../../../shared/auth-modes';
import { METHODS } from '../../../shared/http-types';

export const EXPORT_FORMAT = 'partner-api-workbench.collection-export';

/**
 * zod/mini, not zod: this module is bundled into the import worker, where zod's 700 KB took some
 * 100 ms of every large import's start; the mini build has no messages of its own, hence English's.
 */
const ENGLISH = en();

const auth = z.object({ mode: z.enum(AUTH_MODES), bearer: z.optional(z.string()), token: z.optional(z.string()) });
const request = z.object({
  name: z.string().check(z.minLength(1)),
  method: z.enum(METHODS),
  url: z.string(),
  headers: z.array(z.object({ name: z.string(), value: z.string(), enabled: z.boolean(), origin: z.optional(z.literal('default')) })),
  body: z.string(),
  auth: z.union([auth, z.object({ mode: z.literal('inherit') })]),
  captures: z._default(z.array(z.object({ variable: z.string(), path: z.string() })), []),
  description: z.optional(z.string()),
});
type Node = { kind: 'request'; request: z.infer<typeof request> } | { kind: 'folder'; name: string; children: Node[] };
const node: z.ZodMiniType<Node> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal('request'), request }),
    z.object({ kind: z.literal('folder'), name: z.string().check(z.minLength(1)), children: z.array(node) }),
  ]),
);
const exported = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  collection: z.object({
    name: z.string().check(z.minLength(1)),
    auth,
    variables: z.array(
      z.object({
        name: z.string().check(z.maxLength(MAX_VARIABLE_NAME), z.regex(VARIABLE_NAME)),
        value: z.string(),
        enabled: z.boolean(),
        secret: z.boolean(),
      }),
    ),
    items: z.array(node),
  }),
});

export function importWorkbenchExport(value: unknown): ImportResult {
  const format = (value as { format?: unknown }).format;
  if (format !== EXPORT_FORMAT) {
    throw new Error('This is one of the app’s own collection files, not an export. Export the collection (Actions → Export) and import that file.');
  }
  if ((value as { version?: unknown }).version !== 1) {
    throw new Error('This export comes from a newer version of the app. Update the app to import it.');
  }
  const parsed = exported.safeParse(value, { error: ENGLISH.localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`The export is damaged at ${issue.path.join('.') || 'its top level'}: ${issue.message}.`);
  }
  const { collection } = parsed.data;
  const secrets = collection.variables.filter((v) => v.secret).map((v) => v.name);
  return {
    format: 'Partner API Workbench export',
    collections: [{ name: collection.name, auth: collection.auth, variables: collection.variables, items: collection.items as ImportedNode[] }],
    environments: [],
    unsupported: secrets.length ? [`The secret variables ${secrets.join(', ')} have no values in an export: enter them in the collection’s variables.`] : [],
  };
}
