/**
 * What a run runs: a collection read from a collection folder (collection.json and its request
 * files), from the app's export file or from a Postman v2.0/v2.1 file, as one in-memory shape, and
 * the requests a run picks from it in tree order. The folder is read with the pure parsers of
 * collections/format.ts (no store, no data folder, nothing written); files go through the importers.
 * Anything unreadable is an UnreadableCollection with a sentence (the command exits 2 on it).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ImportedCollection, ImportedNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { VariableDef } from '../../../shared/schemas/variable';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { authFolder, type AuthFolder } from '../../../shared/effective-auth';
import { checksSchema, type Check } from '../../../shared/schemas/check';
import { COLLECTION_FILE, FormatError, parseCollection, parseRequest, type IndexNode } from '../collections/format';
import { staysInside } from '../collections/files';
import { detectKind, importAny } from '../io/detect';
import { importPostman } from '../io/postman';
import { postmanScripts } from './postman-scripts';

/** The collection, file or folder a run cannot use, in a sentence. */
export class UnreadableCollection extends Error {}

/** A request of a run, with the checks it carries (read from a `checks` array when the request has one). */
export type RunRequest = Omit<RequestDoc, 'id'> & { checks: Check[] };

export interface RunItem {
  request: RunRequest;
  /** The folders it is in, outermost first. */
  folders: string[];
  /** The same folders with the auth each sets: what the request's `inherit` resolves through (shared/effective-auth.ts). */
  authFolders: AuthFolder[];
}

export interface RunCollection {
  name: string;
  auth: AuthSelection;
  variables: VariableDef[];
  /** Every request in tree order. */
  items: RunItem[];
  /** Sentences about what the source held that a run does not use (from the importers). */
  notes: string[];
}

/** The sentence for a path that names nothing readable, without the machine's absolute path. */
function cannotRead(path: string, error: unknown): UnreadableCollection {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'it does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission was denied'
        : 'it could not be read';
  return new UnreadableCollection(
    `The collection ${basename(path)} cannot be run: ${why}. Give a collection folder, the app's export file or a Postman collection file.`,
  );
}

export function loadRunCollection(path: string): RunCollection {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    throw cannotRead(path, error);
  }
  return isFolder ? loadFolder(path) : loadFile(path);
}

function loadFile(path: string): RunCollection {
  const name = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw cannotRead(path, error);
  }
  try {
    if (detectKind(text, name) === 'postman-collection') return loadPostman(text);
    const imported = importAny(text, name);
    const collection = imported.collections[0];
    if (!collection) {
      throw new UnreadableCollection(
        `${name} holds no collection (it is a ${imported.format}). Give a collection folder, the app's export file or a Postman collection file.`,
      );
    }
    return fromImported(collection, imported.unsupported);
  } catch (error) {
    if (error instanceof UnreadableCollection) throw error;
    throw new UnreadableCollection(`${name} cannot be run: ${(error as Error).message}`);
  }
}

/** A Postman collection: its requests through the importer, their checks and captures from the test scripts. */
function loadPostman(text: string): RunCollection {
  const scripts = postmanScripts(JSON.parse(text.replace(/^\uFEFF/, '')));
  const imported = importPostman(scripts.document);
  const run = fromImported(imported.collections[0]!, [...scripts.notes, ...imported.unsupported]);
  if (run.items.length !== scripts.requests.length) {
    run.notes.push(
      'The test scripts of this collection could not be matched to its requests, so it runs without their checks.',
    );
    return run;
  }
  run.items.forEach((item, i) => {
    const { checks, captures } = scripts.requests[i]!;
    item.request = {
      ...item.request,
      checks: [...item.request.checks, ...checks],
      captures: [...item.request.captures, ...captures],
    };
  });
  return run;
}

/** A request's own `checks` array, when it has one that is valid; otherwise none. */
function checksOf(request: object, name: string, notes: string[]): Check[] {
  const raw = (request as { checks?: unknown }).checks;
  if (raw === undefined) return [];
  const parsed = checksSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  notes.push(
    `The checks of “${name}” are not valid (${parsed.error.issues[0]?.message ?? 'unknown shape'}), so it runs without them.`,
  );
  return [];
}

function fromImported(collection: ImportedCollection, notes: string[]): RunCollection {
  const items: RunItem[] = [];
  const walk = (nodes: readonly ImportedNode[], authFolders: AuthFolder[]) => {
    for (const node of nodes) {
      if (node.kind === 'folder') walk(node.children, [...authFolders, authFolder(node)]);
      else
        items.push({
          request: { ...node.request, checks: checksOf(node.request, node.request.name, notes) },
          ...inFolders(authFolders),
        });
    }
  };
  walk(collection.items, []);
  return { name: collection.name, auth: collection.auth, variables: collection.variables, items, notes };
}

function loadFolder(dir: string): RunCollection {
  const indexFile = join(dir, COLLECTION_FILE);
  let text: string;
  try {
    text = readFileSync(indexFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UnreadableCollection(
        `The folder ${basename(dir)} holds no ${COLLECTION_FILE}, so it is not a collection folder. Give the folder the app saved the collection in.`,
      );
    }
    throw cannotRead(indexFile, error);
  }
  const parsed = readOrSentence(() => parseCollection(text), `${basename(dir)}/${COLLECTION_FILE}`);
  const notes = [...parsed.problems];
  const items: RunItem[] = [];
  const walk = (nodes: readonly IndexNode[], authFolders: AuthFolder[]) => {
    for (const node of nodes) {
      if (node.kind === 'folder') {
        walk(node.children, [...authFolders, authFolder(node)]);
        continue;
      }
      const file = join(dir, node.file);
      if (!staysInside(dir, file))
        throw new UnreadableCollection(
          `The request file ${node.file} lies outside the collection folder, so the collection is not run.`,
        );
      let body: string;
      try {
        body = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UnreadableCollection(
          `The request file ${node.file} of the collection cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}), so the collection is not run.`,
        );
      }
      const raw = readOrSentence(() => JSON.parse(body) as object, node.file);
      const { doc } = readOrSentence(() => parseRequest(body), node.file);
      items.push({ request: { ...doc, checks: checksOf(raw, doc.name, notes) }, ...inFolders(authFolders) });
    }
  };
  walk(parsed.index.items, []);
  return { name: parsed.index.name, auth: parsed.index.auth, variables: parsed.index.variables, items, notes };
}

/** Where a request sits: its folders' names and, for its auth, the folders themselves (outermost first). */
export function inFolders(authFolders: AuthFolder[]): Pick<RunItem, 'folders' | 'authFolders'> {
  return { folders: authFolders.map((folder) => folder.name), authFolders };
}

/** Runs a parser; its FormatError (or a JSON error) becomes the sentence naming the file. */
function readOrSentence<T>(parse: () => T, file: string): T {
  try {
    return parse();
  } catch (error) {
    const why = error instanceof FormatError ? error.message : 'it is not valid JSON';
    throw new UnreadableCollection(`${file} cannot be run: ${why}.`);
  }
}

/**
 * The items of the folders named (newman's --folder, repeatable), each folder's requests in tree
 * order and the folders in the order given; all items when none is named. A name that matches no
 * folder (nor a request, as newman allows) is an UnreadableCollection naming it.
 */
export function selectFolders(collection: RunCollection, names: readonly string[]): RunItem[] {
  if (names.length === 0) return collection.items;
  const picked = new Set<RunItem>();
  for (const name of names) {
    const matches = collection.items.filter((item) => item.folders.includes(name) || item.request.name === name);
    if (matches.length === 0)
      throw new UnreadableCollection(
        `The collection “${collection.name}” has no folder or request named “${name}” (--folder).`,
      );
    for (const item of matches) picked.add(item);
  }
  return [...picked];
}
