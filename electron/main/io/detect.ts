/**
 * Import any supported file: works out what it is (cURL command, Postman collection or
 * environment, OpenAPI document in JSON or YAML, the app's own export) and hands it to its importer.
 */
import type { ImportResult } from '../../../shared/collections';
import type { ImportProgress } from '../../../shared/import-progress';
import { MAX_DOCUMENT_DEPTH, nestsDeeperThan } from '../../../shared/json-depth';
import { isObject } from './common';
import { containsCurlCommand, parseCurl } from './curl';
import { importWorkbenchExport } from './workbench';
import { importOpenApi } from './openapi';
import { importPostman, importPostmanEnvironment } from './postman';
import { parseYamlDocument } from './yaml-document';

export type ImportKind = 'curl' | 'postman-collection' | 'postman-environment' | 'openapi' | 'workbench';

export const NOT_RECOGNISED =
  'This file is not a Postman collection, Postman environment, OpenAPI document or cURL command.';
export const TOO_DEEP =
  `This file nests its folders or data more than ${MAX_DOCUMENT_DEPTH} levels deep, so it cannot be imported. ` +
  'Flatten its folders and try again.';

const YAML_OPENAPI = /^\s*["']?(openapi|swagger)["']?\s*:/m;

/** Told how far an import has got; the text is parsed once, then converted. */
export type ImportProgressListener = (progress: ImportProgress) => void;

/**
 * Share of an import's time spent parsing: about half for a large OpenAPI YAML (js-yaml's parse, then
 * converting each path), less for JSON. The parse has no progress of its own: it is reported as
 * starting (0) and done (PARSED); converting reports every 100 paths from there.
 */
const PARSED = 0.5;

/** What the text is, or null when it is none of the supported formats. Throws for malformed JSON. */
export function detectKind(text: string, fileName = ''): ImportKind | null {
  return classify(text, fileName, () => undefined).kind;
}

/** The kind and, for JSON and YAML, the parsed document. */
function classify(
  text: string,
  fileName: string,
  onProgress: ImportProgressListener,
): { kind: ImportKind | null; value: unknown } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { kind: null, value: null };
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || /\.json$/i.test(fileName)) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`This file is not valid JSON (${(error as Error).message}), so it cannot be imported.`);
    }
    return parsed(json);
  }
  const yamlFirst = /\.ya?ml$/i.test(fileName) || YAML_OPENAPI.test(trimmed);
  if (!yamlFirst && containsCurlCommand(trimmed)) return { kind: 'curl', value: null };
  return parsed(readYaml(trimmed, onProgress, yamlFirst));
}

/** Every importer walks the document's tree recursively: one nested too deeply is refused here, before any of them. */
function parsed(value: unknown): { kind: ImportKind | null; value: unknown } {
  if (nestsDeeperThan(value, MAX_DOCUMENT_DEPTH)) throw new Error(TOO_DEEP);
  const document = unwrapPostmanApi(value);
  return { kind: kindOfObject(document), value: document };
}

/** The YAML document; when the file says it is YAML (its name, or an `openapi:` line), a parse error is its sentence, else null. */
function readYaml(text: string, onProgress: ImportProgressListener, saysYaml: boolean): unknown {
  onProgress({ phase: 'parsing', fraction: 0 });
  try {
    return parseYamlDocument(text);
  } catch (error) {
    if (!saysYaml) return null;
    throw new Error(`This file is not valid YAML (${(error as Error).message}), so it cannot be imported.`);
  }
}

/** The Postman API answers `{"collection": {…}}` and `{"environment": {…}}`: what is inside is the file. */
function unwrapPostmanApi(value: unknown): unknown {
  if (!isObject(value) || Object.keys(value).length !== 1) return value;
  const inner = value.collection ?? value.environment;
  return isObject(inner) ? inner : value;
}

function kindOfObject(value: unknown): ImportKind | null {
  if (!isObject(value)) return null;
  if (typeof value.format === 'string' && value.format.startsWith('partner-api-workbench.')) return 'workbench';
  if (value.openapi !== undefined || value.swagger !== undefined) return 'openapi';
  if (isObject(value.info) && (Array.isArray(value.item) || typeof value.info.schema === 'string'))
    return 'postman-collection';
  if (Array.isArray(value.requests) && (Array.isArray(value.order) || Array.isArray(value.folders))) {
    throw new Error(
      'This is a Postman Collection v1 file. Open it in Postman and export it again as Collection v2.1, then import that file.',
    );
  }
  if (Array.isArray(value.values) && (value._postman_variable_scope !== undefined || typeof value.name === 'string'))
    return 'postman-environment';
  return null;
}

export function importAny(
  text: string,
  fileName?: string,
  files: Record<string, string> = {},
  onProgress: ImportProgressListener = () => undefined,
): ImportResult {
  const { kind, value } = classify(text, fileName ?? '', onProgress);
  onProgress({ phase: 'converting', fraction: PARSED });
  switch (kind) {
    case 'curl':
      return parseCurl(text, files);
    case 'postman-collection':
      return importPostman(value);
    case 'postman-environment':
      return importPostmanEnvironment(value);
    case 'openapi':
      return importOpenApi(value as Record<string, unknown>, (done, total) =>
        onProgress({ phase: 'converting', fraction: PARSED + ((1 - PARSED) * done) / total }),
      );
    case 'workbench':
      return importWorkbenchExport(value);
    case null:
      throw new Error(NOT_RECOGNISED);
  }
}
