/**
 * What the store accepts from outside (the renderer, an importer): a name, a request, an auth
 * choice. Each is checked before anything is written, and refused with a sentence the user can act
 * on. The empty name has an error class of its own because the request check passes it on as it is
 * while turning every other failure into "cannot be saved".
 */
import { MAX_NAME } from '../../../shared/names';
import { type RequestDoc } from '../../../shared/schemas/request';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { FormatError, parseAuthSelection, parseRequest, serializeRequest } from './format';

/** A collection, folder or request given no name. */
export class MissingNameError extends Error {}

export function requireName(name: string, what: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') throw new MissingNameError(`Give the ${what} a name.`);
  if (trimmed.length > MAX_NAME) throw new Error(`A ${what} name has at most ${MAX_NAME} characters.`);
  return trimmed;
}

/** A clean copy of a request as it will be stored (the file's own parser checks its shape). */
export function cleanRequest(doc: RequestDoc): RequestDoc {
  let text: string;
  try {
    text = serializeRequest({ ...doc, name: requireName(doc.name, 'request') });
    return parseRequest(text).doc;
  } catch (error) {
    if (error instanceof FormatError) throw new Error(`The request cannot be saved: its ${error.message}.`);
    if (error instanceof MissingNameError) throw error;
    throw new Error('The request cannot be saved: it is not a valid request.');
  }
}

/** The auth choice, or `refusal` as the error when it is not one. */
export function validAuth(auth: unknown, refusal: string): AuthSelection {
  try {
    return parseAuthSelection(auth);
  } catch {
    throw new Error(refusal);
  }
}
