/**
 * A header row, in its two forms: as the editor holds it and the send channel takes it (a row id,
 * and whether the user or the app added it), and as a request file saves it (no id; `origin` only
 * for the app's convention rows).
 */
import * as z from 'zod/mini';

export const MAX_HEADERS = 500;

const headerName = z.string().check(z.maxLength(8192));
const headerValue = z.string().check(z.maxLength(65536));

export const headerRowSchema = z.object({
  id: z.string().check(z.maxLength(100)),
  name: headerName,
  value: headerValue,
  enabled: z.boolean(),
  /** 'default' rows are the API's convention headers, seeded by the app; the user may edit or switch them off. */
  origin: z.enum(['user', 'default']),
});
export type HeaderRow = z.infer<typeof headerRowSchema>;

/** A header as saved: no row ids; `origin` keeps the API's convention rows recognisable. */
export const savedHeaderSchema = z.strictObject({
  name: headerName,
  value: headerValue,
  enabled: z.boolean(),
  origin: z.optional(z.literal('default')),
});
export type SavedHeader = z.infer<typeof savedHeaderSchema>;
