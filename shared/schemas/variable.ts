/**
 * Variables: a name, what the Variables dialog sends (variables:set), a variable as stored or
 * imported, and the scope a variable belongs to. The renderer's view of a variable (masked secrets)
 * is VariableView in shared/collections.ts: it has no schema, main builds it.
 */
import * as z from 'zod/mini';
import { MAX_VARIABLE_NAME, VARIABLE_NAME } from '../names';
import { httpsOriginOf } from '../origins';
import { idSchema } from './name';

/** A variable's name as a capture takes it: not empty, not too long. */
export const variableNameTextSchema = z
  .string()
  .check(
    z.minLength(1, 'Give the variable a name.'),
    z.maxLength(MAX_VARIABLE_NAME, `A variable name has at most ${MAX_VARIABLE_NAME} characters.`),
  );
/** A variable's name as the Variables dialog and an export take it: letters, digits, _ . and - too. */
export const variableNameSchema = variableNameTextSchema.check(
  z.regex(VARIABLE_NAME, 'a variable name uses letters, digits, _ . and -'),
);

/** An allowed origin of a secret variable, as URL.origin writes it. */
const allowedOrigin = z.pipe(
  z.string().check(
    z.maxLength(2000),
    z.refine(
      (value) => httpsOriginOf(value) !== null,
      'an allowed origin is https://host or https://host:port (no path)',
    ),
  ),
  z.transform((value) => httpsOriginOf(value) ?? value),
);

/** A variable as the renderer sends it. For a secret variable, value null keeps the stored secret. */
export const variableInputSchema = z.strictObject({
  name: variableNameSchema,
  value: z.nullable(z.string().check(z.maxLength(1024 * 1024, 'A variable value has at most 1 MiB.'))),
  enabled: z.boolean(),
  secret: z.boolean(),
  /** For a collection's or Globals' secret: its allowed origins (https://host[:port]); missing keeps the stored list. */
  origins: z.optional(z.array(allowedOrigin).check(z.maxLength(100))),
});
export type VariableInput = z.infer<typeof variableInputSchema>;

/**
 * A variable as imported or stored, secret values included (main process only). The name is checked
 * where a variable comes in (variables:set, an export); stored files keep whatever name they have.
 */
export const variableDefSchema = z.object({
  name: z.string(),
  value: z.string(),
  enabled: z.boolean(),
  secret: z.boolean(),
  /**
   * A collection's or Globals' secret: the only origins (scheme://host:port) its value is sent to.
   * Missing or empty (files written before the list existed, a new secret): not bound yet, and the
   * first request that sends it binds it to that request's origin. Environments' secrets have none:
   * they go to the environment's address only.
   */
  origins: z.optional(z.array(z.string())),
});
export type VariableDef = z.infer<typeof variableDefSchema>;

export const variableScopeSchema = z.union([
  z.strictObject({ kind: z.literal('global') }),
  z.strictObject({ kind: z.literal('collection'), collectionId: idSchema }),
  z.strictObject({ kind: z.literal('environment'), environmentId: idSchema }),
]);
export type VariableScope = z.infer<typeof variableScopeSchema>;
