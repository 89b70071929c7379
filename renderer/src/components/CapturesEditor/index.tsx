/** Values this request takes from its JSON response into variables, e.g. advertUuid ← $.data.uuid. */
import type { Capture } from '../../../../shared/schemas/capture';

export function CapturesEditor({ captures, onChange }: { captures: Capture[]; onChange(captures: Capture[]): void }) {
  return (
    <details className="captures" open={captures.length > 0}>
      <summary>
        Captures <span className="count">{captures.length}</span>
        <span className="muted-text"> — take values from a JSON response into variables</span>
      </summary>
      {captures.map((capture, index) => (
        <div key={index} className="capture-row">
          <input
            type="text"
            aria-label="Capture variable"
            placeholder="advertUuid"
            value={capture.variable}
            onChange={(event) =>
              onChange(captures.map((c, i) => (i === index ? { ...c, variable: event.target.value } : c)))
            }
          />
          <span aria-hidden="true">←</span>
          <input
            type="text"
            aria-label="Capture path"
            placeholder="$.data.uuid"
            value={capture.path}
            onChange={(event) =>
              onChange(captures.map((c, i) => (i === index ? { ...c, path: event.target.value } : c)))
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove capture ${capture.variable}`}
            onClick={() => onChange(captures.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button ghost small"
        onClick={() => onChange([...captures, { variable: '', path: '$.' }])}
      >
        Add capture
      </button>
    </details>
  );
}
