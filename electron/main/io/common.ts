/**
 * Small helpers shared by the importers and exporters in this folder. Pure: no I/O.
 */
import { MAX_VARIABLE_NAME, VARIABLE_NAME } from '../../../shared/names';
import type { ImportedCollection, ImportedEnvironment, ImportedNode } from '../../../shared/collections';
import type { SavedHeader } from '../../../shared/schemas/header';
import type { VariableDef } from '../../../shared/schemas/variable';
import { unsupportedDynamicVariables } from '../../../shared/dynamic-variables';
import { METHODS, type Method } from '../../../shared/http-types';

export { variablesIn as variableNames } from '../../../shared/variables';

/** Any `{{…}}` reference, also ones whose name the app would not accept. */
const VARIABLE_REF = /\{\{\s*([^{}]+?)\s*\}\}/g;

/**
 * True when a value is made only of `{{variable}}` references (and spaces), e.g. `{{api_key}}`:
 * such a value names where a secret lives; it is not the secret itself.
 */
export function isOnlyVariables(value: string): boolean {
  return value.trim() !== '' && value.replace(VARIABLE_REF, '').trim() === '';
}

/** A literal (non-empty, not made of variables) value: if it sits in an auth header, it is a secret. */
export function isLiteralSecret(value: string): boolean {
  return value.trim() !== '' && !isOnlyVariables(value);
}

/** Percent-encodes a form or query component but leaves `{{variables}}` readable and working. */
export function encodeKeepingVariables(text: string, encode: (part: string) => string = encodeURIComponent): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(VARIABLE_REF)) {
    out += encode(text.slice(last, match.index)) + match[0];
    last = match.index! + match[0].length;
  }
  return out + encode(text.slice(last));
}

export function toMethod(value: unknown): Method | null {
  const upper = String(value ?? '')
    .trim()
    .toUpperCase();
  return (METHODS as readonly string[]).includes(upper) ? (upper as Method) : null;
}

/** The host of a URL that may hold `{{variables}}`, or null (e.g. `{{baseUrl}}/x`). */
export function hostOf(url: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i.exec(url.trim());
  return match ? match[1]! : null;
}

/** The path and query of a URL: what a request is named after (`POST /advert/v1`). */
function pathOf(url: string): string {
  const trimmed = url.trim();
  const afterOrigin = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/^\{\{[^{}]+\}\}/, '');
  const path = afterOrigin.replace(/#.*$/, '');
  return path === '' ? '/' : path.startsWith('/') || path.startsWith('?') ? path : `/${path}`;
}

export function requestName(method: Method, url: string): string {
  return `${method} ${pathOf(url).replace(/\?.*$/, '')}`;
}

export function findHeader(headers: SavedHeader[], name: string): SavedHeader | undefined {
  const wanted = name.toLowerCase();
  return headers.find((h) => h.name.trim().toLowerCase() === wanted);
}

/** Names that usually hold secrets; variables named like this are imported as secret. */
export function looksSecret(name: string): boolean {
  return /token|secret|password|passwd|api[_-]?key|apikey|credential|auth/i.test(name);
}

/**
 * A value the importers keep in the vault rather than in the collection: under a secret-looking name,
 * literal (not made of {{variables}}), and not an address (`tokenUrl`, `authEndpoint` hold URLs).
 */
export function isSecretValue(name: string, value: string): boolean {
  return looksSecret(name) && isLiteralSecret(value) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
}

export function isValidVariableName(name: string): boolean {
  return name.length <= MAX_VARIABLE_NAME && VARIABLE_NAME.test(name);
}

/** Adds a variable unless one with that name exists; returns false when the name is not usable. */
export function declareVariable(
  variables: VariableDef[],
  name: string,
  value = '',
  secret = looksSecret(name),
): boolean {
  if (!isValidVariableName(name)) return false;
  if (!variables.some((v) => v.name === name)) variables.push({ name, value, enabled: true, secret });
  return true;
}

/** Longest name quoted whole in a sentence; a longer one (an import may hold names of any length) is shortened. */
const QUOTED_NAME_MAX = 80;

/** `'Publish'`: names in unsupported-list sentences. */
export function quote(name: string): string {
  return `'${name.length > QUOTED_NAME_MAX ? `${name.slice(0, QUOTED_NAME_MAX - 1)}…` : name}'`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A description given as a string or as Postman's / OpenAPI's `{content}` object. */
export function descriptionText(value: unknown): string | undefined {
  const text = isObject(value) ? asString(value.content) : asString(value);
  return text.trim() === '' ? undefined : text.trim();
}

/** Request names quoted in a sentence about dynamic variables; the rest are counted. */
const DYNAMIC_EXAMPLES = 3;

/** Each unsupported `$name` met, with where: request names, or the variables of a collection or environment. */
function dynamicUses(
  collections: readonly ImportedCollection[],
  environments: readonly ImportedEnvironment[],
): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  const note = (texts: readonly string[], owner: string) => {
    for (const name of texts.flatMap(unsupportedDynamicVariables))
      uses.set(name, (uses.get(name) ?? new Set()).add(owner));
  };
  const walk = (nodes: readonly ImportedNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'folder') walk(node.children);
      else
        note(
          [node.request.url, node.request.body, ...node.request.headers.flatMap((h) => [h.name, h.value])],
          quote(node.request.name),
        );
    }
  };
  for (const collection of collections) {
    note(
      collection.variables.map((v) => v.value),
      `the variables of the collection ${quote(collection.name)}`,
    );
    walk(collection.items);
  }
  for (const environment of environments)
    note(
      environment.variables.map((v) => v.value),
      `the environment ${quote(environment.name)}`,
    );
  return uses;
}

/**
 * Postman's dynamic variables the app makes up no value for (`{{$randomBankAccountIban}}`…) stay in
 * the requests as written, where sending would stop at them: the summary says so, once per name,
 * with a few of the places that use it. Every importer calls this on what it made.
 */
export function noteUnsupportedDynamicVariables(
  collections: readonly ImportedCollection[],
  environments: readonly ImportedEnvironment[],
  unsupported: string[],
): void {
  for (const [name, owners] of dynamicUses(collections, environments)) {
    const list = [...owners];
    const more = list.length > DYNAMIC_EXAMPLES ? ` and ${list.length - DYNAMIC_EXAMPLES} more` : '';
    unsupported.push(
      `The dynamic variable {{${name}}} (in ${list.slice(0, DYNAMIC_EXAMPLES).join(', ')}${more}) was not imported: the app makes up no value for it. ` +
        'It is kept as written and stops a send until you put a supported one such as {{$guid}}, or a variable of your own, in its place.',
    );
  }
}
