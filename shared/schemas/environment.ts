/**
 * An environment as the user adds or changes it: a name, the only origin its credentials go to, and
 * the portal's authorization page. Its view (secrets masked, CRM users) is EnvironmentView in
 * shared/credentials.ts: main builds it, nothing parses it.
 */
import * as z from 'zod/mini';
import { MAX_ENVIRONMENT_NAME } from '../names';
import { idSchema, nameSchema } from './name';

export const environmentIdSchema = idSchema;

/** An https:// origin such as https://api.example.com (a trailing / is allowed, no path). */
export const httpsOriginSchema = z.string().check(
  z.maxLength(2000),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an https:// origin such as https://api.example.com (no path)'),
);

export const httpsUrlSchema = z.string().check(
  z.maxLength(2000),
  z.refine((value) => /^https:\/\//.test(value) && URL.canParse(value), 'must be an https:// URL'),
);

export const newEnvironmentSchema = z.strictObject({
  name: nameSchema('environment', MAX_ENVIRONMENT_NAME),
  origin: httpsOriginSchema,
  authorizationUrl: z.optional(httpsUrlSchema),
});
export type NewEnvironment = z.infer<typeof newEnvironmentSchema>;

export const environmentUpdateSchema = z.strictObject({
  environmentId: environmentIdSchema,
  authorizationUrl: httpsUrlSchema,
});
