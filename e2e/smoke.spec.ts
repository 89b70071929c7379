/** The harness itself: the real build loads, and window.api is the contract's, wired to the real handlers. */
import { CHANNELS, EVENTS } from '../shared/contract';
import { eventMember } from '../shared/channels';
import { expect, test } from './support/fixtures';

test('the app loads and says it is ready', async ({ app }) => {
  await expect(app).toHaveTitle('Partner API Workbench');
  await expect(app.locator('#root')).toHaveAttribute('data-app-state', 'ready');
});

test('window.api has one function per contract channel and event, and nothing else', async ({ app }) => {
  const members = await app.evaluate(() =>
    Object.entries(window.api).flatMap(([domain, group]) =>
      Object.entries(group as Record<string, unknown>).map(([verb, fn]) => `${domain}.${verb}: ${typeof fn}`),
    ),
  );
  const expected = [
    ...CHANNELS.map((channel) => `${channel.replace(':', '.')}: function`),
    ...EVENTS.map((event) => `${eventMember(event).join('.')}: function`),
  ];
  expect(members.sort()).toEqual(expected.sort());
  expect(await app.evaluate(() => Object.isFrozen(window.api))).toBe(true);
});

test('a call with a malformed payload is refused', async ({ app }) => {
  const outcome = await app.evaluate(() =>
    window.api.request.cancel({} as never).then(
      () => 'resolved',
      (error: unknown) => `rejected: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  expect(outcome).toMatch(/^rejected: Refused a malformed request:cancel call/);
});

test('the Local sandbox target is the test’s sandbox', async ({ app, sandbox }) => {
  const target = await app.evaluate(() => window.api.sandbox.start());
  expect(target).toEqual({ origin: sandbox.origin });
});
