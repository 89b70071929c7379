/** export:* through the real handlers, read back with import:*: the app's own format and Postman round-trip; cURL export. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeStorage } from '../../../test/support/fake-electron';
import { cipherFromSafeStorage } from '../credentials/vault';
import { createMainServices, type MainServices } from '../services';

let dir: string;
let services: MainServices;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-handlers-'));
  services = createMainServices({ dataDir: dir, env: {}, cipher: cipherFromSafeStorage(safeStorage, 'linux') });
});
afterEach(async () => {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function requestsOf(collectionId: string) {
  const view = await services.handlers['collections:list'](undefined);
  const collection = view.collections.find((c) => c.id === collectionId)!;
  const out: unknown[] = [];
  const walk = async (nodes: typeof collection.tree, path: string[]) => {
    for (const node of nodes) {
      if (node.kind === 'folder') await walk(node.children, [...path, node.name]);
      else {
        const { id: _id, ...doc } = await services.handlers['collections:getRequest']({
          collectionId,
          requestId: node.id,
        });
        out.push({ path, ...doc });
      }
    }
  };
  await walk(collection.tree, []);
  return out;
}

describe('export and import', () => {
  for (const format of ['workbench', 'postman'] as const) {
    it(`round-trips the starter collection through the ${format} format`, async () => {
      const [starter] = (await services.handlers['collections:addStarter'](undefined)).collections;
      await services.handlers['variables:set']({
        scope: { kind: 'collection', collectionId: starter!.id },
        variables: [
          ...starter!.variables.map((v) => ({ ...v, value: v.value })),
          { name: 'hidden', value: 'SECRET-VALUE-123', enabled: true, secret: true },
        ],
      });
      const exported = await services.handlers['export:collection']({ collectionId: starter!.id, format });
      expect(exported.text).not.toContain('SECRET-VALUE-123');
      const preview = await services.handlers['import:preview']({ text: exported.text, fileName: exported.fileName });
      expect(preview.collections[0]).toMatchObject({ requests: 11, folders: 4 });
      const { collections } = await services.handlers['import:apply']({ previewId: preview.previewId });
      const copy = collections.collections.at(-1)!;
      expect(copy.name).toBe(starter!.name);
      // Postman has no notion of the API's convention rows: only that marker is lost on the way.
      const plain = (docs: unknown[]) =>
        format === 'postman' ? JSON.parse(JSON.stringify(docs).replaceAll(',"origin":"default"', '')) : docs;
      expect(plain(await requestsOf(copy.id))).toEqual(plain(await requestsOf(starter!.id)));
    });
  }

  it('copies a request as cURL in the docs’ style with placeholders for credentials and secret variables', async () => {
    await services.handlers['variables:set']({
      scope: { kind: 'global' },
      variables: [
        { name: 'host', value: 'https://api.olxgroup.com', enabled: true, secret: false },
        { name: 'token', value: 'SECRET-TOKEN-999', enabled: true, secret: true },
      ],
    });
    const { text, copied } = await services.handlers['export:curl']({
      withSecrets: false,
      request: {
        requestId: 'c1',
        method: 'POST',
        url: '{{host}}/advert/v1',
        headers: [{ id: 'a', name: 'X-Trace', value: '{{token}}', enabled: true, origin: 'user' }],
        body: '{"title": "It\'s a flat"}',
        environmentId: null,
        auth: { mode: 'api-key-bearer', bearer: 'manual' },
        collectionId: null,
        captures: [],
      },
    });
    expect(copied).toBe(false);
    expect(text).toBe(
      [
        "curl --location --request POST 'https://api.olxgroup.com/advert/v1' \\",
        "--header 'X-Trace: {{token}}' \\",
        "--header 'X-API-KEY: {{apiKey}}' \\",
        "--header 'Authorization: Bearer {{accessToken}}' \\",
        // The request sets no type, so neither may curl (it would add application/x-www-form-urlencoded).
        "--header 'Content-Type:' \\",
        `--data-raw '{"title": "It'\\''s a flat"}'`,
      ].join('\n'),
    );
  });
});
