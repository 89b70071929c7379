export function largeOpenApi(
  bytes: number,
  write?: (doc: unknown) => string,
): Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };
export function largePostman(bytes: number): Record<string, unknown> & { item: Array<{ item: unknown[] }> };
