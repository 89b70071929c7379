/** Credentials live in the main process: entered once, shown masked, added to requests at send time. */
import { exampleAdvert } from '../shared/examples';
import { expect, test } from './support/fixtures';

test('a secret is shown only as set with a masked hint, and can be replaced or cleared but never read back', async ({
  app,
  workbench,
}) => {
  const dialog = await workbench.openCredentials();
  await dialog.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Production' });
  const status = dialog.getByLabel('API key status', { exact: true });
  await expect(status).toHaveText('not set');
  await workbench.setSecret(dialog, 'API key', 'prod-key-0123456789-wxyz');
  await expect(status).toHaveText('set ••••wxyz');
  await expect(dialog.getByLabel('New API key', { exact: true })).toHaveValue('');
  expect(await app.content()).not.toContain('prod-key-0123456789');

  await workbench.setSecret(dialog, 'API key', 'second-key-000-abcd');
  await expect(status).toHaveText('set ••••abcd');
  await dialog.getByRole('button', { name: 'Clear API key' }).click();
  await expect(status).toHaveText('not set');
});

test('a CRM user authorized against the sandbox publishes an advert with a Bearer token the renderer never sees', async ({
  app,
  workbench,
  sandbox,
  authorizationPages,
  ipcLog,
}) => {
  await workbench.target('Local sandbox');
  const dialog = await workbench.openCredentials();
  await workbench.authorizeCrmUser(dialog, 'Anna (Warsaw office)', authorizationPages);
  await expect(dialog.getByRole('listitem', { name: 'CRM user Anna (Warsaw office)' })).toContainText(
    /Access token expires in (59|60) min/,
  );
  await workbench.closeCredentials();

  await workbench.method('POST');
  await workbench.url(`${sandbox.origin}/advert/v1`);
  await workbench.setBody(JSON.stringify(exampleAdvert(), null, 2));
  await workbench.auth('API key + Bearer', 'Anna (Warsaw office)');
  const fromCredentials = app.getByRole('list', { name: 'Headers from credentials' });
  await expect(fromCredentials).toContainText('X-API-KEY');
  await expect(fromCredentials).toContainText('Bearer •••• from Anna (Warsaw office)');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^202 Accepted/);

  const exchange = sandbox.received.find((r) => r.path === '/oauth/v1/token')!;
  expect(exchange.headers.authorization).toBe(
    `Basic ${Buffer.from(`${sandbox.oauthClient.clientId}:${sandbox.oauthClient.clientSecret}`).toString('base64')}`,
  );
  expect(JSON.parse(exchange.body)).toMatchObject({ grant_type: 'authorization_code' });
  const publish = sandbox.received.at(-1)!;
  const token = /^Bearer (.+)$/.exec(String(publish.headers.authorization))![1]!;
  expect(token).toMatch(/^sbx_at_/);
  // Tokens travel in headers and bodies only, never in a URL.
  expect(sandbox.received.some((r) => r.path.includes(token))).toBe(false);
  // The renderer never had the token or the client secret.
  expect(await app.content()).not.toContain(token);
  expect(JSON.stringify(ipcLog)).not.toContain(token);
  expect(JSON.stringify(ipcLog)).not.toContain(sandbox.oauthClient.clientSecret);
});

test('an access token the server says expired is refreshed, and the request retried once', async ({
  workbench,
  sandbox,
  authorizationPages,
}) => {
  await workbench.target('Local sandbox');
  const dialog = await workbench.openCredentials();
  await workbench.authorizeCrmUser(dialog, 'Piotr', authorizationPages);
  await workbench.closeCredentials();
  await workbench.example('publish');
  sandbox.expireAccessTokens();
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^202/);
  const calls = sandbox.received.slice(before).map((r) => `${r.method} ${r.path}`);
  expect(calls).toEqual(['POST /advert/v1', 'POST /oauth/v1/token', 'POST /advert/v1']);
  const [first, refresh, retry] = sandbox.received.slice(before);
  expect(JSON.parse(refresh!.body)).toMatchObject({ grant_type: 'refresh_token' });
  expect(retry!.headers.authorization).not.toBe(first!.headers.authorization);
});

test('a token about to expire is refreshed before the request goes', async ({
  workbench,
  sandbox,
  authorizationPages,
}) => {
  sandbox.setTokenLifetimes({ accessSeconds: 30 });
  await workbench.target('Local sandbox');
  const dialog = await workbench.openCredentials();
  await workbench.authorizeCrmUser(dialog, 'Ola', authorizationPages);
  await expect(dialog.getByRole('listitem', { name: 'CRM user Ola' })).toContainText(/expires in (2\d|30) s/);
  await workbench.closeCredentials();
  await workbench.example('categories');
  await workbench.auth('API key + Bearer', 'Ola');
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  expect(sandbox.received.slice(before).map((r) => r.path)).toEqual(['/oauth/v1/token', '/taxonomy/v1/categories']);
});

test('a refused refresh marks the user as needing re-authorization, with a button that does it', async ({
  app,
  workbench,
  sandbox,
  authorizationPages,
}) => {
  sandbox.setTokenLifetimes({ refreshSeconds: 1 });
  await workbench.target('Local sandbox');
  let dialog = await workbench.openCredentials();
  await workbench.authorizeCrmUser(dialog, 'Marek', authorizationPages);
  await workbench.closeCredentials();
  sandbox.setTokenLifetimes({ refreshSeconds: 3600 });
  // The one-second refresh token runs out.
  sandbox.advanceClock(1000);
  sandbox.expireAccessTokens();

  await workbench.example('publish');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^401/);
  dialog = await workbench.openCredentials();
  const user = dialog.getByRole('listitem', { name: 'CRM user Marek' });
  await expect(user).toContainText('Needs re-authorization');
  await user.getByRole('button', { name: 'Re-authorize Marek' }).click();
  const portal = await authorizationPages.next();
  await portal.getByRole('button', { name: 'Allow' }).click();
  await expect(user).toContainText('Access token expires in');
  await workbench.closeCredentials();
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^202/);
  await expect(app.getByRole('alert')).toHaveCount(0);
});

test('credentials go only to their environment’s origin: a URL elsewhere is refused before sending', async ({
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await workbench.url(sandbox.origin.replace('127.0.0.1', 'localhost') + '/taxonomy/v1/categories');
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.problems()).toContainText(`The credentials of Local sandbox go only to ${sandbox.origin}`);
  expect(sandbox.received.length).toBe(before);
});
