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

/** What a run covers: a whole collection or one of its folders. */
export interface RunScope {
  collectionId: string;
  /** null: the whole collection. */
  folderId: string | null;
}

export interface ScopeOption {
  /** The folder's id, or '' for the whole collection. */
  value: string;
  label: string;
  /** Requests it holds, folders below included. */
  requests: number;
}

interface TreeLike {
  kind: 'request' | 'folder';
  id: string;
  name: string;
  children?: TreeLike[];
}

function countRequests(nodes: readonly TreeLike[]): number {
  return nodes.reduce((sum, node) => sum + (node.kind === 'folder' ? countRequests(node.children ?? []) : 1), 0);
}

/** The collection, then each folder in tree order labelled with its path ("Adverts / Drafts"). */
export function scopeOptions(collection: { name: string; tree: readonly TreeLike[] }): ScopeOption[] {
  const options: ScopeOption[] = [
    { value: '', label: `${collection.name} (whole collection)`, requests: countRequests(collection.tree) },
  ];
  const walk = (nodes: readonly TreeLike[], path: string[]) => {
    for (const node of nodes) {
      if (node.kind !== 'folder') continue;
      const at = [...path, node.name];
      options.push({ value: node.id, label: at.join(' / '), requests: countRequests(node.children ?? []) });
      walk(node.children ?? [], at);
    }
  };
  walk(collection.tree, []);
  return options;
}
