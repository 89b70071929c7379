/**
 * Names and their limits: what a variable name may hold, how long a name may be, how an imported
 * name is shortened. Plain constants and functions without zod, so the renderer can use them and
 * the schemas (shared/schemas/) can build on them without an import cycle.
 */

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Longest variable name the app takes (in the Variables dialog, an import, a capture). */
export const MAX_VARIABLE_NAME = 200;
/** Longest name of a request, folder or collection; an imported one is shortened to it. */
export const MAX_NAME = 300;
/** Longest environment name (typed, or taken from an imported environment). */
export const MAX_ENVIRONMENT_NAME = 100;

/** An imported name as the app keeps it: trimmed, at most `max` characters, or the fallback when empty. */
export function clipName(name: string, fallback: string, max = MAX_NAME): string {
  const trimmed = name.trim();
  if (trimmed === '') return fallback;
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}

export const importedCollectionName = (name: string): string => clipName(name, 'Imported collection');
/** Leaves room for the " (2)" that tells it from an environment of the same name. */
export const importedEnvironmentName = (name: string): string =>
  clipName(name, 'Imported environment', MAX_ENVIRONMENT_NAME - 5);
