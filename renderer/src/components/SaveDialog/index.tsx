/** Save a request into a collection (and folder), or answer "save changes?" when a tab closes. */
import { useState } from 'react';
import type { CollectionsView, TreeNode } from '../../../../shared/collections';
import { Modal } from '../../ui/Modal';

export interface SaveTarget {
  collectionId: string;
  parentId: string | null;
  name: string;
}

export interface SaveDialogProps {
  open: boolean;
  collections: CollectionsView | null;
  defaultName: string;
  onSave(target: SaveTarget): void;
  onCreateCollection(name: string): Promise<string | null>;
  onClose(): void;
}

function folders(nodes: TreeNode[], depth = 0): Array<{ id: string; label: string }> {
  return nodes.flatMap((node) =>
    node.kind === 'folder'
      ? [{ id: node.id, label: `${'  '.repeat(depth)}${node.name}` }, ...folders(node.children, depth + 1)]
      : [],
  );
}

/** One empty list, so an absent list keeps its identity between renders (effects depend on it). */
const NO_COLLECTIONS: CollectionsView['collections'] = [];

export function SaveDialog(props: SaveDialogProps) {
  const [name, setName] = useState(props.defaultName);
  const [collectionId, setCollectionId] = useState('');
  const [parentId, setParentId] = useState('');
  const [newCollection, setNewCollection] = useState('');
  const collections = props.collections?.collections ?? NO_COLLECTIONS;

  const startAfresh = () => {
    setName(props.defaultName);
    setCollectionId((current) => (collections.some((c) => c.id === current) ? current : (collections[0]?.id ?? '')));
    setParentId('');
  };

  const selected = collections.find((c) => c.id === collectionId);
  return (
    <Modal
      open={props.open}
      className="save-dialog"
      labelledBy="save-title"
      onOpen={startAfresh}
      onClose={props.onClose}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() && collectionId)
            props.onSave({ collectionId, parentId: parentId || null, name: name.trim() });
        }}
      >
        <h2 id="save-title">Save request</h2>
        <label className="field">
          <span>Request name</span>
          <input type="text" value={name} onChange={(event) => setName(event.target.value)} maxLength={300} />
        </label>
        {collections.length > 0 ? (
          <>
            <label className="field">
              <span>Collection</span>
              <select value={collectionId} onChange={(event) => (setCollectionId(event.target.value), setParentId(''))}>
                {collections.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Folder</span>
              <select value={parentId} onChange={(event) => setParentId(event.target.value)}>
                <option value="">(top level)</option>
                {folders(selected?.tree ?? []).map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.label}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <p className="muted-text">No collection yet: create one to save into.</p>
        )}
        <div className="inline-create">
          <input
            type="text"
            aria-label="New collection name"
            placeholder="New collection…"
            value={newCollection}
            onChange={(event) => setNewCollection(event.target.value)}
          />
          <button
            type="button"
            className="button ghost small"
            disabled={!newCollection.trim()}
            onClick={() =>
              void props.onCreateCollection(newCollection.trim()).then((id) => {
                if (id) {
                  setCollectionId(id);
                  setNewCollection('');
                }
              })
            }
          >
            Create collection
          </button>
        </div>
        <div className="dialog-buttons">
          <button type="button" className="button ghost" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!name.trim() || !collectionId}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
