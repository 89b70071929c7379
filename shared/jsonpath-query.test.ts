import { describe, expect, it } from 'vitest';
import { compileJsonPath, JsonPathSyntaxError } from './jsonpath-query';

const query = (
  expression: string,
  document: unknown,
  opts?: Parameters<ReturnType<typeof compileJsonPath>['run']>[1],
) => compileJsonPath(expression).run(document, opts);

const syntaxError = (expression: string): JsonPathSyntaxError => {
  try {
    compileJsonPath(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonPathSyntaxError);
    return error as JsonPathSyntaxError;
  }
  throw new Error(`${expression} compiled`);
};

/** RFC 9535 §1.5, Figure 1. */
const bookstore = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      {
        category: 'fiction',
        author: 'J. R. R. Tolkien',
        title: 'The Lord of the Rings',
        isbn: '0-395-19395-8',
        price: 22.99,
      },
    ],
    bicycle: { color: 'red', price: 399 },
  },
};
const [sayings, sword, moby, rings] = bookstore.store.book;

describe('RFC 9535 §1.5: the bookstore examples', () => {
  it.each([
    ['$.store.book[*].author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$..author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$.store.*', [bookstore.store.book, bookstore.store.bicycle]],
    ['$.store..price', [8.95, 12.99, 8.99, 22.99, 399]],
    ['$..book[2]', [moby]],
    ['$..book[2].author', ['Herman Melville']],
    ['$..book[2].publisher', []],
    ['$..book[-1]', [rings]],
    ['$..book[0,1]', [sayings, sword]],
    ['$..book[:2]', [sayings, sword]],
    ['$..book[?@.isbn]', [moby, rings]],
    ['$..book[?@.price<10]', [sayings, moby]],
  ])('%s', (expression, expected) => {
    expect(query(expression, bookstore)).toEqual(expected);
  });

  it('$..* gives every member value and array element, parents before children', () => {
    const all = query('$..*', bookstore);
    expect(all).toHaveLength(27);
    expect(all.slice(0, 4)).toEqual([bookstore.store, bookstore.store.book, bookstore.store.bicycle, sayings]);
    expect(all.at(-1)).toBe(399);
  });
});

describe('child segments', () => {
  const doc = { o: { 'j j': { 'k.k': 3 } }, "'": { '@': 2 } };

  it('selects names in brackets with either quote and with escapes (RFC §2.3.1.3)', () => {
    expect(query("$.o['j j']", doc)).toEqual([{ 'k.k': 3 }]);
    expect(query("$.o['j j']['k.k']", doc)).toEqual([3]);
    expect(query('$.o["j j"]["k.k"]', doc)).toEqual([3]);
    expect(query('$["\'"]["@"]', doc)).toEqual([2]);
    expect(query("$['\\'']", doc)).toEqual([{ '@': 2 }]);
    expect(query('$["\\u00e9\\t\\"\\/\\\\"]', { 'é\t"/\\': 1 })).toEqual([1]);
    expect(query("$['\\uD83D\\uDE00']", { '😀': 'grin' })).toEqual(['grin']);
    expect(query('$.☺', { '☺': 'A' })).toEqual(['A']);
    expect(query('$._a1', { _a1: 'x' })).toEqual(['x']);
  });

  it('treats names as own members only: nothing from arrays or the prototype', () => {
    expect(query('$.a', ['x'])).toEqual([]);
    expect(query('$.toString', {})).toEqual([]);
    expect(query('$.length', [1, 2])).toEqual([]);
    expect(query("$['__proto__']", JSON.parse('{"__proto__": 1}'))).toEqual([1]);
  });

  it('selects every child with .* and [*] (RFC §2.3.2.3)', () => {
    const d = { o: { j: 1, k: 2 }, a: [5, 3] };
    expect(query('$[*]', d)).toEqual([{ j: 1, k: 2 }, [5, 3]]);
    expect(query('$.o[*]', d)).toEqual([1, 2]);
    expect(query('$.o[*, *]', d)).toEqual([1, 2, 1, 2]);
    expect(query('$.a[*]', d)).toEqual([5, 3]);
    expect(query('$.a.*', d)).toEqual([5, 3]);
    expect(query('$.a.*', 'text')).toEqual([]);
  });

  it('selects by index, counting back from the end when negative (RFC §2.3.3.3)', () => {
    expect(query('$[1]', ['a', 'b'])).toEqual(['b']);
    expect(query('$[-2]', ['a', 'b'])).toEqual(['a']);
    expect(query('$[2]', ['a', 'b'])).toEqual([]);
    expect(query('$[-3]', ['a', 'b'])).toEqual([]);
    expect(query('$[0]', { 0: 'x' })).toEqual([]);
  });

  it('slices with defaults, negative bounds and steps (RFC §2.3.4.3)', () => {
    const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(query('$[1:3]', letters)).toEqual(['b', 'c']);
    expect(query('$[5:]', letters)).toEqual(['f', 'g']);
    expect(query('$[1:5:2]', letters)).toEqual(['b', 'd']);
    expect(query('$[5:1:-2]', letters)).toEqual(['f', 'd']);
    expect(query('$[::-1]', letters)).toEqual([...letters].reverse());
    expect(query('$[:]', letters)).toEqual(letters);
    expect(query('$[-2:]', letters)).toEqual(['f', 'g']);
    expect(query('$[:-5]', letters)).toEqual(['a', 'b']);
    expect(query('$[-100:100]', letters)).toEqual(letters);
    expect(query('$[0:7:0]', letters)).toEqual([]);
    expect(query('$[3:1]', letters)).toEqual([]);
    expect(query('$[ 1 : 3 : 1 ]', letters)).toEqual(['b', 'c']);
    expect(query('$[1:3]', { 1: 'x' })).toEqual([]);
  });

  it('unions keep the order of their selectors, duplicates included', () => {
    const numbers = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(query('$[0,2]', numbers)).toEqual([0, 2]);
    expect(query('$[1,0:3]', numbers)).toEqual([1, 0, 1, 2]);
    expect(query('$[1,1]', numbers)).toEqual([1, 1]);
    expect(query("$[0, 2, 'a']", numbers)).toEqual([0, 2]);
    expect(query("$[0, 2, 'a']", { a: 'A', 0: 'zero' })).toEqual(['A']);
    expect(query("$[*,'a']", { a: 'A', b: 'B' })).toEqual(['A', 'B', 'A']);
  });
});

describe('descendant segments (RFC §2.5.2.3)', () => {
  const doc = { o: { j: 1, k: 2 }, a: [5, 3, [{ j: 4 }, { k: 6 }]] };

  it.each([
    ['$..j', [1, 4]],
    ['$..[0]', [5, { j: 4 }]],
    ['$..o', [{ j: 1, k: 2 }]],
    ['$.o..[*, *]', [1, 2, 1, 2]],
    ['$.a..[0, 1]', [5, 3, { j: 4 }, { k: 6 }]],
    ["$..['j']", [1, 4]],
  ])('%s', (expression, expected) => {
    expect(query(expression, doc)).toEqual(expected);
  });

  it('$..* and $..[*] visit a node before its descendants, in document order', () => {
    const expected = [
      { j: 1, k: 2 },
      [5, 3, [{ j: 4 }, { k: 6 }]],
      1,
      2,
      5,
      3,
      [{ j: 4 }, { k: 6 }],
      { j: 4 },
      { k: 6 },
      4,
      6,
    ];
    expect(query('$..*', doc)).toEqual(expected);
    expect(query('$..[*]', doc)).toEqual(expected);
  });

  it('combines several selectors per visited node', () => {
    expect(
      query("$..['a','d']", [
        { a: 'b', d: 'e' },
        { a: 'c', d: 'f' },
      ]),
    ).toEqual(['b', 'e', 'c', 'f']);
    expect(query('$..[1]', { o: [0, 1, [2, 3]] })).toEqual([1, 3]);
  });
});

describe('null is a value (RFC §2.6.1)', () => {
  const doc = { a: null, b: [null], c: [{}], null: 1 };
  it.each([
    ['$.a', [null]],
    ['$.a[0]', []],
    ['$.a.d', []],
    ['$.b[0]', [null]],
    ['$.b[*]', [null]],
    ['$.b[?@]', [null]],
    ['$.b[?@==null]', [null]],
    ['$.c[?@.d==null]', []],
    ['$.null', [1]],
  ])('%s', (expression, expected) => {
    expect(query(expression, doc)).toEqual(expected);
  });
});

describe('filters', () => {
  /** RFC 9535 §2.3.5.3. */
  const doc = {
    a: [3, 5, 1, 2, 4, 6, { b: 'j' }, { b: 'k' }, { b: {} }, { b: 'kilo' }],
    o: { p: 1, q: 2, r: 3, s: 5, t: { u: 6 } },
    e: 'f',
  };

  it.each([
    ["$.a[?@.b == 'kilo']", [{ b: 'kilo' }]],
    ["$.a[?(@.b == 'kilo')]", [{ b: 'kilo' }]],
    ['$.a[?@>3.5]', [5, 4, 6]],
    ['$.a[?@.b]', [{ b: 'j' }, { b: 'k' }, { b: {} }, { b: 'kilo' }]],
    ['$[?@.*]', [doc.a, doc.o]],
    ['$[?@[?@.b]]', [doc.a]],
    ['$.o[?@<3, ?@<3]', [1, 2, 1, 2]],
    ['$.a[?@<2 || @.b == "k"]', [1, { b: 'k' }]],
    ['$.a[?match(@.b, "[jk]")]', [{ b: 'j' }, { b: 'k' }]],
    ['$.a[?search(@.b, "[jk]")]', [{ b: 'j' }, { b: 'k' }, { b: 'kilo' }]],
    ['$.o[?@>1 && @<4]', [2, 3]],
    ['$.o[?@.u || @.x]', [{ u: 6 }]],
    ['$.a[?@.b == $.x]', [3, 5, 1, 2, 4, 6]],
    ['$.a[?@ == @]', doc.a],
  ])('%s', (expression, expected) => {
    expect(query(expression, doc)).toEqual(expected);
  });

  it('follows the RFC table of comparisons (§2.3.5.2.2)', () => {
    const d = { obj: { x: 'y' }, arr: [2, 3] };
    const cases: Array<[string, boolean]> = [
      ['$.absent1 == $.absent2', true],
      ['$.absent1 <= $.absent2', true],
      ["$.absent == 'g'", false],
      ['$.absent1 != $.absent2', false],
      ["$.absent != 'g'", true],
      ['1 <= 2', true],
      ['1 > 2', false],
      ["13 == '13'", false],
      ["'a' <= 'b'", true],
      ["'a' > 'b'", false],
      ['$.obj == $.arr', false],
      ['$.obj != $.arr', true],
      ['$.obj == $.obj', true],
      ['$.obj != $.obj', false],
      ['$.arr == $.arr', true],
      ['$.arr != $.arr', false],
      ['$.obj == 17', false],
      ['$.obj != 17', true],
      ['$.obj <= $.arr', false],
      ['$.obj < $.arr', false],
      ['$.obj <= $.obj', true],
      ['$.arr <= $.arr', true],
      ['1 <= $.arr', false],
      ['1 >= $.arr', false],
      ['1 > $.arr', false],
      ['1 < $.arr', false],
      ['true <= true', true],
      ['true > true', false],
    ];
    for (const [comparison, expected] of cases) {
      expect(query(`$[?${comparison}]`, d).length, comparison).toBe(expected ? 2 : 0);
    }
  });

  it('compares numbers by value and strings by Unicode code point', () => {
    expect(query('$[?@ == 1]', [1, 1.0, '1', 1, 10e-1, true])).toEqual([1, 1, 1, 1]);
    expect(query('$[?@ == -0]', [0])).toEqual([0]);
    expect(query('$[?@ == 1.5e2]', [150, 15])).toEqual([150]);
    // U+FF61 is before U+1F600 as code points, though after it as UTF-16 code units.
    expect(query("$[?@ < '😀']", ['｡', '😀', 'a'])).toEqual(['｡', 'a']);
    expect(query("$[?@ >= 'b']", ['a', 'b', 'ba', 'B'])).toEqual(['b', 'ba']);
  });

  it('compares arrays and objects deeply', () => {
    const d = [
      { a: [[1, [2]]], b: [[1, [2]]] },
      { a: [[1, [2]]], b: [[[2], 1]] },
      { a: { x: 1, y: { z: 1 } }, b: { y: { z: 1 }, x: 1 } },
      { a: { x: 1, y: { z: 1 } }, b: { x: 1 } },
      { a: { x: 1 }, b: { y: 1 } },
    ];
    expect(query('$[?@.a==@.b]', d)).toEqual([d[0], d[2]]);
    expect(query('$[?@.a!=@.b]', d)).toEqual([d[1], d[3], d[4]]);
  });

  it('tests existence, with ! and parentheses, and absolute paths', () => {
    const d = [{ a: 'a', d: 'e' }, { d: 'f' }, { a: null }, { a: false }];
    expect(query('$[?!@.a]', d)).toEqual([{ d: 'f' }]);
    expect(query('$[?@.a]', d)).toEqual([d[0], d[2], d[3]]);
    expect(query("$[?!(@.a=='a')]", d)).toEqual([d[1], d[2], d[3]]);
    expect(query('$[?(@.a) && !(@.d)]', d)).toEqual([d[2], d[3]]);
    expect(query('$[?@.a && @.a != null]', d)).toEqual([d[0], d[3]]);
    expect(query("$[?(@.d == 'e' || @.d == 'f') && @.a]", d)).toEqual([d[0]]);
    expect(
      query('$.items[?@.kind == $.wanted].id', {
        wanted: 'b',
        items: [
          { kind: 'a', id: 1 },
          { kind: 'b', id: 2 },
        ],
      }),
    ).toEqual([2]);
    expect(query('$[?@..x]', [{ a: { b: { x: 1 } } }, { a: 1 }])).toEqual([{ a: { b: { x: 1 } } }]);
  });

  it('binds && tighter than ||', () => {
    expect(query('$[?@ == 1 || @ == 2 && @ == 3]', [1, 2, 3])).toEqual([1]);
    expect(query('$[?(@ == 1 || @ == 2) && @ == 2]', [1, 2, 3])).toEqual([2]);
  });

  it('selects from objects too, and nests filters', () => {
    expect(query('$[?@ > 1]', { a: 1, b: 2, c: 3 })).toEqual([2, 3]);
    expect(query('$[?@[?@>1]]', [[0], [0, 1], [0, 1, 2], [42]])).toEqual([[0, 1, 2], [42]]);
  });

  it('accepts blank space around operators and inside brackets', () => {
    expect(query('$[ ?  @.a  ==  1 ,  0 ]', [{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 1 }]);
    expect(query('$[?\n@.a\t>=\r1]', [{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(query('  $.a  ', { a: 1 })).toEqual([1]);
    expect(query('$ .a [0]', { a: [7] })).toEqual([7]);
  });

  it('filters on the price of a partner API advert', () => {
    const adverts = {
      data: [
        { uuid: 'a', price: { value: 90, currency: 'PLN' }, images: [{ url: 'x' }] },
        { uuid: 'b', price: { value: 150, currency: 'EUR' } },
        { uuid: 'c', price: { value: '200', currency: 'PLN' }, images: [] },
      ],
    };
    expect(query('$.data[?@.price.value > 100].uuid', adverts)).toEqual(['b']);
    expect(query('$.data[?(@.price.value > 100)].uuid', adverts)).toEqual(['b']);
    expect(query('$.data[?@.images].uuid', adverts)).toEqual(['a', 'c']);
    expect(query("$.data[?@.price.currency == 'PLN' && length(@.images) > 0].uuid", adverts)).toEqual(['a']);
  });
});

describe('functions (RFC §2.4)', () => {
  it('length() counts characters, items and members', () => {
    const d = ['abc', '😀x', [1, 2, 3], { a: 1, b: 2, c: 3 }, 3, null, true];
    expect(query('$[?length(@) == 3]', d)).toEqual(['abc', [1, 2, 3], { a: 1, b: 2, c: 3 }]);
    expect(query('$[?length(@) == 2]', d)).toEqual(['😀x']);
    expect(query('$[?length(@.absent) == 0]', d)).toEqual([]);
    expect(query("$[?length('ab') == 2]", [1])).toEqual([1]);
  });

  it('count() counts the nodes of any query', () => {
    const d = [{ a: [1, 2] }, { a: [1] }, {}];
    expect(query('$[?count(@.a[*]) == 2]', d)).toEqual([d[0]]);
    expect(query('$[?count(@.*) == 1]', d)).toEqual([d[0], d[1]]);
    expect(query('$[?count(@.a) == 0]', d)).toEqual([{}]);
    expect(query('$[?count(@..*) > 2]', d)).toEqual([d[0]]);
  });

  it('match() is anchored, search() is not', () => {
    const d = [{ tz: 'Europe/Warsaw' }, { tz: 'America/Europe' }, { tz: 7 }];
    expect(query("$[?match(@.tz, 'Europe/.*')]", d)).toEqual([d[0]]);
    expect(query("$[?search(@.tz, 'Europe')]", d)).toEqual([d[0], d[1]]);
    expect(query("$[?match(@.tz, 'Europe')]", d)).toEqual([]);
    expect(query("$[?!match(@.tz, 'Europe/.*')]", d)).toEqual([d[1], d[2]]);
    expect(query("$[?match(@.tz, 'a|Europe/Warsaw')]", d)).toEqual([d[0]]);
  });

  it('match() and search() use Unicode regular expressions, with . matching all but \\n and \\r', () => {
    expect(query("$[?match(@, '\\\\d{2}-\\\\p{Lu}')]", ['12-Ż', '12-ż', 'x12-Ż'])).toEqual(['12-Ż']);
    expect(query("$[?match(@, 'a.c')]", ['abc', 'a\u2028c', 'a\nc', 'a\rc', 'a😀c'])).toEqual([
      'abc',
      'a\u2028c',
      'a😀c',
    ]);
    expect(query("$[?match(@, '[.]')]", ['.', 'x'])).toEqual(['.']);
    expect(query("$[?match(@, '\\\\.')]", ['.', 'x'])).toEqual(['.']);
    expect(
      query('$[?match(@.s, @.p)]', [
        { s: 'ab', p: 'a.' },
        { s: 'ab', p: 'b' },
      ]),
    ).toEqual([{ s: 'ab', p: 'a.' }]);
  });

  it('an invalid regular expression matches nothing', () => {
    expect(query("$[?match(@, '(')]", ['(', 'a'])).toEqual([]);
    expect(query("$[?search(@, 'a)|(b')]", ['a)|(b', 'a', 'b'])).toEqual([]);
  });

  it('value() takes the single node of a query', () => {
    const d = [{ c: 'red' }, { x: { c: 'red' } }, { c: 'red', y: { c: 'red' } }];
    expect(query("$[?value(@..c) == 'red']", d)).toEqual([d[0], d[1]]);
  });

  it('refuses calls that are not well-typed (RFC §2.4.9)', () => {
    expect(query('$[?length(@) < 3]', [[1], 'abcd'])).toEqual([[1]]);
    expect(syntaxError('$[?length(@.*) < 3]').message).toMatch(/^length\(\) needs a single value here/);
    expect(syntaxError('$[?count(1) == 1]').message).toMatch(/^count\(\) needs a path such as @\.images\[\*\]/);
    expect(syntaxError('$[?count(foo(@.*)) == 1]').message).toMatch(/^Unknown function foo\(\) at character 10/);
    expect(syntaxError("$[?match(@.timezone, 'Europe/.*') == true]").message).toMatch(
      /^match\(\) is true or false, so it cannot be compared/,
    );
    expect(syntaxError('$[?value(@..color)]').message).toMatch(/^value\(\) gives a value, not true or false/);
    expect(syntaxError('$[?length(@)]').message).toMatch(/compare it, e\.g\. length\(@\.images\) > 0/);
    expect(syntaxError('$[?length(@, 1) > 1]').message).toMatch(
      /^length\(\) takes 1 argument but is given 2 at character 4/,
    );
    expect(syntaxError('$[?match(@.a) ]').message).toMatch(/^match\(\) takes 2 arguments but is given 1/);
    expect(syntaxError('$[?length (@) > 1]').message).toMatch(/^Unknown word “length”/);
    expect(syntaxError('$[?length(@.a == 1) > 1]').message).toMatch(/^length\(\) needs a single value/);
  });
});

describe('syntax errors', () => {
  it('names the problem, the character and the expression in one sentence', () => {
    const error = syntaxError('$.data.');
    expect(error.message).toBe('Expected a name or * after . at character 7 in “$.data.”; the expression ends there.');
    expect(error.character).toBe(7);
  });

  it.each([
    ['', /^The expression is empty at character 1/],
    [
      'data.items',
      /^Expected \$ at the start but found “d” at character 1 in “data\.items”; a JSONPath expression starts with \$/,
    ],
    ['@.a', /^Expected \$ at the start at character 1 .*only inside a filter/],
    ['$..', /^Expected a name, \* or \[ after \.\. at character 2 /],
    ['$...a', /^Expected a name, \* or \[ after \.\. at character 2 .*two dots, not three/],
    ['$.1', /^Expected a name or \* after \. at character 2 .*write \[1\] for an index/],
    ['$.&', /^Expected a name or \* after \. at character 2 .*need brackets and quotes/],
    ['$. a', /remove the space after the dot/],
    ["$.['a']", /^Expected a name or \* after \. at character 2 .*without a dot before them/],
    ['$.content-type', /^Unexpected “-” at character 10 .*\$\['content-type'\]/],
    ['$[0', /^Expected \] to close the \[ at character 2 at character 4 in “\$\[0”; the expression ends first\.$/],
    ['$[0 2]', /^Expected , or \] but found “2” at character 5/],
    ['$[]', /^Empty brackets select nothing at character 2/],
    ['$[0,]', /^Expected a selector after the comma at character 5/],
    ['$[,0]', /^Expected a name in quotes, an index, a slice, \* or \? inside \[ but found “,” at character 3/],
    ['$[a]', /^Names inside \[ \] need quotes at character 3 .*write \['a'\] or \.a/],
    ["$['a", /^This string is not closed at character 3 .*add a ' at its end/],
    ['$["a\\\'"]', /^\\' is not an escape inside "…" at character 5/],
    ["$['\\q']", /^\\q is not an escape in a JSONPath string at character 4/],
    ["$['\\uD800']", /lone high surrogate|high surrogate without its low surrogate/],
    ["$['\\uDC00']", /lone low surrogate/],
    ["$['\\u12']", /four hex digits/],
    ["$['a\nb']", /^A control character in a string must be escaped at character 5/],
    ['$[01]', /^The number 01 has a leading zero at character 3/],
    ['$[-0]', /^-0 is not an index at character 3/],
    ['$[1.5]', /whole numbers at character 3/],
    ['$[9007199254740992]', /too large for an index/],
    ['$[(@.length-1)]', /^Script expressions \[\(…\)\] are not supported at character 3/],
    ['$[?@.a = 1]', /^Compare with ==, not = at character 8/],
    ['$[?@.a == 1 and @.b]', /^Expected , or \] but found “a” at character 13 .*use && for “and”/],
    ['$[?@.a | @.b]', /^Use \|\| for “or” at character 8/],
    ['$[?@.a & @.b]', /^Use && for “and” at character 8/],
    ['$[?@.price > ]', /^Expected a path, a value or a function but found “\]” at character 14/],
    ['$[?]', /^Expected a path, a value or a function but found “\]” at character 4/],
    ['$[?(@.a == 1]', /^Expected \) to close the \( at character 4 but found “\]” at character 13/],
    ['$[?@.a == 1', /^Expected \] to close the \[ at character 2 at character 12/],
    ['$[?name == 1]', /^Unknown word “name” at character 4 .*e\.g\. @\.name.*'name'/],
    ['$[?@.a == True]', /write true in lower case/],
    ['$[?!@.a == 1]', /^! cannot negate a comparison directly at character 4/],
    ['$[?1]', /^A value on its own is not a test at character 4/],
    ['$[?@.a == 01]', /^The number 01 has a leading zero/],
    ['$[?@.a == 1.]', /cannot follow the number 1/],
    ['$[?@.a == -]', /^Expected a digit after -/],
    ['$[?@[*] == 0]', /^Only a path to a single value can be compared at character 4/],
    ['$[?@..a == 0]', /^Only a path to a single value can be compared/],
    ["$[?@['a', 'a'] == 42]", /^Only a path to a single value can be compared/],
    ['$[?@[0:0] == 0]', /^Only a path to a single value can be compared/],
    ['$[?1 == $.a[?@]]', /^Only a path to a single value can be compared at character 9/],
    ['$.a b', /^Unexpected “b” at character 5/],
    ['$[?@.a==1]]', /^Unexpected “\]” at character 11/],
  ])('%j', (expression, message) => {
    const error = syntaxError(expression);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/\.$/);
    expect(error.message.split(/\. (?=[A-Z])/)).toHaveLength(1);
  });

  it('shows an excerpt of a long expression around the problem', () => {
    const expression = `$.${'a.'.repeat(60)}b[?@ = 1]`;
    const message = syntaxError(expression).message;
    expect(message).toMatch(
      new RegExp(
        `^Compare with ==, not = at character ${expression.indexOf('=') + 1} in “…\\.?(a\\.)+b\\[\\?@ = 1\\]”\\.$`,
      ),
    );
  });

  it('refuses nesting beyond 64 levels instead of overflowing the stack', () => {
    const deep = `$[?${'('.repeat(5000)}@${')'.repeat(5000)}]`;
    expect(syntaxError(deep).message).toMatch(/^The expression nests too deeply/);
    expect(query(`$[?${'('.repeat(30)}@.a${')'.repeat(30)}]`, [{ a: 1 }, {}])).toEqual([{ a: 1 }]);
  });
});

describe('evaluation', () => {
  function nested(depth: number): Record<string, unknown> {
    let node: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < depth; i++) node = { a: node, i };
    return node;
  }

  it('walks documents 5,000 levels deep without overflowing the stack', () => {
    const doc = nested(5000);
    expect(query('$..leaf', doc)).toEqual([true]);
    expect(query('$..i', doc)).toHaveLength(5000);
    expect(query('$..i', doc).slice(0, 3)).toEqual([4999, 4998, 4997]);
    expect(query('$..[?@.leaf]', doc)).toEqual([{ leaf: true }]);
    expect(query('$..*', doc)).toHaveLength(10001);
  });

  it('compares deep values without overflowing the stack', () => {
    const doc = [
      { x: nested(5000), y: nested(5000) },
      { x: nested(5000), y: nested(4999) },
    ];
    expect(query('$[?@.x == @.y]', doc)).toEqual([doc[0]]);
  });

  it('returns nodes in the order the segments select them', () => {
    const doc = { a: [{ b: [1, 2] }, { b: [3] }], c: { b: [4] } };
    expect(query('$.a[*].b[*]', doc)).toEqual([1, 2, 3]);
    expect(query('$..b[*]', doc)).toEqual([1, 2, 3, 4]);
    expect(query('$.a[1,0].b[0]', doc)).toEqual([3, 1]);
    expect(query('$.a[::-1].b[::-1]', doc)).toEqual([3, 2, 1]);
  });

  it('stops at maxResults', () => {
    const doc = { a: [1, 2, 3, 4], b: [5, 6] };
    expect(query('$..*', doc, { maxResults: 3 })).toEqual([[1, 2, 3, 4], [5, 6], 1]);
    expect(query('$.a[*]', doc, { maxResults: 2 })).toEqual([1, 2]);
    expect(query('$.a[*]', doc, { maxResults: 0 })).toEqual([]);
  });

  it('throws an AbortError once the signal is set', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({ i }));
    let reads = 0;
    const signal = {
      get aborted() {
        return ++reads > 3;
      },
    };
    let caught: unknown;
    try {
      query('$[?@.i >= 0]', items, { signal });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('AbortError');
    expect(reads).toBe(4);
    expect(() => query('$..*', nested(10_000), { signal: { aborted: true } })).toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    expect(query('$.i', { i: 1 }, { signal: { aborted: true } })).toEqual([1]);
  });

  it('filters a million items well under a second', () => {
    const items = Array.from({ length: 1_000_000 }, (_, i) => ({ id: i, price: { value: i % 1000, currency: 'PLN' } }));
    const compiled = compileJsonPath('$.items[?@.price.value > 900].id');
    // CPU time of this process (best of two runs), so that other work on a busy machine does not count.
    const cpuMs: number[] = [];
    let ids: unknown[] = [];
    for (let run = 0; run < 2; run++) {
      const before = process.cpuUsage();
      ids = compiled.run({ items });
      const used = process.cpuUsage(before);
      cpuMs.push((used.user + used.system) / 1000);
    }
    expect(ids).toHaveLength(99_000);
    expect(ids.slice(0, 2)).toEqual([901, 902]);
    expect(Math.min(...cpuMs)).toBeLessThan(1000);
  });

  it('runs a compiled query many times, and keeps its expression', () => {
    const compiled = compileJsonPath('$.a');
    expect(compiled.expression).toBe('$.a');
    expect(compiled.run({ a: 1 })).toEqual([1]);
    expect(compiled.run({ a: 2 })).toEqual([2]);
    expect(compiled.run(undefined)).toEqual([]);
    expect(compileJsonPath('$').run(7)).toEqual([7]);
  });
});

describe('the plan a streaming evaluator reads', () => {
  it('tells a filter that refers to the root from one that does not', () => {
    const usesRoot = (expression: string) => compileJsonPath(expression).plan.usesRoot;
    expect(usesRoot('$.data[?@.price > 1]..id')).toBe(false);
    expect(usesRoot('$..a[0]')).toBe(false);
    expect(usesRoot('$.data[?@.price > $.limit]')).toBe(true);
    expect(usesRoot('$[?count($..x) > 0]')).toBe(true);
    expect(usesRoot('$[?@.a[?$.b]]')).toBe(true);
  });

  it('runs the query from any segment on a value, as run() would from there', () => {
    const { plan } = compileJsonPath('$.data[?@.price > 1].id');
    const item = { id: 'a', price: 2 };
    expect(plan.segments.map((s) => s.selectors.map((x) => x.kind))).toEqual([['name'], ['filter'], ['name']]);
    expect(plan.runFrom(0, { data: [item] })).toEqual(['a']);
    expect(plan.runFrom(1, [item, { id: 'b', price: 0 }])).toEqual(['a']);
    expect(plan.runFrom(2, item)).toEqual(['a']);
    expect(plan.runFrom(3, item)).toEqual([item]);
    const filter = plan.segments[1]!.selectors[0]!;
    expect(filter.kind === 'filter' && [filter.test(item), filter.test({ price: 0 })]).toEqual([true, false]);
  });
});
