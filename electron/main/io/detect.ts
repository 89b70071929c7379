/**
 * Import any supported file: works out what it is (cURL command, Postman collection or
 * environment, OpenAPI document in JSON or YAML, the app's own export) and hands it to its importer.
 */
import { LineCounter, parse as parseYaml } from 'yaml';
import type { ImportResult } from '../../../shared/collections';
import type { ImportProgress } from '../../../shared/import-progress';
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

/** Told how far an import has got; the text is parsed once, then converted. */
export type ImportProgressListener = (progress: ImportProgress) => void;

/**
 * Share of an import's time spent parsing (YAML's is most of it; JSON's a small part). YAML reports
 * as its lexer reaches each line, up to YAML_LEXED; building the objects after that is not reported.
 */
const PARSED = 0.6;
const YAML_LEXED = 0.35;
const LINES_PER_REPORT = 4096;

/** What the text is, or null when it is none of the supported formats. Throws for malformed JSON. */
export function detectKind(text: string, fileName = ''): ImportKind | null {
  return classify(text, fileName, () => undefined).kind;
}

/** The kind and, for JSON and YAML, the parsed document. */
function classify(text: string, fileName: string, onProgress: ImportProgressListener): { kind: ImportKind | null; value: unknown } {
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
  try {
    return parseYaml(text, { lineCounter: lexingProgress(text.length, onProgress) });
  } catch (error) {
    if (!saysYaml) return null;
    const where = (error as Error).message.split('\n')[0]!.replace(/:$/, '');
    throw new Error(`This file is not valid YAML (${where}), so it cannot be imported.`);
  }
}

/** The Postman API answers `{"collection": {…}}` and `{"environment": {…}}`: what is inside is the file. */
function unwrapPostmanApi(value: unknown): unknown {
  if (!isObject(value) || Object.keys(value).length !== 1) return value;
  const inner = value.collection ?? value.environment;
  return isObject(inner) ? inner : value;
}

/** The yaml package tells its line counter of each line its lexer reaches: that is the parse's progress. */
function lexingProgress(length: number, onProgress: ImportProgressListener): LineCounter {
  const counter = new LineCounter();
  const addNewLine = counter.addNewLine;
  let lines = 0;
  counter.addNewLine = (offset) => {
    if (++lines % LINES_PER_REPORT === 0) onProgress({ phase: 'parsing', fraction: (YAML_LEXED * offset) / length });
    return addNewLine(offset);
  };
  return counter;
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
