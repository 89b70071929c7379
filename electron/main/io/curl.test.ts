import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportResult, ImportedNode } from '../../../shared/collections';
import type { Method } from '../../../shared/http-types';
import { containsCurlCommand, parseCurl, toCurl, type CurlRequest } from './curl';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/curl/${name}`, import.meta.url), 'utf8');

function only(result: ImportResult) {
  expect(result.collections).toHaveLength(1);
  const [item] = result.collections[0]!.items as [ImportedNode];
  if (item.kind !== 'request') throw new Error('expected a request');
  return item.request;
}

const headerPairs = (result: ImportResult) => only(result).headers.map((h) => [h.name, h.value]);

/** The API docs' own example (developer.olxgroup.com, "Making API requests"), with variables. */
const DOCS_EXAMPLE =
  "curl --location --request POST 'https://api.olxgroup.com/advert/v1' --header 'Authorization: Bearer {{access_token}}' --header 'X-API-KEY: {{api_key}}' --header 'User-Agent: MyCRM' --header 'Content-Type: application/json' --data-raw @advert.json";

describe('parseCurl: the Partner API docs', () => {
  it('imports the docs example with the advert.json file as the body', () => {
    const advert = '{\n  "title": "Sunny flat"\n}\n';
    const result = parseCurl(DOCS_EXAMPLE, { 'advert.json': advert });
    expect(result.format).toBe('cURL command');
    expect(result.collections[0]!.name).toBe('api.olxgroup.com');
    const request = only(result);
    expect(request).toMatchObject({
      name: 'POST /advert/v1',
      method: 'POST',
      url: 'https://api.olxgroup.com/advert/v1',
      body: advert,
      auth: { mode: 'none' },
    });
    // {{variable}} values are not secrets: the headers stay, with their variables.
    expect(headerPairs(result)).toEqual([
      ['Authorization', 'Bearer {{access_token}}'],
      ['X-API-KEY', '{{api_key}}'],
      ['User-Agent', 'MyCRM'],
      ['Content-Type', 'application/json'],
    ]);
    expect(result.collections[0]!.variables.map((v) => [v.name, v.value, v.secret])).toEqual([
      ['access_token', '', true],
      ['api_key', '', true],
    ]);
    expect(result.unsupported).toEqual([]);
  });

  it('without the file, leaves the body empty and says which file to choose', () => {
    const result = parseCurl(DOCS_EXAMPLE);
    expect(only(result).body).toBe('');
    expect(only(result).method).toBe('POST');
    expect(result.unsupported).toEqual(['The body comes from the file advert.json; choose that file to include it.']);
  });

  it('reads the generic docs command with placeholders, a glued backslash and a missing one', () => {
    const result = parseCurl(fixture('olx-making-api-requests.txt'));
    const request = only(result);
    expect(request.url).toBe('https://<API_URL>/<API>/<VERSION>/<RESOURCE>');
    expect(headerPairs(result)).toEqual([
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
      ['User-Agent', '<YOUR CRM NAME>'],
    ]);
    // Literal key and token (placeholders here) are never kept: the auth asks Credentials for them.
    expect(request.auth).toEqual({ mode: 'api-key-bearer', bearer: 'manual' });
    expect(result.unsupported).toEqual([
      'The body comes from the file advert.json; choose that file to include it.',
      'The method <OPERATION> is not one the app sends; POST was used instead.',
      'The API key in the X-API-KEY header was not imported: enter it in Credentials, so that it is never saved in a collection file.',
      'The Bearer token in the Authorization header was not imported: enter it in Credentials (Bearer token by hand) or authorize a CRM user.',
    ]);
  });

  it('reads the activate example', () => {
    const request = only(parseCurl(fixture('olx-activate.txt')));
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://api.olxgroup.com/advert/v1/<UUID>/activate',
      body: '',
      headers: [],
    });
  });

  it('never keeps a literal API key or token anywhere in the result', () => {
    const result = parseCurl(
      "curl -X POST https://api.olxgroup.com/advert/v1 -H 'X-API-KEY: sk_live_123456' -H 'Authorization: Bearer eyJhbGciOi.secret.token' -d '{}'",
    );
    const text = JSON.stringify(result);
    expect(text).not.toContain('sk_live_123456');
    expect(text).not.toContain('eyJhbGciOi');
    expect(only(result).auth).toEqual({ mode: 'api-key-bearer', bearer: 'manual' });
    // What is left is the type curl adds for -d.
    expect(only(result).headers).toEqual([
      { name: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true },
    ]);
  });

  it('an API key alone becomes auth api-key', () => {
    const result = parseCurl("curl https://api.olxgroup.com/taxonomy/v1/categories -H 'x-api-key: abc'");
    expect(only(result).auth).toEqual({ mode: 'api-key' });
    expect(JSON.stringify(result)).not.toContain('"abc"');
  });
});

describe('parseCurl: real commands from other API docs', () => {
  it('GitHub quickstart: --url, double quotes, a literal Bearer token', () => {
    const result = parseCurl(fixture('github-quickstart.sh'));
    expect(only(result)).toMatchObject({
      method: 'GET',
      url: 'https://api.github.com/repos/octocat/Spoon-Knife/issues',
      auth: { mode: 'api-key-bearer', bearer: 'manual' },
    });
    expect(headerPairs(result)).toEqual([['Accept', 'application/vnd.github+json']]);
    expect(JSON.stringify(result)).not.toContain('YOUR-TOKEN');
  });

  it('GitHub Actions step: a shell variable becomes a {{variable}} and the header stays', () => {
    const result = parseCurl(fixture('github-actions-step.sh'));
    expect(headerPairs(result)).toContainEqual(['Authorization', 'Bearer {{GH_TOKEN}}']);
    expect(only(result).auth).toEqual({ mode: 'none' });
    expect(result.collections[0]!.variables).toEqual([{ name: 'GH_TOKEN', value: '', enabled: true, secret: true }]);
    expect(result.unsupported).toEqual([
      "The shell variables $GH_TOKEN became the variables {{GH_TOKEN}}: give them values in the collection's variables.",
    ]);
  });

  it('Twilio script: skips the assignments and comments, --data-urlencode, -u', () => {
    const result = parseCurl(fixture('twilio-send-sms.sh'));
    const request = only(result);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.twilio.com/2010-04-01/Accounts/{{ACCOUNT_SID}}/Messages.json');
    expect(request.body).toBe('From={{TWILIO_PHONE_NUMBER}}&To={{TO_PHONE_NUMBER}}&Body={{MESSAGE}}');
    expect(request.auth).toEqual({ mode: 'basic' });
    expect(result.unsupported[0]).toBe(
      'The user and password (-u) were not imported: enter them in Credentials → Basic.',
    );
    expect(JSON.stringify(result)).not.toContain('AUTH_TOKEN}}');
  });

  it('Windows batch file: each command, with cmd-style "" quotes inside double quotes', () => {
    const lines = fixture('httpbin-calls.bat')
      .split(/\r?\n/)
      .filter((line) => line.startsWith('curl'));
    expect(lines).toHaveLength(4);
    const [get, del, post, put] = lines.map((line) => only(parseCurl(line)));
    expect(get).toMatchObject({ method: 'GET', url: 'https://httpbin.org/get?isGood=true&isBad=false', body: '' });
    expect(del).toMatchObject({ method: 'DELETE', url: 'https://httpbin.org/delete' });
    expect(JSON.parse(post!.body)).toEqual({ name: 'john', permissions: [2000, 3000, 4000] });
    expect(put).toMatchObject({ method: 'PUT', body: 'name=john&permissions=2000&permissions=3000&permissions=4000' });
    expect(put!.headers).toEqual([{ name: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true }]);
  });

  it('the whole batch file imports its first command and says there are more', () => {
    const result = parseCurl(fixture('httpbin-calls.bat'));
    expect(only(result).url).toBe('https://httpbin.org/get?isGood=true&isBad=false');
    expect(result.unsupported).toEqual([
      'Only the first curl command was imported; the text has 4. Import the others one at a time.',
    ]);
  });
});

describe('parseCurl: shell syntax', () => {
  it('joins backslash continuations, with or without a space before the backslash', () => {
    const request = only(parseCurl("curl -X PUT 'https://h.example/a'\\\n  -H 'A: 1' \\\r\n  -H 'B: 2'"));
    expect(request.method).toBe('PUT');
    expect(request.headers.map((h) => h.name)).toEqual(['A', 'B']);
  });

  it('reads Windows cmd caret continuations', () => {
    const text =
      'curl -X POST "https://localhost:4200/Api/Log" ^\n-H "Content-Type: application/json" ^\n-d "{\\"sender\\":\\"CURL\\",\\"Message\\":\\"Multiline CURL is here\\"}"';
    const request = only(parseCurl(text));
    expect(request.url).toBe('https://localhost:4200/Api/Log');
    expect(JSON.parse(request.body)).toEqual({ sender: 'CURL', Message: 'Multiline CURL is here' });
  });

  it("reads Chrome's Copy as cURL (cmd) escaping", () => {
    const text =
      'curl ^"https://example.com/api/items?a=1^&b=2^" ^\n  -H ^"accept: application/json^" ^\n  --data-raw ^"^{^\\^"a^\\^":1^}^"';
    const request = only(parseCurl(text));
    expect(request.url).toBe('https://example.com/api/items?a=1&b=2');
    expect(request.body).toBe('{"a":1}');
    expect(request.method).toBe('POST');
  });

  it("reads $'…' ANSI-C quoting", () => {
    const request = only(parseCurl("curl https://h.example/x --data-binary $'line1\\nit\\'s \\x41\\u00e9\\tend'"));
    expect(request.body).toBe("line1\nit's Aé\tend");
  });

  it('keeps single-quoted text literal and reads escapes in double quotes', () => {
    const request = only(parseCurl(`curl https://h.example/x -d '$HOME "q" \\n' -H "X-Note: say \\"hi\\" \\$5"`));
    expect(request.body).toBe('$HOME "q" \\n');
    expect(request.headers[0]).toEqual({ name: 'X-Note', value: 'say "hi" $5', enabled: true });
  });

  it('ignores comments, pipes and redirections around the command', () => {
    const request = only(
      parseCurl('# list categories\ncurl -s https://h.example/taxonomy/v1/categories | jq .data > out.json'),
    );
    expect(request).toMatchObject({ method: 'GET', url: 'https://h.example/taxonomy/v1/categories' });
  });

  it('accepts curl.exe and a path to curl', () => {
    expect(only(parseCurl('curl.exe https://h.example/a')).url).toBe('https://h.example/a');
    expect(only(parseCurl('/usr/bin/curl https://h.example/b')).url).toBe('https://h.example/b');
  });

  it('throws when there is no curl command or no URL', () => {
    expect(() => parseCurl('wget https://h.example/')).toThrow('This text has no curl command in it.');
    expect(() => parseCurl('curl -H "A: b"')).toThrow('The curl command has no URL.');
  });
});

describe('parseCurl: options', () => {
  it('-X, -H (repeatable), grouped and attached short options', () => {
    const result = parseCurl("curl -sSL -XPATCH -H'A: 1' -H 'B: two words' https://h.example/p");
    expect(only(result).method).toBe('PATCH');
    expect(headerPairs(result)).toEqual([
      ['A', '1'],
      ['B', 'two words'],
    ]);
    expect(result.unsupported).toEqual([]);
  });

  it('--location, -L and --compressed are ignored without a word', () => {
    const result = parseCurl('curl --location -L --compressed https://h.example/');
    expect(result.unsupported).toEqual([]);
  });

  it('data options are joined with & and make the method POST', () => {
    const request = only(
      parseCurl('curl https://h.example/f -d a=1 --data b=2 --data-ascii c=3 --data-binary d=4 --data-raw e=5'),
    );
    expect(request.method).toBe('POST');
    expect(request.body).toBe('a=1&b=2&c=3&d=4&e=5');
  });

  it('--data-urlencode in all its forms, keeping {{variables}} working', () => {
    const request = only(
      parseCurl(
        "curl https://h.example/f --data-urlencode 'q=a b&c' --data-urlencode '=x/y' --data-urlencode 'plain text' --data-urlencode 'v={{name}} ok' --data-urlencode 'f@note.txt'",
        { 'note.txt': 'é!' },
      ),
    );
    // As curl 7.88 sends them (checked with the real curl): `+` for a space, lower-case hex, `!` escaped.
    expect(request.body).toBe('q=a+b%26c&x%2fy&plain+text&v={{name}}+ok&f=%c3%a9%21');
  });

  it('--json sets the body, Content-Type and Accept', () => {
    const result = parseCurl(`curl --json '{"a":1}' https://h.example/j`);
    expect(only(result)).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(headerPairs(result)).toEqual([
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ]);
  });

  it('--json keeps headers given with -H', () => {
    const result = parseCurl(`curl --json '{}' -H 'Accept: application/vnd.x+json' https://h.example/j`);
    expect(headerPairs(result)).toEqual([
      ['Accept', 'application/vnd.x+json'],
      ['Content-Type', 'application/json'],
    ]);
  });

  it('-G moves the data into the query and keeps GET', () => {
    const request = only(parseCurl('curl -G https://h.example/search?x=1 -d q=flat -d rooms=3'));
    expect(request).toMatchObject({ method: 'GET', url: 'https://h.example/search?x=1&q=flat&rooms=3', body: '' });
  });

  it('-I is a HEAD request', () => {
    expect(only(parseCurl('curl -I https://h.example/')).method).toBe('HEAD');
  });

  it('-u is not imported: auth basic and a sentence', () => {
    const result = parseCurl('curl -u anna:s3cret https://h.example/');
    expect(only(result).auth).toEqual({ mode: 'basic' });
    expect(result.unsupported).toEqual([
      'The user and password (-u) were not imported: enter them in Credentials → Basic.',
    ]);
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('a literal Basic header and a user in the URL are not imported either', () => {
    const result = parseCurl("curl 'https://anna:pw@h.example/x' -H 'Authorization: Basic YW5uYTpwdw=='");
    expect(only(result).url).toBe('https://h.example/x');
    expect(only(result).auth).toEqual({ mode: 'basic' });
    expect(JSON.stringify(result)).not.toMatch(/YW5uYTpwdw|anna:pw/);
    expect(result.unsupported).toHaveLength(2);
  });

  it('-k is refused with the reason', () => {
    const result = parseCurl('curl -k https://h.example/');
    expect(result.unsupported).toEqual([
      "The option -k was not imported: TLS checks are never turned off; trust the server's CA in Settings instead.",
    ]);
    expect(parseCurl('curl --insecure https://h.example/').unsupported[0]).toContain('--insecure was not imported');
  });

  it('-A, -e and -b become headers; a cookie file does not', () => {
    const result = parseCurl('curl -A MyCRM -e https://ref.example/ -b "a=1; b=2" -b cookies.txt https://h.example/');
    expect(headerPairs(result)).toEqual([
      ['User-Agent', 'MyCRM'],
      ['Referer', 'https://ref.example/'],
      ['Cookie', 'a=1; b=2'],
    ]);
    expect(result.unsupported).toEqual([
      'The cookies read from the file cookies.txt (-b) were not imported: add a Cookie header by hand.',
    ]);
  });

  it('lists unknown options and options the app has no use for', () => {
    const result = parseCurl('curl --frobnicate --proxy http://p:8080 -F file=@a.png https://h.example/');
    expect(result.unsupported).toEqual([
      'The option --frobnicate was not imported: the app does not know it.',
      'The option --proxy http://p:8080 was not imported: the app has no equivalent.',
      'The form field -F file=@a.png was not imported: the app sends JSON and text bodies, not multipart forms (curl sends it with POST).',
    ]);
  });

  it('takes the URL from anywhere, or from --url, and mentions extra URLs', () => {
    expect(only(parseCurl('curl -H "A: b" https://h.example/last')).url).toBe('https://h.example/last');
    const result = parseCurl('curl --url https://h.example/one https://h.example/two');
    expect(only(result).url).toBe('https://h.example/one');
    expect(result.unsupported).toEqual([
      'Only the first URL was imported; the command also names https://h.example/two.',
    ]);
  });

  it('adds https:// to a URL without a scheme', () => {
    const result = parseCurl('curl api.olxgroup.com/taxonomy/v1/categories');
    expect(only(result).url).toBe('https://api.olxgroup.com/taxonomy/v1/categories');
    expect(result.unsupported).toEqual([
      'The URL api.olxgroup.com/taxonomy/v1/categories had no scheme; https:// was added (curl would use http://; the app sends HTTPS only).',
    ]);
  });

  it('finds a data file by its base name; @- says to paste the body', () => {
    expect(only(parseCurl('curl https://h.example/ -d @./payloads/advert.json', { 'advert.json': 'X' })).body).toBe(
      'X',
    );
    expect(parseCurl('curl https://h.example/ -d @-').unsupported).toEqual([
      'The body is read from standard input (@-); paste it in the body instead.',
    ]);
  });

  it('a header written Name; is sent empty, Name: removes it', () => {
    expect(headerPairs(parseCurl("curl https://h.example/ -H 'X-Empty;' -H 'Accept:'"))).toEqual([['X-Empty', '']]);
  });
});

describe('toCurl', () => {
  it("writes the docs' style", () => {
    const text = toCurl({
      method: 'POST',
      url: 'https://api.olxgroup.com/advert/v1',
      headers: [
        ['X-API-KEY', '{{apiKey}}'],
        ['Content-Type', 'application/json'],
      ],
      body: '{"title":"It\'s sunny"}',
    });
    expect(text).toBe(
      [
        "curl --location --request POST 'https://api.olxgroup.com/advert/v1' \\",
        "--header 'X-API-KEY: {{apiKey}}' \\",
        "--header 'Content-Type: application/json' \\",
        `--data-raw '{"title":"It'\\''s sunny"}'`,
      ].join('\n'),
    );
  });

  it('a GET without a body still says --request GET and has no --data-raw', () => {
    expect(toCurl({ method: 'GET', url: 'https://h.example/', headers: [], body: '' })).toBe(
      "curl --location --request GET 'https://h.example/'",
    );
  });
});

describe('round trip: parseCurl(toCurl(x)) gives back x', () => {
  const back = (x: CurlRequest): CurlRequest => {
    const request = only(parseCurl(toCurl(x)));
    return {
      method: request.method,
      url: request.url,
      headers: request.headers.map((h) => [h.name, h.value]),
      body: request.body,
    };
  };

  const cases: Array<[string, CurlRequest]> = [
    [
      'a GET without headers',
      { method: 'GET', url: 'https://api.olxgroup.com/taxonomy/v1/categories', headers: [], body: '' },
    ],
    [
      'a DELETE',
      {
        method: 'DELETE',
        url: 'https://api.olxgroup.com/advert/v1/{{advertUuid}}',
        headers: [['Accept', 'application/json']],
        body: '',
      },
    ],
    ['HEAD and OPTIONS', { method: 'HEAD', url: 'https://h.example/', headers: [], body: '' }],
    [
      'OPTIONS',
      { method: 'OPTIONS', url: 'https://h.example/*', headers: [['Origin', 'https://app.example']], body: '' },
    ],
    [
      'a pretty JSON advert',
      {
        method: 'POST',
        url: 'https://api.olxgroup.com/advert/v1',
        headers: [
          ['Content-Type', 'application/json'],
          ['X-API-KEY', '{{apiKey}}'],
          ['Authorization', 'Bearer {{accessToken}}'],
        ],
        body: JSON.stringify(
          { title: 'Mokotów: it\'s "bright"', description: 'Line 1\nLine 2\n\ttabbed', price: { value: 849000 } },
          null,
          2,
        ),
      },
    ],
    [
      'quotes of every kind',
      {
        method: 'PUT',
        url: 'https://h.example/q',
        headers: [['X-Quote', `it's "quoted"`]],
        body: `'single' "double" \`back\` '\\'' ''`,
      },
    ],
    [
      'backslashes and shell characters',
      {
        method: 'POST',
        url: 'https://h.example/s?a=1&b=$x',
        headers: [],
        body: 'C:\\path\\ $HOME ${X} $(whoami) `id` ; | & > < # ! * ? ~',
      },
    ],
    [
      'a backslash before a newline',
      { method: 'POST', url: 'https://h.example/n', headers: [], body: 'line \\\nnext\\' },
    ],
    ['CRLF and trailing newline', { method: 'POST', url: 'https://h.example/crlf', headers: [], body: 'a\r\nb\r\n' }],
    ['a lone quote', { method: 'PATCH', url: 'https://h.example/l', headers: [], body: "'" }],
    [
      'an empty header value and a colon in a value',
      {
        method: 'GET',
        url: 'https://h.example/',
        headers: [
          ['X-Empty', ''],
          ['If-Modified-Since', 'Mon, 01 Jan 2024 10:00:00 GMT'],
        ],
        body: '',
      },
    ],
    ['a GET with a body', { method: 'GET', url: 'https://h.example/', headers: [], body: '{"q":1}' }],
    [
      'unicode',
      {
        method: 'POST',
        url: 'https://h.example/ü?q=zażółć',
        headers: [['X-Name', 'Łódź ✓']],
        body: '{"emoji":"🏠","pl":"źdźbło"}',
      },
    ],
    [
      'variables everywhere',
      {
        method: 'POST',
        url: '{{baseUrl}}/locations/v1/{{siteUrn}}/cities',
        headers: [['User-Agent', '{{crmName}}']],
        body: '{"code":"{{authorizationCode}}"}',
      },
    ],
  ];
  it.each(cases)('%s', (_name, x) => {
    expect(back(x)).toEqual(x);
  });

  it('random bodies and header values (seeded)', () => {
    let seed = 20240101;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = `ab Z09'"\\\n\t$\`!{}[]@#%^&*()|;<>~é€🏠\r`;
    const text = (max: number) =>
      Array.from(
        { length: Math.floor(random() * max) },
        () => [...alphabet][Math.floor(random() * [...alphabet].length)],
      ).join('');
    const methods: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    for (let n = 0; n < 500; n++) {
      let body = text(40);
      if (body.startsWith('@')) body = `x${body}`;
      const value = `v${text(20).replace(/[\r\n]/g, ' ')}`.trimEnd();
      const x: CurlRequest = {
        method: methods[n % methods.length]!,
        url: `https://h.example/r${n}?q=${encodeURIComponent(text(8))}`,
        headers: [['X-Random', value]],
        body,
      };
      expect(back(x)).toEqual(x);
    }
  });
});

describe('containsCurlCommand', () => {
  it('finds a curl command by its first word, with a path or .exe, on any line', () => {
    const commands = [
      'curl https://x.test',
      'echo hi\ncurl https://x.test',
      '/usr/bin/curl https://x.test',
      'CURL.EXE https://x.test',
    ];
    expect(commands.map(containsCurlCommand)).toEqual([true, true, true, true]);
    expect(['echo curl', 'curlish https://x.test', 'mycurl https://x.test', ''].map(containsCurlCommand)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('parseCurl: what the user gets, in full', () => {
  const request = (fields: Partial<ReturnType<typeof only>>) => ({
    ...{ name: 'GET /', method: 'GET', url: '', headers: [], body: '', auth: { mode: 'none' }, captures: [] },
    ...fields,
  });
  const FORM_TYPE = { name: 'Content-Type', value: 'application/x-www-form-urlencoded', enabled: true };
  const result = (
    name: string,
    fields: Partial<ReturnType<typeof only>>,
    unsupported: string[] = [],
    variables: unknown[] = [],
  ) => ({
    format: 'cURL command',
    collections: [{ name, variables, auth: { mode: 'none' }, items: [{ kind: 'request', request: request(fields) }] }],
    environments: [],
    unsupported,
  });

  it('takes the user and password out of the URL, and only there, and asks for them in Credentials', () => {
    expect(parseCurl('curl https://user:pw@api.example.com/x?email=a@b.c')).toEqual(
      result(
        'api.example.com',
        { name: 'GET /x', url: 'https://api.example.com/x?email=a@b.c', auth: { mode: 'basic' } },
        ['The user and password in the URL were not imported: enter them in Credentials → Basic.'],
      ),
    );
    expect(only(parseCurl("curl 'https://api.example.com/r?next=https://u@evil.example/'")).url).toBe(
      'https://api.example.com/r?next=https://u@evil.example/',
    );
  });

  it('puts -G data and --url-query parts into the query, after the URL’s own', () => {
    expect(parseCurl("curl -G -d a=1 --url-query 'c=3 4' --url-query d=5 'https://x.example/y?b=2'")).toEqual(
      result('x.example', { name: 'GET /y', url: 'https://x.example/y?b=2&c=3+4&d=5&a=1' }),
    );
    expect(only(parseCurl('curl -G -d a=1 https://x.example/y')).url).toBe('https://x.example/y?a=1');
  });

  it('sends an empty -d as a POST', () => {
    expect(only(parseCurl("curl -d '' https://x.example/p"))).toMatchObject({ method: 'POST', body: '' });
  });

  it('turns --oauth2-bearer into the Bearer auth choice, never a header', () => {
    expect(parseCurl('curl --oauth2-bearer tok123456 https://x.example/p')).toEqual(
      result(
        'x.example',
        { name: 'GET /p', url: 'https://x.example/p', auth: { mode: 'api-key-bearer', bearer: 'manual' } },
        [
          'The Bearer token in the Authorization header was not imported: enter it in Credentials (Bearer token by hand) or authorize a CRM user.',
        ],
      ),
    );
  });

  it('joins --json parts as they are and other data with &, and adds JSON headers the command does not set', () => {
    const json = (command: string) => only(parseCurl(command));
    expect(json(`curl --json '{"a":1}' --json '{"b":2}' https://x.example/j`)).toMatchObject({
      body: '{"a":1}{"b":2}',
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Accept', value: 'application/json' },
      ],
    });
    expect(json(`curl -d a=1 --json '{"b":2}' https://x.example/j`).body).toBe('a=1&{"b":2}');
    expect(
      json(`curl --json '{}' -H 'content-type: text/plain' -H 'ACCEPT: text/csv' https://x.example/j`).headers.map(
        (h) => [h.name, h.value],
      ),
    ).toEqual([
      ['content-type', 'text/plain'],
      ['ACCEPT', 'text/csv'],
    ]);
  });

  it('names every URL it left out, and adds https:// to a URL without a scheme', () => {
    expect(parseCurl('curl https://a.example/1 https://b.example/2 https://c.example/3').unsupported).toEqual([
      'Only the first URL was imported; the command also names https://b.example/2, https://c.example/3.',
    ]);
    expect(parseCurl('curl api.example.com/v1?u=https://x.test')).toEqual(
      result('api.example.com', { name: 'GET /v1', url: 'https://api.example.com/v1?u=https://x.test' }, [
        'The URL api.example.com/v1?u=https://x.test had no scheme; https:// was added (curl would use http://; the app sends HTTPS only).',
      ]),
    );
  });

  it('reads @file data from the files given, by name or by base name; a word with a space is data', () => {
    expect(only(parseCurl("curl -d @body.json -d @'a b' https://x.example/f", { 'body.json': 'BODY' })).body).toBe(
      'BODY&@a b',
    );
    expect(only(parseCurl('curl -d @dir/body.json https://x.example/f', { 'body.json': 'BODY' })).body).toBe('BODY');
  });

  it('turns shell variables into collection variables, each named once, also from option lines joined back', () => {
    expect(parseCurl('curl https://$HOST/v1 -H "X-Id: $ID"\n  -H "X-Both: $ID $NEW"')).toEqual(
      result(
        '{{HOST}}',
        {
          name: 'GET /v1',
          url: 'https://{{HOST}}/v1',
          headers: [
            { name: 'X-Id', value: '{{ID}}', enabled: true },
            { name: 'X-Both', value: '{{ID}} {{NEW}}', enabled: true },
          ],
        },
        [
          "The shell variables $HOST, $ID, $NEW became the variables {{HOST}}, {{ID}}, {{NEW}}: give them values in the collection's variables.",
        ],
        [
          { name: 'HOST', value: '', enabled: true, secret: false },
          { name: 'ID', value: '', enabled: true, secret: false },
          { name: 'NEW', value: '', enabled: true, secret: false },
        ],
      ),
    );
  });

  it('keeps a command substitution as text, reads no body from standard input, and names a collection with no host “cURL import”', () => {
    expect(parseCurl('curl -d @- "{{base}}/v1?t=$(date)"')).toEqual(
      result(
        'cURL import',
        { name: 'POST /v1', method: 'POST', url: '{{base}}/v1?t=$(date)', headers: [FORM_TYPE] },
        [
          'The body is read from standard input (@-); paste it in the body instead.',
          'The command substitution $(date) cannot be run here; it was kept as text.',
        ],
        [{ name: 'base', value: '', enabled: true, secret: false }],
      ),
    );
  });

  it('finds variables in the URL, body and headers each on its own, not across them', () => {
    expect(parseCurl("curl 'https://x.example/{{a' -d 'b}}'").collections[0]!.variables).toEqual([]);
  });
});

describe('parseCurl: real snippets from READMEs, scripts and browsers', () => {
  const notes = (name: string) => parseCurl(fixture(name)).unsupported;

  it('a bash script with an echo line is read as bash, not Windows cmd', () => {
    const request = only(parseCurl(fixture('zoomwh-upload.sh')));
    expect(request).toMatchObject({ method: 'POST', url: 'http://localhost:7171/upload', body: '' });
    expect(headerPairs(parseCurl(fixture('zoomwh-upload.sh')))).toEqual([['X-API-KEY', '{{API_KEY}}']]);
    const github = only(parseCurl(fixture('liatrio-release-upload.sh')));
    expect(github).toMatchObject({
      method: 'GET',
      url: 'https://api.github.com/repos/liatrio/mobile-pipeline-poc/releases/latest',
    });
    expect(only(parseCurl('echo "Sending"\ncurl https://api.example.com/v1/x'))).toMatchObject({
      url: 'https://api.example.com/v1/x',
    });
  });

  it('-F without -X is a POST, and each form field is named as not imported', () => {
    const result = parseCurl(fixture('keiupload-form.sh'));
    expect(only(result)).toMatchObject({ method: 'POST', body: '', headers: [] });
    expect(result.unsupported.filter((line) => line.startsWith('The form field'))).toHaveLength(4);
  });

  it('-T is a PUT to the file name when the URL has none, and -T with -X keeps -X', () => {
    expect(only(parseCurl('curl -T ./docs/report.pdf https://files.example/up/'))).toMatchObject({
      method: 'PUT',
      url: 'https://files.example/up/report.pdf',
    });
    expect(only(parseCurl('curl -T report.pdf https://files.example'))).toMatchObject({
      method: 'PUT',
      url: 'https://files.example/report.pdf',
    });
    expect(only(parseCurl('curl -T report.pdf https://files.example/up/named.pdf'))).toMatchObject({
      url: 'https://files.example/up/named.pdf',
    });
    const withX = only(parseCurl('curl -X POST --upload-file a.zip https://files.example/assets?name=a.zip'));
    expect(withX).toMatchObject({ method: 'POST', url: 'https://files.example/assets?name=a.zip' });
  });

  it('-d without a Content-Type gets the form type curl sends; -G, -I and --json do what curl does', () => {
    const api = parseCurl(fixture('frontendmasters-run-api.sh').split('\n').slice(4).join('\n'));
    expect(only(api)).toMatchObject({
      method: 'POST',
      url: 'https://localhost:3000/users',
      body: '{"name": "Flash", "age": 99, "power": "speed"}',
    });
    expect(headerPairs(api)).toEqual([['Content-Type', 'application/x-www-form-urlencoded']]);
    expect(only(parseCurl('curl -G -d a=1 https://x.example/s'))).toMatchObject({
      method: 'GET',
      url: 'https://x.example/s?a=1',
      headers: [],
    });
    expect(only(parseCurl('curl -I -d a=1 https://x.example/s')).method).toBe('HEAD');
    expect(headerPairs(parseCurl("curl -d a=1 -H 'Content-Type:' https://x.example/s"))).toEqual([]);
  });

  it("-d @file drops the file's line breaks as curl does; --data-binary, --data-raw and --json keep them", () => {
    // Checked with curl 7.88 against a loopback server: -d and --data-ascii send '{  "a": 1}'.
    const files = { 'f.json': '{\n  "a": 1\r\n}\n' };
    const body = (option: string) => only(parseCurl(`curl ${option} @f.json https://x.example/f`, files)).body;
    expect(['-d', '--data-ascii', '--data'].map(body)).toEqual(['{  "a": 1}', '{  "a": 1}', '{  "a": 1}']);
    expect(['--data-binary', '--data-raw', '--json'].map(body)).toEqual([
      files['f.json'],
      files['f.json'],
      files['f.json'],
    ]);
  });

  it('finds the command in a Markdown fence', () => {
    const result = parseCurl(fixture('slack-webhook-readme.md'));
    expect(only(result)).toMatchObject({ method: 'POST', body: '{"text":"Hello, World!"}' });
    expect(only(result).url).toBe('https://hooks.slack.com/services/XXXXXXXXXXX/YYYYYYYYYYY/ZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(headerPairs(result)).toEqual([['Content-type', 'application/json']]);
    expect(result.unsupported).toEqual([]);
    expect(containsCurlCommand(fixture('slack-webhook-readme.md'))).toBe(true);
  });

  it('takes the commands after `$ ` prompts in a console fence and leaves their output out', () => {
    const readme = [
      'Create one:',
      '',
      '```console',
      '$ curl -X POST https://api.example.com/items \\',
      "    -H 'Content-Type: application/json' \\",
      "    -d '{",
      '  "name": "Ada"',
      "}'",
      '{"id": 1, "note": "don\'t"}',
      '$ echo done',
      '```',
      '',
      '```json',
      '{ "an": "example that\'s not a command" }',
      '```',
    ].join('\n');
    const result = parseCurl(readme);
    expect(only(result)).toMatchObject({ method: 'POST', url: 'https://api.example.com/items' });
    expect(JSON.parse(only(result).body)).toEqual({ name: 'Ada' });
    expect(result.unsupported).toEqual([]);
    expect(only(parseCurl('~~~bash\n$ curl https://api.example.com/a\n~~~\n'))).toMatchObject({
      url: 'https://api.example.com/a',
    });
  });

  it('a Windows batch file with SET, %variables% and a stray quote', () => {
    const result = parseCurl(fixture('route4me-upload-review.bat'));
    expect(only(result)).toMatchObject({ method: 'POST', url: '{{base_url}}{{endpoint}}?api_key={{apikey}}' });
  });

  it('says per request that http:// is not sent, and that a URL without a scheme got https://', () => {
    expect(notes('chrome-copy-bash.sh')).toContain(
      'The URL http://127.0.0.1:5000/ uses http://, which the app does not send (HTTPS only): change it to https:// if the server offers it.',
    );
    expect(parseCurl('curl api.example.com/v1').unsupported).toEqual([
      'The URL api.example.com/v1 had no scheme; https:// was added (curl would use http://; the app sends HTTPS only).',
    ]);
  });
});

describe('cURL import: the URL and headers curl itself would use', () => {
  const only = (command: string) => {
    const result = parseCurl(command);
    const node = result.collections[0]!.items[0]!;
    if (node.kind !== 'request') throw new Error('expected a request');
    return { request: node.request, unsupported: result.unsupported };
  };

  it('-T names the uploaded file in a URL with no file part, and leaves other URLs as they are', () => {
    expect(only('curl -T dir/report.csv https://h.example').request.url).toBe('https://h.example/report.csv');
    expect(only('curl -T report.csv https://h.example/up/?v=1').request.url).toBe(
      'https://h.example/up/report.csv?v=1',
    );
    expect(only('curl -T "a b.csv" https://h.example/up/').request.url).toBe('https://h.example/up/a%20b.csv');
    expect(only('curl -T report.csv https://h.example/up/name.csv').request.url).toBe('https://h.example/up/name.csv');
    expect(only('curl -T - https://h.example/up/').request.url).toBe('https://h.example/up/');
    expect(only('curl -T dir/ https://h.example/up/').request.url).toBe('https://h.example/up/');
    expect(only('curl -T report.csv {{baseUrl}}/up/').request.url).toBe('{{baseUrl}}/up/');
    expect(only('curl -T report.csv https://h.example/up/').request.method).toBe('PUT');
  });

  it('notes an http:// URL only when the scheme is http', () => {
    expect(only('curl http://h.example/x').unsupported.join('\n')).toMatch(/uses http:\/\//);
    expect(only('curl https://h.example/x?next=http://other').unsupported.join('\n')).not.toMatch(/uses http:\/\//);
  });

  it('adds the form type for -d, but --json with other parts still makes it JSON', () => {
    const json = only('curl --json \'{"a":1}\' -d x=1 https://h.example/x').request.headers.map(
      (h) => `${h.name}: ${h.value}`,
    );
    expect(json).toEqual(expect.arrayContaining(['Content-Type: application/json', 'Accept: application/json']));
    const form = only('curl -d x=1 https://h.example/x').request.headers.map((h) => `${h.name}: ${h.value}`);
    expect(form).toEqual(['Content-Type: application/x-www-form-urlencoded']);
  });

  it('lists an unsupported dynamic variable it meets', () => {
    expect(only('curl https://h.example/{{$nope}}').unsupported.join('\n')).toMatch(/\{\{\$nope\}\}/);
  });
});
