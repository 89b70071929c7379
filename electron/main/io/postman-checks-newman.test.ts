/**
 * Checks exported as Postman test scripts and run by the real newman against the local sandbox over
 * real HTTPS (its CA trusted through sslExtraCaCerts; TLS checks stay on): every check passes or
 * fails in newman exactly as evaluateChecks judges the same response, and as it judges the response
 * the app's own HTTP client gets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewmanExecution } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDoc } from '../../../shared/schemas/request';
import type { HeaderRow } from '../../../shared/schemas/header';
import type { Check, CheckResult } from '../../../shared/schemas/check';
import { runNewman } from '../../../test/support/newman';
import { evaluateChecks, responseForChecks, type CheckedResponse } from '../checks/evaluate';
import { createHttpClient } from '../http/client';
import { buildTrustedCas } from '../http/trust';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { exportPostman } from './postman';
import { checksScript } from './postman-checks';

const check = (on: Check['on'], op: Check['op'], expected = '', target = '', enabled = true): Check => ({
  on,
  target,
  op,
  expected,
  enabled,
});

const VARIABLES: Record<string, string> = { expectedMessage: 'OK', firstCategory: 'urn:concept:apartments-for-sale' };
const resolve = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => VARIABLES[name] ?? whole);
const asIs = (text: string) => text;

const CATEGORY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['transaction_id', 'message', 'data'],
  properties: { data: { type: 'array', items: { type: 'object', required: ['urn', 'name'] } } },
};

const REQUESTS: Array<{ name: string; path: string; checks: Check[] }> = [
  {
    name: 'Categories',
    path: '/taxonomy/v1/categories',
    checks: [
      check('status', 'equals', '200'),
      check('status', 'equals', '201'),
      check('status', 'not-equals', '200'),
      check('status', 'one-of', '200, 204'),
      check('status', 'between', '300-399'),
      check('status', 'kind', 'success'),
      check('json', 'length', '8', '$.data'),
      check('json', 'length', '7', '$.data'),
      check('json', 'equals', '{{firstCategory}}', '$.data[0].urn'),
      check('json', 'equals', '{{expectedMessage}}', '$.message'),
      check('json', 'equals', 'Nope', '$.message'),
      check('json', 'not-equals', 'x', '$.data[0].urn'),
      check('json', 'equals', '["urn:site:otodompl", "urn:site:storiaro"]', '$.data[4].sites'),
      check('json', 'not-equals', '["urn:site:otodompl","urn:site:storiaro"]', '$.data[4].sites'),
      check('json', 'contains', 'urn:site:storiaro', '$.data[4].sites'),
      check('json', 'contains', 'urn:site:imovirtualcom', '$.data[4].sites'),
      check('json', 'contains', 'for sale', '$.data[0].name'),
      check('json', 'matches', '^Apart', '$.data[0].name'),
      check('json', 'matches', '/^apart/i', '$.data[0].name'),
      check('json', 'matches', '^Houses', '$.data[0].name'),
      check('json', 'exists', '', '$.transaction_id'),
      check('json', 'exists', '', '$.error'),
      check('json', 'not-exists', '', '$.error'),
      check('header', 'matches', '^application/json', 'Content-Type'),
      check('header', 'contains', 'charset=utf-8', 'content-type'),
      check('header', 'equals', 'text/html', 'Content-Type'),
      check('header', 'exists', '', 'Cache-Control'),
      check('header', 'exists', '', 'ETag'),
      check('header', 'not-exists', '', 'X-Powered-By'),
      check('time', 'below', '60000'),
      check('time', 'below', '0'),
      check('size', 'below', '10000000'),
      check('size', 'below', '10'),
      check('schema', 'valid', JSON.stringify(CATEGORY_SCHEMA)),
      check('schema', 'valid', JSON.stringify({ ...CATEGORY_SCHEMA, required: ['uuid'] })),
      check('status', 'equals', '500', '', false),
    ],
  },
  {
    name: 'Not found',
    path: '/sandbox/v1/status/404',
    checks: [
      check('status', 'kind', 'client-error'),
      check('status', 'equals', '200'),
      check('json', 'equals', '404', '$.error.status'),
      check('json', 'equals', '"404"', '$.error.status'),
      check('json', 'contains', '404', '$.error.detail'),
      check('json', 'exists', '', '$.data'),
    ],
  },
  {
    name: 'Cities',
    path: '/locations/v1/urn:site:otodompl/cities',
    checks: [
      check('json', 'gt', '50', '$.data[0].lat'),
      check('json', 'lt', '50', '$.data[0].lat'),
      check('json', 'le', '26', '$.data[0].id'),
      check('json', 'ge', '27', '$.data[0].id'),
      check('json', 'equals', 'Kraków', '$.data[1].name'),
      check('json', 'length', '6', '$.data[1].name'),
    ],
  },
];

/** The app's request document for one of REQUESTS (X-API-KEY comes from the api-key auth). */
function requestDoc(index: number): RequestDoc {
  const request = REQUESTS[index]!;
  return {
    id: `r${index}`,
    name: request.name,
    method: 'GET',
    url: `{{baseUrl}}${request.path}`,
    headers: [],
    body: '',
    auth: { mode: 'api-key' },
    captures: [],
  };
}

/** The exported collection, each item given its checks' test script (what the exporter will do). */
function exportedCollection(): Record<string, unknown> {
  const collection = exportPostman({
    name: 'Checks',
    variables: [],
    auth: { mode: 'none' },
    items: REQUESTS.map((_, i) => ({ kind: 'request', request: requestDoc(i) })),
  });
  const items = collection.item as Array<Record<string, unknown>>;
  items.forEach((item, i) => {
    const { exec, notExported } = checksScript(REQUESTS[i]!.checks);
    expect(notExported).toEqual([]);
    item.event = [{ listen: 'test', script: { type: 'text/javascript', exec } }];
  });
  return collection;
}

/** The response newman got, as checks see it (pm.response's time and size). */
function newmanResponse(execution: NewmanExecution): CheckedResponse {
  const response = execution.response;
  if (!response)
    throw new Error(`newman got no response for ${execution.item.name}: ${execution.requestError?.message}`);
  return {
    status: response.code,
    headers: response.headers.all().map((h) => [h.key, h.value] as const),
    body: response.text(),
    bodyBytes: response.responseSize,
    timeMs: response.responseTime,
  };
}

const verdicts = (results: CheckResult[]) => results.map((r) => [r.label, r.passed]);

describe('newman runs exported checks as evaluateChecks judges them', () => {
  let sandbox: Sandbox;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'newman-checks-'));
  });

  afterAll(async () => {
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("every pm.test passes or fails as the check does, on the same response and on the app client's", async () => {
    const collectionPath = join(dir, 'checks.postman_collection.json');
    writeFileSync(collectionPath, JSON.stringify(exportedCollection(), null, 2));
    const environment = {
      name: 'Sandbox',
      values: [
        { key: 'baseUrl', value: sandbox.origin, enabled: true },
        { key: 'apiKey', value: sandbox.apiKey, enabled: true },
        ...Object.entries(VARIABLES).map(([key, value]) => ({ key, value, enabled: true })),
      ],
    };
    const summary = await runNewman({
      collection: collectionPath,
      environment,
      sslExtraCaCerts: sandbox.caCertPath,
      reporters: [],
      timeoutRequest: 15_000,
    });
    expect(summary.run.error ?? null).toBeNull();
    expect(summary.run.executions.map((e) => [e.item.name, e.response?.code ?? e.requestError?.message])).toEqual([
      ['Categories', 200],
      ['Not found', 404],
      ['Cities', 200],
    ]);

    const client = createHttpClient({
      getTrustedCas: () => buildTrustedCas({ extraPems: [sandbox.caCertPem], env: {} }).cas,
    });
    let failed = 0;
    let total = 0;
    try {
      for (const [index, execution] of summary.run.executions.entries()) {
        const checks = REQUESTS[index]!.checks;
        const inNewman = (execution.assertions ?? []).map((a) => [a.assertion, !a.error]);
        const judged = evaluateChecks(checks, newmanResponse(execution), resolve, asIs);
        // The labels of checks with variables name them unresolved in newman.
        const named = evaluateChecks(checks, newmanResponse(execution), asIs, asIs);
        expect(inNewman).toEqual(judged.map((r, i) => [named[i]!.label, r.passed]));
        expect(judged.filter((r) => r.error)).toEqual([]);

        const headers: HeaderRow[] = [
          { id: 'k', name: 'X-API-KEY', value: sandbox.apiKey, enabled: true, origin: 'user' },
        ];
        const sent = await client.send(
          { requestId: `q${index}`, method: 'GET', url: sandbox.origin + REQUESTS[index]!.path, headers, body: '' },
          { timeoutMs: 15_000 },
        );
        if (sent.kind !== 'response') throw new Error(sent.message);
        expect(verdicts(evaluateChecks(checks, responseForChecks(sent), resolve, asIs))).toEqual(verdicts(judged));

        failed += judged.filter((r) => !r.passed).length;
        total += judged.length;
      }
    } finally {
      client.close();
    }
    expect(summary.run.stats.assertions).toEqual(expect.objectContaining({ total, failed }));
    // Both verdicts are well represented, so agreement is not an accident of all-pass.
    expect(failed).toBeGreaterThanOrEqual(15);
    expect(total - failed).toBeGreaterThanOrEqual(25);
  }, 60_000);
});
