/**
 * The checks and captures a run takes from a Postman collection's test scripts. The app's importer
 * reads the same scripts with the same reader (io/postman-test-scripts.ts: common pm.test
 * assertions and pm.environment.set captures, never eval) but words what it leaves out as "not
 * imported"; a run says what it does not run, so it reads the scripts here and gives the importer
 * the collection without them. As in Postman, the collection's and each folder's test scripts apply
 * to every request in them. What a run does not do (pre-request scripts, other statements) is said in notes.
 */
import { asString, isObject, toMethod } from '../io/common';
import { joinedScripts as joined, readItemScripts, type ScriptChecks } from '../io/postman-test-scripts';

export type RequestScripts = ScriptChecks;

export interface PostmanScripts {
  /** The collection without its scripts, for the importer (which would list each as not imported). */
  document: unknown;
  /** One entry per request, in the order the importer lists the requests. */
  requests: RequestScripts[];
  notes: string[];
}

/** The test script of one item (collection, folder or request), read; notes for what is not run. */
function ownScripts(item: Record<string, unknown>, owner: string, notes: string[]): RequestScripts {
  const read = readItemScripts(item);
  for (const kind of read.otherScripts)
    notes.push(`The ${kind} script of ${owner} is not run: a run does not run scripts.`);
  if (read.notImported.length > 0) {
    const first = read.notImported[0]!.replace(/\s+/g, ' ').slice(0, 80);
    notes.push(
      `${read.notImported.length} statement(s) of the test script of ${owner} are not run (only checks and captures are), e.g. “${first}”.`,
    );
  }
  return { checks: read.checks, captures: read.captures };
}

/** An item (or the collection) without its scripts, and so its items. */
function withoutScripts(node: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.entries(node).filter(([key]) => key !== 'event' && key !== 'events');
  return Object.fromEntries(
    kept.map(([key, value]) => [
      key,
      key === 'item' && Array.isArray(value) ? value.map((v) => (isObject(v) ? withoutScripts(v) : v)) : value,
    ]),
  );
}

/** The checks and captures of every request of a Postman collection (the Postman API's `{"collection": …}` too). */
export function postmanScripts(json: unknown): PostmanScripts {
  const notes: string[] = [];
  const requests: RequestScripts[] = [];
  const document =
    isObject(json) && isObject(json.collection) && Object.keys(json).length === 1 ? json.collection : json;
  if (!isObject(document)) return { document, requests, notes };
  const walk = (items: unknown, inherited: RequestScripts) => {
    if (!Array.isArray(items)) return;
    for (const item of items.filter(isObject)) {
      const owner = `'${asString(item.name) || 'an item'}'`;
      if (Array.isArray(item.item)) {
        walk(item.item, joined(inherited, ownScripts(item, `the folder ${owner}`, notes)));
        continue;
      }
      if (item.request === undefined) continue;
      const request = isObject(item.request) ? item.request : {};
      // The importer leaves out a request whose method the app does not send: so does this list.
      if (!toMethod(request.method ?? 'GET')) continue;
      requests.push(joined(inherited, ownScripts(item, owner, notes)));
    }
  };
  walk(document.item, ownScripts(document, 'the collection', notes));
  return { document: withoutScripts(document), requests, notes };
}
