/**
 * Import any supported file: works out what it is (cURL command, Postman collection or
 * environment, OpenAPI document in JSON or YAML, the app's own export) and hands it to its importer.
 */
import { parse as parseYaml } from 'yaml';
import type { ImportResult } from '../../../shared/collections';
import { MAX_DOCUMENT_DEPTH, nestsDeeperThan } from '../../../shared/json-depth';
import { isObject } from './common';
import { containsCurlCommand, parseCurl } from './curl';
import { importWorkbenchExport } from './workbench';
import { importOpenApi } from './openapi';
import { importPostman, importPostmanEnvironment } from './postman';

export type ImportKind = 'curl' | 'postman-collection' | 'postman-environment' | 'openapi' | 'workbench';

export const NOT_RECOGNISED = 'This file is not a Postman collection, Postman environment, OpenAPI document or cURL command.';
export const TOO_DEEP =
  `This file nests its folders or data more than ${MAX_DOCUMENT_DEPTH} levels deep, so it cannot be imported. ` + 'Flatten its folders and try again.';

const YAML_OPENAPI = /^\s*["']?(openapi|swagger)["']?\s*:/m;

/** What the text is, or null when it is none of the supported formats. Throws for malformed JSON. */
export function detectKind(text: string, fileName = ''): ImportKind | null {
  return classify(text, fileName).kind;
}

/** The kind and, for JSON and YAML, the parsed document. */
function classify(text: string, fileName: string): { kind: ImportKind | null; value: unknown } {
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
  return parsed(readYaml(trimmed));
}

/** Every importer walks the document's tree recursively: one nested too deeply is refused here, before any of them. */
function parsed(value: unknown): { kind: ImportKind | null; value: unknown } {
  if (nestsDeeperThan(value, MAX_DOCUMENT_DEPTH)) throw new Error(TOO_DEEP);
  return { kind: kindOfObject(value), value };
}

function readYaml(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return null;
  }
}

function kindOfObject(value: unknown): ImportKind | null {
  if (!isObject(value)) return null;
  if (typeof value.format === 'string' && value.format.startsWith('partner-api-workbench.')) return 'workbench';
  if (value.openapi !== undefined || value.swagger !== undefined) return 'openapi';
  if (isObject(value.info) && (Array.isArray(value.item) || typeof value.info.schema === 'string')) return 'postman-collection';
  if (Array.isArray(value.requests) && (Array.isArray(value.order) || Array.isArray(value.folders))) {
    throw new Error('This is a Postman Collection v1 file. Open it in Postman and export it again as Collection v2.1, then import that file.');
  }
  if (Array.isArray(value.values) && (value._postman_variable_scope !== undefined || typeof value.name === 'string')) return 'postman-environment';
  return null;
}

export function importAny(text: string, fileName?: string, files: Record<string, string> = {}): ImportResult {
  const { kind, value } = classify(text, fileName ?? '');
  switch (kind) {
    case 'curl':
      return parseCurl(text, files);
    case 'postman-collection':
      return importPostman(value);
    case 'postman-environment':
      return importPostmanEnvironment(value);
    case 'openapi':
      return importOpenApi(value as Record<string, unknown>);
    case 'workbench':
      return importWorkbenchExport(value);
    case null:
      throw new Error(NOT_RECOGNISED);
  }
}
