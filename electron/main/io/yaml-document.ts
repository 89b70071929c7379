/**
 * The one YAML reader of the importers. js-yaml, because it parses a 3.5 MB OpenAPI document about
 * five times faster than the yaml package. Its CORE_SCHEMA (YAML 1.2 core, as the yaml package's
 * default) keeps `2020-01-01` a string (no timestamps), has no `<<` merge and constructs no code;
 * duplicate keys are an error, as they were.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';

/** The document; a parse error's message is js-yaml's reason and where, `… at line L, column C` (both from 1). */
export function parseYamlDocument(text: string): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const where = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
    throw new Error(`${error.reason}${where}`);
  }
}
