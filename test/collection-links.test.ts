/**
 * A collection opened from elsewhere (a git checkout) that holds symbolic links: real links in a
 * temporary folder, through the real dispatch. Nothing is read through a link, no save lands outside
 * the collection's folder, and each refusal is a sentence.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionsView } from '../shared/collections';
import type { RequestDoc } from '../shared/schemas/request';
import { openMainWorld, type MainWorld } from './support/main-world';

const OUTSIDE_TEXT = 'outside-the-collection-5d1c';

let team: MainWorld;
let world: MainWorld;
let repo: string;
let outside: string;

const doc = (id: string, name: string): RequestDoc => ({
  id,
  name,
  method: 'GET',
  url: 'https://api.example/x',
  headers: [],
  body: '',
  auth: { mode: 'inherit' },
  captures: [],
});

/** The outside folder's files and their contents. */
const outsideFiles = () => readdirSync(outside).map((name) => [name, readFileSync(join(outside, name), 'utf8')]);

beforeEach(async () => {
  // A collection with a folder "Adverts" holding one request, made by the app and copied as a team would keep it in git.
  team = openMainWorld();
  const created = await team.value<CollectionsView>('collections:create', { name: 'Shared' });
  const collectionId = created.collections[0]!.id;
  const withFolder = await team.value<CollectionsView>('collections:addFolder', {
    collectionId,
    parentId: null,
    name: 'Adverts',
  });
  const folderId = withFolder.collections[0]!.tree[0]!.id;
  await team.value('collections:saveRequest', {
    collectionId,
    parentId: folderId,
    request: doc('11111111-1111-4111-8111-111111111111', 'Publish'),
  });
  await team.value('collections:saveRequest', {
    collectionId,
    parentId: null,
    request: doc('22222222-2222-4222-8222-222222222222', 'Top'),
  });

  world = openMainWorld({ chooseFolder: async () => repo });
  repo = join(world.parent, 'repo');
  outside = join(world.parent, 'outside');
  cpSync(withFolder.collections[0]!.location, repo, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), OUTSIDE_TEXT);
  // The folder becomes a link to a folder outside (with a copy of its request), and a link to an outside file poses as a request.
  cpSync(join(repo, 'adverts', 'publish.request.json'), join(outside, 'publish.request.json'));
  rmSync(join(repo, 'adverts'), { recursive: true });
  symlinkSync(outside, join(repo, 'adverts'), 'dir');
  symlinkSync(join(outside, 'secret.txt'), join(repo, 'stolen.request.json'), 'file');
});
afterEach(async () => {
  await world.close();
  await team.close();
});

describe('a collection folder with symbolic links', () => {
  it('opens without following them, and says which requests were left out', async () => {
    const before = outsideFiles();
    const view = await world.value<CollectionsView>('collections:openFolder');
    const [shared] = view.collections;
    expect(shared!.tree.map((n) => n.name)).toEqual(['Adverts', 'Top']);
    expect(shared!.tree[0]).toMatchObject({ kind: 'folder', children: [] });
    expect(shared!.problems.join(' ')).toContain(
      '“Publish” was left out: its file adverts/publish.request.json is reached through a symbolic link',
    );
    expect(JSON.stringify(view)).not.toContain(OUTSIDE_TEXT);
    expect(outsideFiles()).toEqual(before);
  });

  it('refuses to save into a linked folder, with a sentence, and writes nothing outside', async () => {
    const view = await world.value<CollectionsView>('collections:openFolder');
    const [shared] = view.collections;
    const before = outsideFiles();
    const request = doc('33333333-3333-4333-8333-333333333333', 'New');
    const answer = await world.call('collections:saveRequest', {
      collectionId: shared!.id,
      parentId: shared!.tree[0]!.id,
      request,
    });
    expect(answer).toEqual({
      ok: false,
      error:
        'adverts/new.request.json leads outside the collection’s folder through a symbolic link, so the app neither reads nor writes it. ' +
        'Replace the link with a real file or folder.',
    });
    expect(outsideFiles()).toEqual(before);
    // The rest of the collection still works.
    await world.value('collections:saveRequest', {
      collectionId: shared!.id,
      parentId: null,
      request: doc('33333333-3333-4333-8333-333333333333', 'New'),
    });
  });

  it('refuses to read or write a request whose file became a link after the collection was opened', async () => {
    const view = await world.value<CollectionsView>('collections:openFolder');
    const [shared] = view.collections;
    const top = shared!.tree.find((n) => n.name === 'Top')!;
    rmSync(join(repo, 'top.request.json'));
    symlinkSync(join(outside, 'secret.txt'), join(repo, 'top.request.json'), 'file');
    const before = outsideFiles();
    const read = await world.call('collections:getRequest', { collectionId: shared!.id, requestId: top.id });
    const leadsOutside = /^top\.request\.json leads outside the collection’s folder through a symbolic link/;
    expect(read).toMatchObject({ ok: false, error: expect.stringMatching(leadsOutside) });
    const saved = await world.call('collections:saveRequest', {
      collectionId: shared!.id,
      parentId: null,
      request: doc(top.id, 'Top'),
    });
    expect(saved).toMatchObject({ ok: false, error: expect.stringMatching(/symbolic link/) });
    const moved = await world.call('collections:deleteNode', { collectionId: shared!.id, nodeId: top.id });
    expect(moved).toMatchObject({ ok: false, error: expect.stringMatching(/symbolic link/) });
    expect(JSON.stringify([read, saved, moved])).not.toContain(OUTSIDE_TEXT);
    expect(outsideFiles()).toEqual(before);
    // Nothing changed in the collection's tree either.
    const after = await world.value<CollectionsView>('collections:list');
    expect(after.collections[0]!.tree.map((n) => n.name)).toEqual(['Adverts', 'Top']);
  });
});
