/** "Save changes to …?" when a tab with unsaved changes is closed. */
import { Modal } from '../../ui/Modal';

export interface ConfirmCloseProps {
  name: string;
  onSave(): void;
  onDiscard(): void;
  onCancel(): void;
}

export function ConfirmClose(props: ConfirmCloseProps) {
  return (
    <Modal open className="confirm-dialog" labelledBy="confirm-title" onClose={props.onCancel}>
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
    </Modal>
  );
}
