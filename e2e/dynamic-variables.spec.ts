/** Postman's dynamic variables in the request builder: supported ones send with fresh values, an unknown one is flagged. */
import { expect, test } from './support/fixtures';

const UUID_V4 =
  /^\/sandbox\/v1\/echo\?id=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}&t=\d{10}$/;

test('{{$guid}} and {{$timestamp}} are not unknown and arrive resolved; {{$nope}} is flagged and nothing is sent', async ({
  app,
  workbench,
  sandbox,
}) => {
  await workbench.url(`${sandbox.origin}/sandbox/v1/echo?id={{$guid}}&t={{$timestamp}}`);
  await expect(app.getByLabel('Resolved URL')).toHaveText(
    `Sends to ${sandbox.origin}/sandbox/v1/echo?id={{$guid}}&t={{$timestamp}}`,
  );
  await workbench.send();
  await expect(workbench.statusLine()).toHaveText(/^200/);
  expect(sandbox.received.at(-1)!.path).toMatch(UUID_V4);

  await workbench.url(`${sandbox.origin}/sandbox/v1/echo?id={{$nope}}`);
  await expect(app.getByLabel('Resolved URL')).toContainText('unknown: {{$nope}}');
  const before = sandbox.received.length;
  await workbench.send();
  await expect(workbench.problems()).toContainText(
    'Unknown dynamic variable {{$nope}} in the URL: it is not one the app makes up values for',
  );
  expect(sandbox.received.length).toBe(before);
});
