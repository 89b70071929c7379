/**
 * A collection exported to a file: the app's own format or Postman's. Secret values are blank, and a
 * request or folder whose file still holds a literal credential has it moved to a secret variable first.
 */
import type { CollectionExportFile, FolderNode, TreeNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { authFolder } from '../../../shared/effective-auth';
import { liftCollectionAuth, moveLiteralSecrets } from '../collections/keep-literal-secrets';
import type { ScopeStores } from '../variables/scopes';
import { exportPostmanCollection, type ExportNode } from './postman';
import { EXPORT_FORMAT } from '../../../shared/schemas/collection-export';

/** A request as exported: one whose file still holds a literal credential (saved before, or from git) has it moved out first. */
function exportedRequest(deps: ScopeStores, collectionId: string, requestId: string): RequestDoc {
  const { doc, moved } = moveLiteralSecrets(deps, collectionId, deps.collections.getRequest(collectionId, requestId));
  if (moved) deps.collections.saveRequest(collectionId, doc, null);
  return doc;
}

/** A folder's auth as exported: a literal Bearer token in it (from a file edited by hand, or from git) is moved out first, as a request's is. */
function folderAuthOut(deps: ScopeStores, collectionId: string, folder: FolderNode): FolderNode {
  if (!folder.auth) return folder;
  const auth = liftCollectionAuth(deps, collectionId, folder.auth);
  if (auth === folder.auth) return folder;
  deps.collections.setFolderAuth(collectionId, folder.id, auth);
  return { ...folder, auth };
}

function exportTree(deps: ScopeStores, collectionId: string, nodes: TreeNode[]): ExportNode[] {
  return nodes.map((node) =>
    node.kind === 'request'
      ? { kind: 'request', request: exportedRequest(deps, collectionId, node.id) }
      : {
          ...exportedFolder(folderAuthOut(deps, collectionId, node)),
          children: exportTree(deps, collectionId, node.children),
        },
  );
}

function fileName(name: string, suffix: string): string {
  return `${
    name
      .replace(/[^\p{L}\p{N} ._-]+/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'collection'
  }${suffix}`;
}

export async function exportCollection(
  deps: ScopeStores,
  request: { collectionId: string; format: 'workbench' | 'postman' },
): Promise<CollectionExportFile> {
  const items = exportTree(deps, request.collectionId, deps.collections.get(request.collectionId).tree);
  // After the requests: moving a literal credential out adds a variable. Secret values are blank here.
  const collection = deps.collections.get(request.collectionId);
  if (request.format === 'postman') {
    const postman = exportPostmanCollection({
      name: collection.name,
      variables: collection.variables,
      auth: collection.auth,
      items,
    });
    return {
      fileName: fileName(collection.name, '.postman_collection.json'),
      text: `${JSON.stringify(postman.collection, null, 2)}\n`,
      notes: postman.notExported,
    };
  }
  const own = {
    format: EXPORT_FORMAT,
    version: 1,
    collection: { name: collection.name, auth: collection.auth, variables: collection.variables, items: strip(items) },
  };
  return {
    fileName: fileName(collection.name, '.workbench.json'),
    text: `${JSON.stringify(own, null, 2)}\n`,
    notes: [],
  };
}

/** A folder as both exports write it: its name and, when it sets one, its auth (a literal token was moved out when it was set). */
function exportedFolder(folder: { name: string; auth?: AuthSelection }) {
  return { kind: 'folder' as const, ...authFolder(folder) };
}

type PortableNode =
  | { kind: 'request'; request: Omit<RequestDoc, 'id'> }
  | { kind: 'folder'; name: string; auth?: AuthSelection; children: PortableNode[] };
function strip(nodes: ExportNode[]): PortableNode[] {
  return nodes.map((node) => {
    if (node.kind === 'folder') return { ...exportedFolder(node), children: strip(node.children) };
    const { id: _id, ...request } = node.request;
    return { kind: 'request', request };
  });
}
