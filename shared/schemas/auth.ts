/**
 * The auth a request or a collection chooses: a mode and, for some modes, which bearer token. The
 * credentials themselves stay in the main process; this is only the choice.
 */
import * as z from 'zod/mini';
import { AUTH_MODES } from '../auth-modes';

export const authSelectionSchema = z.strictObject({
  mode: z.enum(AUTH_MODES),
  /** For 'api-key-bearer': a CRM user's id, or MANUAL_BEARER. */
  bearer: z.optional(z.string().check(z.maxLength(100))),
  /** For 'bearer': the token text, normally a {{variable}} (secret ones are resolved and origin-checked as header values are). */
  token: z.optional(z.string().check(z.maxLength(65536))),
});
export type AuthSelection = z.infer<typeof authSelectionSchema>;

/** Auth as saved on a request: its own, or the collection's ('inherit'). */
export const savedAuthSchema = z.union([authSelectionSchema, z.strictObject({ mode: z.literal('inherit') })]);
export type SavedAuth = z.infer<typeof savedAuthSchema>;
