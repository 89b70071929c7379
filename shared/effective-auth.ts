/**
 * The one rule for the auth a request sends, used everywhere it matters (the editor and its send,
 * the runner in the app and in the command, the Postman import and export): the request's own; or,
 * when it inherits, that of the nearest folder above it that sets one; else the collection's. Kept
 * in one place so that what the editor says a request inherits is what every path sends.
 * An inherited API key + Bearer that names no CRM user acts for the user given (the app gives the
 * environment's first authorized one, as a new request would).
 */
import type { TreeNode } from './collections';
import type { AuthSelection, SavedAuth } from './schemas/auth';

/** A folder on the way from the collection down to a request: its name and the auth it sets (none: it inherits). */
export interface AuthFolder {
  name: string;
  auth?: AuthSelection;
}

/** Where a request's auth comes from. */
export type AuthSource = { kind: 'request' } | { kind: 'folder'; name: string } | { kind: 'collection' };

export interface EffectiveAuth {
  auth: AuthSelection;
  source: AuthSource;
}

function actingFor(auth: AuthSelection, user: string | undefined): AuthSelection {
  return auth.mode === 'api-key-bearer' && !auth.bearer && user ? { ...auth, bearer: user } : auth;
}

/** What `inherit` gives below these folders (outermost first): the nearest one's auth, else the collection's. */
export function inheritedAuth(
  folders: readonly AuthFolder[],
  collectionAuth: AuthSelection,
  actsFor?: string,
): EffectiveAuth {
  const nearest = folders.findLast((folder) => folder.auth !== undefined);
  if (nearest?.auth) return { auth: actingFor(nearest.auth, actsFor), source: { kind: 'folder', name: nearest.name } };
  return { auth: actingFor(collectionAuth, actsFor), source: { kind: 'collection' } };
}

/** The auth a request sends: its own, or what it inherits through its folders (outermost first). */
export function effectiveAuth(
  own: SavedAuth,
  folders: readonly AuthFolder[],
  collectionAuth: AuthSelection,
  actsFor?: string,
): EffectiveAuth {
  return own.mode === 'inherit'
    ? inheritedAuth(folders, collectionAuth, actsFor)
    : { auth: own, source: { kind: 'request' } };
}

/** Where an inherited auth comes from, for the editor: “folder “Listings”” or “the collection”. */
export function authSourceText(source: AuthSource): string {
  switch (source.kind) {
    case 'folder':
      return `folder “${source.name}”`;
    case 'collection':
      return 'the collection';
    case 'request':
      return 'the request';
  }
}

/** A folder (of a tree, an index or an import) as the resolver reads it: its name and its auth, if it sets one. */
export function authFolder(folder: { name: string; auth?: AuthSelection }): AuthFolder {
  return folder.auth ? { name: folder.name, auth: folder.auth } : { name: folder.name };
}

/** The folders from the top of a collection's tree down to the node with this id (outermost first), or null when it is not there. */
export function foldersTo(tree: readonly TreeNode[], nodeId: string): AuthFolder[] | null {
  for (const node of tree) {
    if (node.id === nodeId) return [];
    if (node.kind !== 'folder') continue;
    const below = foldersTo(node.children, nodeId);
    if (below) return [authFolder(node), ...below];
  }
  return null;
}
