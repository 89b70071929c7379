/**
 * A small body nested deeply: its pretty text would be many times its size (indentation on every
 * line). Through the real dispatch, the answer the renderer gets stays small, the lines it reads
 * are still the JSON, and nothing claims the data folder failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponseResult } from '../../../shared/http-types';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { formatJson, MAX_INDENT_DEPTH, prettyPrintJson } from '../../../shared/json';
import { untilFormatted } from '../../../test/support/formatted-view';
import { temporaryServices, type RendererSide } from '../../../test/support/main-services';
import { outgoingRequest } from '../../../test/support/main-world';
import { startHttpsServer, type TestServer } from '../../../test/support/https-servers';
import { createCertificateAuthority } from '../tls/certificates';

const ca = createCertificateAuthority('Deep nesting test CA');
const bodies = new Map<string, string>();
let server: TestServer;

beforeAll(async () => {
  server = await startHttpsServer(ca.issue({ hosts: ['127.0.0.1'] }), (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(bodies.get(req.url ?? '') ?? '{}');
  });
});

afterAll(() => server.close());

const nested = (levels: number) => '['.repeat(levels) + '1' + ']'.repeat(levels);
/** The largest answer the renderer may get for a body under 1 MiB, whatever its nesting. */
const ANSWER_BOUND = 256 * 1024;

const get = (path: string): OutgoingRequest =>
  outgoingRequest({ requestId: `deep-${path.slice(1)}`, url: `${server.origin}${path}` });

/** Every line of a view, read in pages as the renderer scrolls; each page's answer stays small too. */
async function allLines(side: RendererSide, viewId: string, lineCount: number): Promise<string> {
  const lines: string[] = [];
  let largestPage = 0;
  for (let from = 0; from < lineCount; from += 1000) {
    const page = await side.envelope('response:lines', { viewId, from, count: 1000 });
    largestPage = Math.max(largestPage, JSON.stringify(page).length);
    if (!page.ok) throw new Error(page.error);
    // No line was cut for display: what is joined is the whole text.
    for (const line of page.value.lines) lines.push(line.cut === undefined ? line.text : '<cut>');
  }
  expect(largestPage).toBeLessThan(ANSWER_BOUND);
  return lines.join('\n');
}

async function sendThroughDispatch(levels: number): Promise<void> {
  const raw = nested(levels);
  bodies.set(`/${levels}`, raw);
  await temporaryServices({}, async (side) => {
    await side.invoke('settings:addCertificate', { name: 'ca.pem', pem: ca.certPem });
    const answer = await side.envelope('request:send', get(`/${levels}`));
    expect(JSON.stringify(answer).length).toBeLessThan(ANSWER_BOUND);
    if (!answer.ok) throw new Error(answer.error);
    const result = answer.value as HttpResponseResult;
    expect(result).toMatchObject({ kind: 'response', status: 200, bodyFormat: 'json', body: '' });
    expect(result.incomplete).toBeUndefined();
    const { viewId } = result.bodyView!;
    // Answered with the first lines; the rest are read once the worker has formatted them all.
    const { lineCount } = (await untilFormatted(() => side.invoke('response:formatting', { viewId }))).at(-1)!;
    expect(lineCount).toBe(2 * levels + 1);
    const text = await allLines(side, viewId, lineCount);
    // The same JSON, only laid out: without its whitespace it is the body as sent.
    expect(text.replace(/\s+/g, '')).toBe(raw);
    expect(() => JSON.parse(text)).not.toThrow();
    // Indentation stops growing: the deepest line holds MAX_INDENT_DEPTH levels of spaces.
    let longest = 0;
    for (const line of text.split('\n')) longest = Math.max(longest, line.length);
    expect(longest).toBe(2 * MAX_INDENT_DEPTH + 1);
  });
}

describe('deeply nested JSON', () => {
  it('20 KB nested 10,000 deep: paged, not sent whole, and still the JSON', async () => {
    expect(nested(10_000).length).toBe(20_001);
    await sendThroughDispatch(10_000);
  });

  it('600 KB nested 300,000 deep: paged and still the JSON, with no data-folder error', async () => {
    await sendThroughDispatch(300_000);
  });

  it('a deeply nested text that is not JSON is shown as text, with no error', async () => {
    bodies.set('/broken', '['.repeat(300_000));
    await temporaryServices({}, async (side) => {
      await side.invoke('settings:addCertificate', { name: 'ca.pem', pem: ca.certPem });
      const result = (await side.invoke('request:send', get('/broken'))) as HttpResponseResult;
      expect(result).toMatchObject({ kind: 'response', status: 200, bodyFormat: 'text', body: '['.repeat(300_000) });
    });
  });
});

describe('formatJson', () => {
  it('caps indentation at MAX_INDENT_DEPTH levels and stops once the text passes maxLength', () => {
    const deep = nested(MAX_INDENT_DEPTH + 3);
    const lines = prettyPrintJson(deep)!.split('\n');
    expect(lines[MAX_INDENT_DEPTH + 3]).toBe(' '.repeat(2 * MAX_INDENT_DEPTH) + '1');
    expect(lines[MAX_INDENT_DEPTH + 2]).toBe(' '.repeat(2 * MAX_INDENT_DEPTH) + '[');
    expect(formatJson('{"a": [1, 2]}', { maxLength: 10 })).toEqual({ kind: 'too-long' });
    expect(formatJson('{"a": [1, 2]}', { maxLength: 100 })).toEqual({
      kind: 'json',
      text: '{\n  "a": [\n    1,\n    2\n  ]\n}',
    });
    expect(formatJson('{"a": ', { maxLength: 100 })).toEqual({ kind: 'invalid' });
  });
});
