import { useEffect, useRef, useState, type Ref } from 'react';
import type { Method } from '../../../../shared/http-types';
import { METHODS } from '../../../../shared/http-types';
import { shortcutText } from '../../key-presses';

export interface RequestLineProps {
  method: Method;
  url: string;
  sending: boolean;
  urlInvalid: boolean;
  /** The URL field, for the app's "Go to the URL" shortcut. */
  urlRef?: Ref<HTMLInputElement>;
  onMethod(method: Method): void;
  onUrl(url: string): void;
  /** A cURL command pasted into the URL field. */
  onPasteCurl(text: string): void;
  onSend(): void;
  onCancel(): void;
  onSave(): void;
  onCopyCurl(withSecrets: boolean): void;
  /** Opens the "Generate code" dialog. */
  onGenerateCode(): void;
}

type MoreMenuProps = Pick<RequestLineProps, 'onCopyCurl' | 'onGenerateCode'>;

function MoreMenu({ onCopyCurl, onGenerateCode }: MoreMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const away = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const pick = (action: () => void) => {
    setOpen(false);
    // The item goes away with the menu: focus goes back to the button (and from a dialog, back there).
    toggle.current?.focus();
    action();
  };
  return (
    <div className="more-menu" ref={root} onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
      <button
        ref={toggle}
        type="button"
        className="button ghost"
        aria-label="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      {open && (
        <div className="more-menu-items" role="menu" aria-label="More actions">
          <button type="button" role="menuitem" onClick={() => pick(() => onCopyCurl(false))}>
            Copy as cURL
          </button>
          <button type="button" role="menuitem" onClick={() => pick(() => onCopyCurl(true))}>
            Copy as cURL with real credentials
          </button>
          <button
            type="button"
            role="menuitem"
            title={`Generate code (${shortcutText('generateCode')})`}
            onClick={() => pick(onGenerateCode)}
          >
            Generate code…
          </button>
        </div>
      )}
    </div>
  );
}

export function RequestLine(props: RequestLineProps) {
  return (
    <form
      className="request-line"
      onSubmit={(event) => {
        event.preventDefault();
        if (!props.sending) props.onSend();
      }}
    >
      <select
        aria-label="Method"
        className={`method method-${props.method.toLowerCase()}`}
        value={props.method}
        onChange={(event) => props.onMethod(event.target.value as Method)}
      >
        {METHODS.map((method) => (
          <option key={method} value={method}>
            {method}
          </option>
        ))}
      </select>
      <input
        ref={props.urlRef}
        aria-label="URL"
        className="url"
        type="text"
        inputMode="url"
        spellCheck={false}
        autoComplete="off"
        placeholder="https://api.olxgroup.com/advert/v1"
        aria-invalid={props.urlInvalid || undefined}
        value={props.url}
        onChange={(event) => props.onUrl(event.target.value)}
        onPaste={(event) => {
          const text = event.clipboardData.getData('text');
          if (/^\s*curl\s/i.test(text)) {
            event.preventDefault();
            props.onPasteCurl(text);
          }
        }}
      />
      {props.sending ? (
        <button
          type="button"
          className="button danger send"
          title={`Cancel (${shortcutText('cancel')})`}
          onClick={props.onCancel}
        >
          Cancel
        </button>
      ) : (
        <button type="submit" className="button primary send" title={`Send (${shortcutText('send')})`}>
          Send
        </button>
      )}
      <button type="button" className="button ghost" title={`Save (${shortcutText('save')})`} onClick={props.onSave}>
        Save
      </button>
      <MoreMenu onCopyCurl={props.onCopyCurl} onGenerateCode={props.onGenerateCode} />
    </form>
  );
}
