/**
 * How deeply a parsed JSON (or YAML) document nests, measured without recursion. The importers and
 * the collection reader walk trees recursively; a document nested thousands of levels deep (20,000
 * folders inside each other) would overflow the stack there, so it is refused before with a sentence.
 */

/** Levels of objects and arrays a document may nest: far beyond any real collection (about 100 folders deep). */
export const MAX_DOCUMENT_DEPTH = 256;

/** True when objects and arrays nest deeper than `max` levels (a scalar is depth 0). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
