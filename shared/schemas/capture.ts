/** A capture: takes a value from a JSON response body into a variable, e.g. `$.data.uuid` → advertUuid. */
import * as z from 'zod/mini';
import { variableNameTextSchema } from './variable';

export const MAX_CAPTURES = 50;

export const captureSchema = z.strictObject({
  variable: variableNameTextSchema,
  /** A JSONPath-style reference: `$.data.uuid`, `$.items[0].id`, `$['odd key']`. */
  path: z.string().check(z.minLength(1), z.maxLength(500, 'A capture path has at most 500 characters.')),
});
export type Capture = z.infer<typeof captureSchema>;

export const capturesSchema = z.array(captureSchema).check(z.maxLength(MAX_CAPTURES));
