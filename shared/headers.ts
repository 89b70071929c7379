import type { HeaderRow } from './schemas/header';
import type { Method } from './http-types';
import { METHODS_WITHOUT_BODY } from './http-types';

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values: visible characters, spaces and tabs; no CR, LF or NUL. */
const BAD_VALUE_CHAR = /[\0\r\n]/;
/** Any character a value may not hold (the two checks below, in one pass for the usual clean value). */
const ANY_BAD_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;

export function isValidHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

export function headerValueProblem(value: string): string | null {
  // Stryker: equivalent — `false` skips the fast path; the two checks below then find nothing either.
  if (!ANY_BAD_CHAR.test(value)) return null;
  if (BAD_VALUE_CHAR.test(value)) return 'contains a line break or NUL character';
  // Stryker: equivalent — `true`: a value that got here holds a bad character that is not CR, LF or NUL, which is this set.
  if (/[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(value)) return 'contains a control character';
  return null;
}

export interface ConventionSettings {
  crmName: string;
}

let counter = 0;
export function newRowId(): string {
  // Stryker: equivalent — counting down (-=) gives distinct ids too.
  counter += 1;
  return `h${Date.now().toString(36)}${counter.toString(36)}`;
}

/** The API's convention headers, as rows the user can see, override or switch off. */
export function conventionHeaderRows(settings: ConventionSettings): HeaderRow[] {
  return [
    { id: newRowId(), name: 'Accept', value: 'application/json', enabled: true, origin: 'default' },
    { id: newRowId(), name: 'Content-Type', value: 'application/json', enabled: true, origin: 'default' },
    { id: newRowId(), name: 'User-Agent', value: settings.crmName, enabled: true, origin: 'default' },
  ];
}

export function methodTakesBody(method: Method): boolean {
  return !METHODS_WITHOUT_BODY.includes(method);
}

/** Why a default row will not go out even though it is switched on; null when it will. */
export function defaultRowSkipReason(row: HeaderRow, method: Method, body: string): string | null {
  if (row.origin !== 'default' || !row.enabled) return null;
  const name = row.name.trim().toLowerCase();
  if (name === 'content-type' && (!methodTakesBody(method) || body.trim() === '')) return 'sent only with a body';
  if (name === 'user-agent' && row.value.trim() === '') return 'set a CRM name in Settings';
  return null;
}

/**
 * The header list that goes on the wire: enabled rows with a name, in order. When a name appears
 * more than once, the last row wins (a user row added below a default overrides it).
 */
export function outgoingHeaders(rows: HeaderRow[], method: Method, body: string): Array<[string, string]> {
  const byName = new Map<string, [string, string]>();
  for (const row of rows) {
    const name = row.name.trim();
    if (!row.enabled || name === '') continue;
    if (defaultRowSkipReason(row, method, body) !== null) continue;
    // Stryker: equivalent — toUpperCase() folds case as well as toLowerCase() for a key.
    byName.set(name.toLowerCase(), [name, row.value]);
  }
  return [...byName.values()];
}

/** Index of the row that a later row with the same name overrides, for the UI to mark. */
export function overriddenRowIds(rows: HeaderRow[]): Set<string> {
  const lastByName = new Map<string, string>();
  for (const row of rows) {
    const name = row.name.trim().toLowerCase();
    if (row.enabled && name) lastByName.set(name, row.id);
  }
  const overridden = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim().toLowerCase();
    if (row.enabled && name && lastByName.get(name) !== row.id) overridden.add(row.id);
  }
  return overridden;
}
