/**
 * A small JSONPath-style reference for taking values from responses: `$.data.uuid`,
 * `$.items[0].id`, `$['key with spaces']`. No filters, no wildcards, no script: a path, nothing more.
 */

export type PathStep = string | number;

/** Parses a reference into steps; throws an Error with a sentence when it is not one. */
export function parsePath(path: string): PathStep[] {
  const text = path.trim();
  if (!text.startsWith('$')) throw new Error(`“${path}” must start with $ (e.g. $.data.uuid).`);
  const steps: PathStep[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const match = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(text.slice(i + 1));
      if (!match) throw new Error(`“${path}” has a name missing after a dot at character ${i + 1}.`);
      steps.push(match[0]);
      i += 1 + match[0].length;
    } else if (c === '[') {
      const rest = text.slice(i);
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[(['"])((?:\\.|(?!\1).)*)\1\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        steps.push(quoted[2]!.replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else {
        throw new Error(`“${path}” has a bracket that is not [number] or ['name'] at character ${i + 1}.`);
      }
    } else {
      throw new Error(`“${path}” has an unexpected “${c}” at character ${i + 1}.`);
    }
  }
  return steps;
}

/** The value at the path, or undefined when the document has nothing there. */
export function evaluatePath(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const step of parsePath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/** A value as a variable holds it: strings as they are, everything else as JSON. */
export function asVariableValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
