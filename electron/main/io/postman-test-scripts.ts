/**
 * What the scripts of one Postman item (the collection, a folder or a request) give the app: the
 * checks and captures its test script reads as (io/postman-checks.ts, never eval), the statements
 * it leaves out and which other scripts it has. One reading shared by the app's Postman import
 * (io/postman-import.ts) and a run of a Postman file (runner/postman-scripts.ts), so both take the
 * same checks from the same script; each words its own notes.
 */
import type { Capture } from '../../../shared/schemas/capture';
import type { Check } from '../../../shared/schemas/check';
import { asString, isObject } from './common';
import { importTestScript } from './postman-checks';

export interface ScriptChecks {
  checks: Check[];
  captures: Capture[];
}

export interface ItemScripts extends ScriptChecks {
  /** The test script's statements that are neither checks nor captures, as written. */
  notImported: string[];
  /** The other non-empty scripts ('pre-request', …), each kind once. */
  otherScripts: string[];
}

export function scriptsOf(item: Record<string, unknown>): Array<{ listen: string; exec: string[] }> {
  const events = Array.isArray(item.event) ? item.event : Array.isArray(item.events) ? item.events : [];
  return events.filter(isObject).map((event) => {
    const script = isObject(event.script) ? event.script : {};
    const exec = Array.isArray(script.exec) ? script.exec.map(asString) : asString(script.exec).split(/\r?\n/);
    return { listen: asString(event.listen), exec };
  });
}

/** The item's non-empty scripts read: its test scripts into checks and captures, the others named. */
export function readItemScripts(item: Record<string, unknown>): ItemScripts {
  const found: ItemScripts = { checks: [], captures: [], notImported: [], otherScripts: [] };
  for (const { listen, exec } of scriptsOf(item)) {
    if (!exec.some((line) => line.trim() !== '')) continue;
    if (listen !== 'test') {
      const kind = listen === 'prerequest' ? 'pre-request' : listen;
      if (!found.otherScripts.includes(kind)) found.otherScripts.push(kind);
      continue;
    }
    const read = importTestScript(exec);
    found.checks.push(...read.checks);
    found.captures.push(...read.captures);
    found.notImported.push(...read.notImported);
  }
  return found;
}

/** Postman's order: what an outer item (the collection, a folder) gives first, then the inner item's. */
export const joinedScripts = (outer: ScriptChecks, inner: ScriptChecks): ScriptChecks => ({
  checks: [...outer.checks, ...inner.checks],
  captures: [...outer.captures, ...inner.captures],
});
