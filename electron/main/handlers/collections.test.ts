/** Collection handlers through the real services: a folder kept elsewhere is opened with the main process's picker. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStorage } from '../../../test/support/fake-electron';
import { cipherFromSafeStorage } from '../credentials/vault';
import { createMainServices, type MainServices } from '../services';

const cipher = cipherFromSafeStorage(safeStorage, 'linux');
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function services(chooseFolder?: () => Promise<string | null>): MainServices {
  const dir = mkdtempSync(join(tmpdir(), 'collections-handlers-'));
  const created = createMainServices({ dataDir: dir, env: {}, cipher, chooseFolder });
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => created.dispose(),
  );
  return created;
}

describe('collection folders kept elsewhere', () => {
  it('opens a folder chosen in the main process, and closing it leaves the files where they are', async () => {
    const team = services();
    const [starter] = (await team.handlers['collections:addStarter'](undefined)).collections;
    const folder = starter!.location;

    const mine = services(async () => folder);
    const opened = await mine.handlers['collections:openFolder'](undefined);
    expect(opened.collections.map((c) => c.name)).toEqual(['OLX Group Partner API']);
    const { view } = await mine.handlers['collections:remove']({ collectionId: opened.collections[0]!.id });
    expect(view.collections).toEqual([]);
    expect(existsSync(join(folder, 'collection.json'))).toBe(true);
  });

  it('does nothing when the user cancels the picker, and says so where there is no picker', async () => {
    expect((await services(async () => null).handlers['collections:openFolder'](undefined)).collections).toEqual([]);
    await expect(services().handlers['collections:openFolder'](undefined)).rejects.toThrow('not available here');
  });
});
