/**
 * What the main process found wrong at start (a data file set aside, a certificate it could not
 * read), shown once above the request until the user dismisses it: a file set aside means settings
 * or credentials are back to their defaults, and the user must learn that before wondering why.
 */
import { useState } from 'react';

export function StartupWarnings({ warnings }: { warnings: readonly string[] }) {
  const [dismissed, setDismissed] = useState(false);
  if (dismissed || warnings.length === 0) return null;
  return (
    <div role="alert" className="problems" aria-label="Start-up warnings">
      <strong>{warnings.length === 1 ? 'At start:' : `At start — ${warnings.length} things to know:`}</strong>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setDismissed(true)}>
        ×
      </button>
      <ul>
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}
