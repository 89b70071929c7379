/**
 * A bounded cache of pages of lines, least recently used first out, so that the renderer never holds
 * more than `capacity` pages of a body however far the user scrolls.
 */
export class PageCache<T> {
  private readonly pages = new Map<number, T>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('A page cache holds at least one page.');
  }

  get size(): number {
    return this.pages.size;
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** The page, marked as just used; undefined when it is not held. */
  get(page: number): T | undefined {
    const value = this.pages.get(page);
    if (value === undefined) return undefined;
    this.pages.delete(page);
    this.pages.set(page, value);
    return value;
  }

  /** The page without marking it used (for rendering checks that must not reorder). */
  peek(page: number): T | undefined {
    return this.pages.get(page);
  }

  set(page: number, value: T): void {
    this.pages.delete(page);
    this.pages.set(page, value);
    while (this.pages.size > this.capacity) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
  }

  delete(page: number): void {
    this.pages.delete(page);
  }

  clear(): void {
    this.pages.clear();
  }
}

/** The pages that hold these lines, in ascending order, once each. */
export function pagesOf(lines: Iterable<number>, pageSize: number): number[] {
  const pages = new Set<number>();
  for (const line of lines) if (line >= 0) pages.add(Math.floor(line / pageSize));
  return [...pages].sort((a, b) => a - b);
}

/**
 * Which pages to ask for now: the wanted ones not held and not already asked for, nearest to the
 * middle of the wanted ones first, at most `slots` of them.
 */
export function pagesToFetch(
  wanted: readonly number[],
  held: (page: number) => boolean,
  inFlight: ReadonlySet<number>,
  slots: number,
): number[] {
  if (slots <= 0) return [];
  const missing = wanted.filter((page) => !held(page) && !inFlight.has(page));
  const middle = wanted.length ? (wanted[0]! + wanted[wanted.length - 1]!) / 2 : 0;
  return missing.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle) || a - b).slice(0, slots);
}
