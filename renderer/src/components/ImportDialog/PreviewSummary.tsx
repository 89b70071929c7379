/** What an import will add, before it is applied; and what it leaves out, under "Not imported". */
import type { ImportPreview } from '../../../../shared/collections';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function describeCollection(c: ImportPreview['collections'][number]): string {
  const requests = count(c.requests, 'request', 'requests');
  return c.folders > 0 ? `${c.name} — ${requests} in ${count(c.folders, 'folder', 'folders')}` : `${c.name} — ${requests}`;
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
      {preview.collections.length === 0 && preview.environments.length === 0 && <p className="empty">Nothing to add was found.</p>}
      {preview.unsupported.length === 0 ? (
        <p className="form-info">Everything was imported.</p>
      ) : (
        <>
          <h3>Not imported</h3>
          <ul role="list" aria-label="Not imported" className="import-unsupported">
            {preview.unsupported.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
