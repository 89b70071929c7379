/**
 * What the renderer can know of variables, for previews and checks before sending: values of
 * non-secret variables, masks for secret ones. The main process resolves the real values. The
 * checks use stand-in values for dynamic variables ({{$guid}}…); the URL preview shows them as written.
 */
import type { CollectionsView } from '../../shared/collections';
import type { CredentialsView } from '../../shared/credentials';
import type { Problem } from '../../shared/http-types';
import { isDynamicVariable } from '../../shared/dynamic-variables';
import {
  DYNAMIC_LAYER,
  layeredLookup,
  scopeMap,
  substitute,
  variableProblemSentence,
  type Lookup,
  type ResolvedValue,
} from '../../shared/variables';
import { findProblems } from '../../shared/validate';
import { checkRowProblem } from './check-rows';
import type { Draft } from './state';

export interface VariableContext {
  collections: CollectionsView | null;
  credentials: CredentialsView | null;
  captured: Record<string, Record<string, string>>;
  environmentId: string | null;
  collectionId: string | null;
}

/** Secret values are shown as `mask` (they are not known here); `dynamic`: stand-ins for {{$guid}}… */
export function previewLookup(context: VariableContext, mask = '••••', dynamic = false): Lookup {
  const masked = (variables: ReadonlyArray<{ name: string; value: string; enabled: boolean; secret: boolean }>) =>
    scopeMap(variables.map((v) => (v.secret ? { ...v, value: mask } : v)));
  const captured = new Map<string, ResolvedValue>(
    Object.entries(context.captured[context.collectionId ?? ''] ?? {}).map(([name, value]) => [
      name,
      { value, secret: false },
    ]),
  );
  const environment = context.credentials?.environments.find((e) => e.id === context.environmentId);
  const collection = context.collections?.collections.find((c) => c.id === context.collectionId);
  return layeredLookup([
    captured,
    masked(environment?.variables ?? []),
    masked(collection?.variables ?? []),
    masked(context.collections?.globals ?? []),
    dynamic ? DYNAMIC_LAYER : new Map(),
  ]);
}

/** Problems to show before sending, with variables put in (secret ones as a stand-in). */
export function checkDraft(draft: Draft, context: VariableContext): Problem[] {
  // Dynamic variables get real stand-ins, so a body like {"n": {{$randomInt}}} is checked as the JSON it becomes.
  const lookup = previewLookup(context, 'secret', true);
  const unknown: Problem[] = [];
  const put = (text: string, where: string, field: Problem['field']) => {
    const result = substitute(text, lookup);
    for (const problem of result.problems) unknown.push({ field, message: variableProblemSentence(problem, where) });
    return result.text;
  };
  const url = put(draft.url, 'the URL', 'url');
  const headers = draft.headers.map((h) =>
    h.enabled
      ? {
          ...h,
          name: put(h.name, `header “${h.name}”`, 'headers'),
          value: put(h.value, `header “${h.name}”`, 'headers'),
        }
      : h,
  );
  const body = put(draft.body, 'the body', 'body');
  const seen = new Set<string>();
  const unique = unknown.filter((p) => !seen.has(p.message) && seen.add(p.message));
  // An unknown variable in the URL makes any URL check meaningless: say only what is unknown.
  const rest = findProblems({ method: draft.method, url, headers, body }).filter(
    (p) => !(p.field === 'url' && unique.some((u) => u.field === 'url')),
  );
  return [...unique, ...rest, ...checkProblems(draft)];
}

/** The check rows that cannot be sent, each with its sentence and its place in the list. */
function checkProblems(draft: Draft): Problem[] {
  return draft.checks.flatMap((check, row) => {
    const problem = checkRowProblem(check);
    return problem ? [{ field: 'checks' as const, row, message: `Check ${row + 1}: ${problem}` }] : [];
  });
}

/** The URL as it will be sent, for the user to see (dynamic variables as written); null when it has no variables. */
export function resolvedUrl(draft: Draft, context: VariableContext): { text: string; unknown: string[] } | null {
  if (!draft.url.includes('{{')) return null;
  return resolvedText(draft.url, context);
}

/** A text as it will be sent (secret values masked, dynamic variables as written), and the variables no scope knows. */
export function resolvedText(text: string, context: VariableContext): { text: string; unknown: string[] } {
  const result = substitute(text, previewLookup(context));
  return { text: result.text, unknown: result.unknown.filter((name) => !isDynamicVariable(name)) };
}
