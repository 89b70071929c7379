/**
 * A folder's auth: what the requests in it that inherit their auth send (a request's own auth wins;
 * a folder that inherits passes on its parent's, up to the collection's). A Modal (ui/Modal): focus
 * kept inside, Escape closes it, and focus goes back to where it was when it closes.
 */
import { useState } from 'react';
import type { CollectionsView } from '../../../../shared/collections';
import type { EnvironmentView } from '../../../../shared/credentials';
import type { EffectiveAuth } from '../../../../shared/effective-auth';
import type { SavedAuth } from '../../../../shared/schemas/auth';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { Modal } from '../../ui/Modal';
import { AuthPicker } from '../AuthPicker';

export interface FolderAuthDialogProps {
  collectionId: string;
  folderId: string;
  folderName: string;
  /** The folder's own auth, or `inherit` when it sets none. */
  auth: SavedAuth;
  /** What the folder inherits when it sets none, and from where. */
  inherited: EffectiveAuth | null;
  environment: EnvironmentView | undefined;
  onSaved(view: CollectionsView): void;
  onClose(): void;
}

export function FolderAuthDialog(props: FolderAuthDialogProps) {
  const [auth, setAuth] = useState<SavedAuth>(props.auth);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    try {
      props.onSaved(
        await api().collections.setFolderAuth({ collectionId: props.collectionId, folderId: props.folderId, auth }),
      );
      props.onClose();
    } catch (failure) {
      setError(errorText(failure));
      setSaving(false);
    }
  };

  return (
    <Modal open className="folder-auth-dialog" labelledBy="folder-auth-title" onClose={props.onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <h2 id="folder-auth-title">Auth of “{props.folderName}”</h2>
        <p className="muted-text">
          Requests in this folder whose auth is “Inherited” send this. A request’s own auth wins; a folder set to
          inherit passes on its parent’s.
        </p>
        <AuthPicker
          auth={auth}
          inherited={props.inherited}
          canInherit
          environment={props.environment}
          onAuth={setAuth}
        />
        {error && (
          <p role="alert" className="problems">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" className="button ghost" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
