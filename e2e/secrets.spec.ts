/**
 * Secrets stay in the main process: a canary set through the UI reaches the server it is meant
 * for and nothing else — not the DOM, window.api's answers, the page's storage, logs, saved files
 * (other than the encrypted vault), or a redirect to another origin.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';

const CANARY = 'CANARY-b7e2d94f-never-leak';
const forms = (secret: string) => [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('a canary secret set through the UI goes to its server and nowhere else', async ({
  app,
  workbench,
  sandbox,
  appData,
  ipcLog,
  appMode,
}) => {
  test.skip(
    appMode === 'electron',
    'inspects the main process’s answers and output, which the bridge runs in this process',
  );
  const logged: string[] = [];
  app.on('console', (message) => logged.push(message.text()));
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = (chunk: unknown) => (logged.push(String(chunk)), true);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    capture(chunk) && (writes.out as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
    capture(chunk) && (writes.err as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stderr.write;
  try {
    await workbench.target('Local sandbox');
    const dialog = await workbench.openCredentials();
    await workbench.setSecret(dialog, 'API key', CANARY);
    await expect(dialog.getByLabel('API key status', { exact: true })).toHaveText('set ••••leak');
    await workbench.closeCredentials();

    // It goes to the server it is meant for (which does not know it: 403).
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^403/);
    expect(sandbox.received.at(-1)!.headers['x-api-key']).toBe(CANARY);

    // A redirect to another origin (localhost instead of 127.0.0.1) does not take it along.
    const elsewhere = sandbox.origin.replace('127.0.0.1', 'localhost');
    await workbench.url(
      `${sandbox.origin}/sandbox/v1/redirect?status=307&to=${encodeURIComponent(`${elsewhere}/sandbox/v1/echo`)}`,
    );
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^200/);
    const [redirect, followed] = sandbox.received.slice(-2);
    expect(redirect!.headers['x-api-key']).toBe(CANARY);
    expect(followed!.headers.host).toMatch(/^localhost:/);
    expect(followed!.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(followed)).not.toContain(CANARY);

    // Not in anything the renderer can reach.
    const reachable = await app.evaluate(async () => {
      const inputs = [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value);
      const local = JSON.stringify({ ...localStorage });
      const session = JSON.stringify({ ...sessionStorage });
      const databases = 'databases' in indexedDB ? JSON.stringify(await indexedDB.databases()) : '';
      return [
        document.documentElement.outerHTML,
        ...inputs,
        local,
        session,
        databases,
        document.cookie,
        document.title,
      ].join('\n');
    });
    for (const form of forms(CANARY)) expect(reachable).not.toContain(form);
    for (const form of forms(CANARY)) expect(JSON.stringify(ipcLog.map((r) => r.result))).not.toContain(form);

    // Not in logs.
    expect(logged.join('\n')).not.toContain(CANARY);

    // Not in any saved file; the vault holds it encrypted only.
    const files = filesUnder(appData.dataDir);
    expect(files.map((f) => f.slice(appData.dataDir.length + 1))).toContain('vault.json');
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const form of forms(CANARY)) expect(text, file).not.toContain(form);
    }
  } finally {
    process.stdout.write = writes.out as typeof process.stdout.write;
    process.stderr.write = writes.err as typeof process.stderr.write;
  }
});

test.describe('without an OS keyring', () => {
  test.use({ secretStorage: 'basic_text' });

  test('the user is told, and nothing is stored weakly until they confirm', async ({ workbench, appData, appMode }) => {
    test.skip(appMode === 'electron', 'the OS keyring can only be simulated in the bridge');
    const dialog = await workbench.openCredentials();
    const storage = dialog.getByRole('note', { name: 'Secret storage' });
    await expect(storage).toContainText('confirm in Credentials before anything is stored');
    await dialog.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Production' });
    await dialog.getByLabel('New API key', { exact: true }).fill('weak-key-1234');
    await dialog.getByRole('button', { name: 'Save API key' }).click();
    await expect(dialog.getByRole('alert', { name: 'Credentials message' })).toContainText('confirm in Credentials');
    await expect(dialog.getByLabel('API key status', { exact: true })).toHaveText('not set');
    expect(
      filesUnder(appData.dataDir).some(
        (f) => f.endsWith('vault.json') && readFileSync(f, 'utf8').includes('env:production:apiKey'),
      ),
    ).toBe(false);

    await storage.getByRole('button', { name: 'Store secrets with weak protection' }).click();
    await dialog.getByRole('button', { name: 'Save API key' }).click();
    await expect(dialog.getByLabel('API key status', { exact: true })).toHaveText('set ••••1234');
  });
});

test.describe('without any secret storage', () => {
  test.use({ secretStorage: 'unavailable' });

  test('secrets cannot be saved, and the user is told why', async ({ workbench, appMode }) => {
    test.skip(appMode === 'electron', 'the OS keyring can only be simulated in the bridge');
    const dialog = await workbench.openCredentials();
    await expect(dialog.getByRole('note', { name: 'Secret storage' })).toContainText('no encryption');
    await dialog.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Production' });
    await dialog.getByLabel('New API key', { exact: true }).fill('no-storage-key');
    await dialog.getByRole('button', { name: 'Save API key' }).click();
    await expect(dialog.getByRole('alert', { name: 'Credentials message' })).toContainText('cannot be stored');
  });
});
