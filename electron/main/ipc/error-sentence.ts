/**
 * What a failed handler tells the renderer. Handlers throw sentences meant for the user; an error
 * JavaScript itself raises ("Cannot read properties of undefined", "x is not a function", "Maximum
 * call stack size exceeded") is a fault in the app: its text means nothing to the user and may name
 * the app's internals, so one plain sentence goes instead.
 */
import { describeFsError, isFsError } from '../storage/fs-errors';

const BUILT_IN_ERRORS: ReadonlySet<unknown> = new Set([
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
]);

export const INTERNAL_FAULT =
  'The app could not finish that because of a fault inside it. Try again; if it keeps happening, restart the app.';

export function errorSentence(error: unknown): string {
  // A file-system error's text names the errno and an absolute path: it gets a sentence of its own.
  if (isFsError(error)) return describeFsError(error);
  if (!(error instanceof Error) || BUILT_IN_ERRORS.has(error.constructor)) return INTERNAL_FAULT;
  return error.message;
}
