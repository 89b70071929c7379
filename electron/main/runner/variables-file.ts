/**
 * Environment and globals files for a run (newman's -e and -g): a Postman environment or globals
 * export (its `secret` type kept), or a plain JSON object of names and text values. Values in
 * these files are the user's own: secret ones are masked in everything the run prints.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { VariableDef } from '../../../shared/schemas/variable';
import { isObject, isValidVariableName, looksSecret } from '../io/common';
import { importPostmanEnvironment } from '../io/postman';

export class VariablesFileError extends Error {}

export interface VariablesFile {
  name: string;
  variables: VariableDef[];
}

export function readVariablesFile(path: string, what: 'environment' | 'globals'): VariablesFile {
  const name = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VariablesFileError(
      `The ${what} file ${name} cannot be read${code === 'ENOENT' ? ': it does not exist' : ` (${code ?? 'unreadable'})`}.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new VariablesFileError(`The ${what} file ${name} is not valid JSON (${(error as Error).message}).`);
  }
  if (isObject(value) && Array.isArray(value.values)) {
    const environment = importPostmanEnvironment(value).environments[0];
    return { name: environment?.name ?? name, variables: environment?.variables ?? [] };
  }
  if (isObject(value)) return { name, variables: plainVariables(value, name, what) };
  throw new VariablesFileError(
    `The ${what} file ${name} is neither a Postman ${what} export nor a JSON object of names and values.`,
  );
}

function plainVariables(value: Record<string, unknown>, file: string, what: string): VariableDef[] {
  return Object.entries(value).map(([name, cell]) => {
    if (!isValidVariableName(name))
      throw new VariablesFileError(
        `The ${what} file ${file} names a variable “${name}” the app cannot use: names start with a letter or _.`,
      );
    return {
      name,
      value: typeof cell === 'string' ? cell : (JSON.stringify(cell) ?? ''),
      enabled: true,
      secret: looksSecret(name),
    };
  });
}

/**
 * name=value pairs (newman's --env-var, repeatable) as variables; a pair without `=` is a
 * VariablesFileError. Secret when the name looks like one (token, secret, password, api key…).
 */
export function commandLineVariables(pairs: readonly string[]): VariableDef[] {
  return pairs.map((pair) => {
    const equals = pair.indexOf('=');
    const name = equals > 0 ? pair.slice(0, equals) : '';
    if (!isValidVariableName(name))
      throw new VariablesFileError(
        `--env-var takes name=value (a variable name, “=”, then its value); “${pair.split('=')[0]!.slice(0, 40)}=…” is not that.`,
      );
    return { name, value: pair.slice(equals + 1), enabled: true, secret: looksSecret(name) };
  });
}

/** WORKBENCH_VAR_<name> variables of the process environment, as variables (for CI secrets). */
export function processVariables(env: NodeJS.ProcessEnv): VariableDef[] {
  const prefix = 'WORKBENCH_VAR_';
  return Object.entries(env)
    .filter(
      ([key, value]) => key.startsWith(prefix) && value !== undefined && isValidVariableName(key.slice(prefix.length)),
    )
    .map(([key, value]) => ({
      name: key.slice(prefix.length),
      value: value ?? '',
      enabled: true,
      secret: looksSecret(key.slice(prefix.length)),
    }));
}
