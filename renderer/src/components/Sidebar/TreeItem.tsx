/**
 * One row of the collections tree (a collection, folder or request) and, when expanded, its
 * children. Keyboard handling lives on the tree (CollectionsPanel); rows carry data attributes
 * saying what they are.
 *
 * The tree is flat, as VS Code's is: every row is a treeitem directly in the tree, its depth given by
 * aria-level, so a treeitem holds only its own row. (Nested, a folder's item would hold its
 * children's text, and its name could no longer be the text a user sees on it.)
 */
import type { CollectionSummary, TreeNode } from '../../../../shared/collections';
import { ActionsMenu, type MenuAction } from './ActionsMenu';
import { InlineName } from './InlineName';
import { methodClass, rowKey, type RowRef } from './tree';

export interface Editing {
  key: string;
  mode: 'rename' | 'add-folder';
}

/** What every row needs from the panel. */
export interface TreeContext {
  activeKey: string | null;
  focusKey: string | null;
  dropKey: string | null;
  isCollapsed(key: string): boolean;
  toggle(key: string): void;
  editing: Editing | null;
  cancelEdit(): void;
  rename(row: RowRef, name: string): Promise<boolean>;
  addFolder(collectionId: string, parentId: string | null, name: string): Promise<boolean>;
  actionsFor(collection: CollectionSummary, node: TreeNode | null): MenuAction[];
  open(collectionId: string, requestId: string): void;
  dragStart(collectionId: string, nodeId: string, event: React.DragEvent): void;
  dragOver(collection: CollectionSummary, row: RowRef, event: React.DragEvent): void;
  dragLeave(row: RowRef, event: React.DragEvent): void;
  drop(collection: CollectionSummary, row: RowRef, event: React.DragEvent): void;
  dragEnd(): void;
}

export interface TreeItemProps {
  ctx: TreeContext;
  collection: CollectionSummary;
  /** Absent for the collection's own row. */
  node?: TreeNode;
  depth: number;
}

export function TreeItem({ ctx, collection, node, depth }: TreeItemProps) {
  const row: RowRef = node
    ? { kind: 'node', collectionId: collection.id, nodeId: node.id }
    : { kind: 'collection', collectionId: collection.id };
  const key = rowKey(row);
  const name = node ? node.name : collection.name;
  const isRequest = node?.kind === 'request';
  const children = node ? (node.kind === 'folder' ? node.children : null) : collection.tree;
  const expanded = children !== null && !ctx.isCollapsed(key);
  const renaming = ctx.editing?.key === key && ctx.editing.mode === 'rename';
  const addingFolder = ctx.editing?.key === key && ctx.editing.mode === 'add-folder';
  const kind = node ? node.kind : 'collection';

  const problemsId = `tree-problems-${key}`;
  const hasProblems = !node && collection.problems.length > 0;
  return (
    <>
      <li
        role="treeitem"
        aria-label={name}
        aria-level={depth + 1}
        aria-expanded={children !== null ? expanded : undefined}
        aria-selected={isRequest ? ctx.activeKey === key : undefined}
        aria-describedby={hasProblems ? problemsId : undefined}
        tabIndex={ctx.focusKey === key ? 0 : -1}
        className={`tree-item tree-${kind}`}
        data-key={key}
        data-kind={kind}
        data-collection={collection.id}
        data-node={node?.id}
      >
        <div
          className={`tree-row${ctx.activeKey === key ? ' active' : ''}${ctx.dropKey === key ? ' drop-target' : ''}`}
          style={{ '--depth': depth } as React.CSSProperties}
          draggable={node !== undefined && !renaming}
          onDragStart={node ? (event) => ctx.dragStart(collection.id, node.id, event) : undefined}
          onDragOver={(event) => ctx.dragOver(collection, row, event)}
          onDragLeave={(event) => ctx.dragLeave(row, event)}
          onDrop={(event) => ctx.drop(collection, row, event)}
          onDragEnd={ctx.dragEnd}
          onClick={() => {
            if (renaming) return;
            if (node?.kind === 'request') ctx.open(collection.id, node.id);
            else ctx.toggle(key);
          }}
        >
          {node?.kind === 'request' ? (
            <span className={`method-badge ${methodClass(node.method)}`} aria-hidden="true" data-method={node.method} />
          ) : (
            <span className="tree-twisty" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
          )}
          {renaming ? (
            <InlineName
              label="New name"
              initial={name}
              onConfirm={(value) => ctx.rename(row, value)}
              onCancel={ctx.cancelEdit}
            />
          ) : (
            <span className="tree-name" title={name}>
              {name}
            </span>
          )}
          <ActionsMenu name={name} actions={ctx.actionsFor(collection, node ?? null)} tabbable={ctx.focusKey === key} />
        </div>
      </li>
      {hasProblems && (
        <li role="none" id={problemsId} className="tree-problems" style={{ '--depth': depth } as React.CSSProperties}>
          {collection.problems.map((problem) => (
            <div key={problem}>⚠ {problem}</div>
          ))}
        </li>
      )}
      {expanded && children && (
        <>
          {addingFolder && (
            <li role="none" className="tree-new" style={{ '--depth': depth + 1 } as React.CSSProperties}>
              <span className="tree-twisty" aria-hidden="true">
                ▸
              </span>
              <InlineName
                label="Folder name"
                initial=""
                placeholder="Folder name"
                onConfirm={(value) => ctx.addFolder(collection.id, node ? node.id : null, value)}
                onCancel={ctx.cancelEdit}
              />
            </li>
          )}
          {children.map((child) => (
            <TreeItem key={child.id} ctx={ctx} collection={collection} node={child} depth={depth + 1} />
          ))}
          {children.length === 0 && !addingFolder && (
            <li role="none" className="tree-empty muted-text" style={{ '--depth': depth + 1 } as React.CSSProperties}>
              {node ? 'Empty folder' : 'No requests yet'}
            </li>
          )}
        </>
      )}
    </>
  );
}
