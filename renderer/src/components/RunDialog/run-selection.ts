/**
 * Which requests of the chosen collection or folder a run covers. The dialog lists them all,
 * checked; the user unticks some. Kept as the unticked ids so that a fresh list is all checked and
 * a run of everything asks for the folder (or the collection) rather than a list of ids, which
 * stays true when requests are added while the dialog is open.
 */
import { plural } from '../../format';

interface SelectableNode {
  kind: 'request' | 'folder';
  id: string;
  name: string;
  method?: string;
  children?: SelectableNode[];
}

/** One request the dialog offers, in tree order. */
export interface SelectableRequest {
  id: string;
  method: string;
  name: string;
  /** Its folders from the chosen one down ("Adverts / Drafts"); '' directly in it. */
  path: string;
}

function findFolder(nodes: readonly SelectableNode[], folderId: string): SelectableNode | undefined {
  for (const node of nodes) {
    if (node.kind !== 'folder') continue;
    if (node.id === folderId) return node;
    const found = findFolder(node.children ?? [], folderId);
    if (found) return found;
  }
  return undefined;
}

/** The requests under the folder ('' for the whole collection), in tree order with their paths. */
export function selectableRequests(tree: readonly SelectableNode[], folderId: string): SelectableRequest[] {
  const root = folderId ? (findFolder(tree, folderId)?.children ?? []) : tree;
  const requests: SelectableRequest[] = [];
  const walk = (nodes: readonly SelectableNode[], path: string[]) => {
    for (const node of nodes) {
      if (node.kind === 'folder') walk(node.children ?? [], [...path, node.name]);
      else requests.push({ id: node.id, method: node.method ?? 'GET', name: node.name, path: path.join(' / ') });
    }
  };
  walk(root, []);
  return requests;
}

/** The ids the user left checked, in tree order. */
export function checkedIds(requests: readonly SelectableRequest[], unchecked: ReadonlySet<string>): string[] {
  return requests.filter((r) => !unchecked.has(r.id)).map((r) => r.id);
}

/** "12 of 15 requests". */
export function selectionCount(checked: number, total: number): string {
  return `${checked.toLocaleString('en-US')} of ${plural(total, 'request', 'requests')}`;
}

/** What runner:start is asked to run: the folder (or collection) when all are checked, else the ids. */
export type RunTarget = { folderIds: string[] } | { requestIds: string[] } | Record<string, never>;

/** null when nothing is checked: there is nothing to run. */
export function runTarget(
  folderId: string,
  requests: readonly SelectableRequest[],
  unchecked: ReadonlySet<string>,
): RunTarget | null {
  const ids = checkedIds(requests, unchecked);
  if (ids.length === 0) return null;
  if (ids.length < requests.length) return { requestIds: ids };
  return folderId ? { folderIds: [folderId] } : {};
}

/** "Partner API / Adverts", with "(2 of 5 requests)" after it for a selection. */
export function runTitle(collection: string, folder: string | null, target: RunTarget, total: number): string {
  const base = folder ? `${collection} / ${folder}` : collection;
  return 'requestIds' in target ? `${base} (${selectionCount(target.requestIds.length, total)})` : base;
}
