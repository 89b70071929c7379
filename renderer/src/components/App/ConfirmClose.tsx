/** "Save changes to …?" when a tab with unsaved changes is closed. */
import { useEffect, useRef } from 'react';

export interface ConfirmCloseProps {
  name: string;
  onSave(): void;
  onDiscard(): void;
  onCancel(): void;
}

export function ConfirmClose(props: ConfirmCloseProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="confirm-dialog" aria-labelledby="confirm-title" onCancel={props.onCancel}>
      <h2 id="confirm-title">Save changes to “{props.name}”?</h2>
      <p className="muted-text">Your changes are lost if you close without saving.</p>
      <div className="dialog-buttons">
        <button type="button" className="button ghost" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={props.onDiscard}>
          Don’t save
        </button>
        <button type="button" className="button primary" onClick={props.onSave}>
          Save
        </button>
      </div>
    </dialog>
  );
}
