/**
 * Making a collection, empty or imported. Everything is written to a hidden staging folder under
 * <dataDir>/collections first and renamed into place at the end, so that a failed or killed import
 * leaves no half-collection for the next start to open (the start removes staging folders left over).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { storedVariable, type ImportedCollection, type ImportedNode } from '../../../shared/collections';
import { clipName, importedCollectionName } from '../../../shared/names';
import { fileFor, folderFor, newCollectionDir, nothingTaken, type Exists, type Taken } from './file-names';
import {
  COLLECTION_FILE,
  DEFAULT_COLLECTION_AUTH,
  serializeCollection,
  serializeRequest,
  slugify,
  type CollectionIndex,
  type IndexNode,
} from './format';
import { cleanRequest, requireName, validAuth } from './input';
import type { OpenCollection, WriteFile } from './open-collection';
import type { Workspace } from './workspace';

/** An empty collection called `name`, open at the end of the workspace. */
export function createCollection(workspace: Workspace, write: WriteFile, name: string): OpenCollection {
  const clean = requireName(name, 'collection');
  return createFrom(workspace, write, clean, () => ({
    auth: { ...DEFAULT_COLLECTION_AUTH },
    variables: [],
    items: [],
  }));
}

/** Writes the whole collection at once (secret variable values excluded). */
export function importCollection(workspace: Workspace, write: WriteFile, imported: ImportedCollection): OpenCollection {
  const name = importedCollectionName(imported.name);
  return createFrom(workspace, write, name, (staging) => ({
    ...(imported.description !== undefined ? { description: imported.description } : {}),
    auth: validAuth(imported.auth, 'The collection cannot be imported: its auth choice is not valid.'),
    variables: imported.variables,
    items: writeImported(staging, write, imported.items, '', nothingTaken()),
  }));
}

function createFrom(
  workspace: Workspace,
  write: WriteFile,
  name: string,
  build: (dir: string) => Omit<CollectionIndex, 'id' | 'name'>,
): OpenCollection {
  const root = workspace.collectionsRoot;
  const staging = join(root, `.${slugify(name, 'collection')}.importing-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  let dir: string;
  try {
    const index: CollectionIndex = { id: randomUUID(), name, ...build(staging) };
    if (index.description === undefined) delete index.description;
    index.variables = index.variables.map(storedVariable);
    write(join(staging, COLLECTION_FILE), serializeCollection(index));
    dir = newCollectionDir(root, name);
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const opened = workspace.open(dir);
  workspace.save();
  return opened;
}

/** Builds index nodes (and writes their files) for imported items under `folder` of the collection at `dir`. */
function writeImported(
  dir: string,
  write: WriteFile,
  items: ImportedNode[],
  folder: string,
  taken: Taken,
): IndexNode[] {
  const exists: Exists = (path) => existsSync(join(dir, ...path.split('/')));
  return items.map((item): IndexNode => {
    if (item.kind === 'folder') {
      const name = clipName(item.name, 'Untitled folder');
      const path = folderFor(taken, folder, name, exists);
      mkdirSync(join(dir, ...path.split('/')), { recursive: true });
      return {
        kind: 'folder',
        id: randomUUID(),
        name,
        path,
        ...(item.auth ? { auth: validAuth(item.auth, `The auth of the folder “${name}” is not valid.`) } : {}),
        children: writeImported(dir, write, item.children, path, taken),
      };
    }
    const doc = cleanRequest({
      ...item.request,
      id: randomUUID(),
      name: clipName(item.request.name, 'Untitled request'),
    });
    const file = fileFor(taken, folder, doc.name, exists);
    write(join(dir, ...file.split('/')), serializeRequest(doc));
    return { kind: 'request', id: doc.id, name: doc.name, method: doc.method, file };
  });
}
