import { useEffect, useId, useRef, useState } from 'react';
import { MAX_RESPONSE_MB_LIMIT, THEMES, type Theme } from '../../../../shared/settings';
import type { ProxySettings, SettingsView } from '../../../../shared/schemas/settings';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { showTheme } from '../../theme';
import { ClientCertificates } from './ClientCertificates';
import { EnvironmentWarnings } from './environment-warnings';
import { isClearTextProxy, PROXY_CHOICES, proxyIdentityChanged, saveSettings } from './save';
import { Modal } from '../../ui/Modal';

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export interface SettingsDialogProps {
  open: boolean;
  settings: SettingsView;
  onClose(): void;
  onSaved(settings: SettingsView): void;
}

/**
 * Under the proxy password: why a saved one was cleared; that changing the address or user name
 * clears it; and, for an http:// proxy, that the password travels in clear text, with the
 * confirmation a new one needs before it is saved.
 */
interface ProxyPasswordNotesProps {
  proxy: ProxySettings;
  saved: SettingsView;
  typed: string | null;
  clearTextConfirmed: boolean;
  onConfirm(confirmed: boolean): void;
}

function ProxyPasswordNotes(props: ProxyPasswordNotesProps) {
  const { proxy, saved, typed } = props;
  const stored = saved.proxyPassword;
  const clearText = isClearTextProxy(proxy.url) && ((stored.set && typed !== null) || (typed ?? '') !== '');
  return (
    <>
      {stored.cleared && !stored.set && (
        <p className="proxy-note" role="note" aria-label="Proxy password cleared">
          {stored.cleared}
        </p>
      )}
      {stored.set && typed === '' && proxyIdentityChanged(proxy, saved.proxy) && (
        <p className="proxy-note">
          Saving another proxy address or user name clears the saved password: it is never sent to another proxy.
        </p>
      )}
      {clearText && (
        <div className="proxy-clear-text" role="note" aria-label="Clear-text proxy">
          <p>
            This is an http:// proxy: the password goes to it in clear text (Basic), readable by anyone on the network
            path. Use the proxy’s https:// address if it has one.
          </p>
          {(typed ?? '') !== '' && (
            <label>
              <input
                type="checkbox"
                checked={props.clearTextConfirmed}
                onChange={(event) => props.onConfirm(event.target.checked)}
              />{' '}
              Send the password in clear text to this http:// proxy
            </label>
          )}
        </div>
      )}
    </>
  );
}

export function SettingsDialog(props: SettingsDialogProps) {
  const ids = useId();
  const [crmName, setCrmName] = useState(props.settings.crmName);
  const [timeout, setTimeoutSeconds] = useState(String(props.settings.timeoutMs / 1000));
  const [maxMb, setMaxMb] = useState(String(props.settings.maxResponseMb));
  const [theme, setTheme] = useState<Theme>(props.settings.theme);
  const [proxy, setProxy] = useState<ProxySettings>(props.settings.proxy);
  /** The proxy password as typed ('' = keep the stored one), or null: remove it. */
  const [proxyPassword, setProxyPassword] = useState<string | null>('');
  /** The user agreed to send the typed password to an http:// proxy, in clear text. */
  const [clearTextConfirmed, setClearTextConfirmed] = useState(false);
  /** The main process's sentence about the proxy address; shown in the Proxy section. */
  const [proxyError, setProxyError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const proxyUrlField = useRef<HTMLInputElement>(null);
  const proxyErrorLine = useRef<HTMLParagraphElement>(null);
  const messageLine = useRef<HTMLParagraphElement>(null);

  // A sentence that appears is brought into view (the dialog scrolls in a short window): a refused
  // proxy address also takes the focus, for the user to correct it.
  useEffect(() => {
    if (!proxyError) return;
    proxyUrlField.current?.focus({ preventScroll: true });
    proxyErrorLine.current?.scrollIntoView({ block: 'nearest' });
  }, [proxyError]);
  useEffect(() => {
    if (message) messageLine.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);

  const startAfresh = () => {
    setCrmName(props.settings.crmName);
    setTimeoutSeconds(String(props.settings.timeoutMs / 1000));
    setMaxMb(String(props.settings.maxResponseMb));
    setTheme(props.settings.theme);
    setProxy(props.settings.proxy);
    setProxyPassword('');
    setClearTextConfirmed(false);
    setProxyError(null);
    setMessage(null);
  };

  const save = async () => {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600) {
      setMessage({ kind: 'error', text: 'The timeout must be a number of seconds from 1 to 600.' });
      return;
    }
    const mb = Number(maxMb);
    if (!Number.isInteger(mb) || mb < 1 || mb > MAX_RESPONSE_MB_LIMIT) {
      setMessage({
        kind: 'error',
        text: `The maximum response size must be a whole number of MB from 1 to ${MAX_RESPONSE_MB_LIMIT}.`,
      });
      return;
    }
    setMessage(null);
    setProxyError(null);
    const outcome = await saveSettings(api().settings, props.settings, {
      proxy,
      password: proxyPassword === '' ? undefined : proxyPassword,
      clearTextConfirmed,
      rest: { crmName, timeoutMs: Math.round(seconds * 1000), maxResponseMb: mb, theme },
    });
    if (outcome.ok) {
      showTheme(outcome.settings.theme);
      props.onSaved(outcome.settings);
      props.onClose();
      return;
    }
    if (outcome.settings) {
      props.onSaved(outcome.settings);
      setProxy(outcome.settings.proxy);
    }
    if (outcome.field === 'proxy') setProxyError(outcome.message);
    else setMessage({ kind: 'error', text: outcome.message });
  };

  const addCertificate = async (file: File) => {
    let pem: string;
    try {
      pem = await file.text();
    } catch {
      setMessage({ kind: 'error', text: `Could not read ${file.name}. Check that the file exists and is readable.` });
      return;
    }
    try {
      const before = props.settings.certificates.length;
      const saved = await api().settings.addCertificate({ name: file.name, pem });
      props.onSaved(saved);
      const added = saved.certificates.length - before;
      setMessage({
        kind: 'info',
        text:
          added > 0
            ? `Trusted ${added} certificate${added > 1 ? 's' : ''} from ${file.name}.`
            : `${file.name} is already trusted.`,
      });
    } catch (error) {
      setMessage({ kind: 'error', text: `${file.name}: ${errorText(error)}` });
    }
  };

  const remove = async (id: string) => {
    try {
      props.onSaved(await api().settings.removeCertificate({ id }));
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    }
  };

  return (
    <Modal
      open={props.open}
      className="settings-dialog"
      labelledBy="settings-title"
      onOpen={startAfresh}
      onClose={props.onClose}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <h2 id="settings-title">Settings</h2>
        <EnvironmentWarnings warnings={props.settings.warnings} />
        <label className="field">
          <span id={`${ids}-theme`}>Theme</span>
          <select
            value={theme}
            aria-labelledby={`${ids}-theme`}
            aria-describedby={`${ids}-theme-help`}
            onChange={(event) => setTheme(event.target.value as Theme)}
          >
            {THEMES.map((choice) => (
              <option key={choice} value={choice}>
                {THEME_LABELS[choice]}
              </option>
            ))}
          </select>
          <small id={`${ids}-theme-help`}>System follows your operating system's light or dark appearance.</small>
        </label>
        <label className="field">
          <span>CRM name</span>
          <input
            type="text"
            value={crmName}
            maxLength={200}
            onChange={(event) => setCrmName(event.target.value)}
            placeholder="e.g. Acme CRM"
          />
          <small>Sent as the User-Agent header, as the API asks.</small>
        </label>
        <label className="field">
          <span>Timeout (seconds)</span>
          <input
            type="number"
            min={1}
            max={600}
            step={1}
            value={timeout}
            onChange={(event) => setTimeoutSeconds(event.target.value)}
          />
          <small>How long to wait for a whole response before giving up.</small>
        </label>
        <label className="field">
          <span>Maximum response size (MB)</span>
          <input
            type="number"
            min={1}
            max={MAX_RESPONSE_MB_LIMIT}
            step={1}
            value={maxMb}
            onChange={(event) => setMaxMb(event.target.value)}
          />
          <small>A larger body stops there; what was received is kept and shown.</small>
        </label>
        <fieldset className="settings-section proxy-settings" aria-describedby={`${ids}-proxy-help`}>
          <legend>Proxy</legend>
          <div className="proxy-modes">
            {PROXY_CHOICES.map((choice) => (
              <label key={choice.mode}>
                <input
                  type="radio"
                  name="proxy-mode"
                  value={choice.mode}
                  checked={proxy.mode === choice.mode}
                  onChange={() => setProxy({ ...proxy, mode: choice.mode })}
                />{' '}
                {choice.label}
              </label>
            ))}
          </div>
          <small id={`${ids}-proxy-help`}>
            System follows HTTPS_PROXY when set, otherwise your computer’s proxy settings (localhost always direct); No
            proxy always connects directly; This proxy uses the address below. For HTTPS the proxy sees only the host
            and port, never the request’s headers or credentials.
          </small>
          {proxy.mode === 'custom' && (
            <>
              <div className="field">
                <label htmlFor={`${ids}-proxy-url`}>Proxy address</label>
                <input
                  ref={proxyUrlField}
                  id={`${ids}-proxy-url`}
                  type="text"
                  value={proxy.url}
                  maxLength={2000}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="http://proxy.example.com:3128"
                  aria-invalid={proxyError ? true : undefined}
                  aria-errormessage={proxyError ? `${ids}-proxy-error` : undefined}
                  aria-describedby={proxyError ? `${ids}-proxy-error` : undefined}
                  onChange={(event) => setProxy({ ...proxy, url: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-proxy-bypass`}>Go direct to</label>
                <input
                  id={`${ids}-proxy-bypass`}
                  type="text"
                  aria-describedby={`${ids}-proxy-bypass-help`}
                  value={proxy.bypass}
                  maxLength={4000}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(event) => setProxy({ ...proxy, bypass: event.target.value })}
                />
                <small id={`${ids}-proxy-bypass-help`}>
                  Hosts reached without the proxy, separated by commas: example.com (and its subdomains), 10.0.0.5,
                  10.0.0.0/8, &lt;local&gt; (names without a dot), *
                </small>
              </div>
              <div className="proxy-credentials">
                <div className="field">
                  <label htmlFor={`${ids}-proxy-user`}>Proxy user name</label>
                  <input
                    id={`${ids}-proxy-user`}
                    type="text"
                    value={proxy.username}
                    maxLength={500}
                    spellCheck={false}
                    autoComplete="off"
                    placeholder="only if the proxy asks"
                    onChange={(event) => setProxy({ ...proxy, username: event.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-proxy-password`}>Proxy password</label>
                  <input
                    id={`${ids}-proxy-password`}
                    type="password"
                    value={proxyPassword ?? ''}
                    maxLength={4096}
                    autoComplete="off"
                    aria-describedby={`${ids}-proxy-password-help`}
                    placeholder={
                      proxyPassword === null
                        ? 'removed when you save'
                        : props.settings.proxyPassword.set
                          ? `set ${props.settings.proxyPassword.hint ?? ''} — type to replace`
                          : 'not set'
                    }
                    onChange={(event) => setProxyPassword(event.target.value)}
                  />
                  <small id={`${ids}-proxy-password-help`}>
                    Kept encrypted on this computer and sent only to this proxy (its address and user name).{' '}
                    {props.settings.proxyPassword.set && proxyPassword !== null && (
                      <button type="button" className="link-button" onClick={() => setProxyPassword(null)}>
                        Remove the password
                      </button>
                    )}
                  </small>
                </div>
              </div>
              <ProxyPasswordNotes
                proxy={proxy}
                saved={props.settings}
                typed={proxyPassword}
                clearTextConfirmed={clearTextConfirmed}
                onConfirm={setClearTextConfirmed}
              />
            </>
          )}
          {proxyError && (
            <p ref={proxyErrorLine} role="alert" id={`${ids}-proxy-error`} className="form-error">
              {proxyError}
            </p>
          )}
        </fieldset>
        <fieldset className="settings-section certificates">
          <legend>Trusted certificates</legend>
          <small>
            CA certificates added to the system’s roots, e.g. a company proxy’s CA. TLS checks stay on.
            {props.settings.extraCaCertsFile &&
              ` Also trusted: NODE_EXTRA_CA_CERTS (${props.settings.extraCaCertsFile}).`}
          </small>
          {props.settings.certificates.length === 0 ? (
            <p className="empty">None added.</p>
          ) : (
            <ul aria-label="Trusted certificates">
              {props.settings.certificates.map((cert) => (
                <li key={cert.id}>
                  <span className="cert-name" title={cert.fingerprint256}>
                    {cert.subject}{' '}
                    <span className="muted-text">
                      — {cert.name}, valid to {cert.validTo.slice(0, 10)}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="button ghost small"
                    aria-label={`Remove certificate ${cert.subject}`}
                    onClick={() => void remove(cert.id)}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label className="button ghost small file-button">
            Add certificate (PEM)…
            <input
              type="file"
              accept=".pem,.crt,.cer,application/x-pem-file"
              aria-label="Add certificate (PEM)"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void addCertificate(file);
              }}
            />
          </label>
        </fieldset>
        <ClientCertificates certificates={props.settings.clientCertificates} onSaved={props.onSaved} />
        {message && (
          <p
            ref={messageLine}
            role={message.kind === 'error' ? 'alert' : 'status'}
            className={message.kind === 'error' ? 'form-error' : 'form-info'}
          >
            {message.text}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" className="button ghost" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" className="button primary">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
