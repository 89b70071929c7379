/** Values captured from responses, per collection ('' for requests outside collections), kept for this session only. */
export interface CapturedValues {
  /** The values captured for requests of this collection (null: outside collections). */
  get(collectionId: string | null): ReadonlyMap<string, string>;
  add(collectionId: string | null, values: ReadonlyArray<{ variable: string; value: string }>): void;
}

export function createCapturedValues(): CapturedValues {
  const captured = new Map<string, Map<string, string>>();
  return {
    get: (collectionId) => captured.get(collectionId ?? '') ?? new Map(),
    add(collectionId, values) {
      const map = captured.get(collectionId ?? '') ?? new Map<string, string>();
      for (const { variable, value } of values) map.set(variable, value);
      captured.set(collectionId ?? '', map);
    },
  };
}
