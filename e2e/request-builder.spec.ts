/** Building a request: verb, URL, header rows, JSON body; what the server receives; what is refused before sending. */
import { expect, test } from './support/fixtures';

test('convention headers go out as rows the user can see, override and switch off', async ({
  app,
  workbench,
  sandbox,
}) => {
  const settings = await workbench.openSettings();
  await settings.getByRole('textbox', { name: 'CRM name' }).fill('Acme CRM');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden();
  await expect(workbench.headerValues.nth(2)).toHaveValue('Acme CRM');

  await workbench.target('Local sandbox');
  await workbench.method('POST');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  await workbench.setBody('{"hello": "world", "big": 12345678901234567890}');
  await workbench.addHeader('X-Trace-Id', 'trace-1');
  await workbench.addHeader('X-Removed', 'gone');
  await app.getByRole('checkbox', { name: 'Send header Accept' }).uncheck();
  await app.getByRole('button', { name: 'Remove header X-Removed' }).click();
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);

  const received = sandbox.received.at(-1)!;
  expect(received.method).toBe('POST');
  expect(received.body).toBe('{"hello": "world", "big": 12345678901234567890}');
  expect(received.headers).toMatchObject({
    'content-type': 'application/json',
    'user-agent': 'Acme CRM',
    'x-api-key': sandbox.apiKey,
    'x-trace-id': 'trace-1',
  });
  expect(received.headers.accept).toBeUndefined();
  expect(received.headers['x-removed']).toBeUndefined();
  // The echo's JSON answer is shown pretty-printed.
  await expect(workbench.response().getByRole('textbox', { name: 'Response body' })).toContainText(
    '"x-trace-id": "trace-1"',
  );
});

test('a GET sends no Content-Type, and every method can be picked', async ({ workbench, sandbox }) => {
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  for (const method of ['GET', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const) {
    await workbench.method(method);
    await workbench.send();
    await expect(workbench.statusLine()).toHaveText(/^200/);
    await expect.poll(() => sandbox.received.at(-1)?.method).toBe(method);
    expect(sandbox.received.at(-1)!.headers['content-type']).toBeUndefined();
  }
});

test('Ctrl/Cmd+Enter sends from the URL field and from the body editor', async ({ app, workbench, sandbox }) => {
  await workbench.target('Local sandbox');
  await workbench.urlField.press('ControlOrMeta+Enter');
  await expect(workbench.statusLine()).toHaveText(/^200/);
  const count = sandbox.received.length;

  await workbench.method('PUT');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  await workbench.setBody('{"a": 1}');
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect.poll(() => sandbox.received.length).toBe(count + 1);
  expect(sandbox.received.at(-1)).toMatchObject({ method: 'PUT', body: '{"a": 1}' });
  // The shortcut sent; it did not add a line to the body.
  await expect(workbench.bodyEditor).toHaveText('{"a": 1}');
});

test('invalid JSON is blocked with its line and column, and nothing is sent', async ({ app, workbench, sandbox }) => {
  await workbench.target('Local sandbox');
  await workbench.method('POST');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  await workbench.setBody('{\n  "title": "Flat",\n  "price": \n}');
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.problems()).toHaveText(/The body is not valid JSON: .* at line 4, column 1\./);
  // The editor marks the error too.
  await expect(app.locator('.cm-lint-marker-error')).toBeVisible();
  expect(sandbox.received.length).toBe(before);

  // Fixing it clears the alert and the request goes.
  await workbench.setBody('{"title": "Flat"}');
  await expect(workbench.problems()).toHaveCount(0);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  expect(sandbox.received.length).toBe(before + 1);
  expect(sandbox.received.at(-1)!.body).toBe('{"title": "Flat"}');
});

test('a URL that is not HTTPS is blocked and nothing is sent', async ({ workbench, sandbox }) => {
  await workbench.target('Local sandbox');
  const before = sandbox.received.length;
  await workbench.url(sandbox.origin.replace('https://', 'http://') + '/taxonomy/v1/categories');
  await workbench.send();
  await expect(workbench.problems()).toContainText('HTTPS only: change it to https://');
  await expect(workbench.urlField).toHaveAttribute('aria-invalid', 'true');
  await expect(workbench.statusLine()).toHaveCount(0);
  expect(sandbox.received.length).toBe(before);
});

test('bad headers and a body on GET are blocked, each with its own sentence', async ({ workbench, sandbox }) => {
  await workbench.target('Local sandbox');
  await workbench.addHeader('X Bad', '1');
  await workbench.addHeader('', 'orphan value');
  await workbench.setBody('{"not": "allowed on GET"}');
  const before = sandbox.received.length;
  await workbench.send();
  const alert = workbench.problems();
  await expect(alert).toContainText('“X Bad” is not a valid header name');
  await expect(alert).toContainText('has a value but no name');
  await expect(alert).toContainText('A GET request cannot carry a body');
  expect(sandbox.received.length).toBe(before);
});

test('a request in flight can be cancelled, and the server sees the connection go', async ({ workbench, sandbox }) => {
  await workbench.target('Local sandbox');
  await workbench.example('slow');
  await workbench.send();
  await expect(workbench.response()).toContainText('Sending…');
  await expect.poll(() => sandbox.pendingSlowResponses()).toBe(1);
  await workbench.cancel();
  await expect(workbench.statusLine()).toHaveText('Cancelled');
  await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'network-error');
  await expect(workbench.sendButton).toBeEnabled();
  await expect.poll(() => sandbox.pendingSlowResponses()).toBe(0);
});

test('a 2 MB JSON response is rendered pretty-printed, searchable and scrollable to its end', async ({
  app,
  workbench,
}) => {
  await workbench.target('Local sandbox');
  await workbench.example('large');
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200 OK/);
  await expect(workbench.response()).toContainText('1.9 MB');
  // Over 1 MiB: kept in the main process and shown by the paged viewer.
  const body = workbench.responseBody();
  await expect(body).toContainText('"items": [');
  await body.click();
  await app.keyboard.press('ControlOrMeta+End');
  await expect(body).toContainText('"last": true');

  await app.getByRole('button', { name: 'Search', exact: true }).click();
  const search = app.getByRole('textbox', { name: 'Search response body', exact: true });
  await search.fill('"last"');
  await search.press('Enter');
  await expect(app.getByRole('status', { name: 'Search result' })).toHaveText(/1 of 1/);
  await expect(body.locator('.current-match')).toHaveText('"last"');

  await app.getByRole('tab', { name: /Headers/ }).click();
  await expect(app.getByRole('table', { name: 'Response headers' })).toContainText('Content-Length2000000');
});

test('Bearer token auth sends the token as typed, and no API key', async ({ app, workbench, sandbox }) => {
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo`);
  await app.getByRole('combobox', { name: 'Auth' }).selectOption({ label: 'Bearer token' });
  await app.getByRole('textbox', { name: 'Bearer token' }).fill('e2e-plain-bearer-token');
  await app.screenshot({ path: test.info().outputPath('bearer-auth.png') });
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  const received = sandbox.received.at(-1)!;
  expect(received.headers.authorization).toBe('Bearer e2e-plain-bearer-token');
  expect(received.headers['x-api-key']).toBeUndefined();
});
