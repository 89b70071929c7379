/**
 * Every importer lists the Postman dynamic variables the app makes up no value for, once per name
 * with where they are, and keeps the supported ones as written (they are resolved at send time).
 */
import { describe, expect, it } from 'vitest';
import type { ImportedNode } from '../../../shared/collections';
import { startTwoOrigins } from '../../../test/support/two-origins';
import { parseCurl } from './curl';
import { importOpenApi } from './openapi';
import { importPostman, importPostmanEnvironment } from './postman';

const request = (name: string, url: string, body = '') => ({
  name,
  request: { method: body ? 'POST' : 'GET', url, header: [], ...(body ? { body: { mode: 'raw', raw: body } } : {}) },
});
const sentence = (name: string, where: string) =>
  `The dynamic variable {{${name}}} (in ${where}) was not imported: the app makes up no value for it. ` +
  'It is kept as written and stops a send until you put a supported one such as {{$guid}}, or a variable of your own, in its place.';
const first = (items: ImportedNode[]) => (items[0]!.kind === 'request' ? items[0]!.request : null);

describe('dynamic variables in imports', () => {
  it('Postman: lists each unsupported one once with a few requests, and keeps the supported ones', () => {
    const result = importPostman({
      info: { name: 'Bank', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      variable: [{ key: 'account', value: '{{$randomBankAccount}}' }],
      item: [
        request(
          'Create',
          'https://api.example/accounts/{{$guid}}',
          '{"iban": "{{$randomBankAccountIban}}", "at": {{$timestamp}}}',
        ),
        ...['Update', 'Check', 'Close', 'Audit'].map((name) =>
          request(name, 'https://api.example/{{ $randomBankAccountIban }}'),
        ),
      ],
    });
    expect(result.unsupported).toEqual([
      sentence('$randomBankAccount', "the variables of the collection 'Bank'"),
      sentence('$randomBankAccountIban', "'Create', 'Update', 'Check' and 2 more"),
    ]);
    expect(first(result.collections[0]!.items)).toMatchObject({
      url: 'https://api.example/accounts/{{$guid}}',
      body: '{"iban": "{{$randomBankAccountIban}}", "at": {{$timestamp}}}',
    });
  });

  it('Postman environment: lists one in a value', () => {
    const result = importPostmanEnvironment({
      name: 'Dev',
      values: [{ key: 'id', value: '{{$randomCreditCardMask}}', enabled: true }],
    });
    expect(result.unsupported).toEqual([sentence('$randomCreditCardMask', "the environment 'Dev'")]);
  });

  it('cURL: lists an unsupported one, and keeps {{$guid}} in the header as written', () => {
    const result = parseCurl("curl -H 'X-Request-Id: {{$guid}}' 'https://api.example/users/{{$randomAvatarImage}}'");
    expect(result.unsupported).toEqual([sentence('$randomAvatarImage', "'GET /users/{{$randomAvatarImage}}'")]);
    expect(first(result.collections[0]!.items)?.headers).toEqual([
      expect.objectContaining({ name: 'X-Request-Id', value: '{{$guid}}' }),
    ]);
  });

  it('cURL: reads {{$name}} in double quotes or none as Postman’s, not as a shell variable', () => {
    const result = parseCurl('curl "https://api.example/{{$guid}}" -H X-N:{{$randomInt}} -d "{\\"a\\": \\"$HOME\\"}"');
    expect(first(result.collections[0]!.items)).toMatchObject({
      url: 'https://api.example/{{$guid}}',
      // -d without a type: curl sends application/x-www-form-urlencoded, and so does the import.
      headers: [
        expect.objectContaining({ name: 'X-N', value: '{{$randomInt}}' }),
        expect.objectContaining({ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }),
      ],
      body: '{"a": "{{HOME}}"}',
    });
    expect(result.collections[0]!.variables.map((v) => v.name)).toEqual(['HOME']);
  });

  it('OpenAPI: lists one in a server address', () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 'Odd', version: '1' },
      servers: [{ url: 'https://{{$randomDomainSuffix}}.example' }],
      paths: {},
    };
    const result = importOpenApi(JSON.stringify(document));
    expect(result.unsupported).toContain(sentence('$randomDomainSuffix', "the variables of the collection 'Odd'"));
  });

  it('a pasted cURL command with {{$guid}} and {{$timestamp}} sends them resolved', async () => {
    const world = await startTwoOrigins();
    try {
      const pasted = await world.call('import:curl', {
        text: `curl '${world.home.origin}/orders/{{$guid}}?t={{$timestamp}}' -H 'X-Id: {{$randomUUID}}'`,
      });
      expect(pasted.unsupported).toEqual([]);
      const { url, headers } = pasted.request;
      const rows = headers.map((h, i) => ({ ...h, id: `h${i}`, origin: 'user' as const }));
      expect(await world.call('request:send', world.request({ url, headers: rows }))).toMatchObject({
        kind: 'response',
      });
      const got = world.home.received.at(-1)!;
      expect(got.path).toMatch(
        /^\/orders\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\?t=\d{10}$/,
      );
      expect(got.headers['x-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      await world.close();
    }
  });
});
