/**
 * The run dialog's fields as typed (text), checked into the numbers a run starts with. Each problem is
 * a sentence that says what to type instead; nothing starts while there is one.
 */

export const MAX_ITERATIONS = 10_000;
export const MAX_DELAY_MS = 600_000;

export interface RunFormText {
  iterations: string;
  delayMs: string;
}

export interface RunFormNumbers {
  iterations: number;
  delayMs: number;
}

export type RunFormCheck =
  { ok: true; value: RunFormNumbers } | { ok: false; problems: Partial<Record<keyof RunFormText, string>> };

/** A whole number from min to max, or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

/** The numbers of the form, or a sentence per field that is wrong. */
export function checkRunForm(form: RunFormText): RunFormCheck {
  const iterations = wholeNumber(form.iterations, 1, MAX_ITERATIONS);
  const delayMs = wholeNumber(form.delayMs, 0, MAX_DELAY_MS);
  const problems: Partial<Record<keyof RunFormText, string>> = {};
  if (iterations === null)
    problems.iterations = `Iterations must be a whole number from 1 to ${MAX_ITERATIONS.toLocaleString('en-US')}, e.g. 1.`;
  if (delayMs === null)
    problems.delayMs = `The delay must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS.toLocaleString('en-US')}, e.g. 0 or 250.`;
  if (iterations === null || delayMs === null) return { ok: false, problems };
  return { ok: true, value: { iterations, delayMs } };
}
