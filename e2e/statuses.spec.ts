/** Every status the API documents, from the Local sandbox, shown with its kind and its meaning. */
import { describeStatus } from '../shared/status-codes';
import { expect, test } from './support/fixtures';

const flow: Array<{ example: string; code: number; kind: string; meaning: RegExp }> = [
  { example: 'categories', code: 200, kind: 'success', meaning: /most common answer to a successful operation/ },
  { example: 'publish', code: 202, kind: 'success', meaning: /asynchronous/ },
  { example: 'meta', code: 200, kind: 'success', meaning: /successful operation/ },
  { example: 'update', code: 202, kind: 'success', meaning: /processing is not complete/ },
  { example: 'delete', code: 204, kind: 'success', meaning: /no body, e\.g\. after a DELETE/ },
  { example: 'invalid', code: 400, kind: 'client-error', meaning: /malformed/ },
  { example: 'no-key', code: 401, kind: 'client-error', meaning: /no X-API-KEY header/ },
  { example: 'no-user', code: 401, kind: 'client-error', meaning: /expired access token/ },
  { example: 'bad-key', code: 403, kind: 'client-error', meaning: /invalid API key/ },
  { example: 'not-found', code: 404, kind: 'client-error', meaning: /does not exist/ },
  { example: 'conflict', code: 409, kind: 'client-error', meaning: /not created yet/ },
  { example: 'error', code: 500, kind: 'server-error', meaning: /on the API’s side/ },
];

test('each documented status from the sandbox shows its code, kind and meaning', async ({
  workbench,
  sandbox,
  authorizationPages,
}) => {
  await workbench.target('Local sandbox');
  // Advert calls act for a CRM user: authorize one first, as a newcomer would.
  const credentials = await workbench.openCredentials();
  await workbench.authorizeCrmUser(credentials, 'Demo agent', authorizationPages);
  await workbench.closeCredentials();
  for (const step of flow) {
    await workbench.example(step.example);
    await workbench.send();
    const status = workbench.statusLine();
    await expect(status, step.example).toHaveText(new RegExp(`^${step.code} ${describeStatus(step.code).reason}`));
    await expect(status).toHaveAttribute('data-status-kind', step.kind);
    await expect(workbench.meaning()).toHaveText(step.meaning);
    await expect(workbench.meaning()).not.toContainText('not documented');
  }
  // The update and delete went to the advert the publish created, not to a placeholder.
  const publish = sandbox.received.find((r) => r.method === 'POST' && r.path === '/advert/v1');
  expect(publish?.headers['x-api-key']).toBe(sandbox.apiKey);
  expect(publish?.headers.authorization).toMatch(/^Bearer sbx_at_/);
  const deleted = sandbox.received.find((r) => r.method === 'DELETE');
  expect(deleted?.path).toMatch(/^\/advert\/v1\/[0-9a-f-]{36}$/);
  expect(deleted?.path).not.toContain('00000000-0000');
  // 401 went without a key, 403 with one the sandbox does not know.
  const categories = sandbox.received.filter((r) => r.path === '/taxonomy/v1/categories');
  expect(categories.map((r) => r.headers['x-api-key'])).toEqual([sandbox.apiKey, undefined, 'sbx_unknown_key_0000']);
});

test('201 is shown as documented success; a code the API does not document is marked as such', async ({
  workbench,
  sandbox,
}) => {
  await workbench.target('Local sandbox');
  await workbench.url(`${sandbox.origin}/sandbox/v1/status/201`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^201 Created/);
  await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'success');
  await expect(workbench.meaning()).toHaveText(/data was created/);

  await workbench.url(`${sandbox.origin}/sandbox/v1/status/503`);
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^503 Service Unavailable/);
  await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'server-error');
  await expect(workbench.meaning()).toContainText('not documented by this API');

  await workbench.url(
    `${sandbox.origin}/sandbox/v1/redirect?to=${encodeURIComponent(sandbox.origin + '/sandbox/v1/status/304')}&status=302`,
  );
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^304/);
  await expect(workbench.statusLine()).toHaveAttribute('data-status-kind', 'redirect');
});
