/**
 * {{variables}} in URLs, headers and bodies. Resolution is done in the main process at send time
 * (secret values never leave it); the renderer uses the same code with masked values for previews.
 */

const PATTERN = /\{\{\s*([A-Za-z_$][A-Za-z0-9_.$-]*)\s*\}\}/g;

export interface ResolvedValue {
  value: string;
  secret: boolean;
}

export type Lookup = (name: string) => ResolvedValue | undefined;

/** Names used in a text, in order of first use. */
export function variablesIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PATTERN)) names.add(match[1]!);
  return [...names];
}

export interface Substitution {
  text: string;
  /** Names that no scope defines (left as {{name}} in the text). */
  unknown: string[];
  /** Values of secret variables that were put in, to keep out of what the renderer sees. */
  secrets: string[];
}

export function substitute(text: string, lookup: Lookup): Substitution {
  const unknown = new Set<string>();
  const secrets = new Set<string>();
  if (!text.includes('{{')) return { text, unknown: [], secrets: [] };
  const out = text.replace(PATTERN, (whole, name: string) => {
    const found = lookup(name);
    if (!found) {
      unknown.add(name);
      return whole;
    }
    if (found.secret && found.value) secrets.add(found.value);
    return found.value;
  });
  return { text: out, unknown: [...unknown], secrets: [...secrets] };
}

/** Layers of variables, most specific first: the first that defines a name wins. */
export function layeredLookup(layers: Array<ReadonlyMap<string, ResolvedValue>>): Lookup {
  return (name) => {
    for (const layer of layers) {
      const found = layer.get(name);
      if (found) return found;
    }
    return undefined;
  };
}

/** A map of the enabled variables of one scope. */
export function scopeMap(variables: ReadonlyArray<{ name: string; value: string; enabled: boolean; secret: boolean }>): Map<string, ResolvedValue> {
  const map = new Map<string, ResolvedValue>();
  for (const v of variables) if (v.enabled && v.name) map.set(v.name, { value: v.value, secret: v.secret });
  return map;
}
