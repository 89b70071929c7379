/** The starter collection (shared/starter-collection.ts), tested here with the importers and exporters it feeds. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportedNode } from '../../../shared/collections';
import type { RequestDoc } from '../../../shared/schemas/request';
import { exampleAdvert } from '../../../shared/examples';
import { starterCollection } from '../../../shared/starter-collection';

type Request = Omit<RequestDoc, 'id'>;
const flat = (nodes: ImportedNode[], folder = ''): Array<Request & { folder: string }> =>
  nodes.flatMap((n) => (n.kind === 'request' ? [{ ...n.request, folder }] : flat(n.children, n.name)));

describe('starterCollection', () => {
  const starter = starterCollection();
  const requests = flat(starter.items);
  const named = (name: string) => requests.find((r) => r.name === name)!;

  it('is pure: no Node, Electron or app-process imports (it runs in the renderer too)', () => {
    const source = readFileSync(new URL('../../../shared/starter-collection.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((path) => path!.startsWith('./'))).toBe(true);
  });

  it('has the variables and the collection auth of the Partner API', () => {
    const vars = Object.fromEntries(starter.variables.map((v) => [v.name, v]));
    expect(vars.baseUrl).toEqual({ name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false });
    expect(vars.advertUuid!.value).toBe('');
    expect(vars.siteUrn!.value).toBe('urn:site:otodompl');
    for (const secret of ['clientCredentials', 'authorizationCode', 'refreshToken'])
      expect(vars[secret]).toMatchObject({ value: '', secret: true });
    expect(starter.auth).toEqual({ mode: 'api-key-bearer' });
  });

  it('runs top to bottom: publish first, delete last; folders in order', () => {
    expect(starter.items.map((n) => (n.kind === 'folder' ? n.name : ''))).toEqual([
      'Adverts',
      'Taxonomy',
      'Locations',
      'Authorization',
    ]);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST {{baseUrl}}/advert/v1',
      'GET {{baseUrl}}/advert/v1/{{advertUuid}}',
      'GET {{baseUrl}}/advert/v1/{{advertUuid}}/meta',
      'PUT {{baseUrl}}/advert/v1/{{advertUuid}}',
      'POST {{baseUrl}}/advert/v1/{{advertUuid}}/deactivate',
      'POST {{baseUrl}}/advert/v1/{{advertUuid}}/activate',
      'DELETE {{baseUrl}}/advert/v1/{{advertUuid}}',
      'GET {{baseUrl}}/taxonomy/v1/categories',
      'GET {{baseUrl}}/locations/v1/{{siteUrn}}/cities',
      'POST {{baseUrl}}/oauth/v1/token',
      'POST {{baseUrl}}/oauth/v1/token',
    ]);
  });

  it('publishes the advert.json example and captures its uuid', () => {
    const publish = named('Publish an advert');
    expect(JSON.parse(publish.body)).toEqual(exampleAdvert());
    expect(publish.captures).toEqual([{ variable: 'advertUuid', path: '$.data.uuid' }]);
    expect(JSON.parse(named('Update an advert').body)).toEqual(exampleAdvert());
  });

  it('uses the convention rows: Accept everywhere, Content-Type only with a body', () => {
    for (const request of requests) {
      expect(request.headers.find((h) => h.name === 'Accept')).toEqual({
        name: 'Accept',
        value: 'application/json',
        enabled: true,
        origin: 'default',
      });
      const contentType = request.headers.find((h) => h.name === 'Content-Type');
      if (request.body === '') expect(contentType).toBeUndefined();
      else
        expect(contentType).toEqual({
          name: 'Content-Type',
          value: 'application/json',
          enabled: true,
          origin: 'default',
        });
    }
  });

  it('taxonomy and locations need the API key only; the token requests send Basic client credentials', () => {
    expect(named('Categories').auth).toEqual({ mode: 'api-key' });
    expect(named('Cities').auth).toEqual({ mode: 'api-key' });
    const exchange = named('Exchange a code for tokens');
    expect(JSON.parse(exchange.body)).toEqual({ grant_type: 'authorization_code', code: '{{authorizationCode}}' });
    expect(exchange.headers).toContainEqual({
      name: 'Authorization',
      value: 'Basic {{clientCredentials}}',
      enabled: true,
    });
    expect(JSON.parse(named('Refresh a token').body)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '{{refreshToken}}',
    });
    expect(named('Get the advert').auth).toEqual({ mode: 'inherit' });
  });

  it('describes each request in one line with its documented statuses', () => {
    for (const request of requests) {
      expect(request.description).toMatch(/\b(200|202|204)\b/);
      expect(request.description).not.toContain('\n');
    }
    expect(named('Publish an advert').description).toContain('202 Accepted: publishing is asynchronous');
  });

  it('holds no secret: credential headers refer to variables, secret variables are empty', () => {
    for (const request of requests) {
      for (const h of request.headers.filter((h) => /^(authorization|x-api-key)$/i.test(h.name)))
        expect(h.value).toMatch(/^(Basic |Bearer )?\{\{\w+\}\}$/);
    }
    expect(starter.variables.filter((v) => v.secret).every((v) => v.value === '')).toBe(true);
  });

  it('is a fresh copy each time', () => {
    const a = starterCollection();
    (a.items[0] as { name: string }).name = 'changed';
    expect(starterCollection().items[0]).toMatchObject({ name: 'Adverts' });
  });
});
