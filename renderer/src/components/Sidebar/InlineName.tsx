/** A textbox in place of a name: Enter confirms, Escape (or leaving it) cancels. */
import { useState } from 'react';

export interface InlineNameProps {
  label: string;
  initial: string;
  placeholder?: string;
  /** Resolves true when done (the box goes away); false keeps it for another try. */
  onConfirm(name: string): Promise<boolean>;
  onCancel(): void;
}

export function InlineName(props: InlineNameProps) {
  const [value, setValue] = useState(props.initial);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const name = value.trim();
    if (!name) return;
    if (name === props.initial.trim()) {
      props.onCancel();
      return;
    }
    setBusy(true);
    const done = await props.onConfirm(name);
    if (!done) setBusy(false);
  };

  return (
    <input
      type="text"
      className="inline-name"
      aria-label={props.label}
      placeholder={props.placeholder}
      value={value}
      maxLength={300}
      autoFocus
      readOnly={busy}
      spellCheck={false}
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setValue(event.target.value)}
      onClick={(event) => event.stopPropagation()}
      onBlur={() => {
        if (!busy) props.onCancel();
      }}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') {
          event.preventDefault();
          void confirm();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
    />
  );
}
