import { useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { HttpResponseResult, NetworkErrorResult, SendResult, Timings } from '../../../../shared/http-types';
import { describeStatus } from '../../../../shared/status-codes';
import { api } from '../../api';
import { shortcutText } from '../../key-presses';
import { errorText } from '../../error-text';
import { useLatest } from '../../hooks/use-latest';
import { useNotice } from '../../hooks/use-notice';
import { formatBytes, formatDuration } from '../../format';
import { CodeEditor, type CodeEditorHandle } from '../../ui/CodeEditor';
import { TabButton } from '../../ui/TabButton';
import { tablistKeyDown } from '../../ui/tablist-keys';
import { describeProgress, FilterBar, PagedBody, useProgressPoll, type AppliedFilter } from '../BodyViewer';
import { CheckResults, ChecksSummary } from './CheckResults';

export interface ResponsePaneProps {
  result: SendResult | null;
  /** The request in flight: its download's progress is polled while it lasts. */
  sending: { requestId: string; startedAt: number } | null;
  /** Set to "open the body's search" while a response with a body is shown (the app's Ctrl/⌘+F). */
  searchRef?: RefObject<(() => void) | null>;
}

const readRequestProgress = (requestId: string) => api().request.progress({ requestId });

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return <>{formatDuration(Math.max(0, now - since))}</>;
}

function timingBreakdown(t: Timings): string {
  const parts: string[] = [];
  if (t.dnsMs !== undefined) parts.push(`DNS ${formatDuration(t.dnsMs)}`);
  if (t.connectMs !== undefined) parts.push(`connect ${formatDuration(t.connectMs)}`);
  if (t.tlsMs !== undefined) parts.push(`TLS ${formatDuration(t.tlsMs)}`);
  parts.push(`first byte ${formatDuration(t.firstByteMs)}`, `download ${formatDuration(t.downloadMs)}`);
  if (t.dnsMs === undefined && t.connectMs === undefined) parts.push('(connection reused)');
  return parts.join(' · ');
}

/** How long "Saved to …" stays beside the button. */
const SAVE_NOTE_MS = 6000;

/**
 * Saves the received body where the user chooses (the main process shows the dialog and writes the
 * file); while a filter result is shown (`viewId`), that result.
 */
function SaveButton({ responseId, viewId }: { responseId: string; viewId?: string }) {
  const [note, setNote] = useNotice(SAVE_NOTE_MS);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const answer = await api().response.save(viewId ? { responseId, viewId } : { responseId });
      if (answer.saved)
        setNote(
          `Saved to ${answer.fileName ?? 'the file'}${answer.bytes !== undefined ? ` (${formatBytes(answer.bytes)})` : ''}`,
        );
      else setNote(null);
    } catch (error) {
      setNote(`Could not save: ${errorText(error)}`);
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <span className="save-note" role="status" aria-label="Save result">
        {note}
      </span>
      <button
        type="button"
        className="button ghost small"
        onClick={() => void save()}
        disabled={saving}
        title={
          viewId
            ? 'Save the filter result to a file (clear the filter to save the whole body)'
            : 'Save the whole body to a file'
        }
      >
        {viewId ? 'Save result…' : 'Save…'}
      </button>
    </>
  );
}

/** Offers `openSearch` to the app's Ctrl/⌘+F while this response (with a body) is shown. */
function useBodySearchShortcut(searchRef: ResponsePaneProps['searchRef'], hasBody: boolean, openSearch: () => void) {
  const latest = useLatest(openSearch);
  useEffect(() => {
    if (!searchRef || !hasBody) return;
    searchRef.current = () => latest.current();
    return () => {
      searchRef.current = null;
    };
  }, [searchRef, hasBody, latest]);
}

function ResponseView({
  result,
  searchRef,
}: {
  result: HttpResponseResult;
  searchRef?: ResponsePaneProps['searchRef'];
}) {
  const [tab, setTab] = useState<'body' | 'headers' | 'checks'>('body');
  const checks = result.checks ?? [];
  const viewer = useRef<CodeEditorHandle>(null);
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState<AppliedFilter | null>(null);
  const filtered = filter?.result ?? null;
  const paged = result.bodyView !== undefined;
  const isJson = result.bodyFormat === 'json' || result.bodyView?.format === 'json';
  const hasBody = result.bodyFormat !== 'empty';
  const info = describeStatus(result.status, result.statusText);
  const reason = info.documented ? info.reason : result.statusText || info.reason;
  useBodySearchShortcut(searchRef, hasBody, () => {
    flushSync(() => setTab('body')); // the search box must be in a shown panel to take focus
    viewer.current?.openSearch();
  });
  return (
    <>
      <div className="status-block">
        <div
          role="status"
          aria-label="Response status"
          className={`status-line kind-${result.statusKind}`}
          data-status-kind={result.statusKind}
        >
          {result.status} {reason}
        </div>
        <div className="metrics">
          <span title={timingBreakdown(result.timings)}>
            <span className="metric-label">Time</span> {formatDuration(result.timings.totalMs)}
          </span>
          <span title={result.wireBytes !== undefined ? `${formatBytes(result.wireBytes)} on the wire` : undefined}>
            <span className="metric-label">Size</span> {formatBytes(result.bodyBytes)}
          </span>
          {result.redirects.length > 0 && (
            <span title={result.redirects.map((r) => `${r.status} → ${r.url}`).join('\n')}>
              <span className="metric-label">Redirects</span> {result.redirects.length}
            </span>
          )}
        </div>
      </div>
      <p className="meaning" role="note" aria-label="Status meaning">
        {!info.documented && <span className="tag warn">not documented by this API</span>} {info.meaning}
      </p>
      {(result.captured?.length ?? 0) + (result.captureProblems?.length ?? 0) > 0 && (
        <p className="captured" aria-label="Captured values">
          {result.captured?.map((c) => (
            <span key={c.variable} className="captured-value">
              {`{{${c.variable}}}`} = <code>{c.value.length > 80 ? `${c.value.slice(0, 80)}…` : c.value}</code>
            </span>
          ))}
          {result.captureProblems?.map((problem) => (
            <span key={problem} className="capture-problem">
              {problem}
            </span>
          ))}
        </p>
      )}
      {checks.length > 0 && <ChecksSummary results={checks} onOpen={() => setTab('checks')} />}
      <div className="tabs">
        <div className="tabs-tablist" role="tablist" aria-label="Response parts" onKeyDown={tablistKeyDown}>
          <TabButton selected={tab === 'body'} onSelect={() => setTab('body')}>
            Body
          </TabButton>
          <TabButton selected={tab === 'headers'} onSelect={() => setTab('headers')}>
            Headers <span className="count">{result.headers.length}</span>
          </TabButton>
          <TabButton selected={tab === 'checks'} onSelect={() => setTab('checks')}>
            Checks{' '}
            {checks.length > 0 && (
              <span className={`count${checks.every((c) => c.passed) ? '' : ' failed'}`}>
                {checks.filter((c) => c.passed).length}/{checks.length}
              </span>
            )}
          </TabButton>
        </div>
        <span className="spacer" />
        {tab === 'body' && hasBody && (
          <>
            {result.responseId && <SaveButton responseId={result.responseId} viewId={filtered?.view.viewId} />}
            <button
              type="button"
              className="button ghost small"
              onClick={() => viewer.current?.openSearch()}
              title={`Search the body (${shortcutText('searchResponse')})`}
            >
              Search
            </button>
            {!paged && !filtered && (
              <button
                type="button"
                className="button ghost small"
                onClick={() => void navigator.clipboard?.writeText(result.body)}
              >
                Copy
              </button>
            )}
          </>
        )}
      </div>
      {/* Both panels stay mounted (the other one hidden): a look at the headers keeps the body's
          scroll position, folds, search and a running filter. */}
      {result.bodyFormat === 'empty' ? (
        <p className="empty" hidden={tab !== 'body'}>
          No body{result.status === 204 ? ' (204 No Content)' : ''}.
        </p>
      ) : (
        <div className="response-body" role="tabpanel" aria-label="Response body panel" hidden={tab !== 'body'}>
          {result.incomplete && (
            <p className="incomplete-banner" role="alert">
              <strong>Incomplete body.</strong> {result.incomplete.message}
            </p>
          )}
          {isJson && result.responseId && (
            <FilterBar
              responseId={result.responseId}
              expression={filterText}
              onExpressionChange={setFilterText}
              applied={filter}
              onApplied={setFilter}
            />
          )}
          {result.bodyFormat === 'binary' && (
            <p className="muted-text body-note">
              Binary content ({result.contentType || 'unknown type'}, {formatBytes(result.bodyBytes)}). Hex preview
              {result.bodyTruncated ? ' of the first 4 KB' : ''}
              {result.responseId ? '; Save keeps the whole body' : ''}:
            </p>
          )}
          {filtered ? (
            <PagedBody key={filtered.view.viewId} ref={viewer} view={filtered.view} label="Filter result" />
          ) : result.bodyView ? (
            <PagedBody key={result.bodyView.viewId} ref={viewer} view={result.bodyView} />
          ) : (
            <CodeEditor
              ref={viewer}
              readOnly
              label="Response body"
              language={result.bodyFormat === 'json' ? 'json' : 'text'}
              value={result.body}
            />
          )}
        </div>
      )}
      {tab === 'headers' && (
        <div className="response-headers" role="tabpanel" aria-label="Response headers panel">
          <table aria-label="Response headers">
            <tbody>
              {result.headers.map(([name, value], index) => (
                <tr key={index}>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {tab === 'checks' && (
        <div className="response-checks" role="tabpanel" aria-label="Response checks panel">
          <CheckResults results={result.checks} />
        </div>
      )}
    </>
  );
}

const NETWORK_TITLES: Record<NetworkErrorResult['code'], string> = {
  dns: 'Host not found',
  refused: 'Connection refused',
  reset: 'Connection dropped',
  timeout: 'Timed out',
  'tls-self-signed': 'Certificate not trusted (self-signed)',
  'tls-untrusted': 'Certificate not trusted',
  'tls-expired': 'Certificate expired',
  'tls-hostname': 'Certificate is for another host',
  'tls-other': 'Secure connection failed',
  'tls-client-certificate': 'Client certificate needed or refused',
  'redirect-insecure': 'Insecure redirect refused',
  'redirect-loop': 'Too many redirects',
  'redirect-refused': 'Redirect not followed',
  'too-large': 'Response too large',
  proxy: 'Proxy failed',
  cancelled: 'Cancelled',
  other: 'Request failed',
};

function NetworkErrorView({ result }: { result: NetworkErrorResult }) {
  return (
    <>
      <div className="status-block">
        <div
          role="status"
          aria-label="Response status"
          className="status-line kind-network-error"
          data-status-kind="network-error"
        >
          {NETWORK_TITLES[result.code]}
        </div>
        <div className="metrics">
          <span>
            <span className="metric-label">After</span> {formatDuration(result.timings.totalMs)}
          </span>
        </div>
      </div>
      <div className="network-error">
        <p className="network-message">{result.message}</p>
        <p className="network-hint">{result.hint}</p>
        {result.detail && <p className="muted-text">Code: {result.detail}</p>}
      </div>
    </>
  );
}

/** "Sending… 1.2 s", then what has arrived so far: bytes, the total when known, the rate. */
function SendingBar({ sending }: { sending: NonNullable<ResponsePaneProps['sending']> }) {
  const progress = useProgressPoll(sending.requestId, readRequestProgress, 250);
  return (
    <div className="sending-bar">
      <span className="spinner" aria-hidden="true" /> Sending… <Elapsed since={sending.startedAt} />
      {progress && (
        <span className="download-progress" role="status" aria-label="Download progress" data-phase={progress.phase}>
          {describeProgress(progress)}
        </span>
      )}
    </div>
  );
}

export function ResponsePane({ result, sending, searchRef }: ResponsePaneProps) {
  return (
    <section className="response-pane" aria-label="Response" aria-busy={sending ? true : undefined}>
      {sending && <SendingBar key={sending.requestId} sending={sending} />}
      {result?.kind === 'response' && <ResponseView key={result.requestId} result={result} searchRef={searchRef} />}
      {result?.kind === 'network-error' && <NetworkErrorView result={result} />}
      {!result && !sending && (
        <div className="empty-state">
          <p className="empty-title">No response yet</p>
          <p>
            Type a URL and press <kbd>Send</kbd> or <kbd>Ctrl</kbd>+<kbd>Enter</kbd>.
          </p>
          <p>
            New here? Pick <strong>Local sandbox</strong> as the target and try an example: every status code the API
            documents, without credentials.
          </p>
        </div>
      )}
    </section>
  );
}
