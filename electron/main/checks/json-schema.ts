/**
 * JSON Schema validation of response bodies with ajv: draft 2020-12 (the default), 2019-09 and
 * draft-07, chosen by the schema's `$schema`. Compiling a schema costs far more than validating
 * with it, and a run checks the same schema on every iteration, so compiled validators are cached
 * by the schema's text. A schema ajv cannot compile is a sentence, never a throw.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ExpectedValueError } from './expected';

const CACHE_SIZE = 64;
const SHOWN_ERRORS = 3;

type Draft = '2020-12' | '2019-09' | 'draft-07';

const engines = new Map<Draft, Ajv>();
const compiled = new Map<string, ValidateFunction>();

function engine(draft: Draft): Ajv {
  let ajv = engines.get(draft);
  if (!ajv) {
    // strict off: real schemas carry keywords such as `example`; addUsedSchema off: two schemas may share an $id.
    const options = { strict: false, allErrors: true, addUsedSchema: false };
    ajv = draft === '2020-12' ? new Ajv2020(options) : draft === '2019-09' ? new Ajv2019(options) : new Ajv(options);
    addFormats(ajv);
    engines.set(draft, ajv);
  }
  return ajv;
}

function draftOf(schema: unknown): Draft {
  const declared = typeof schema === 'object' && schema !== null && '$schema' in schema ? String(schema.$schema) : '';
  if (declared === '' || declared.includes('2020-12')) return '2020-12';
  if (declared.includes('2019-09')) return '2019-09';
  if (declared.includes('draft-07')) return 'draft-07';
  throw new ExpectedValueError(`The schema's $schema is ${declared}; use draft 2020-12, 2019-09 or draft-07.`);
}

/** The validator for a schema's text, compiled once; throws ExpectedValueError for a schema that is not JSON or not valid. */
export function schemaValidator(text: string): ValidateFunction {
  const cached = compiled.get(text);
  if (cached) return cached;
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    throw new ExpectedValueError('The schema is not JSON: write a JSON Schema as JSON text.');
  }
  if (typeof schema !== 'object' && typeof schema !== 'boolean')
    throw new ExpectedValueError('The schema must be a JSON object.');
  let validate: ValidateFunction;
  try {
    validate = engine(draftOf(schema)).compile(schema as object);
  } catch (error) {
    if (error instanceof ExpectedValueError) throw error;
    throw new ExpectedValueError(`The schema is not valid: ${(error as Error).message}.`);
  }
  if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value ?? '');
  compiled.set(text, validate);
  return validate;
}

/** The first errors of a failed validation, e.g. "/price/value must be number; (root) must have required property 'title'". */
export function schemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const shown = (errors ?? [])
    .slice(0, SHOWN_ERRORS)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is not valid'}`);
  const more = (errors?.length ?? 0) - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
