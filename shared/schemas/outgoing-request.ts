/**
 * What the renderer asks the main process to send (request:send, export:curl): the HTTP part, the
 * environment and auth whose credentials main adds, the collection whose variables apply, captures
 * and checks.
 */
import * as z from 'zod/mini';
import { authSelectionSchema } from './auth';
import { capturesSchema } from './capture';
import { checksSchema } from './check';
import { headerRowSchema, MAX_HEADERS } from './header';
import { idSchema } from './name';
import { bodySchema, methodSchema, urlSchema } from './request';

export const outgoingRequestSchema = z.object({
  /** Chosen by the renderer so that a Cancel can name the request in flight. */
  requestId: idSchema,
  method: methodSchema,
  url: urlSchema,
  /** Header rows still to be filtered (switched-off and empty rows are not sent). */
  headers: z.array(headerRowSchema).check(z.maxLength(MAX_HEADERS)),
  body: bodySchema,
  /** The environment whose credentials the auth uses; null for "any URL" (no credentials). */
  environmentId: z.nullable(z.string().check(z.maxLength(100))),
  /** Which credentials the main process adds at send time. */
  auth: authSelectionSchema,
  /** The collection whose variables apply; null for globals and the environment only. */
  collectionId: z.nullable(z.string().check(z.maxLength(100))),
  /** Values to take from a JSON response into variables. */
  captures: capturesSchema,
  /** Checks run on the response (the enabled ones); a caller from before checks existed sends none: read as []. */
  checks: z.optional(checksSchema),
});
export type OutgoingRequest = z.infer<typeof outgoingRequestSchema>;

/** The HTTP part of a request: what goes on the wire (header rows still to be filtered). */
export type WireRequest = Pick<OutgoingRequest, 'requestId' | 'method' | 'url' | 'headers' | 'body'>;
