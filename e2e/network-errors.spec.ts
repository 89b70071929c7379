/** Network failures are a result in the response pane, each with its own plain message. */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { createCertificateAuthority, createSelfSignedCertificate } from '../electron/main/tls/certificates';
import { expect, test } from './support/fixtures';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('a self-signed certificate is refused with a message saying what to do, and TLS checks stay on', async ({
  workbench,
}) => {
  const { certPem, keyPem } = createSelfSignedCertificate(['127.0.0.1', 'localhost']);
  let reached = 0;
  const server = createServer({ cert: certPem, key: keyPem }, (_req, res) => {
    reached++;
    res.end('{}');
  });
  const origin = await listen(server);
  try {
    await workbench.url(`${origin}/advert/v1`);
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText('Certificate not trusted (self-signed)');
    await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'network-error');
    await expect(workbench.response()).toContainText('Trusted certificates');
    expect(reached).toBe(0);
  } finally {
    server.close();
  }
});

test('a server whose CA is not trusted fails, and works once its CA is added in Settings', async ({
  workbench,
}, testInfo) => {
  const ca = createCertificateAuthority('Company Test Root');
  const leaf = ca.issue({ hosts: ['127.0.0.1'] });
  const server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end('{"ok": true}');
  });
  const origin = await listen(server);
  try {
    await workbench.url(`${origin}/taxonomy/v1/categories`);
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText('Certificate not trusted');
    await expect(workbench.response()).toContainText('Code: UNABLE_TO_VERIFY_LEAF_SIGNATURE');

    const caFile = testInfo.outputPath('company-root.pem');
    writeFileSync(caFile, ca.certPem);
    const settings = await workbench.openSettings();
    await settings.getByLabel('Add certificate (PEM)').setInputFiles(caFile);
    await expect(settings.getByRole('status')).toHaveText('Trusted 1 certificate from company-root.pem.');
    await expect(settings.getByRole('list', { name: 'Trusted certificates' })).toContainText('Company Test Root');

    const notes = testInfo.outputPath('notes.txt');
    writeFileSync(notes, 'not a certificate');
    await settings.getByLabel('Add certificate (PEM)').setInputFiles(notes);
    await expect(settings.getByRole('alert')).toContainText('notes.txt: No certificate found');
    await settings.getByRole('button', { name: 'Close' }).click();

    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^200 OK/);
  } finally {
    server.close();
  }
});

test('an expired certificate and one for another host each get their own message', async ({ workbench }) => {
  const ca = createCertificateAuthority('Expiring Root');
  const day = 86_400_000;
  const expired = ca.issue({
    hosts: ['127.0.0.1'],
    notBefore: new Date(Date.now() - 30 * day),
    notAfter: new Date(Date.now() - day),
  });
  const otherHost = ca.issue({ hosts: ['other.example'] });
  const servers = [
    createServer({ cert: expired.certPem, key: expired.keyPem }),
    createServer({ cert: otherHost.certPem, key: otherHost.keyPem }),
  ];
  const [expiredOrigin, otherOrigin] = [await listen(servers[0]!), await listen(servers[1]!)];
  try {
    // Trust the CA so that the expiry and the host name are what fail.
    await workbench.page.evaluate((pem) => window.api.settings.addCertificate({ name: 'root.pem', pem }), ca.certPem);
    await workbench.url(`${expiredOrigin}/`);
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText('Certificate expired');
    await workbench.url(`${otherOrigin}/`);
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText('Certificate is for another host');
    await expect(workbench.response()).toContainText('other.example');
  } finally {
    for (const server of servers) server.close();
  }
});

test('connection refused, dropped connection, unknown host and timeout each say what happened', async ({
  workbench,
  sandbox,
}) => {
  const refusedPort = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  await workbench.url(`https://127.0.0.1:${refusedPort}/advert/v1`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText('Connection refused');
  await expect(workbench.response()).toContainText('refused the connection');

  await workbench.url(`${sandbox.origin}/sandbox/v1/drop`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText('Connection dropped');

  await workbench.url('https://no-such-host.invalid/advert/v1');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText('Host not found');
  await expect(workbench.response()).toContainText('no-such-host.invalid');

  const settings = await workbench.openSettings();
  await settings.getByRole('spinbutton', { name: 'Timeout (seconds)' }).fill('1');
  await settings.getByRole('button', { name: 'Save' }).click();
  await workbench.url(`${sandbox.origin}/sandbox/v1/slow?ms=5000`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText('Timed out');
  await expect(workbench.response()).toContainText('1 second');
  await expect(workbench.response()).toContainText('Settings');
});
