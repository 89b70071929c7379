/**
 * Which requests of a run may be in flight together (--parallel N). Two requests of one iteration
 * are dependent when the later one uses a variable the earlier one captures (in its URL, headers,
 * body, Bearer token or checks, also through the value of another variable that names it), or when
 * both capture the same variable (the last to answer would win). Every other pair is independent:
 * captures are the only way one request's answer reaches another, so independent requests give the
 * same results in any order. Iterations never depend on one another (each has its own captures).
 * Requests that change the same resource on the server without a capture between them (two PUTs
 * to one fixed URL) are independent by this rule: run such a collection without --parallel.
 */
import type { VariableDef } from '../../../shared/schemas/variable';
import { variablesIn } from '../../../shared/variables';
import type { RunItem } from './collection-source';

/** The texts of a request that may name variables. */
function requestTexts(item: RunItem): string[] {
  const { request } = item;
  return [
    request.url,
    request.body,
    request.auth.mode === 'bearer' ? (request.auth.token ?? '') : '',
    ...request.headers.filter((h) => h.enabled).flatMap((h) => [h.name, h.value]),
    ...request.checks.filter((c) => c.enabled).flatMap((c) => [c.target, c.expected]),
  ];
}

/** The names a request uses, also those reached through the values of the variables given. */
export function variablesUsed(item: RunItem, definitions: ReadonlyMap<string, string>): Set<string> {
  const used = new Set<string>();
  const pending = requestTexts(item).flatMap(variablesIn);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (used.has(name)) continue;
    used.add(name);
    const value = definitions.get(name);
    if (value !== undefined) pending.push(...variablesIn(value));
  }
  return used;
}

/** The values of every variable the run knows, by name (to follow references through values). */
export function definitionsOf(...scopes: ReadonlyArray<readonly VariableDef[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const scope of scopes) for (const v of scope) if (v.enabled && !map.has(v.name)) map.set(v.name, v.value);
  return map;
}

/** For each item, the indices of the earlier items (same iteration) it has to wait for. */
export function dependencies(items: readonly RunItem[], definitions: ReadonlyMap<string, string>): number[][] {
  const captures = items.map((item) => new Set(item.request.captures.map((c) => c.variable)));
  return items.map((item, index) => {
    const uses = variablesUsed(item, definitions);
    const waits: number[] = [];
    for (let earlier = 0; earlier < index; earlier++) {
      const captured = captures[earlier]!;
      if (captured.size === 0) continue;
      const shared = [...captured].some((name) => uses.has(name) || captures[index]!.has(name));
      if (shared) waits.push(earlier);
    }
    return waits;
  });
}
