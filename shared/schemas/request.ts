/**
 * A saved request: the one definition the save channel, the request files (collections/format.ts,
 * after its migrations) and the app's export read. Its TypeScript type is inferred from it.
 */
import * as z from 'zod/mini';
import { METHODS } from '../http-types';
import { savedAuthSchema } from './auth';
import { capturesSchema } from './capture';
import { checksSchema } from './check';
import { MAX_HEADERS, savedHeaderSchema } from './header';
import { idSchema, nameSchema } from './name';

export const MAX_URL = 65536;
export const MAX_BODY = 64 * 1024 * 1024;
/**
 * 1 MiB: imported descriptions (Postman's, OpenAPI's) are kept whole and their files must read back;
 * the save channel took at most 10,000 characters before the files were read with this schema.
 */
export const MAX_DESCRIPTION = 1024 * 1024;

export const methodSchema = z.enum(METHODS);
export const urlSchema = z.string().check(z.maxLength(MAX_URL));
export const bodySchema = z.string().check(z.maxLength(MAX_BODY));

export const requestDocSchema = z.strictObject({
  id: idSchema,
  name: nameSchema('request'),
  method: methodSchema,
  /** May hold {{variables}}. */
  url: urlSchema,
  headers: z.array(savedHeaderSchema).check(z.maxLength(MAX_HEADERS)),
  body: bodySchema,
  auth: savedAuthSchema,
  captures: capturesSchema,
  /** Checks run on every response; a file or caller from before checks existed has none: read it as []. */
  checks: z.optional(checksSchema),
  /** Free text shown under the request's name. */
  description: z.optional(z.string().check(z.maxLength(MAX_DESCRIPTION, 'A description has at most 1 MiB.'))),
});
export type RequestDoc = z.infer<typeof requestDocSchema>;
