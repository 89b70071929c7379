/**
 * The checks (assertions) a response must pass, one row per check: what it looks at, the target
 * (a JSONPath or a header name) when it needs one, an operator the subject takes, the expected value.
 * A row that cannot be sent says why beside it; variables in an expected value show what they become.
 */
import { useEffect, useId, useState } from 'react';
import { CHECK_OPERATORS, CHECK_SUBJECTS, describeCheck, STATUS_KINDS } from '../../../../shared/checks';
import type { CheckOperation, CheckSubject } from '../../../../shared/checks';
import type { Check } from '../../../../shared/schemas/check';
import {
  checkRowProblem,
  expectedPlaceholder,
  NEW_CHECK,
  needsExpected,
  needsTarget,
  OPERATOR_WORDS,
  QUICK_CHECKS,
  SUBJECT_LABELS,
  withOperator,
  withSubject,
} from '../../check-rows';

/** A text with its variables put in (secret ones masked), and the names no scope knows. */
export type Resolve = (text: string) => { text: string; unknown: string[] };

export interface ChecksEditorProps {
  checks: Check[];
  resolve: Resolve;
  onChange(checks: Check[]): void;
}

const KIND_WORDS: Readonly<Record<(typeof STATUS_KINDS)[number], string>> = {
  informational: 'informational (1xx)',
  success: 'success (2xx)',
  redirect: 'redirect (3xx)',
  'client-error': 'client error (4xx)',
  'server-error': 'server error (5xx)',
};

export function ChecksEditor({ checks, resolve, onChange }: ChecksEditorProps) {
  const change = (index: number, check: Check) => onChange(checks.map((c, i) => (i === index ? check : c)));
  // The row "Add check" just made: its JSONPath takes the focus once, so typing goes on from the keyboard.
  const [added, setAdded] = useState<number | null>(null);
  useEffect(() => {
    if (added !== null) setAdded(null);
  }, [added]);
  return (
    <details className="checks" open={checks.length > 0}>
      <summary>
        Checks <span className="count">{checks.length}</span>
        <span className="muted-text"> — what every response must be</span>
      </summary>
      {checks.length > 0 && (
        <div role="list" aria-label="Checks" className="check-rows">
          {checks.map((check, index) => (
            <CheckRow
              key={index}
              index={index}
              check={check}
              focusTarget={index === added}
              resolve={resolve}
              onChange={(next) => change(index, next)}
              onRemove={() => onChange(checks.filter((_, i) => i !== index))}
            />
          ))}
        </div>
      )}
      <div className="check-adds">
        <button
          type="button"
          className="button ghost small"
          onClick={() => {
            onChange([...checks, NEW_CHECK]);
            setAdded(checks.length);
          }}
        >
          Add check
        </button>
        {QUICK_CHECKS.map((quick) => (
          <button
            key={quick.label}
            type="button"
            className="button ghost small"
            title={`Add the check “${quick.label.toLowerCase()}”`}
            onClick={() => onChange([...checks, quick.check])}
          >
            + {quick.label}
          </button>
        ))}
      </div>
    </details>
  );
}

interface CheckRowProps {
  index: number;
  check: Check;
  focusTarget: boolean;
  resolve: Resolve;
  onChange(check: Check): void;
  onRemove(): void;
}

function CheckRow({ index, check, focusTarget, resolve, onChange, onRemove }: CheckRowProps) {
  const noteId = useId();
  const shownProblem = checkRowProblem(check);
  const label = `check ${index + 1}`;
  const set = (patch: Partial<Check>) => onChange({ ...check, ...patch });
  return (
    <div
      role="listitem"
      aria-label={`Check ${index + 1}: ${describeCheck(check, check.expected)}`}
      className={`check-row on-${check.on}${check.enabled ? '' : ' disabled'}${shownProblem ? ' invalid' : ''}`}
    >
      <input
        type="checkbox"
        aria-label={`Run ${label}`}
        checked={check.enabled}
        onChange={(event) => set({ enabled: event.target.checked })}
      />
      <select
        aria-label="Check subject"
        className="check-subject"
        value={check.on}
        onChange={(event) => onChange(withSubject(check, event.target.value as CheckSubject))}
      >
        {CHECK_SUBJECTS.map((on) => (
          <option key={on} value={on}>
            {SUBJECT_LABELS[on]}
          </option>
        ))}
      </select>
      {needsTarget(check.on) ? (
        <input
          type="text"
          className="check-target"
          autoFocus={focusTarget}
          aria-label={check.on === 'json' ? 'Check JSONPath' : 'Check header name'}
          placeholder={check.on === 'json' ? '$.data.uuid' : 'Content-Type'}
          spellCheck={false}
          value={check.target}
          aria-invalid={shownProblem !== null && /JSONPath|header name/.test(shownProblem) ? true : undefined}
          aria-describedby={shownProblem ? noteId : undefined}
          onChange={(event) => set({ target: event.target.value })}
        />
      ) : (
        <span className="check-target-none" />
      )}
      <select
        aria-label="Check operator"
        className="check-op"
        value={check.op}
        onChange={(event) => onChange(withOperator(check, event.target.value as CheckOperation))}
      >
        {CHECK_OPERATORS[check.on].map((op) => (
          <option key={op} value={op}>
            {OPERATOR_WORDS[op]}
          </option>
        ))}
      </select>
      <ExpectedField
        check={check}
        invalid={shownProblem !== null}
        noteId={noteId}
        onExpected={(expected) => set({ expected })}
      />
      <button type="button" className="icon-button" aria-label={`Remove ${label}`} title="Remove" onClick={onRemove}>
        ×
      </button>
      <CheckNote id={noteId} check={check} problem={shownProblem} resolve={resolve} />
    </div>
  );
}

interface ExpectedFieldProps {
  check: Check;
  invalid: boolean;
  noteId: string;
  onExpected(expected: string): void;
}

/** A text field; for a status kind, a choice of the kinds; for a schema, a multi-line field; nothing for exists. */
function ExpectedField({ check, invalid, noteId, onExpected }: ExpectedFieldProps) {
  if (!needsExpected(check.op)) return <span className="check-expected-none" />;
  const common = {
    'aria-invalid': invalid && check.expected.trim() === '' ? true : undefined,
    'aria-describedby': invalid ? noteId : undefined,
  };
  if (check.op === 'kind')
    return (
      <select
        aria-label="Expected kind"
        className="check-expected"
        value={check.expected}
        onChange={(event) => onExpected(event.target.value)}
        {...common}
      >
        {STATUS_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {KIND_WORDS[kind]}
          </option>
        ))}
      </select>
    );
  if (check.on === 'schema')
    return (
      <textarea
        aria-label="Expected JSON Schema"
        className="check-schema"
        spellCheck={false}
        rows={Math.min(12, Math.max(3, check.expected.split('\n').length))}
        placeholder='{ "type": "object", "required": ["id"] }'
        value={check.expected}
        onChange={(event) => onExpected(event.target.value)}
        {...common}
      />
    );
  return (
    <input
      type="text"
      aria-label="Expected value"
      className="check-expected"
      placeholder={expectedPlaceholder(check)}
      spellCheck={false}
      value={check.expected}
      onChange={(event) => onExpected(event.target.value)}
      {...common}
    />
  );
}

/** Under the row: why it cannot be sent, or what its variables make of it. */
function CheckNote({
  id,
  check,
  problem,
  resolve,
}: {
  id: string;
  check: Check;
  problem: string | null;
  resolve: Resolve;
}) {
  if (problem)
    return (
      <p id={id} className="check-note problem">
        {problem}
      </p>
    );
  if (!check.expected.includes('{{') || check.on === 'schema') return null;
  const resolved = resolve(check.expected);
  return (
    <p id={id} className="check-note" aria-label="Check with variables">
      <span className="muted-text">Checks </span>
      <span className={resolved.unknown.length ? 'unknown' : ''}>{describeCheck(check, resolved.text)}</span>
      {resolved.unknown.length > 0 && (
        <span className="unknown-note"> — unknown: {resolved.unknown.map((n) => `{{${n}}}`).join(', ')}</span>
      )}
    </p>
  );
}
