import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_RECOGNISED, detectKind, importAny } from './detect';
import { looksLikeWindowsCmd } from './shell-words';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');

describe('detectKind / importAny', () => {
  it.each([
    ['curl/olx-making-api-requests.txt', 'curl', 'cURL command'],
    ['curl/twilio-send-sms.sh', 'curl', 'cURL command'],
    ['curl/httpbin-calls.bat', 'curl', 'cURL command'],
    ['curl/slack-webhook-readme.md', 'curl', 'cURL command'],
    ['curl/zoomwh-upload.sh', 'curl', 'cURL command'],
    ['postman/newman-sample-collection-v2.0.json', 'postman-collection', 'Postman Collection v2.0'],
    ['postman/epr-backend.postman_collection.json', 'postman-collection', 'Postman Collection v2.1'],
    ['postman/epr-local.postman_environment.json', 'postman-environment', 'Postman environment'],
    ['openapi/petstore-3.0.yaml', 'openapi', 'OpenAPI 3.0'],
    ['openapi/petstore-expanded-3.0.json', 'openapi', 'OpenAPI 3.0'],
    ['openapi/webhook-example-3.1.yaml', 'openapi', 'OpenAPI 3.1'],
    ['openapi/non-oauth-scopes-3.1.json', 'openapi', 'OpenAPI 3.1'],
  ])('%s is a %s', (path, kind, format) => {
    const text = fixture(path);
    expect(detectKind(text, path.split('/').pop())).toBe(kind);
    expect(importAny(text, path.split('/').pop()).format).toBe(format);
  });

  it('works without a file name too', () => {
    expect(importAny(fixture('openapi/uspto-3.0.yaml')).format).toBe('OpenAPI 3.0');
    expect(importAny(fixture('postman/forgerock-qa.postman_environment.json')).environments).toHaveLength(1);
  });

  it('unwraps the Postman API\'s {"collection": …} and {"environment": …} answers', () => {
    const collection = JSON.parse(fixture('postman/epr-backend.postman_collection.json')) as unknown;
    const environment = JSON.parse(fixture('postman/epr-local.postman_environment.json')) as unknown;
    const wrapped = importAny(JSON.stringify({ collection }));
    expect(wrapped.format).toBe('Postman Collection v2.1');
    expect(wrapped.collections[0]!.name).toBe(importAny(JSON.stringify(collection)).collections[0]!.name);
    expect(importAny(JSON.stringify({ environment })).environments).toHaveLength(1);
    expect(() => importAny(JSON.stringify({ collection: 'x' }))).toThrow(NOT_RECOGNISED);
  });

  it('passes chosen files on to the cURL importer', () => {
    const result = importAny("curl -X POST 'https://api.olxgroup.com/advert/v1' --data-raw @advert.json", undefined, {
      'advert.json': '{"title":"x"}',
    });
    expect(result.collections[0]!.items[0]).toMatchObject({ request: { body: '{"title":"x"}' } });
  });

  it('an OpenAPI document whose text mentions curl is still OpenAPI', () => {
    const yaml =
      'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\n  description: |\n    curl https://api.example.com/x\npaths: {}\n';
    expect(detectKind(yaml)).toBe('openapi');
  });

  it('Swagger 2.0 is detected and refused with its own message', () => {
    expect(() => importAny(fixture('openapi/swagger-2.0-petstore-minimal.json'))).toThrow(/Swagger 2\.0/);
  });

  it("the app's own files are recognised: a collection.json is pointed at the export, a damaged export says where", () => {
    const own = JSON.stringify({ format: 'partner-api-workbench.collection', version: 1, name: 'x' });
    expect(detectKind(own)).toBe('workbench');
    expect(() => importAny(own)).toThrow('not an export');
    const damaged = JSON.stringify({
      format: 'partner-api-workbench.collection-export',
      version: 1,
      collection: { name: 'x', auth: { mode: 'none' }, variables: [], items: [{ kind: 'request' }] },
    });
    expect(detectKind(damaged)).toBe('workbench');
    expect(() => importAny(damaged)).toThrow(
      'The export is damaged: field “request” of entry 1 in “items” in “collection” is missing; add it as an object in { }. Export the collection again, or correct the file.',
    );
    expect(() => importAny(JSON.stringify({ format: 'partner-api-workbench.collection-export', version: 2 }))).toThrow(
      'newer version',
    );
  });

  it('a Postman v1 collection says what to do', () => {
    expect(() => importAny(JSON.stringify({ id: 'x', name: 'old', order: [], requests: [] }))).toThrow(/Collection v1/);
  });

  it('anything else gets one clear sentence', () => {
    for (const text of ['', 'hello world', '{"a": 1}', '[1, 2]', 'key: value\nother: 2', '<html></html>']) {
      expect(() => importAny(text)).toThrow(NOT_RECOGNISED);
    }
    expect(NOT_RECOGNISED).toBe(
      'This file is not a Postman collection, Postman environment, OpenAPI document or cURL command.',
    );
  });

  it('malformed JSON says so', () => {
    expect(() => importAny('{"info": ', 'x.json')).toThrow(/not valid JSON/);
  });

  it('malformed YAML says so, with where, when the file says it is YAML (its name or an openapi: line)', () => {
    const broken = 'openapi: 3.0.3\npaths:\n  /a: [unclosed\n';
    expect(() => importAny(broken)).toThrow(
      /^This file is not valid YAML \(.+ at line \d+, column \d+\), so it cannot be imported\.$/,
    );
    expect(() => importAny('a: [1\n', 'api.yaml')).toThrow(/not valid YAML/);
    expect(() => importAny('a: [1\n')).toThrow(NOT_RECOGNISED);
  });

  it('YAML is parsed once (reported as it starts), then converting reports as it goes, up to the end', () => {
    const seen: string[] = [];
    const lines = Array.from({ length: 9000 }, (_, i) => `  /p${i}:\n    get:\n      summary: Op ${i}`).join('\n');
    const result = importAny(`openapi: 3.0.3\ninfo: { title: T }\npaths:\n${lines}\n`, 'big.yaml', {}, (p) =>
      seen.push(`${p.phase} ${p.fraction.toFixed(2)}`),
    );
    expect(result.collections[0]!.items).toHaveLength(9000);
    expect(seen.filter((s) => s.startsWith('parsing'))).toEqual(['parsing 0.00']);
    expect(seen[0]).toBe('parsing 0.00');
    const converting = seen.slice(1).map((s) => Number(s.replace('converting ', '')));
    expect(converting.length).toBeGreaterThan(80);
    expect(converting).toEqual([...converting].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe('converting 1.00');
  });

  it('YAML values keep the core schema: dates stay text, numbers are numbers, duplicate keys are refused', () => {
    const yaml = [
      'openapi: 3.0.3',
      'info: { title: T, version: 1.0 }',
      'paths:',
      '  /days/{day}:',
      '    post:',
      '      summary: Day',
      '      parameters: [{ name: day, in: path, required: true, example: 2020-01-01 }]',
      '      requestBody:',
      '        content:',
      '          application/json:',
      '            example: { since: 2020-01-01T10:00:00Z, count: 0x10, big: 12345678901234567890, on: yes, none: ~ }',
      '',
    ].join('\n');
    const [collection] = importAny(yaml, 'api.yaml').collections;
    expect(collection!.variables).toContainEqual({ name: 'day', value: '2020-01-01', enabled: true, secret: false });
    const item = collection!.items[0]!;
    const body = item.kind === 'request' && JSON.parse(item.request.body ?? '');
    expect(body).toEqual({
      since: '2020-01-01T10:00:00Z',
      count: 16,
      big: 12345678901234567000,
      on: 'yes',
      none: null,
    });
    expect(() => importAny('openapi: 3.0.3\npaths: {}\npaths: {}\n')).toThrow(
      'This file is not valid YAML (duplicated mapping key at line 3, column 1), so it cannot be imported.',
    );
  });
});

describe('looksLikeWindowsCmd: only what bash never writes', () => {
  it('is not fooled by echo, printf formats, percent-encoding or curl -w', () => {
    const bash = [
      'echo "hi"\ncurl https://x.test',
      "curl -w '%{http_code}' https://x.test/a%20b%C3%A9",
      'curl "https://x.test/?q=%E2%80%99"',
      'ECHO hi',
    ];
    expect(bash.map((text) => looksLikeWindowsCmd(text))).toEqual([false, false, false, false]);
  });

  it('sees carets, %NAME%, SET and batch lines', () => {
    const cmd = [
      'curl https://x.test ^\n -H "A: b"',
      'curl %BASE%/x',
      'SET base=https://x.test',
      '@ECHO OFF',
      'rem note',
      ':: note',
      'cls',
      'pause',
    ];
    expect(cmd.map((text) => looksLikeWindowsCmd(text))).toEqual(cmd.map(() => true));
  });
});
