/**
 * A modal dialog mounted only while it is open: shown modal when it mounts (the page behind goes
 * inert, Escape closes it), Tab kept inside (trapTab), named by its title, a Close button last, and
 * focus given back to what had it before (the button or field that opened it) when it closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { trapTab } from './focus-trap';

export interface ModalDialogProps {
  className: string;
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Controls of the bottom row, before Close. */
  actions?: ReactNode;
}

export function ModalDialog(props: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement;
    dialog.current?.showModal();
    return () => {
      if (opener instanceof HTMLElement) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      className={props.className}
      aria-labelledby={titleId}
      onClose={props.onClose}
      onKeyDown={trapTab}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      <div className="dialog-buttons">
        {props.actions}
        <button type="button" className="button primary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
