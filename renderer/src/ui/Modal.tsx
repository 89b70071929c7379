/**
 * The one modal dialog every dialog of the app is built on, so keyboard and screen-reader use is
 * right in one place: a native <dialog> shown with showModal() (the page behind it inert), named by
 * its heading (aria-labelledby) and marked aria-modal; focus goes to its first control (or the one
 * marked data-autofocus) when it opens, Tab and Shift+Tab wrap round inside it (trapTab), Escape
 * closes it, and focus goes back to the control that opened it when it closes or unmounts.
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { tabbableIn, trapTab } from './focus-trap';

export interface ModalProps {
  /** Shown while true. A dialog mounted only while open passes true. */
  open: boolean;
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  /** Called when it closes by itself: Escape, or a form with method="dialog" submitted. */
  onClose(): void;
  /** Called each time just before it opens: the place to start the form afresh. */
  onOpen?(): void;
  className?: string;
  /** Keys the dialog handles itself; Tab is kept inside it whatever this does. */
  onKeyDown?(event: KeyboardEvent<HTMLDialogElement>): void;
  children: ReactNode;
}

/** The control to focus when the dialog opens: the one marked data-autofocus, else the first. */
function initialControl(dialog: HTMLDialogElement): HTMLElement | null {
  return dialog.querySelector<HTMLElement>('[data-autofocus]') ?? tabbableIn(dialog)[0] ?? null;
}

/** Gives focus back to the control that opened the dialog, if it is still on the page; once. */
function giveFocusBack(opener: { current: Element | null }): void {
  const element = opener.current;
  opener.current = null;
  if (element instanceof HTMLElement && element.isConnected) element.focus();
}

export function Modal(props: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  // The latest onOpen, called from the effect below without reopening when it changes.
  const onOpen = useRef(props.onOpen);
  onOpen.current = props.onOpen;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) {
      opener.current = document.activeElement;
      onOpen.current?.();
      element.showModal();
      initialControl(element)?.focus();
    } else if (!props.open && element.open) {
      element.close();
      giveFocusBack(opener);
    }
  }, [props.open]);

  // Unmounted while open (a dialog that exists only while shown): focus goes back all the same.
  useEffect(() => () => giveFocusBack(opener), []);

  return (
    <dialog
      ref={dialog}
      className={props.className}
      aria-modal="true"
      aria-labelledby={props.labelledBy}
      onClose={() => {
        giveFocusBack(opener);
        props.onClose();
      }}
      onKeyDown={(event) => {
        props.onKeyDown?.(event);
        trapTab(event);
      }}
    >
      {props.children}
    </dialog>
  );
}
