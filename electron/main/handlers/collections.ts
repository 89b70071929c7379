/** collections:* — collections and their requests (collections/store.ts); every answer is a view, secret variable values stay in the vault. */
import { collectionsView } from '../collections/collections-view';
import { liftCollectionAuth, moveLiteralSecrets } from '../collections/keep-literal-secrets';
import { addStarterCollection } from '../collections/starter';
import type { PrefixHandlers } from '../ipc/dispatch';
import type { ScopeStores } from '../variables/scopes';

export interface CollectionsDeps extends ScopeStores {
  /** The main process's folder picker; the renderer never names a path. */
  chooseFolder?(): Promise<string | null>;
}

export function collectionsHandlers(deps: CollectionsDeps): PrefixHandlers<'collections'> {
  const view = () => collectionsView(deps);
  return {
    'collections:list': async () => view(),
    'collections:create': async (request) => {
      deps.collections.create(request.name);
      return view();
    },
    'collections:addStarter': async () => {
      addStarterCollection(deps);
      return view();
    },
    'collections:openFolder': async () => {
      if (!deps.chooseFolder) throw new Error('Opening a folder is not available here.');
      const folder = await deps.chooseFolder();
      if (folder) deps.collections.openFolder(folder);
      return view();
    },
    'collections:rename': async (request) => {
      deps.collections.rename(request.collectionId, request.name);
      return view();
    },
    'collections:remove': async (request) => {
      // Secret values stay in the vault until the removal can no longer be undone; they are never on disk in clear.
      const { undoId } = deps.collections.remove(request.collectionId);
      return { view: view(), undoId };
    },
    'collections:getRequest': async (request) => deps.collections.getRequest(request.collectionId, request.requestId),
    'collections:saveRequest': async (request) => {
      const { doc, moved } = moveLiteralSecrets(deps, request.collectionId, request.request);
      deps.collections.saveRequest(request.collectionId, doc, request.parentId);
      return moved ? { ...view(), moved } : view();
    },
    'collections:addFolder': async (request) => {
      deps.collections.addFolder(request.collectionId, request.parentId, request.name);
      return view();
    },
    'collections:renameNode': async (request) => {
      deps.collections.renameNode(request.collectionId, request.nodeId, request.name);
      return view();
    },
    'collections:duplicateNode': async (request) => {
      deps.collections.duplicateNode(request.collectionId, request.nodeId);
      return view();
    },
    'collections:moveNode': async (request) => {
      deps.collections.moveNode(request.collectionId, request.nodeId, request.parentId, request.index);
      return view();
    },
    'collections:deleteNode': async (request) => {
      const { undoId } = deps.collections.deleteNode(request.collectionId, request.nodeId);
      return { view: view(), undoId };
    },
    'collections:undo': async (request) => {
      deps.collections.undo(request.undoId);
      return view();
    },
    'collections:setAuth': async (request) => {
      deps.collections.setAuth(request.collectionId, liftCollectionAuth(deps, request.collectionId, request.auth));
      return view();
    },
    'collections:setFolderAuth': async (request) => {
      const { collectionId, folderId, auth } = request;
      const kept = auth.mode === 'inherit' ? null : liftCollectionAuth(deps, collectionId, auth);
      deps.collections.setFolderAuth(collectionId, folderId, kept);
      return view();
    },
  };
}
