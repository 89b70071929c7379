/**
 * Local `$ref`s (`#/components/…`) and example bodies made from JSON Schemas, for the OpenAPI
 * importer. Depth-limited and safe with cycles (a schema that refers to itself stops the branch).
 * References to other files are never fetched: they are reported through `onExternal`.
 */
import { isObject } from './common';

export const MAX_DEPTH = 8;

export interface RefContext {
  root: unknown;
  /** Called with each reference that points outside the document. */
  onExternal(ref: string): void;
}

/** The value a `#/a/b~1c` pointer names in the document, or undefined. */
export function resolvePointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** The first `$ref` that points into another file (or URL), found by walking the whole document; null when none does. */
export function firstExternalRef(root: unknown): string | null {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (isObject(value)) {
      if (typeof value.$ref === 'string' && !value.$ref.startsWith('#')) return value.$ref;
      stack.push(...Object.values(value).reverse());
    }
  }
  return null;
}

/** Follows `$ref` chains; undefined for an external, missing or circular reference. */
export function deref(value: unknown, context: RefContext, seen: ReadonlySet<string> = new Set()): unknown {
  let current = value;
  const followed = new Set(seen);
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#')) {
      context.onExternal(ref);
      return undefined;
    }
    if (followed.has(ref)) return undefined;
    followed.add(ref);
    current = resolvePointer(context.root, ref);
  }
  return current;
}

/** An example value for a schema: its example, default, const or first enum value, else a skeleton. */
export function exampleFromSchema(
  schema: unknown,
  context: RefContext,
  depth = 0,
  seen: ReadonlySet<string> = new Set(),
): unknown {
  if (depth > MAX_DEPTH) return null;
  let refs = seen;
  if (isObject(schema) && typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return null;
    refs = new Set([...seen, schema.$ref]);
  }
  const s = deref(schema, context, seen);
  if (!isObject(s)) return null;

  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];

  if (Array.isArray(s.allOf)) return mergeAll(s.allOf.map((part) => exampleFromSchema(part, context, depth + 1, refs)));
  const choice = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : null;
  if (choice && choice.length > 0) return exampleFromSchema(choice[0], context, depth + 1, refs);

  const type = schemaType(s);
  if (type === 'object' || (type === undefined && isObject(s.properties))) {
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(isObject(s.properties) ? s.properties : {})) {
      // Request bodies leave out what only the server writes.
      const resolved = deref(property, context, refs);
      if (isObject(resolved) && resolved.readOnly === true) continue;
      out[name] = exampleFromSchema(property, context, depth + 1, refs);
    }
    return out;
  }
  if (type === 'array') return s.items === undefined ? [] : [exampleFromSchema(s.items, context, depth + 1, refs)];
  if (type === 'string') return stringExample(typeof s.format === 'string' ? s.format : '');
  if (type === 'integer' || type === 'number') return typeof s.minimum === 'number' ? s.minimum : 0;
  if (type === 'boolean') return false;
  return null;
}

/** `type` as 3.0 writes it, or 3.1's list (`["string", "null"]`: the first that is not null). */
function schemaType(schema: Record<string, unknown>): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type))
    return schema.type.find((t): t is string => typeof t === 'string' && t !== 'null') ?? 'null';
  return undefined;
}

function mergeAll(parts: unknown[]): unknown {
  const objects = parts.filter(isObject);
  if (objects.length === 0) return parts.find((part) => part !== null) ?? null;
  return Object.assign({}, ...objects);
}

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00',
  email: 'user@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com',
  url: 'https://example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

function stringExample(format: string): string {
  return FORMAT_EXAMPLES[format] ?? 'string';
}
