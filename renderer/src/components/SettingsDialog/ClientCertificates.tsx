/**
 * Settings → Client certificates (mutual TLS): the list (host, kind, files, whether a passphrase is
 * set) and a small form to add one. Files are chosen in the main process's own dialog: the window
 * gets their names and ids, never a path or a byte; the passphrase goes to the main process once and
 * is never shown again.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type {
  ChosenCertificateFile,
  ClientCertificateFileRole,
  ClientCertificateView,
  SettingsView,
} from '../../../../shared/schemas/settings';
import { api } from '../../api';
import { errorText } from '../../error-text';

type Kind = ClientCertificateView['kind'];

const KIND_LABELS: Record<Kind, string> = { pem: 'PEM certificate and key', pkcs12: 'PKCS#12 (.p12, .pfx)' };

const CHOOSE_LABELS: Record<ClientCertificateFileRole, string> = {
  certificate: 'Choose certificate…',
  key: 'Choose key…',
  pkcs12: 'Choose PKCS#12 file…',
};

export interface ClientCertificatesProps {
  certificates: ClientCertificateView[];
  onSaved(settings: SettingsView): void;
}

/** What the form still needs before it can be added, in a sentence; null when it is complete. */
function missing(host: string, kind: Kind, files: Partial<Record<ClientCertificateFileRole, ChosenCertificateFile>>) {
  if (host.trim() === '') return 'Give the host the certificate is for, e.g. api.example.com.';
  if (kind === 'pkcs12') return files.pkcs12 ? null : 'Choose the PKCS#12 (.p12 or .pfx) file.';
  if (!files.certificate) return 'Choose the certificate file (PEM).';
  return files.key ? null : 'Choose the private key file (PEM).';
}

function describe(certificate: ClientCertificateView): string {
  const passphrase = certificate.passphraseSet ? 'passphrase set' : 'no passphrase';
  return `${certificate.kind === 'pem' ? 'PEM' : 'PKCS#12'} — ${certificate.files.join(', ')}, ${passphrase}`;
}

export function ClientCertificates(props: ClientCertificatesProps) {
  const ids = useId();
  const [host, setHost] = useState('');
  const [kind, setKind] = useState<Kind>('pem');
  const [files, setFiles] = useState<Partial<Record<ClientCertificateFileRole, ChosenCertificateFile>>>({});
  const [passphrase, setPassphrase] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);

  const run = async (work: () => Promise<void>) => {
    setMessage(null);
    try {
      await work();
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    }
  };

  const choose = (role: ClientCertificateFileRole) =>
    run(async () => {
      const chosen = await api().settings.chooseClientCertificateFile({ role });
      if (chosen) setFiles((current) => ({ ...current, [role]: chosen }));
    });

  const add = () => {
    const problem = missing(host, kind, files);
    if (problem) {
      setMessage({ kind: 'error', text: problem });
      return;
    }
    void run(async () => {
      const certificateFile = kind === 'pkcs12' ? files.pkcs12! : files.certificate!;
      const saved = await api().settings.addClientCertificate({
        host,
        kind,
        certificateFileId: certificateFile.fileId,
        ...(kind === 'pem' ? { keyFileId: files.key!.fileId } : {}),
        passphrase,
      });
      props.onSaved(saved);
      setMessage({
        kind: 'info',
        text: `Client certificate added for ${saved.clientCertificates.at(-1)?.host ?? host}.`,
      });
      setHost('');
      setFiles({});
      setPassphrase('');
    });
  };

  const remove = (certificate: ClientCertificateView) =>
    run(async () => props.onSaved(await api().settings.removeClientCertificate({ id: certificate.id })));

  // Enter in the form's fields adds the certificate, not the whole Settings dialog's Save.
  const addOnEnter = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  // The file chosen is the button's description: read with it, and found by it in tests.
  const fileChoice = (role: ClientCertificateFileRole) => (
    <div className="client-cert-file">
      <button
        type="button"
        className="button ghost small"
        aria-describedby={`${ids}-${role}-file`}
        onClick={() => void choose(role)}
      >
        {CHOOSE_LABELS[role]}
      </button>
      <span id={`${ids}-${role}-file`} className="muted-text">
        {files[role]?.fileName ?? 'none chosen'}
      </span>
    </div>
  );

  return (
    <fieldset className="settings-section certificates client-certificates" aria-describedby={`${ids}-help`}>
      <legend>Client certificates</legend>
      <small id={`${ids}-help`}>
        For servers that ask for one (mutual TLS): presented only to its host. The files are copied into this computer’s
        encrypted store, so moving them later does not matter; the passphrase is kept encrypted and never shown again.
      </small>
      {props.certificates.length === 0 ? (
        <p className="empty">None added.</p>
      ) : (
        <ul aria-label="Client certificates">
          {props.certificates.map((certificate) => (
            <li key={certificate.id}>
              <span className="cert-name">
                {certificate.host} <span className="muted-text">— {describe(certificate)}</span>
              </span>
              <button
                type="button"
                className="button ghost small"
                aria-label={`Remove client certificate ${certificate.host}`}
                onClick={() => void remove(certificate)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="client-cert-form">
        <div className="field">
          <label htmlFor={`${ids}-host`}>Host</label>
          <input
            id={`${ids}-host`}
            type="text"
            value={host}
            maxLength={300}
            spellCheck={false}
            autoComplete="off"
            placeholder="api.example.com, api.example.com:8443 or *.example.com"
            onChange={(event) => setHost(event.target.value)}
            onKeyDown={addOnEnter}
          />
        </div>
        <div className="proxy-modes" role="radiogroup" aria-label="Certificate format">
          {(Object.keys(KIND_LABELS) as Kind[]).map((choice) => (
            <label key={choice}>
              <input type="radio" name={`${ids}-kind`} checked={kind === choice} onChange={() => setKind(choice)} />{' '}
              {KIND_LABELS[choice]}
            </label>
          ))}
        </div>
        {kind === 'pem' ? (
          <>
            {fileChoice('certificate')}
            {fileChoice('key')}
          </>
        ) : (
          fileChoice('pkcs12')
        )}
        <div className="field">
          <label htmlFor={`${ids}-passphrase`}>Passphrase</label>
          <input
            id={`${ids}-passphrase`}
            type="password"
            value={passphrase}
            maxLength={1024}
            autoComplete="off"
            placeholder={kind === 'pem' ? 'only if the key is encrypted' : 'the PKCS#12 file’s, if it has one'}
            onChange={(event) => setPassphrase(event.target.value)}
            onKeyDown={addOnEnter}
          />
        </div>
        <button type="button" className="button ghost small" onClick={add}>
          Add client certificate
        </button>
      </div>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'form-error' : 'form-info'}
        >
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
