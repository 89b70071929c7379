/** What the app hands the left panel; its own module so the panel's parts can name it without importing the panel. */
import type { CollectionsView } from '../../../../shared/collections';
import type { VariableScope } from '../../../../shared/schemas/variable';

export interface SidebarProps {
  collections: CollectionsView | null;
  /** The request open in the active tab, to highlight. */
  activeLink: { collectionId: string; requestId: string } | null;
  /** Bumped by the app after each send, so the history list reloads. */
  historyVersion: number;
  onOpenRequest(collectionId: string, requestId: string): void;
  onOpenHistory(entryId: string): void;
  onCollections(view: CollectionsView): void;
  onEditVariables(scope: VariableScope): void;
  onImport(): void;
  /** Whether the New collection form is open: its button or the menu's File ▸ New Collection… opens it. */
  creatingCollection: boolean;
  onCreatingCollection(open: boolean): void;
  /** "Run…" on a collection (folderId null) or a folder: the app opens the run dialog. */
  onRun(collectionId: string, folderId: string | null): void;
  /** "Auth…" on a folder: the app opens the folder's auth dialog. */
  onFolderAuth(collectionId: string, folderId: string): void;
  /** The starter collection was added: the app points it at the Local sandbox when no environment is chosen. */
  onStarterAdded(): void;
}
