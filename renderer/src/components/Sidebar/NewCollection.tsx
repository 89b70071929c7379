/** The inline "New collection" form: a name and Create; Escape closes it. */
import { useState } from 'react';
import type { CollectionsView } from '../../../../shared/collections';
import { api } from '../../api';

export function NewCollection(props: {
  run(action: () => Promise<CollectionsView>): Promise<boolean>;
  onDone(): void;
}) {
  const [name, setName] = useState('');
  return (
    <form
      className="new-collection"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim())
          void props.run(() => api().collections.create({ name: name.trim() })).then((ok) => ok && props.onDone());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          props.onDone();
        }
      }}
    >
      <input
        type="text"
        aria-label="Collection name"
        placeholder="Collection name"
        value={name}
        maxLength={200}
        autoFocus
        onChange={(event) => setName(event.target.value)}
      />
      <button type="submit" className="button small primary" disabled={!name.trim()}>
        Create
      </button>
      <button type="button" className="button small ghost" aria-label="Cancel new collection" onClick={props.onDone}>
        Cancel
      </button>
    </form>
  );
}
