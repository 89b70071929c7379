/**
 * Checks written as Postman test scripts and read back; common Postman test scripts (the snippets
 * Postman offers, and scripts from real published collections) read into checks and captures,
 * with everything else listed as not imported. newman runs the export in postman-checks-newman.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../shared/schemas/check';
import { captureScript } from './capture-script';
import { CHECKS_SCRIPT_MARKER, checksScript, importTestScript } from './postman-checks';

const check = (on: Check['on'], op: Check['op'], expected = '', target = '', enabled = true): Check => ({
  on,
  target,
  op,
  expected,
  enabled,
});

/** The `test` script of each item of a fixture collection, by item name. */
function testScripts(file: string): Map<string, string[]> {
  const collection = JSON.parse(
    readFileSync(new URL(`./fixtures/postman/${file}`, import.meta.url), 'utf8'),
  ) as unknown;
  const scripts = new Map<string, string[]>();
  const walk = (node: {
    name?: string;
    item?: unknown[];
    event?: Array<{ listen: string; script: { exec: string[] | string } }>;
  }) => {
    for (const event of node.event ?? []) {
      if (event.listen === 'test')
        scripts.set(
          node.name ?? '',
          Array.isArray(event.script.exec) ? event.script.exec : event.script.exec.split('\n'),
        );
    }
    for (const child of node.item ?? []) walk(child as typeof node);
  };
  walk(collection as Parameters<typeof walk>[0]);
  return scripts;
}

describe('the Postman snippets and common test scripts', () => {
  const scripts = testScripts('test-snippets.postman_collection.json');
  const read = (name: string) => {
    const exec = scripts.get(name);
    if (!exec) throw new Error(`no script named ${name}`);
    return importTestScript(exec);
  };

  it.each([
    ['Status code is 200', check('status', 'equals', '200')],
    ['JSON value check', check('json', 'equals', '100', '$.value')],
    ['Content-Type header check', check('header', 'exists', '', 'Content-Type')],
    ['Response time is less than 200ms', check('time', 'below', '200')],
    ['Successful POST request', check('status', 'one-of', '201, 202')],
  ])('%s becomes one check, nothing left out', (name, expected) => {
    expect(read(name)).toEqual({ checks: [expected], captures: [], notImported: [] });
  });

  it.each([
    ['Body matches string', 'pm.expect(pm.response.text()).to.include("string_you_want_to_search")'],
    ['Status code name has string', 'pm.response.to.have.status("Created")'],
    ['Set an environment variable', 'pm.environment.set("variable_key", "variable_value")'],
    ['Convert XML body to a JSON object', 'var jsonObject = xml2Json(responseBody)'],
  ])('%s is listed as not imported, as written', (name, line) => {
    expect(read(name)).toEqual({ checks: [], captures: [], notImported: [line] });
  });

  it('values stored from the JSON become captures; assertions inside an arrow pm.test become checks', () => {
    expect(read('Publish an advert')).toEqual({
      checks: [
        check('status', 'equals', '202'),
        check('json', 'exists', '', '$.data.uuid'),
        check('json', 'equals', 'Accepted', '$.message'),
      ],
      captures: [
        { variable: 'advertUuid', path: '$.data.uuid' },
        { variable: 'transactionId', path: '$.transaction_id' },
      ],
      notImported: [],
    });
  });

  it('reads chai chains: length, brackets, above, not, include on a header, exist, a variable, a regex across lines', () => {
    expect(read('Advert fields')).toEqual({
      checks: [
        check('json', 'length', '3', '$.data.images'),
        check('json', 'equals', 'https://img.example.com/1.jpg', '$.data.images[0].url'),
        check('json', 'gt', '0', '$.data.price.value'),
        check('json', 'le', '1000000', '$.data.price.value'),
        check('header', 'contains', 'application/json', 'Content-Type'),
        check('json', 'not-equals', 'removed', '$.data.state.code'),
        check('json', 'not-exists', '', '$.error'),
        check('json', 'equals', '{{advertUuid}}', '$.data.uuid'),
        check('json', 'matches', '/^Flat/i', '$.data.title'),
      ],
      captures: [],
      notImported: ["pm.expect(body.data.title).to.be.a('string')"],
    });
  });

  it('a schema held in a variable becomes a schema check; tv4 is not imported', () => {
    const schema = { type: 'object', required: ['transaction_id'], properties: { transaction_id: { type: 'string' } } };
    expect(read('Schema is valid')).toEqual({
      checks: [check('schema', 'valid', JSON.stringify(schema))],
      captures: [],
      notImported: ['pm.expect(tv4.validate(pm.response.json(), schema)).to.be.true'],
    });
  });

  it('reads the old tests[…] API and postman.setEnvironmentVariable', () => {
    expect(read('Legacy tests')).toEqual({
      checks: [check('status', 'equals', '200'), check('time', 'below', '200')],
      captures: [{ variable: 'token', path: '$.access_token' }],
      notImported: ['tests["Body contains id"] = responseBody.has("id")'],
    });
  });
});

describe('scripts from published collections', () => {
  it("newman's sample collection: tests['…'] = (responseCode.code === 200)", () => {
    const [exec] = testScripts('newman-sample-collection-v2.0.json').values();
    expect(importTestScript(exec ?? [])).toEqual({
      checks: [check('status', 'equals', '200')],
      captures: [],
      notImported: [],
    });
  });

  it("PayPal's: oneOf with a list held in a variable, a test named by concatenation, helpers left out", () => {
    const scripts = testScripts('paypal-checkout-flows.postman_collection.json');
    const [first] = scripts.values();
    const read = importTestScript(first ?? []);
    expect(read.checks).toEqual([check('status', 'one-of', '200, 201, 202, 204')]);
    expect(read.notImported.map((line) => line.split('\n')[0])).toEqual([
      'let message = pm.response.code +", Paypal-Debug-Id="+getPayPalDebugId()',
      'if(!isSuccessful()) {',
      'function getPayPalDebugId() {',
      'function isSuccessful() {',
    ]);
    expect(importTestScript(scripts.get('Create Setup Token - Card') ?? [])).toEqual({
      checks: [],
      captures: [{ variable: 'setup_token_id', path: '$.id' }],
      notImported: [],
    });
  });

  it("commercetools': the status test is read; conditional variable code is listed whole", () => {
    const read = importTestScript(
      testScripts('commercetools-checkout.postman_collection.json').get('Obtain access token') ?? [],
    );
    expect(read.checks).toEqual([check('status', 'equals', '200')]);
    expect(read.captures).toEqual([]);
    expect(read.notImported).toHaveLength(2);
    expect(read.notImported[0]).toBe(
      'if(data.access_token){\n    pm.environment.set("ctp_access_token", data.access_token);\n}',
    );
    expect(read.notImported[1]).toMatch(
      /^if \(data\.scope\) \{[\s\S]*pm\.environment\.set\("store-key", scopeParts\[2\]\);\n {8}\}\n {4}\}\n\}$/,
    );
  });
});

describe('reading scripts robustly', () => {
  it('strings with quotes, semicolons and comment markers do not split statements', () => {
    const exec = [
      'pm.test("a; b // not a comment", function () { pm.expect(pm.response.json()["odd; key"]).to.eql("x\\"y"); }); // trailing',
      '/* a block',
      '   comment */ pm.response.to.have.status(201)',
      'pm.test("async", async () => { pm.response.to.have.status(202) })',
      'pm.test("async function", async function () { pm.response.to.have.status(203) })',
      "pm.expect(pm.response.json().items[2].name).to.eql('it\\'s')",
    ];
    expect(importTestScript(exec)).toEqual({
      checks: [
        check('json', 'equals', 'x"y', "$['odd; key']"),
        check('status', 'equals', '201'),
        check('status', 'equals', '202'),
        check('status', 'equals', '203'),
        check('json', 'equals', "it's", '$.items[2].name'),
      ],
      captures: [],
      notImported: [],
    });
  });

  it('numbers, booleans, null and objects become JSON expected values', () => {
    const exec = [
      'const j = pm.response.json()',
      'pm.expect(j.count).to.eql(-2.5)',
      'pm.expect(j.active).to.be.true',
      'pm.expect(j.gone).to.be.null',
      'pm.expect(j.price).to.deep.equal({ value: 10, "currency": "EUR" })',
      'pm.expect(j.tags).to.include("sea")',
    ];
    expect(importTestScript(exec).checks).toEqual([
      check('json', 'equals', '-2.5', '$.count'),
      check('json', 'equals', 'true', '$.active'),
      check('json', 'equals', 'null', '$.gone'),
      check('json', 'equals', '{"value":10,"currency":"EUR"}', '$.price'),
      check('json', 'contains', 'sea', '$.tags'),
    ]);
  });

  it('reads the other status, header and time forms', () => {
    const exec = [
      'pm.expect(pm.response.code).to.equal(201);',
      'pm.expect(pm.response.code).to.be.within(200, 299);',
      'pm.expect(pm.response.code).to.not.eql(500);',
      'pm.response.to.be.success;',
      'pm.response.to.be.ok;',
      'pm.response.to.be.clientError;',
      'pm.response.to.have.header("ETag", "abc");',
      'pm.response.to.not.have.header("X-Debug");',
      "pm.expect(pm.response.headers.get('X-Request-Id')).to.exist;",
      'pm.expect(postman.getResponseHeader("Location")).to.match(/adverts/);',
      'pm.expect(pm.response.responseTime).to.be.lessThan(pm.environment.get("maxMs"));',
      'pm.globals.set("firstId", pm.response.json().items[0].id);',
    ];
    expect(importTestScript(exec)).toEqual({
      checks: [
        check('status', 'equals', '201'),
        check('status', 'between', '200-299'),
        check('status', 'not-equals', '500'),
        check('status', 'kind', 'success'),
        check('status', 'equals', '200'),
        check('status', 'kind', 'client-error'),
        check('header', 'equals', 'abc', 'ETag'),
        check('header', 'not-exists', '', 'X-Debug'),
        check('header', 'exists', '', 'X-Request-Id'),
        check('header', 'matches', 'adverts', 'Location'),
        check('time', 'below', '{{maxMs}}'),
      ],
      captures: [{ variable: 'firstId', path: '$.items[0].id' }],
      notImported: [],
    });
  });

  it('a path by a computed key, a capture of the whole body and an unclosed string are not imported', () => {
    expect(
      importTestScript([
        'var j = pm.response.json();',
        'pm.expect(j.items[i].id).to.eql(1);',
        'pm.environment.set("all", j);',
      ]).notImported,
    ).toEqual(['pm.expect(j.items[i].id).to.eql(1)', 'pm.environment.set("all", j)']);
    const broken = ['pm.response.to.have.status(200);', 'pm.expect(pm.response.json().a).to.eql("open'];
    expect(importTestScript(broken)).toEqual({ checks: [], captures: [], notImported: broken });
  });

  it('every test script of the published fixture collections is read without a throw, in a few milliseconds each', () => {
    const files = [
      'commercetools-checkout',
      'commercetools-platform-insights',
      'paypal-checkout-flows',
      'sabre-flight-reshop',
      'sabre-lodging',
      'stripe-usage-based-subscription',
    ];
    let taken = 0;
    for (const file of files) {
      for (const exec of testScripts(`${file}.postman_collection.json`).values()) {
        const started = performance.now();
        const read = importTestScript(exec);
        expect(performance.now() - started).toBeLessThan(200);
        taken += read.checks.length + read.captures.length;
      }
    }
    expect(taken).toBeGreaterThanOrEqual(24);
  });

  it('brackets nested very deep, and a very long script, are listed rather than read', () => {
    const deep = `pm.expect(${'('.repeat(20_000)}1${')'.repeat(20_000)}).to.eql(1)`;
    expect(importTestScript([deep])).toEqual({ checks: [], captures: [], notImported: [deep] });
    const long = Array.from({ length: 20_000 }, (_, i) => `pm.expect(pm.response.json().a${i}).to.eql(${i});`);
    const read = importTestScript(long);
    expect(read.checks).toEqual([]);
    expect(read.notImported).toEqual(long);
  });

  it('nothing is evaluated', () => {
    const exec = [
      'pm.test("x", function () { globalThis.hacked = true; pm.response.to.have.status(200); });',
      'process.exit(1)',
    ];
    expect(importTestScript(exec)).toEqual({
      checks: [check('status', 'equals', '200')],
      captures: [],
      notImported: ['globalThis.hacked = true', 'process.exit(1)'],
    });
    expect((globalThis as { hacked?: boolean }).hacked).toBeUndefined();
  });
});

describe('the export', () => {
  const checks: Check[] = [
    check('status', 'equals', '200'),
    check('status', 'kind', 'success'),
    check('json', 'length', '3', '$.items'),
    check('json', 'equals', '{{advertUuid}}', '$.data.uuid'),
    check('header', 'matches', '^application/json', 'Content-Type'),
    check('time', 'below', '500'),
    check('json', 'exists', '', '$.items[*].id'),
    check('status', 'one-of', '{{codes}}'),
    check('status', 'equals', '500', '', false),
  ];

  it('writes one pm.test per enabled check, named by its label', () => {
    const { exec, notExported } = checksScript(checks);
    expect(exec[0]).toBe(CHECKS_SCRIPT_MARKER);
    expect(exec.filter((line) => line.startsWith('pm.test('))).toEqual([
      'pm.test("status is 200", function () { pm.response.to.have.status(200); });',
      'pm.test("status is a success (2xx)", function () { pm.expect(pm.response.code).to.be.within(200, 299); });',
      'pm.test("$.items length is 3", function () { pm.expect(wb.size(wb.at(["items"]))).to.equal(3); });',
      'pm.test("$.data.uuid is {{advertUuid}}", function () { var v = wb.at(["data","uuid"]); var t = wb.text("{{advertUuid}}"); pm.expect(v).to.not.equal(undefined); if (v !== t) pm.expect(v).to.eql(wb.json(t)); });',
      'pm.test("header Content-Type matches ^application/json", function () { pm.expect(wb.header("Content-Type")).to.match(wb.re("^application/json")); });',
      'pm.test("response time below 500 ms", function () { pm.expect(pm.response.responseTime).to.be.below(500); });',
    ]);
    expect(notExported).toEqual([
      '$.items[*].id exists: only paths of names and indexes (such as $.items[0].id) are exported; newman has no JSONPath.',
      'status is one of {{codes}}: variables in a list or range of status codes are not exported.',
    ]);
    expect(exec).toContain(`// Not exported: ${notExported[0]}`);
  });

  it('a draft 2020-12 schema is not exported (newman validates draft-07); a draft-07 one is', () => {
    const schema2020 = check(
      'schema',
      'valid',
      '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}',
    );
    const schema07 = check('schema', 'valid', '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}');
    const { exec, notExported } = checksScript([schema2020, schema07]);
    expect(notExported).toEqual([
      'body valid against the schema: newman validates draft-07 schemas only, and this one is https://json-schema.org/draft/2020-12/schema.',
    ]);
    expect(exec).toContain(
      'pm.test("body valid against the schema", function () { pm.response.to.have.jsonSchema({"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}); });',
    );
  });

  it('reads its own export back exactly, switched-off checks included, beside the capture script', () => {
    expect(checksScript([])).toEqual({ exec: [], notExported: [] });
    expect(importTestScript(checksScript(checks).exec)).toEqual({ checks, captures: [], notImported: [] });
    const captures = [{ variable: 'advertUuid', path: '$.data.uuid' }];
    const both = [...captureScript(captures), ...checksScript(checks).exec, 'console.log("mine")'];
    expect(importTestScript(both)).toEqual({ checks, captures, notImported: ['console.log("mine")'] });
  });
});
