/**
 * The "Not imported" list of an import preview, grouped so that it can be read: a real collection
 * gives thousands of sentences that differ only in the request they name ("The test script of
 * 'Login' was not imported…"). Every importer names requests, folders and variables in single quotes
 * (io/common.ts quote()), so a sentence with its quoted names taken out is its kind. The preview
 * keeps the plain list of sentences (ImportPreview.unsupported); only the renderer groups it, here.
 */

export interface NotImportedGroup {
  /** The sentence itself for a kind seen once; else the sentence with `…` for the names. */
  text: string;
  /** How many sentences of this kind. */
  count: number;
  /** A few of the names the sentences quote (the last one of each: the request, folder or variable). */
  examples: string[];
  /** Names beyond the examples. */
  more: number;
  /** The last line when there are more kinds than lines: it counts the kinds left out. */
  others: boolean;
}

export const MAX_SUMMARY_LINES = 20;
const EXAMPLES = 3;

/** 'name', allowing an apostrophe inside (Bob's list), not a quote that ends a word (the file's content). */
const QUOTED = /(?<!\w)'((?:[^'\n]|'(?=\w))*)'(?!\w)/g;

/** The sentence with each quoted name (or list of names) as `…`, and the names it quotes. */
function kindOf(sentence: string): { kind: string; names: string[] } {
  const names = [...sentence.matchAll(QUOTED)].map((match) => match[1]!);
  const kind = sentence.replace(QUOTED, '…').replace(/…(?:, …)+/g, '…');
  return { kind, names };
}

/**
 * Groups by kind, largest first (first seen first among equals), in at most `maxLines` lines: when
 * there are more kinds, the last line counts the rest.
 */
export function groupNotImported(sentences: readonly string[], maxLines = MAX_SUMMARY_LINES): NotImportedGroup[] {
  const byKind = new Map<string, { first: string; count: number; names: string[] }>();
  for (const sentence of sentences) {
    const { kind, names } = kindOf(sentence);
    const group = byKind.get(kind) ?? { first: sentence, count: 0, names: [] };
    group.count++;
    const name = names.at(-1);
    if (name !== undefined && !group.names.includes(name)) group.names.push(name);
    byKind.set(kind, group);
  }
  const groups = [...byKind.entries()]
    .map(([kind, { first, count, names }]) => toGroup(count === 1 ? first : kind, count, count === 1 ? [] : names))
    .sort((a, b) => b.count - a.count);
  if (groups.length <= maxLines) return groups;
  const shown = groups.slice(0, maxLines - 1);
  const rest = groups.slice(maxLines - 1);
  const restCount = rest.reduce((sum, group) => sum + group.count, 0);
  return [
    ...shown,
    {
      ...toGroup(`${thousands(restCount)} more, of ${rest.length} other kinds: see the full list.`, restCount, []),
      others: true,
    },
  ];
}

function toGroup(text: string, count: number, names: string[]): NotImportedGroup {
  return { text, count, examples: names.slice(0, EXAMPLES), more: Math.max(0, names.length - EXAMPLES), others: false };
}

/** One line of the summary: `12 × The test script of … was not imported… (e.g. 'Login', 'Logout' and 10 more)`. */
export function describeGroup(group: NotImportedGroup): string {
  if (group.count === 1 || group.others) return group.text;
  const examples = group.examples.map((name) => `'${name}'`).join(', ');
  const more = group.more > 0 ? ` and ${thousands(group.more)} more` : '';
  const count = thousands(group.count);
  return examples === '' ? `${count} × ${group.text}` : `${count} × ${group.text} (e.g. ${examples}${more})`;
}

/** 4500 → "4,500", the way the summary writes every count. */
export function thousands(n: number): string {
  return n.toLocaleString('en');
}
