import type { Method } from '../../../../shared/http-types';
import { METHODS } from '../../../../shared/http-types';

export interface RequestLineProps {
  method: Method;
  url: string;
  sending: boolean;
  urlInvalid: boolean;
  onMethod(method: Method): void;
  onUrl(url: string): void;
  onSend(): void;
  onCancel(): void;
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
      />
      {props.sending ? (
        <button type="button" className="button danger send" onClick={props.onCancel}>
          Cancel
        </button>
      ) : (
        <button type="submit" className="button primary send" title="Send (Ctrl+Enter)">
          Send
        </button>
      )}
    </form>
  );
}
