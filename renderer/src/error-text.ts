/**
 * The sentence to show for a failed call. The main process already turns every failure into a
 * sentence (ipc/error-sentence.ts) and rejects with an Error carrying it; this reads it without a
 * cast, and still shows something readable when a rejection is not an Error at all.
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || String(error);
  return String(error);
}
