/** Postman in and out: Collection v2.0 / v2.1, environments, and export to Collection v2.1. */
export { importPostman, importPostmanEnvironment, postmanVersion } from './postman-import';
export { PLACEHOLDERS, SECRET_VARIABLE_NOTE } from './postman-auth';
export {
  exportPostman,
  exportPostmanCollection,
  postmanUrl,
  POSTMAN_SCHEMA_V21,
  type ExportCollection,
  type ExportNode,
  type PostmanExportOptions,
} from './postman-export';
export { CAPTURE_SCRIPT_MARKER } from './capture-script';
