/**
 * https origins as the app compares them (URL.origin's spelling). Without zod, for the renderer and
 * for the schemas that check an allowed origin.
 */

/**
 * The origins (https://host[:port], as URL.origin writes them) in a list, without repeats; what is
 * not an https origin is left out. For lists read from files, which the user may have edited.
 */
export function originList(values: readonly unknown[]): string[] {
  const origins = new Set<string>();
  for (const value of values) {
    const origin = typeof value === 'string' ? httpsOriginOf(value) : null;
    if (origin) origins.add(origin);
  }
  return [...origins];
}

/** The origin of an https:// address given as an origin (a trailing / is allowed; no path, query or user), or null. */
export function httpsOriginOf(text: string): string | null {
  const trimmed = text.trim();
  if (!URL.canParse(trimmed)) return null;
  const url = new URL(trimmed);
  const bare =
    url.pathname === '/' &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !url.password &&
    !trimmed.endsWith('?') &&
    !trimmed.endsWith('#');
  return url.protocol === 'https:' && bare ? url.origin : null;
}
