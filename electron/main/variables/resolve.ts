/**
 * Puts {{variables}} into a request at send time, in the main process: captured values first,
 * then the environment, the collection, globals, and last Postman's dynamic variables ({{$guid}}…).
 * Values that refer to other variables are resolved too. Unknown names, cycles and chains too deep
 * stop the request with a sentence. Each secret put in, also one reached through another variable's
 * value, is reported with where it may go (secret-routing.ts).
 */
import type { VariableDef, VariableScope } from '../../../shared/schemas/variable';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import type { Problem } from '../../../shared/http-types';
import { asVariableValue, evaluatePath } from '../../../shared/jsonpath';
import {
  DYNAMIC_LAYER,
  layeredLookup,
  substitute,
  variableProblemSentence,
  type Lookup,
  type ResolvedValue,
  type VariableProblem,
} from '../../../shared/variables';
import type { BoundSecret } from '../credentials/secret-routing';

export interface VariableSources {
  globals(): VariableDef[];
  collection(collectionId: string): VariableDef[];
  environment(environmentId: string): VariableDef[];
  /** Values captured from responses, per collection (or for requests outside collections). */
  captured(collectionId: string | null): ReadonlyMap<string, string>;
  /** The environment's address: the only origin its secrets go to (null while it has none). */
  environmentOrigin(environmentId: string): string | null;
  /** A scope as sentences name it: “Globals”, “the collection “Adverts””, “the environment “Home””. */
  scopeTitle(scope: VariableScope): string;
}

export type VariableOutcome =
  { ok: true; request: OutgoingRequest; secrets: BoundSecret[] } | { ok: false; problems: Problem[] };

/** A value with, for a secret, where it may go. */
type BoundValue = ResolvedValue & { bound?: BoundSecret };

/** The enabled variables of one scope; secrets carry their binding (`origins` of the scope's rule). */
function boundScope(
  defs: readonly VariableDef[],
  scope: VariableScope,
  sources: VariableSources,
  origins: (def: VariableDef) => readonly string[] | null,
) {
  const map = new Map<string, BoundValue>();
  let where: string | null = null;
  for (const v of defs) {
    if (!v.enabled || !v.name) continue;
    if (!v.secret) {
      map.set(v.name, { value: v.value, secret: false });
      continue;
    }
    where ??= sources.scopeTitle(scope);
    map.set(v.name, {
      value: v.value,
      secret: true,
      bound: { name: v.name, scope, where, value: v.value, origins: origins(v) },
    });
  }
  return map;
}

function variableProblem(problem: VariableProblem, where: string): Problem {
  return {
    field: where === 'the URL' ? 'url' : where === 'the body' ? 'body' : 'headers',
    message: variableProblemSentence(problem, where),
  };
}

/** The variables a request sees, most specific first: captured, environment, collection, globals, dynamic. */
export function requestLookup(
  request: Pick<OutgoingRequest, 'environmentId' | 'collectionId'>,
  sources: VariableSources,
): Lookup<BoundValue> {
  const captured = new Map<string, ResolvedValue>();
  for (const [name, value] of sources.captured(request.collectionId)) captured.set(name, { value, secret: false });
  const own = (v: VariableDef) => (v.origins && v.origins.length > 0 ? v.origins : null);
  const { environmentId, collectionId } = request;
  return layeredLookup<BoundValue>([
    captured,
    environmentId
      ? boundScope(sources.environment(environmentId), { kind: 'environment', environmentId }, sources, () => {
          const origin = sources.environmentOrigin(environmentId);
          return origin ? [origin] : [];
        })
      : new Map(),
    collectionId
      ? boundScope(sources.collection(collectionId), { kind: 'collection', collectionId }, sources, own)
      : new Map(),
    boundScope(sources.globals(), { kind: 'global' }, sources, own),
    DYNAMIC_LAYER,
  ]);
}

export function resolveRequestVariables(request: OutgoingRequest, sources: VariableSources): VariableOutcome {
  // The scopes are read only when a text uses a variable: most requests use none, and then the
  // request goes on as it is (no copies).
  let lookup: Lookup<BoundValue> | null = null;
  const lazyLookup: Lookup<BoundValue> = (name) => (lookup ??= requestLookup(request, sources))(name);
  // The secrets put in, by name and value as put in (a secret whose value uses a dynamic variable differs per use).
  const secrets = new Map<string, BoundSecret>();
  const problems: Problem[] = [];
  const apply = (text: string, where: string) => {
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent — substitute() gives a text without {{ back as it is, reading no scope
    if (!text.includes('{{')) return text;
    const result = substitute(text, lazyLookup);
    for (const problem of result.problems) problems.push(variableProblem(problem, where));
    // The value as sent is what routing looks for: a secret whose value refers to others is checked expanded.
    // Stryker disable next-line ConditionalExpression: equivalent — substitute() reports secret uses only, and every secret value here is built with `bound`.
    for (const use of result.secrets)
      if (use.found.bound) secrets.set(`${use.name}\n${use.value}`, { ...use.found.bound, value: use.value });
    return result.text;
  };
  const url = apply(request.url, 'the URL');
  let headers = request.headers;
  for (let i = 0; i < request.headers.length; i++) {
    const row = request.headers[i]!;
    if (!row.enabled || (!row.name.includes('{{') && !row.value.includes('{{'))) continue;
    const where = `header “${row.name}”`;
    if (headers === request.headers) headers = request.headers.slice();
    headers[i] = { ...row, name: apply(row.name, where), value: apply(row.value, where) };
  }
  const body = apply(request.body, 'the body');
  if (problems.length > 0) {
    // One sentence per problem and place is enough.
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i);
    return { ok: false, problems: unique };
  }
  const unchanged = url === request.url && headers === request.headers && body === request.body;
  return {
    ok: true,
    request: unchanged ? request : { ...request, url, headers, body },
    secrets: [...secrets.values()],
  };
}

/** A variable in a check's expected value that has no value (unknown, circular, too deep): that check's error. */
export class ExpectedValueVariableError extends Error {
  override name = 'ExpectedValueVariableError';
}

/**
 * Resolves `{{variables}}` in checks' expected values as the request's own texts are (captured
 * values first, read when the first value needs them: after this response's captures). A variable
 * that cannot be resolved throws a sentence, which becomes that check's error, not a failed send.
 */
export function expectedValueResolver(
  request: Pick<OutgoingRequest, 'environmentId' | 'collectionId'>,
  sources: VariableSources,
): (text: string) => string {
  let lookup: Lookup<BoundValue> | null = null;
  const lazyLookup: Lookup<BoundValue> = (name) => (lookup ??= requestLookup(request, sources))(name);
  return (text) => {
    const result = substitute(text, lazyLookup);
    const problem = result.problems[0];
    if (problem) throw new ExpectedValueVariableError(variableProblemSentence(problem, 'the expected value'));
    return result.text;
  };
}

/**
 * Takes the captures' values from a JSON body; what found nothing is said in a sentence. `mask`
 * is applied to each value: they are decoded from JSON escapes, so a secret the body's masking did
 * not recognise in its escaped form is plain here.
 */
export function runCaptures(
  captures: OutgoingRequest['captures'],
  body: string,
  mask: (text: string) => string = (text) => text,
): { captured: Array<{ variable: string; value: string }>; problems: string[] } {
  if (captures.length === 0) return { captured: [], problems: [] };
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return { captured: [], problems: ['The response is not JSON, so nothing was captured.'] };
  }
  const captured: Array<{ variable: string; value: string }> = [];
  const problems: string[] = [];
  for (const capture of captures) {
    try {
      const value = evaluatePath(document, capture.path);
      if (value === undefined) problems.push(`Nothing at ${capture.path} for {{${capture.variable}}}.`);
      else captured.push({ variable: capture.variable, value: mask(asVariableValue(value)) });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { captured, problems };
}
