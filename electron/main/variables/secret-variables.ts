/**
 * Variables of one scope whose secret values live in the vault: the scope's own storage (settings,
 * collection file, credentials store) keeps secret variables with an empty value.
 */
import { storedVariable, type VariableView } from '../../../shared/collections';
import type { VariableDef, VariableInput } from '../../../shared/schemas/variable';
import { MIN_STORED_SECRET_CHARS, tooShortSecret } from '../credentials/secret-forms';
import type { Vault } from '../credentials/vault';

const keyOf = (prefix: string, name: string) => `${prefix}:var:${name}`;

/** As the renderer may see them: secret values blank, with a masked hint and their allowed origins. */
export function viewVariables(stored: readonly VariableDef[], vault: Vault, prefix: string): VariableView[] {
  return stored.map((v) =>
    v.secret
      ? {
          name: v.name,
          value: '',
          enabled: v.enabled,
          secret: true,
          hint: vault.hint(keyOf(prefix, v.name)),
          origins: [...(v.origins ?? [])],
        }
      : { name: v.name, value: v.value, enabled: v.enabled, secret: false, hint: null },
  );
}

/** With secret values filled in from the vault (main process only). */
export function resolveVariables(stored: readonly VariableDef[], vault: Vault, prefix: string): VariableDef[] {
  return stored.map((v) => (v.secret ? { ...v, value: vault.get(keyOf(prefix, v.name)) ?? '' } : v));
}

/**
 * Applies what the user edited: secret values go to the vault (null keeps the stored one), removed
 * or no-longer-secret variables lose their vault entry. Returns what the scope stores (secrets blank).
 * Throws a sentence for duplicate names and secret values under 8 characters; the vault may refuse (no encryption) before anything changes.
 */
export function applyVariableInputs(
  stored: readonly VariableDef[],
  inputs: readonly VariableInput[],
  vault: Vault,
  prefix: string,
): VariableDef[] {
  const seen = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.name)) throw new Error(`The variable “${input.name}” is defined twice in this scope.`);
    seen.add(input.name);
    const value = input.secret ? (input.value ?? '') : '';
    if (value !== '' && [...value].length < MIN_STORED_SECRET_CHARS)
      throw new Error(tooShortSecret(`The secret variable “${input.name}”`));
  }
  // Secrets first: if the vault refuses, nothing is half-saved.
  for (const input of inputs) {
    if (input.secret && input.value !== null && input.value !== '') vault.set(keyOf(prefix, input.name), input.value);
  }
  for (const old of stored) {
    const next = inputs.find((i) => i.name === old.name);
    if (old.secret && (!next || !next.secret || next.value === '')) vault.delete(keyOf(prefix, old.name));
  }
  return inputs.map((input) => {
    const previous = stored.find((s) => s.name === input.name);
    // A secret keeps its allowed origins unless the input gives a new list.
    const origins = input.origins ?? previous?.origins;
    if (input.secret)
      return storedVariable({ name: input.name, value: '', enabled: input.enabled, secret: true, origins });
    return { name: input.name, value: input.value ?? previous?.value ?? '', enabled: input.enabled, secret: false };
  });
}

/** Removes every vault entry of a scope's variables (the scope is deleted). */
export function forgetVariables(stored: readonly VariableDef[], vault: Vault, prefix: string): void {
  for (const v of stored) if (v.secret) vault.delete(keyOf(prefix, v.name));
}

/**
 * The same variables with `origins` as the allowed origins of the secrets named (a first send binds
 * them); null when none of them is in the list, or all are bound already.
 */
export function withFirstOrigin(
  stored: readonly VariableDef[],
  names: ReadonlySet<string>,
  origin: string,
): VariableDef[] | null {
  let changed = false;
  const next = stored.map((v) => {
    if (!v.secret || !names.has(v.name) || (v.origins?.length ?? 0) > 0) return v;
    changed = true;
    return { ...v, origins: [origin] };
  });
  return changed ? next : null;
}
