/**
 * Ids and typed names, the two string shapes every other schema uses.
 *
 * The schemas in this folder are written with zod/mini, not zod: the import worker validates
 * exports with them, and zod's full build took some 100 ms of every large import's start there. The
 * contract (shared/contract.ts, full zod) composes them all the same; both share zod's core.
 */
import * as z from 'zod/mini';
import { MAX_NAME } from '../names';

/** An id the app made (a UUID, or a fixed id such as "sandbox"). */
export const idSchema = z.string().check(z.minLength(1), z.maxLength(100));

/** A name the user types: trimmed, not empty, not longer than `max`, each refusal in a sentence. */
export const nameSchema = (what: string, max = MAX_NAME) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, `Give the ${what} a name.`),
      z.maxLength(max, `A ${what} name has at most ${max} characters.`),
    );
