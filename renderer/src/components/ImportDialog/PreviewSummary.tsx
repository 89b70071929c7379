/**
 * What an import will add, before it is applied; and what it leaves out, under "Not imported":
 * grouped by kind in at most 20 lines (a real collection leaves out thousands of items), with the
 * full list one click away.
 */
import { useState } from 'react';
import type { ImportPreview } from '../../../../shared/collections';
import { describeGroup, groupNotImported, thousands } from '../../../../shared/import-summary';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function describeCollection(c: ImportPreview['collections'][number]): string {
  const requests = count(c.requests, 'request', 'requests');
  return c.folders > 0
    ? `${c.name} — ${requests} in ${count(c.folders, 'folder', 'folders')}`
    : `${c.name} — ${requests}`;
}

export function PreviewSummary({ preview }: { preview: ImportPreview }) {
  return (
    <section className="import-preview" aria-label="Import preview">
      <p>
        <span className="muted-text">Format:</span> <strong>{preview.format}</strong>
      </p>
      {preview.collections.length > 0 && (
        <>
          <h3>{preview.collections.length === 1 ? 'Collection' : 'Collections'}</h3>
          <ul aria-label="Collections to import">
            {preview.collections.map((c, i) => (
              <li key={i}>{describeCollection(c)}</li>
            ))}
          </ul>
        </>
      )}
      {preview.environments.length > 0 && (
        <>
          <h3>{preview.environments.length === 1 ? 'Environment' : 'Environments'}</h3>
          <ul aria-label="Environments to import">
            {preview.environments.map((e, i) => (
              <li key={i}>
                {e.name} — {count(e.variables, 'variable', 'variables')}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.collections.length === 0 && preview.environments.length === 0 && (
        <p className="empty">Nothing to add was found.</p>
      )}
      {preview.unsupported.length === 0 ? (
        <p className="form-info">Everything was imported.</p>
      ) : (
        <NotImported sentences={preview.unsupported} />
      )}
    </section>
  );
}

function NotImported({ sentences }: { sentences: string[] }) {
  const [showAll, setShowAll] = useState(false);
  const groups = groupNotImported(sentences);
  const grouped = groups.length < sentences.length;
  return (
    <>
      <h3>Not imported</h3>
      <ul role="list" aria-label="Not imported" className="import-unsupported">
        {groups.map((group, i) => (
          <li key={i}>{describeGroup(group)}</li>
        ))}
      </ul>
      {grouped && (
        <details className="import-unsupported-all" onToggle={(event) => setShowAll(event.currentTarget.open)}>
          <summary>Show all {thousands(sentences.length)}</summary>
          {showAll && (
            <ul role="list" aria-label="Not imported, in full" className="import-unsupported">
              {sentences.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </details>
      )}
    </>
  );
}
