/** The editable rows of the variables dialog: from what the main process shows, back to what it takes. */
import type { CollectionsView, VariableView } from '../../../../shared/collections';
import type { VariableInput, VariableScope } from '../../../../shared/schemas/variable';
import { httpsOriginOf } from '../../../../shared/origins';
import { VARIABLE_NAME } from '../../../../shared/names';
import type { CredentialsView } from '../../../../shared/credentials';

export interface Row {
  key: string;
  name: string;
  /** For secret rows: only what was typed here (the stored value is never shown). */
  value: string;
  enabled: boolean;
  secret: boolean;
  /** The masked hint of the stored secret, e.g. "••••abcd"; null when none is stored. */
  hint: string | null;
  /** The row as loaded, to tell a stored secret that was renamed or made plain. */
  original: { name: string; secret: boolean } | null;
  /** Set by the app: shown, not editable, not sent back (the sentence says why). */
  fixed?: string;
  /** For a collection's or Globals' secret: its allowed origins as typed, separated by commas or spaces. */
  origins?: string;
}

/** The origins typed in a row, one per comma or space. */
function typedOrigins(row: Row): string[] {
  return (row.origins ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
}

export function rowsFrom(variables: readonly VariableView[]): Row[] {
  return variables.map((v, i) => ({
    key: `v${i}:${v.name}`,
    name: v.name,
    value: v.secret ? '' : v.value,
    enabled: v.enabled,
    secret: v.secret,
    hint: v.secret ? v.hint : null,
    original: { name: v.name, secret: v.secret },
    ...(v.fixed ? { fixed: v.fixed } : {}),
    ...(v.secret ? { origins: (v.origins ?? []).join(', ') } : {}),
  }));
}

const blank = (row: Row) => !row.name.trim() && !row.value && !row.hint;

/** What stops a save, each in a sentence. Rows with neither name nor value are left out, not reported. */
export function problemsOf(rows: readonly Row[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const fixed = new Set(rows.filter((row) => row.fixed).map((row) => row.name));
  for (const row of rows) {
    if (blank(row) || row.fixed) continue;
    const name = row.name.trim();
    if (fixed.has(name)) {
      problems.push(`“${name}” is set by the app in this scope: use another name.`);
      continue;
    }
    if (!name) {
      problems.push('A variable has a value but no name.');
      continue;
    }
    if (!VARIABLE_NAME.test(name))
      problems.push(
        `“${name}” is not a valid variable name: use letters, digits, _ . and -, starting with a letter or _.`,
      );
    else if (seen.has(name)) problems.push(`“${name}” is defined twice: each name can be used once in a scope.`);
    seen.add(name);
    if (row.secret) {
      for (const entry of typedOrigins(row)) {
        if (httpsOriginOf(entry)) continue;
        problems.push(
          `“${entry}” (allowed origins of “${name}”) is not an origin: write https://host or https://host:port, without a path.`,
        );
      }
    }
    const storedSecret = row.original?.secret && row.hint !== null;
    if (storedSecret && !row.value) {
      if (!row.secret)
        problems.push(
          `Type the value of “${name}” to make it a plain variable: a secret’s stored value is never shown.`,
        );
      else if (name !== row.original!.name)
        problems.push(
          `Type the value of “${name}” again: a secret’s stored value stays with its old name “${row.original!.name}”.`,
        );
    }
  }
  return problems;
}

/**
 * What variables:set takes. A secret whose value was not typed sends null: the stored one is kept.
 * `withOrigins` (a collection or Globals): secrets send their allowed origins; an environment's go to its address only.
 */
export function toInputs(rows: readonly Row[], withOrigins = false): VariableInput[] {
  return rows
    .filter((row) => !blank(row) && !row.fixed)
    .map((row) => ({
      name: row.name.trim(),
      value: row.secret ? row.value || null : row.value,
      enabled: row.enabled,
      secret: row.secret,
      ...(withOrigins && row.secret
        ? { origins: typedOrigins(row).map((entry) => httpsOriginOf(entry) ?? entry) }
        : {}),
    }));
}

export function scopeKey(scope: VariableScope): string {
  if (scope.kind === 'global') return 'global';
  return scope.kind === 'collection' ? `collection:${scope.collectionId}` : `environment:${scope.environmentId}`;
}

export function scopeFromKey(key: string): VariableScope {
  if (key.startsWith('collection:')) return { kind: 'collection', collectionId: key.slice('collection:'.length) };
  if (key.startsWith('environment:')) return { kind: 'environment', environmentId: key.slice('environment:'.length) };
  return { kind: 'global' };
}

/** The scope's name and variables; null when it no longer exists (e.g. the collection was deleted). */
export function scopeData(
  scope: VariableScope,
  collections: CollectionsView | null,
  credentials: CredentialsView | null,
): { name: string; variables: VariableView[] } | null {
  if (scope.kind === 'global') return collections ? { name: 'Globals', variables: collections.globals } : null;
  if (scope.kind === 'collection') {
    const found = collections?.collections.find((c) => c.id === scope.collectionId);
    return found ? { name: found.name, variables: found.variables } : null;
  }
  const found = credentials?.environments.find((e) => e.id === scope.environmentId);
  return found ? { name: found.name, variables: found.variables } : null;
}
