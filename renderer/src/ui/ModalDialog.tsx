/**
 * A titled modal dialog mounted only while it is open, laid out the same way each time: its heading,
 * the content, then a row of actions with Close last. The keyboard and screen-reader behaviour (trap,
 * Escape, initial focus, focus back to the opener) is Modal's, so it lives in one place.
 */
import { useId, type ReactNode } from 'react';
import { Modal } from './Modal';

export interface ModalDialogProps {
  className: string;
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Controls of the bottom row, before Close. */
  actions?: ReactNode;
}

export function ModalDialog(props: ModalDialogProps) {
  const titleId = useId();
  return (
    <Modal open className={props.className} labelledBy={titleId} onClose={props.onClose}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      <div className="dialog-buttons">
        {props.actions}
        <button type="button" className="button primary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
