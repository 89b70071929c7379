import { describe, expect, it } from 'vitest';
import { compileJsonPath } from '../../../shared/jsonpath-query';
import { JsonBodyError, JsonPathStream, ValueTooLargeError } from './jsonpath-stream';
import { seededRandom as random } from '../../../test/support/seeded-random';

/** The streamed results of `expression` over `text` fed `chunk` bytes at a time, in run()'s order. */
function streamed(expression: string, text: string | Buffer, chunk = 7, maxValueBytes?: number): unknown[] {
  const found: Array<{ value: unknown; order: string }> = [];
  const stream = new JsonPathStream(
    compileJsonPath(expression).plan,
    (value, order) => found.push({ value, order }),
    maxValueBytes,
  );
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let at = 0; at < bytes.length; at += chunk) stream.write(bytes.subarray(at, at + chunk));
  stream.end();
  return found.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)).map((r) => r.value);
}

// Names the expressions use, and others; none integer-like (see the module's comment on member order).
const NAMES = ['a', 'b', 'a', 'b', 'id', 'title', 'x', 'é', 'k y', 'q"\\', '😀', 'price', ''];
const STRINGS = [
  '',
  'x',
  'a',
  'ab',
  'Flat in Kraków',
  'é',
  'line\nbreak',
  'quote " and \\ backslash',
  '😀 emoji',
  '\u2028',
  'x'.repeat(20),
  '\\',
];
const NUMBERS = [0, 1, 2, -1, 3.5, -0.25, 1e21, 1.5e-7, 900001, 42];

function randomValue(next: () => number, depth: number, container = false): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const r = container ? next() * 0.6 : next();
  if (depth > 0 && r < 0.3) {
    const length = Math.floor(next() * 5);
    return Array.from({ length }, () => randomValue(next, depth - 1));
  }
  if (depth > 0 && r < 0.6) {
    const object: Record<string, unknown> = {};
    const length = Math.floor(next() * 5);
    for (let i = 0; i < length; i++) object[pick(NAMES)] = randomValue(next, depth - 1);
    return object;
  }
  if (r < 0.72) return pick(NUMBERS);
  if (r < 0.88) return pick(STRINGS);
  return pick([true, false, null]);
}

const EXPRESSIONS = [
  '$',
  '$.a',
  '$.a.b',
  "$['k y']",
  "$['q\"\\\\']",
  '$.é',
  '$[*]',
  '$.*',
  '$.*.a',
  '$[0]',
  '$[2]',
  '$[-1]',
  '$.a[-2]',
  '$[*][-1]',
  '$[1:3]',
  '$[::2]',
  '$[1:]',
  '$[-2:]',
  '$[:-1]',
  '$[1:-1:2]',
  '$[-3:-1]',
  '$[::-1]',
  '$.a[::-2]',
  '$[5:1:-2]',
  '$[0:0]',
  '$[::0]',
  '$[?@.a]',
  '$[?@.a > 1]',
  "$..[?@.b == 'x' || @.b == 1]",
  '$[?@.a && !@.b]',
  '$[?@.a < 2 || @.x]',
  '$[?@ == 1]',
  '$[?@.a == @.b]',
  '$[?length(@.title) > 2]',
  '$[?count(@.*) > 1]',
  "$[?match(@.title, 'a.*')]",
  "$[?search(@, 'é')]",
  '$[?value(@..id) == 1]',
  '$.*[?@ > 0]',
  '$[?@.a][?@.b]',
  '$..a',
  '$..*',
  '$..[*]',
  '$..[0]',
  '$..[-1]',
  '$..[1:]',
  '$..[::-1]',
  '$..[?@.id]',
  '$..[?@ == null]',
  "$..['é']",
  '$.a..b',
  '$..a..b',
  '$..a.*',
  '$..*.title',
  "$['a','b']",
  '$[0,0]',
  '$[0,-1]',
  '$[*,0]',
  '$[-1,?@.a]',
  "$..['a',0]",
  '$.*[1:,0]',
  '$[*].a[1:]',
];

describe('JsonPathStream gives what JSON.parse + run() gives', () => {
  it('on many random documents, for every kind of selector and segment, fed 7 bytes at a time', () => {
    const next = random(15);
    let compared = 0;
    const selectedSomething = new Set<string>();
    for (let doc = 0; doc < 300; doc++) {
      const document = randomValue(next, 4, true);
      // Compact, indented and with blank space everywhere JSON allows it.
      const texts = [JSON.stringify(document), JSON.stringify(document, null, doc % 3 === 0 ? '\t' : 2)];
      for (const expression of EXPRESSIONS) {
        const expected = compileJsonPath(expression).run(document);
        for (const text of texts) {
          const got = streamed(expression, text, doc % 2 === 0 ? 7 : 1 + (doc % 13));
          if (JSON.stringify(got) !== JSON.stringify(expected)) {
            expect({ doc, expression, text, got }).toEqual({ doc, expression, text, got: expected });
          }
          compared++;
          if (expected.length > 0) selectedSomething.add(expression);
        }
      }
    }
    expect(compared).toBe(300 * EXPRESSIONS.length * 2);
    // Each expression selected something somewhere, so agreeing on [] is not what passes the test.
    expect(EXPRESSIONS.filter((e) => !selectedSomething.has(e))).toEqual(['$[0:0]', '$[::0]']);
  });

  it('skips a UTF-8 BOM, split over chunks or not', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":[1,2]}')]);
    expect(streamed('$.a[-1]', text, 1)).toEqual([2]);
    expect(streamed('$.a[-1]', text, 4096)).toEqual([2]);
  });

  it('matches member names written with escapes, or split between chunks', () => {
    const text = '{"ti\\u0074le":1,"x\\"y":2,"long-name-over-chunks":3,"title2":4}';
    for (const chunk of [1, 3, 7, 4096]) {
      expect(streamed('$.title', text, chunk)).toEqual([1]);
      expect(streamed("$['x\"y']", text, chunk)).toEqual([2]);
      expect(streamed("$['long-name-over-chunks']", text, chunk)).toEqual([3]);
    }
  });

  it('selects from the end of a long array keeping only a few items', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: i }));
    const text = JSON.stringify({ data: items });
    expect(streamed('$.data[-1].id', text, 4096)).toEqual([9999]);
    expect(streamed('$.data[-3:].id', text, 4096)).toEqual([9997, 9998, 9999]);
    expect(streamed('$.data[:-9998].id', text, 4096)).toEqual([0, 1]);
  });

  it('refuses to hold a value larger than its limit, and skips or streams into one freely', () => {
    const text = JSON.stringify({ data: Array.from({ length: 100 }, (_, i) => ({ id: i, text: 'x'.repeat(50) })) });
    expect(() => streamed('$.data', text, 64, 1000)).toThrow(ValueTooLargeError);
    expect(() => streamed('$.data', text, 64, 1000)).toThrow(
      'The filter would have to hold one value of more than 1,000 bytes at once (the one that starts at byte offset 8), which is too much; narrow the expression to smaller parts, e.g. $.data[*].id rather than $.data, or [*] before a filter [?…] over a large array.',
    );
    expect(streamed('$.data[*].id', text, 64, 1000)).toHaveLength(100);
    expect(streamed('$.other', text, 64, 1000)).toEqual([]);
  });

  it('member order: document order, where JavaScript puts integer-like names first (RFC 9535 leaves it open)', () => {
    const text = '{"b":1,"2":2,"a":3}';
    expect(compileJsonPath('$.*').run(JSON.parse(text))).toEqual([2, 1, 3]);
    expect(streamed('$.*', text)).toEqual([1, 2, 3]);
  });
});

describe('JsonPathStream on a body that is not JSON', () => {
  const failure = (text: string, expression = '$.a'): string => {
    try {
      streamed(expression, text, 3);
    } catch (error) {
      expect(error).toBeInstanceOf(JsonBodyError);
      return (error as Error).message;
    }
    throw new Error('It was accepted.');
  };

  it('says what is wrong and at which byte', () => {
    expect(failure('{"a":1 "b":2}')).toBe(
      'The body is not valid JSON, so it cannot be filtered: Expected , or } after a member but found “"” at byte offset 7.',
    );
    expect(failure('[1,2,]', '$[0]')).toBe(
      'The body is not valid JSON, so it cannot be filtered: Expected a JSON value but found “]” at byte offset 5.',
    );
    expect(failure('<html>')).toBe(
      'The body is not valid JSON, so it cannot be filtered: Expected a JSON value but found “<” at byte offset 0.',
    );
    expect(failure('{"a":[1,2}', '$.b')).toBe(
      'The body is not valid JSON, so it cannot be filtered: Expected “]” but found “}” at byte offset 9.',
    );
    expect(failure('{"data": [1, 2,')).toBe(
      'The body is not valid JSON, so it cannot be filtered: it ends early, at byte offset 15, inside an array.',
    );
    expect(failure('{"a": tru}')).toMatch(
      /^The body is not valid JSON, so it cannot be filtered: .+, in the value that starts at byte offset 6\.$/,
    );
    expect(failure('{} {}')).toBe(
      'The body is not valid JSON, so it cannot be filtered: Expected nothing after the JSON value but found “{” at byte offset 3.',
    );
    expect(failure(' \n')).toBe('The body is empty, so there is nothing to filter.');
  });
});
