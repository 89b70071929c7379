/**
 * What the app's environment changes, or tries to change, about requests: e.g. NODE_TLS_REJECT_UNAUTHORIZED=0,
 * which the main process ignores. Shown at the top of Settings so a user who set a variable on
 * purpose learns there what the app did with it; nothing when there is nothing to say.
 */
export function EnvironmentWarnings(props: { warnings: readonly string[] }) {
  if (props.warnings.length === 0) return null;
  return (
    <section className="settings-section environment-warnings" role="note" aria-label="Environment">
      <ul>
        {props.warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </section>
  );
}
