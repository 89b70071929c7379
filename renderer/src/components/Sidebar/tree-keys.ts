/**
 * Keyboard use of the collections tree (WAI-ARIA tree pattern): Up/Down move, Home/End jump,
 * Right opens a folder or enters it, Left closes it or goes to its parent, Enter/Space opens a
 * request or toggles a folder, F2 renames. Rows carry data-key/-kind/-collection/-node. The tree is
 * flat (TreeItem): a row's children are the rows after it one aria-level deeper, its parent the
 * nearest row before it one level up.
 */
export interface TreeKeyActions {
  toggle(key: string): void;
  open(collectionId: string, requestId: string): void;
  rename(key: string): void;
}

const focusItem = (item: Element | null | undefined) => {
  if (item instanceof HTMLElement) item.focus();
};

const level = (item: HTMLElement) => Number(item.getAttribute('aria-level'));

/** The row's first child: the next row, if it is one level deeper. */
function firstChild(items: HTMLElement[], at: number): HTMLElement | undefined {
  const next = items[at + 1];
  return next && level(next) > level(items[at]!) ? next : undefined;
}

/** The row's parent: the nearest row before it at a lower level. */
function parent(items: HTMLElement[], at: number): HTMLElement | undefined {
  const own = level(items[at]!);
  return items.slice(0, at).findLast((item) => level(item) < own);
}

export function treeKeyDown(event: React.KeyboardEvent, tree: HTMLElement | null, actions: TreeKeyActions): void {
  const item = event.target as HTMLElement;
  if (item.getAttribute('role') !== 'treeitem' || !tree) return;
  const key = item.dataset.key!;
  const items = Array.from(tree.querySelectorAll<HTMLElement>('[role="treeitem"]'));
  const at = items.indexOf(item);
  const expanded = item.getAttribute('aria-expanded');
  switch (event.key) {
    case 'ArrowDown':
      focusItem(items[at + 1]);
      break;
    case 'ArrowUp':
      focusItem(items[at - 1]);
      break;
    case 'Home':
      focusItem(items[0]);
      break;
    case 'End':
      focusItem(items[items.length - 1]);
      break;
    case 'ArrowRight':
      if (expanded === 'false') actions.toggle(key);
      else if (expanded === 'true') focusItem(firstChild(items, at));
      break;
    case 'ArrowLeft':
      if (expanded === 'true') actions.toggle(key);
      else focusItem(parent(items, at));
      break;
    case 'Enter':
    case ' ':
      if (item.dataset.kind === 'request') actions.open(item.dataset.collection!, item.dataset.node!);
      else actions.toggle(key);
      break;
    case 'F2':
      actions.rename(key);
      break;
    default:
      return;
  }
  event.preventDefault();
}
