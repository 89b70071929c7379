/**
 * How far an import preview has got (import:progress), for the import dialog's progress bar: large
 * documents (a 4 MB OpenAPI or Postman file) take a second or more to read and convert.
 */
export interface ImportProgress {
  /** Reading the file's JSON or YAML, making its requests, or checking them (literal secrets). */
  phase: 'parsing' | 'converting' | 'checking';
  /** Share of the whole preview done, 0…1. */
  fraction: number;
}
