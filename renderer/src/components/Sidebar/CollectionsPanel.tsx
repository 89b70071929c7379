/**
 * The Collections tab: a toolbar (new, import, starter) and the tree, with menus, inline names,
 * drag and drop and tree keyboard navigation (arrows, Home/End, Enter, F2).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CollectionsView, CollectionSummary, TreeNode } from '../../../../shared/collections';
import { api } from '../../api';
import type { SidebarProps } from './props';
import type { MenuAction } from './ActionsMenu';
import { NewCollection } from './NewCollection';
import { type Editing, type TreeContext, TreeItem } from './TreeItem';
import { dropMove, pathTo, rowKey, type RowRef } from './tree';
import { exportCollection, type ExportFormat } from './export-collection';
import { treeKeyDown } from './tree-keys';

export interface CollectionsPanelProps extends Pick<
  SidebarProps,
  | 'collections'
  | 'activeLink'
  | 'onOpenRequest'
  | 'onEditVariables'
  | 'onImport'
  | 'onRun'
  | 'onFolderAuth'
  | 'onStarterAdded'
  | 'creatingCollection'
  | 'onCreatingCollection'
> {
  /** Runs a change; shows its error. Resolves true when it worked. */
  run(action: () => Promise<CollectionsView>): Promise<boolean>;
  /** Runs a delete and offers its undo. */
  remove(name: string, action: () => Promise<{ view: CollectionsView; undoId: string }>): void;
  notify(text: string): void;
  fail(error: unknown): void;
}

/** The keys of the rows shown, in order (children of collapsed rows are not shown). */
function visibleKeys(collections: CollectionSummary[], collapsed: Set<string>): string[] {
  const keys: string[] = [];
  const walk = (collectionId: string, nodes: TreeNode[]) => {
    for (const node of nodes) {
      const key = rowKey({ kind: 'node', collectionId, nodeId: node.id });
      keys.push(key);
      if (node.kind === 'folder' && !collapsed.has(key)) walk(collectionId, node.children);
    }
  };
  for (const c of collections) {
    const key = rowKey({ kind: 'collection', collectionId: c.id });
    keys.push(key);
    if (!collapsed.has(key)) walk(c.id, c.tree);
  }
  return keys;
}

/** One empty list, so an absent list keeps its identity between renders (the memo depends on it). */
const NO_COLLECTIONS: CollectionsView['collections'] = [];

export function CollectionsPanel(props: CollectionsPanelProps) {
  const { collections, activeLink, run } = props;
  const list = collections?.collections ?? NO_COLLECTIONS;
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const { creatingCollection: creating, onCreatingCollection: setCreating } = props;
  const [dropKey, setDropKey] = useState<string | null>(null);
  const dragging = useRef<{ collectionId: string; nodeId: string } | null>(null);
  const tree = useRef<HTMLUListElement>(null);

  const activeKey = activeLink
    ? rowKey({ kind: 'node', collectionId: activeLink.collectionId, nodeId: activeLink.requestId })
    : null;
  const keys = useMemo(() => visibleKeys(list, collapsed), [list, collapsed]);
  const currentKey =
    focusKey && keys.includes(focusKey)
      ? focusKey
      : activeKey && keys.includes(activeKey)
        ? activeKey
        : (keys[0] ?? null);

  const expand = (...rowKeys: string[]) =>
    setCollapsed((was) => {
      if (!rowKeys.some((k) => was.has(k))) return was;
      const next = new Set(was);
      for (const k of rowKeys) next.delete(k);
      return next;
    });

  // Show the request open in the active tab: unfold the folders on the way to it.
  let activeFolders = '';
  if (activeLink) {
    const owner = list.find((c) => c.id === activeLink.collectionId);
    const path = owner ? pathTo(owner.tree, activeLink.requestId) : null;
    if (owner && path)
      activeFolders = [
        rowKey({ kind: 'collection', collectionId: owner.id }),
        ...path.map((id) => rowKey({ kind: 'node', collectionId: owner.id, nodeId: id })),
      ].join('|');
  }
  useEffect(() => {
    if (activeFolders) expand(...activeFolders.split('|'));
  }, [activeFolders]);

  const exportAs = async (collection: CollectionSummary, format: ExportFormat) => {
    try {
      props.notify(await exportCollection(collection, format));
    } catch (error) {
      props.fail(error);
    }
  };

  const ctx: TreeContext = {
    activeKey,
    focusKey: currentKey,
    dropKey,
    isCollapsed: (key) => collapsed.has(key),
    toggle: (key) =>
      setCollapsed((was) => {
        const next = new Set(was);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    editing,
    cancelEdit: () => setEditing(null),
    rename: async (row, name) => {
      const ok = await run(() =>
        row.kind === 'collection'
          ? api().collections.rename({ collectionId: row.collectionId, name })
          : api().collections.renameNode({ collectionId: row.collectionId, nodeId: row.nodeId, name }),
      );
      if (ok) setEditing(null);
      return ok;
    },
    addFolder: async (collectionId, parentId, name) => {
      const ok = await run(() => api().collections.addFolder({ collectionId, parentId, name }));
      if (ok) setEditing(null);
      return ok;
    },
    actionsFor: (collection, node): MenuAction[] => {
      const row: RowRef = node
        ? { kind: 'node', collectionId: collection.id, nodeId: node.id }
        : { kind: 'collection', collectionId: collection.id };
      const key = rowKey(row);
      const addFolder = {
        label: 'Add folder',
        run: () => {
          expand(key);
          setEditing({ key, mode: 'add-folder' });
        },
      };
      const renameAction = { label: 'Rename', run: () => setEditing({ key, mode: 'rename' }) };
      if (!node) {
        return [
          { label: 'Run…', run: () => props.onRun(collection.id, null) },
          addFolder,
          renameAction,
          {
            label: 'Variables…',
            run: () => props.onEditVariables({ kind: 'collection', collectionId: collection.id }),
          },
          { label: 'Export as Postman v2.1', run: () => void exportAs(collection, 'postman') },
          { label: 'Export (workbench format)', run: () => void exportAs(collection, 'workbench') },
          {
            label: 'Delete',
            danger: true,
            run: () => props.remove(collection.name, () => api().collections.remove({ collectionId: collection.id })),
          },
        ];
      }
      const ref = { collectionId: collection.id, nodeId: node.id };
      return [
        ...(node.kind === 'folder'
          ? [
              { label: 'Run…', run: () => props.onRun(collection.id, node.id) },
              addFolder,
              { label: 'Auth…', run: () => props.onFolderAuth(collection.id, node.id) },
            ]
          : []),
        renameAction,
        { label: 'Duplicate', run: () => void run(() => api().collections.duplicateNode(ref)) },
        { label: 'Delete', danger: true, run: () => props.remove(node.name, () => api().collections.deleteNode(ref)) },
      ];
    },
    open: (collectionId, requestId) => {
      setFocusKey(rowKey({ kind: 'node', collectionId, nodeId: requestId }));
      props.onOpenRequest(collectionId, requestId);
    },
    dragStart: (collectionId, nodeId, event) => {
      dragging.current = { collectionId, nodeId };
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('application/x-workbench-node', JSON.stringify({ collectionId, nodeId }));
    },
    dragOver: (collection, row, event) => {
      const from = dragging.current;
      if (!from || !dropMove(collection, from.nodeId, row) || from.collectionId !== collection.id) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setDropKey(rowKey(row));
    },
    dragLeave: (row, event) => {
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
      setDropKey((was) => (was === rowKey(row) ? null : was));
    },
    drop: (collection, row, event) => {
      const from = dragging.current;
      dragging.current = null;
      setDropKey(null);
      const move = from && from.collectionId === collection.id ? dropMove(collection, from.nodeId, row) : null;
      if (!move) return;
      event.preventDefault();
      if (move.parentId) expand(rowKey({ kind: 'node', collectionId: collection.id, nodeId: move.parentId }));
      void run(() => api().collections.moveNode(move));
    },
    dragEnd: () => {
      dragging.current = null;
      setDropKey(null);
    },
  };

  const onTreeKey = (event: React.KeyboardEvent<HTMLUListElement>) =>
    treeKeyDown(event, tree.current, {
      toggle: ctx.toggle,
      open: ctx.open,
      rename: (key) => setEditing({ key, mode: 'rename' }),
    });

  const starter = (primary: boolean) => (
    <button
      type="button"
      className={`button small${primary ? ' primary' : ' ghost'}`}
      onClick={() => void run(() => api().collections.addStarter()).then((ok) => ok && props.onStarterAdded())}
    >
      Add starter collection
    </button>
  );

  return (
    <div className="collections-panel">
      <div className="sidebar-toolbar">
        <button type="button" className="button small" aria-expanded={creating} onClick={() => setCreating(!creating)}>
          New collection
        </button>
        <button type="button" className="button small ghost" onClick={props.onImport}>
          Import…
        </button>
        <button
          type="button"
          className="button small ghost"
          title="Open a collection folder kept elsewhere, e.g. in a git repository"
          onClick={() => void run(() => api().collections.openFolder())}
        >
          Open folder…
        </button>
        {list.length > 0 && starter(false)}
      </div>
      {creating && <NewCollection run={run} onDone={() => setCreating(false)} />}
      {collections === null ? (
        <p className="empty sidebar-empty">Loading collections…</p>
      ) : list.length === 0 ? (
        <div className="sidebar-empty">
          <p>
            No collections yet. Start with the OLX Group Partner API collection: ready requests for adverts, locations,
            taxonomy and tokens.
          </p>
          {starter(true)}
        </div>
      ) : (
        <ul
          ref={tree}
          role="tree"
          aria-label="Collections"
          className="tree"
          onKeyDown={onTreeKey}
          onFocus={(event) => {
            const key = (event.target as HTMLElement).dataset.key;
            if (key && (event.target as HTMLElement).getAttribute('role') === 'treeitem') setFocusKey(key);
          }}
        >
          {list.map((collection) => (
            <TreeItem key={collection.id} ctx={ctx} collection={collection} depth={0} />
          ))}
        </ul>
      )}
    </div>
  );
}
