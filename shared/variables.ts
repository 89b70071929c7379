/**
 * {{variables}} in URLs, headers and bodies. Resolution is done in the main process at send time
 * (secret values never leave it); the renderer uses the same code with masked values for previews.
 */

import { dynamicValue } from './dynamic-variables';

const PATTERN = /\{\{\s*([A-Za-z_$][A-Za-z0-9_.$-]*)\s*\}\}/g;

export interface ResolvedValue {
  value: string;
  secret: boolean;
}

export type Lookup<V extends ResolvedValue = ResolvedValue> = (name: string) => V | undefined;

/**
 * How many variables deep a value may refer to others (`{{a}}` whose value is `{{b}}`…): Postman
 * stops after 19 rounds of replacing, so its collections nest no deeper than this.
 */
export const MAX_NESTING = 20;
/** Most references one text's variables' values may expand into: values that each use others twice double at every level. */
export const MAX_EXPANSIONS = 100_000;

/** Names used in a text, in order of first use. */
export function variablesIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PATTERN)) names.add(match[1]!);
  return [...names];
}

/**
 * A reference that could not be put in. `chain`: the variables whose values led to it, outermost
 * first (empty when the text itself names it).
 */
export interface VariableProblem {
  kind: 'unknown' | 'cycle' | 'too-deep' | 'too-many';
  name: string;
  chain: string[];
  /** The first secret variable in the chain: what its value holds is not to be told, even names. */
  secret?: string;
}

/** A secret variable put in, with its value as put in (its own references resolved). */
export interface SecretUse<V extends ResolvedValue = ResolvedValue> {
  name: string;
  value: string;
  found: V;
}

export interface Substitution<V extends ResolvedValue = ResolvedValue> {
  text: string;
  /** Names that no scope defines (left as {{name}} in the text), also ones met in another variable's value. */
  unknown: string[];
  /** Secret variables that were put in, to keep out of what the renderer sees and away from other origins. */
  secrets: SecretUse<V>[];
  /** Unknown names, cycles and chains too deep, each once. */
  problems: VariableProblem[];
}

interface Expansion<V extends ResolvedValue> {
  lookup: Lookup<V>;
  secrets: Map<string, SecretUse<V>>;
  problems: Map<string, VariableProblem>;
  expansions: number;
}

/**
 * Puts variables into a text. A value that itself holds `{{…}}` is resolved the same way, as
 * Postman does, up to MAX_NESTING deep; a name met again in its own chain is a cycle and stays as
 * it is. Each occurrence is looked up on its own: a dynamic variable gets a fresh value each time.
 */
export function substitute<V extends ResolvedValue>(text: string, lookup: Lookup<V>): Substitution<V> {
  if (!text.includes('{{')) return { text, unknown: [], secrets: [], problems: [] };
  const state: Expansion<V> = { lookup, secrets: new Map(), problems: new Map(), expansions: 0 };
  const out = expand(text, [], undefined, state);
  const problems = [...state.problems.values()];
  const unknown = new Set(problems.filter((p) => p.kind === 'unknown').map((p) => p.name));
  return { text: out, unknown: [...unknown], secrets: [...state.secrets.values()], problems };
}

/** `chain`: the variables whose values `text` comes from; `secret`: the first secret among them. */
function expand<V extends ResolvedValue>(
  text: string,
  chain: string[],
  secret: string | undefined,
  state: Expansion<V>,
): string {
  if (!text.includes('{{')) return text;
  // replace() finds every match before it calls back, so the recursion below cannot disturb it.
  return text.replace(PATTERN, (whole, name: string) => {
    const stop = (kind: VariableProblem['kind']) => {
      // Too many is one problem for the whole text, wherever the count ran out.
      const key = kind === 'too-many' ? kind : `${kind}\n${name}\n${chain.join('\n')}`;
      if (!state.problems.has(key)) state.problems.set(key, { kind, name, chain, ...(secret ? { secret } : {}) });
      return whole;
    };
    if (chain.includes(name)) return stop('cycle');
    if (chain.length >= MAX_NESTING) return stop('too-deep');
    // Only references inside values count: the text's own are as many as it is long.
    if (chain.length > 0 && ++state.expansions > MAX_EXPANSIONS) return stop('too-many');
    const found = state.lookup(name);
    if (!found) return stop('unknown');
    const value = expand(found.value, [...chain, name], secret ?? (found.secret ? name : undefined), state);
    if (found.secret && value) state.secrets.set(`${name}\n${value}`, { name, value, found });
    return value;
  });
}

const ref = (name: string) => `{{${name}}}`;

/** `{{a}} → {{b}} → {{c}}`, with the middle of a long chain left out. */
function chainText(names: readonly string[]): string {
  const shown = names.length > 5 ? [...names.slice(0, 2).map(ref), '…', ...names.slice(-2).map(ref)] : names.map(ref);
  return shown.join(' → ');
}

const SUPPORTED_EXAMPLES = '$guid, $timestamp, $isoTimestamp, $randomUUID, $randomInt and the others the README lists';

/** What a problem inside a secret's value is, without a name from that value. */
const INSIDE_SECRET: Record<VariableProblem['kind'], string> = {
  unknown: 'uses a variable that no scope defines',
  cycle: 'uses variables that refer to each other in a circle',
  'too-deep': `uses variables nested more than ${MAX_NESTING} deep`,
  'too-many': `expands to more than ${MAX_EXPANSIONS.toLocaleString('en')} references`,
};

/** The sentence for a problem found `where` (“the URL”, “header “Accept””, “the body”). */
export function variableProblemSentence(problem: VariableProblem, where: string): string {
  const { name, chain } = problem;
  if (problem.secret) {
    return `The value of the secret variable ${ref(problem.secret)} used in ${where} ${INSIDE_SECRET[problem.kind]}. Check its value in Variables.`;
  }
  const via = chain.length > 0 ? ` (in the value of ${chainText(chain)})` : '';
  switch (problem.kind) {
    case 'unknown':
      if (name.startsWith('$')) {
        return (
          `Unknown dynamic variable ${ref(name)}${via} in ${where}: it is not one the app makes up values for (${SUPPORTED_EXAMPLES}). ` +
          'Use one of those, or a variable of your own in its place.'
        );
      }
      return (
        `Unknown variable ${ref(name)}${via} in ${where}. ` +
        'Define it in the environment, the collection or Globals, or send the request that captures it first.'
      );
    case 'cycle':
      return (
        `Variables in ${where} refer to each other in a circle: ${chainText([...chain, name])}, so none of them has a value. ` +
        'Change one of their values so the chain ends.'
      );
    case 'too-deep':
      return `Variables in ${where} refer to others more than ${MAX_NESTING} deep: ${chainText([...chain, name])}. Make the chain shorter.`;
    case 'too-many':
      return (
        `Variables in ${where} expand to more than ${MAX_EXPANSIONS.toLocaleString('en')} references ` +
        '(values that each use others several times). Make them simpler.'
      );
  }
}

/** Layers of variables, most specific first: the first that defines a name wins. */
export function layeredLookup<V extends ResolvedValue>(
  layers: ReadonlyArray<Pick<ReadonlyMap<string, V>, 'get'>>,
): Lookup<V> {
  return (name) => {
    for (const layer of layers) {
      const found = layer.get(name);
      if (found) return found;
    }
    return undefined;
  };
}

/** The last layer: Postman's dynamic variables, a fresh value at every lookup (a variable of the same name wins). */
export const DYNAMIC_LAYER: Pick<ReadonlyMap<string, ResolvedValue>, 'get'> = {
  get(name) {
    const value = dynamicValue(name);
    return value === undefined ? undefined : { value, secret: false };
  },
};

/** A map of the enabled variables of one scope. */
export function scopeMap(
  variables: ReadonlyArray<{ name: string; value: string; enabled: boolean; secret: boolean }>,
): Map<string, ResolvedValue> {
  const map = new Map<string, ResolvedValue>();
  for (const v of variables) if (v.enabled && v.name) map.set(v.name, { value: v.value, secret: v.secret });
  return map;
}
