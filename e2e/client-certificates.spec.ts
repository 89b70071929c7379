/**
 * Settings → Client certificates: a server that asks for one refuses the send with a sentence; a
 * certificate added in Settings (files from the main process's dialog, an encrypted key and its
 * passphrase) is listed with "passphrase set", the passphrase is never in the page, and the send
 * gets 200.
 */
import AxeBuilder from '@axe-core/playwright';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_NAME, KEY_PASSPHRASE, mutualTlsWorld, startMutualTlsServer } from '../test/support/client-certificates';
import { CLIENT_CERTIFICATE_FILES, expect, test } from './support/fixtures';

test('a client certificate added in Settings is listed, its passphrase never shown, and opens a server that asks for one', async ({
  workbench,
  appData,
  ipcLog,
  appMode,
}) => {
  test.skip(appMode === 'electron', 'choosing the files is a native dialog in the app');
  const tls = mutualTlsWorld();
  const server = await startMutualTlsServer(tls, (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end('{"ok": true}');
  });
  try {
    writeFileSync(join(appData.dataDir, CLIENT_CERTIFICATE_FILES.certificate), tls.client.certPem);
    writeFileSync(join(appData.dataDir, CLIENT_CERTIFICATE_FILES.key), tls.encryptedKeyPem);
    await workbench.page.evaluate(
      (pem) => window.api.settings.addCertificate({ name: 'server-ca.pem', pem }),
      tls.serverCaPem,
    );
    await workbench.url(`https://localhost:${server.port}/advert/v1`);
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText('Client certificate needed or refused');
    await expect(workbench.response()).toContainText(
      'localhost asked for a client certificate and none is set for it; add one in Settings → Client certificates.',
    );

    const settings = await workbench.openSettings();
    const section = settings.getByRole('group', { name: 'Client certificates' });
    await expect(section).toContainText('None added.');
    await section.getByRole('button', { name: 'Add client certificate' }).click();
    await expect(section.getByRole('alert')).toHaveText('Give the host the certificate is for, e.g. api.example.com.');
    await section.getByRole('textbox', { name: 'Host' }).fill('localhost');
    await section.getByRole('button', { name: 'Choose certificate…' }).click();
    await expect(section.getByRole('button', { name: 'Choose certificate…' })).toHaveAccessibleDescription(
      'client.crt',
    );
    await section.getByRole('button', { name: 'Choose key…' }).click();
    await expect(section.getByRole('button', { name: 'Choose key…' })).toHaveAccessibleDescription('client.key');
    await section.getByLabel('Passphrase').fill('not-the-passphrase');
    await section.getByRole('button', { name: 'Add client certificate' }).click();
    await expect(section.getByRole('alert')).toHaveText(
      'The passphrase for client certificate localhost does not open the key in client.key; enter it again.',
    );
    await section.getByLabel('Passphrase').fill(KEY_PASSPHRASE);
    await section.getByLabel('Passphrase').press('Enter');
    await expect(section.getByRole('status')).toHaveText('Client certificate added for localhost.');
    await expect(section.getByRole('list', { name: 'Client certificates' })).toHaveText(
      /localhost — PEM — client\.crt, client\.key, passphrase set/,
    );
    await expect(section.getByLabel('Passphrase')).toHaveValue('');
    expect(await workbench.page.content()).not.toContain(KEY_PASSPHRASE);
    const axe = await new AxeBuilder({ page: workbench.page }).include('.client-certificates').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await settings.getByRole('button', { name: 'Close' }).click();

    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^200 OK/);
    expect(server.received.at(-1)?.clientCertificate).toBe(CLIENT_NAME);
    expect(JSON.stringify(ipcLog)).not.toContain(KEY_PASSPHRASE);
    expect(JSON.stringify(ipcLog)).not.toContain('PRIVATE KEY');

    const reopened = await workbench.openSettings();
    await reopened
      .getByRole('group', { name: 'Client certificates' })
      .getByRole('button', { name: 'Remove client certificate localhost' })
      .click();
    await expect(reopened.getByRole('group', { name: 'Client certificates' })).toContainText('None added.');
  } finally {
    await server.close();
  }
});
