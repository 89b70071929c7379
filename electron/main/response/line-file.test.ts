import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prettyPrintJson } from '../../../shared/json';
import { createJsonStreamFormatter } from './json-stream';
import { createLineFileWriter, createTextLineSplitter, type LineFile } from './line-file';

let folder = '';
let serial = 0;
const opened: LineFile[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'line-file-'));
});

afterAll(async () => {
  await Promise.all(opened.map((file) => file.close()));
  await rm(folder, { recursive: true, force: true });
});

async function writeLines(lines: readonly string[], folds: Array<[number, number]> = []): Promise<LineFile> {
  const writer = createLineFileWriter(join(folder, `lines-${serial++}.txt`));
  for (const line of lines) writer.line(line);
  for (const [start, end] of folds) writer.fold(start, end);
  const file = await writer.finish();
  opened.push(file);
  return file;
}

/** Where a simple String.indexOf over each line finds the query (non-overlapping). */
function expectedMatches(lines: readonly string[], query: string, fold = (s: string) => s) {
  const matches: Array<{ line: number; column: number }> = [];
  const needle = fold(query);
  lines.forEach((text, line) => {
    const haystack = fold(text);
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length))
      matches.push({ line, column: at });
  });
  return matches;
}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

describe('createLineFileWriter and LineFile', () => {
  const sample = ['first', '', 'zażółć gęślą jaźń', '😀 emoji 👩‍💻 and 中文', '', 'last line'];

  it('writes lines separated by \\n and reads them back', async () => {
    const file = await writeLines(sample);
    expect(file.lineCount).toBe(sample.length);
    expect(readFileSync(file.path, 'utf8')).toBe(sample.join('\n'));
    expect(file.bytes).toBe(Buffer.byteLength(sample.join('\n')));
    expect((await file.readLines(0, 100)).map((line) => line.text)).toEqual(sample);
    expect(await file.readLines(2, 2)).toEqual([{ text: sample[2] }, { text: sample[3] }]);
  });

  it('gives each line its fold’s end, short folds and ones of 4,096 lines or more alike', async () => {
    const lines = Array.from({ length: 70_010 }, (_, i) => `line ${i}`);
    const file = await writeLines(lines, [
      [2, 5],
      [3, 4],
      [7, 4_102],
      [8, 4_101],
      [4_103, 8_199],
      [1, 70_005],
      [0, 65_536],
      [70_006, 70_009],
    ]);
    const foldEnds = async (from: number, count: number) =>
      (await file.readLines(from, count)).map((line) => line.foldEnd ?? null);
    expect(await foldEnds(0, 10)).toEqual([65_536, 70_005, 5, 4, null, null, null, 4_102, 4_101, null]);
    expect(await foldEnds(4_101, 3)).toEqual([null, null, 8_199]);
    expect(await foldEnds(70_005, 5)).toEqual([null, 70_009, null, null, null]);
  });

  it('finds pages and matches past lines of 65,535 bytes or more, ASCII or not, in every block of 64 lines', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => {
      if (i % 97 === 5) return `${i % 2 ? 'é' : 'e'}${'x'.repeat(70_000)} needle ${i}`;
      return i % 3 ? `line ${i} needle` : `ligne ${i} ç needle`;
    });
    const file = await writeLines(lines, [
      [0, 299],
      [5, 260],
    ]);
    const texts = (await file.readLines(0, 300, { maxChars: 80_000 })).map((line) => line.text);
    expect(texts).toEqual(lines);
    expect((await file.readLines(262, 3)).map((line) => line.text)).toEqual(lines.slice(262, 265));
    expect((await file.readLines(0, 6)).map((line) => line.foldEnd ?? null)).toEqual([
      299,
      null,
      null,
      null,
      null,
      260,
    ]);
    const found = await file.search('needle', { caseSensitive: true, chunkBytes: 4096 });
    expect(found.matches).toEqual(expectedMatches(lines, 'needle'));
    const folded = await file.search('Ç NEEDLE', { caseSensitive: false, chunkBytes: 4096 });
    expect(folded.matches).toEqual(expectedMatches(lines, 'ç needle'));
    expect(folded.total).toBe(99);
    expect(await file.readText(101, 103)).toBe(lines.slice(101, 104).join('\n'));
  });

  it('counts bytes as it goes', () => {
    const writer = createLineFileWriter(join(folder, `count-${serial++}.txt`));
    writer.line('é');
    writer.line('ab');
    expect(writer.lineCount).toBe(2);
    expect(writer.bytes).toBe(Buffer.byteLength('é\nab'));
    return writer.discard();
  });

  it('clamps pages at both ends', async () => {
    const file = await writeLines(sample);
    expect((await file.readLines(4, 10)).map((line) => line.text)).toEqual(['', 'last line']);
    expect(await file.readLines(6, 10)).toEqual([]);
    expect(await file.readLines(100, 10)).toEqual([]);
    expect((await file.readLines(-5, 6)).map((line) => line.text)).toEqual(['first']);
    expect(await file.readLines(0, 0)).toEqual([]);
  });

  it('keeps the offsets exact across many batches of non-ASCII lines', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) =>
      i % 7 === 0 ? `ł${i}😀` : `line ${i} ${'x'.repeat(i % 50)}`,
    );
    const file = await writeLines(lines);
    expect(readFileSync(file.path, 'utf8')).toBe(lines.join('\n'));
    for (const from of [0, 1234, 29_999, 59_990]) {
      expect((await file.readLines(from, 10)).map((line) => line.text)).toEqual(lines.slice(from, from + 10));
    }
  });

  it('cuts long lines, says how much was left out, and never splits a surrogate pair', async () => {
    const long = 'a'.repeat(9) + '😀' + 'b'.repeat(5000);
    const file = await writeLines(['short', long, 'é'.repeat(30)]);
    const [short, cutLine, accents] = await file.readLines(0, 3, { maxChars: 10 });
    expect(short).toEqual({ text: 'short' });
    expect(cutLine).toEqual({ text: 'a'.repeat(9), cut: long.length - 9 });
    expect(accents).toEqual({ text: 'é'.repeat(10), cut: 20 });
    expect((await file.readLines(1, 1, { maxChars: 11 }))[0]).toEqual({ text: 'a'.repeat(9) + '😀', cut: 5000 });
  });

  it('reads the start of a multi-MB line without reading all of it', async () => {
    const huge = 'ą'.repeat(3 * 1024 * 1024) + 'END';
    const file = await writeLines(['before', huge, 'after']);
    const lines = await file.readLines(0, 3);
    expect(lines[0]).toEqual({ text: 'before' });
    expect(lines[1]!.text).toBe('ą'.repeat(10_000));
    expect(lines[1]!.cut).toBe(huge.length - 10_000);
    expect(lines[2]).toEqual({ text: 'after' });
  });

  it('marks the lines that open a fold with the line that closes it', async () => {
    const file = await writeLines(
      ['{', '  "a": [', '    1', '  ]', '}'],
      [
        [1, 3],
        [0, 4],
      ],
    );
    expect(await file.readLines(0, 5)).toEqual([
      { text: '{', foldEnd: 4 },
      { text: '  "a": [', foldEnd: 3 },
      { text: '    1' },
      { text: '  ]' },
      { text: '}' },
    ]);
  });

  it("takes the JSON formatter's lines and folds", async () => {
    const text = '{"a":[1,{"b":"ż"}],"c":{}}';
    const writer = createLineFileWriter(join(folder, `json-${serial++}.txt`));
    const formatter = createJsonStreamFormatter(writer);
    formatter.write(text);
    expect(formatter.end()).toEqual({ valid: true });
    const file = await writer.finish();
    opened.push(file);
    expect(readFileSync(file.path, 'utf8')).toBe(prettyPrintJson(text));
    expect(await file.readLines(0, 100)).toEqual([
      { text: '{', foldEnd: 8 },
      { text: '  "a": [', foldEnd: 6 },
      { text: '    1,' },
      { text: '    {', foldEnd: 5 },
      { text: '      "b": "ż"' },
      { text: '    }' },
      { text: '  ],' },
      { text: '  "c": {}' },
      { text: '}' },
    ]);
  });

  it('handles an empty file and a single empty line', async () => {
    const none = await writeLines([]);
    expect(none.lineCount).toBe(0);
    expect(await none.readLines(0, 10)).toEqual([]);
    expect(await none.search('a', { caseSensitive: true })).toEqual({ total: 0, first: 0, matches: [], capped: false });
    expect(await none.readText(0, 3)).toBe('');
    const one = await writeLines(['']);
    expect(one.bytes).toBe(0);
    expect(await one.readLines(0, 10)).toEqual([{ text: '' }]);
  });

  it('searches case-sensitively and case-insensitively, with UTF-16 columns', async () => {
    const lines = ['Price: 10 PLN', 'price list: pln', 'żółw Price😀price', '', 'PRICE'];
    const file = await writeLines(lines);
    expect(await file.search('Price', { caseSensitive: true })).toEqual({
      total: 2,
      first: 0,
      matches: expectedMatches(lines, 'Price'),
      capped: false,
    });
    const folded = await file.search('pRiCe', { caseSensitive: false });
    expect(folded.matches).toEqual(expectedMatches(lines, 'pRiCe', asciiLower));
    expect(folded.matches).toContainEqual({ line: 2, column: 5 });
    expect(folded.matches).toContainEqual({ line: 2, column: 12 });
    expect(folded.total).toBe(5);
    expect((await file.search('😀p', { caseSensitive: true })).matches).toEqual([{ line: 2, column: 10 }]);
    expect((await file.search('nothing', { caseSensitive: false })).total).toBe(0);
    expect((await file.search('', { caseSensitive: false })).total).toBe(0);
    expect((await file.search('PLN\nprice', { caseSensitive: false })).total).toBe(0);
  });

  it('folds A–Z only, and leaves the neighbours and the bytes of other characters alone', async () => {
    const lines = ['@AZ[\\]^_`az{|}~', 'ЀxЀXПpПP', '𝒳x'];
    const file = await writeLines(lines);
    for (const chunkBytes of [3, 4, 5, 1000]) {
      for (const query of ['@', '[', '`', '{', 'a', 'Z', '^', '~', 'x', 'P']) {
        expect((await file.search(query, { caseSensitive: false, chunkBytes })).matches, query).toEqual(
          expectedMatches(lines, query, asciiLower),
        );
      }
    }
  });

  it('folds non-ASCII letters on the per-line path', async () => {
    const lines = ['Żółw ŻÓŁW żółw', 'nothing', 'İstanbul ŻÓŁW'];
    const file = await writeLines(lines);
    for (const chunkBytes of [8, 1000]) {
      const result = await file.search('żÓłw', { caseSensitive: false, chunkBytes });
      // 'İ' lower-cases to two characters: it is compared as it is, so columns stay those of the line.
      expect(result).toEqual({
        total: 4,
        first: 0,
        matches: [
          { line: 0, column: 0 },
          { line: 0, column: 5 },
          { line: 0, column: 10 },
          { line: 2, column: 9 },
        ],
        capped: false,
      });
    }
    expect((await file.search('żółw', { caseSensitive: false, maxMatches: 1 })).matches).toEqual([
      { line: 0, column: 0 },
    ]);
  });

  it('finds matches that straddle chunk boundaries, in ASCII and non-ASCII files', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 150; i++)
      lines.push((i % 3 === 0 ? 'ł' : '') + 'abc'.repeat(i % 11) + ' needle ' + 'x'.repeat(i % 13) + 'NEEDLE');
    const asciiLines = lines.map((line) => line.replace('ł', 'l'));
    for (const content of [lines, asciiLines]) {
      const file = await writeLines(content);
      for (const chunkBytes of [1, 5, 7, 64, 1000]) {
        const sensitive = await file.search('needle', { caseSensitive: true, chunkBytes });
        expect(sensitive.matches).toEqual(expectedMatches(content, 'needle'));
        const insensitive = await file.search('Needle', { caseSensitive: false, chunkBytes });
        expect(insensitive.matches).toEqual(expectedMatches(content, 'Needle', asciiLower));
        expect(insensitive.total).toBe(300);
      }
    }
  });

  it('does not count overlapping occurrences twice, even across chunks', async () => {
    const file = await writeLines(['aaaaa', 'aa']);
    for (const chunkBytes of [1, 2, 3, 100]) {
      expect((await file.search('aa', { caseSensitive: true, chunkBytes })).matches).toEqual([
        { line: 0, column: 0 },
        { line: 0, column: 2 },
        { line: 1, column: 0 },
      ]);
    }
  });

  it('gives columns in a long non-ASCII line searched in small chunks', async () => {
    const line = Array.from({ length: 2000 }, (_, i) => (i % 5 === 0 ? '😀ą' : 'ab') + ' key').join('');
    const file = await writeLines(['start', line]);
    const result = await file.search('key', { caseSensitive: true, chunkBytes: 97 });
    expect(result.matches).toEqual(expectedMatches(['start', line], 'key'));
  });

  it('caps the matches returned but counts them all', async () => {
    const lines = Array.from({ length: 500 }, () => 'hit hit');
    const file = await writeLines(lines);
    const result = await file.search('HIT', { caseSensitive: false, maxMatches: 10, chunkBytes: 100 });
    expect(result.total).toBe(1000);
    expect(result.capped).toBe(true);
    expect(result.matches).toEqual(expectedMatches(lines, 'hit').slice(0, 10));
  });

  it('returns the matches from a given number on, still counting them all (ASCII and non-ASCII queries)', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => (i % 2 ? `hit żółw ${i} hit` : `ŻÓŁW line ${i}`));
    const file = await writeLines(lines);
    for (const [query, fold] of [
      ['HIT', asciiLower],
      ['żółw', (t: string) => t.toLowerCase()],
    ] as const) {
      const all = expectedMatches(lines, query, fold);
      for (const chunkBytes of [64, 4096]) {
        const result = await file.search(query, { caseSensitive: false, maxMatches: 7, skipMatches: 123, chunkBytes });
        expect(result.total, query).toBe(all.length);
        expect(result.first).toBe(123);
        expect(result.matches, `${query} in chunks of ${chunkBytes}`).toEqual(all.slice(123, 130));
      }
      const past = await file.search(query, { caseSensitive: false, skipMatches: all.length + 5 });
      expect(past).toMatchObject({ total: all.length, matches: [] });
    }
  });

  it('reports progress and stops with an AbortError', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const file = await writeLines(lines);
    const progress: number[] = [];
    await file.search('line', {
      caseSensitive: true,
      chunkBytes: 4096,
      onProgress: (done, total) => {
        expect(total).toBe(file.bytes);
        progress.push(done);
      },
    });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(file.bytes);

    const controller = new AbortController();
    let chunks = 0;
    const search = file.search('line', {
      caseSensitive: false,
      chunkBytes: 4096,
      signal: controller.signal,
      onProgress: () => {
        if (++chunks === 3) controller.abort();
      },
    });
    await expect(search).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toBe(3);
    const aborted = new AbortController();
    aborted.abort();
    await expect(file.search('line', { caseSensitive: true, signal: aborted.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(
      file.search('łine', { caseSensitive: false, chunkBytes: 4096, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('yields to the event loop while searching', async () => {
    const file = await writeLines(Array.from({ length: 5000 }, (_, i) => `line ${i}`));
    let immediates = 0;
    let chunks = 0;
    await file.search('line', {
      caseSensitive: true,
      chunkBytes: 1024,
      onProgress: () => {
        chunks++;
        setImmediate(() => immediates++);
      },
    });
    // Each chunk's callback ran before the next chunk was searched.
    expect(immediates).toBeGreaterThanOrEqual(chunks - 1);
    expect(chunks).toBeGreaterThan(10);
  });

  it('reads a range of lines as text, within a limit', async () => {
    const file = await writeLines(sample);
    expect(await file.readText(2, 3)).toBe(`${sample[2]}\n${sample[3]}`);
    expect(await file.readText(0, 100)).toBe(sample.join('\n'));
    expect(await file.readText(5, 5)).toBe('last line');
    expect(await file.readText(3, 2)).toBe('');
    await expect(file.readText(0, 5, { maxChars: 10 })).rejects.toThrow(/too large/);
    expect(await file.readText(5, 5, { maxChars: 9 })).toBe('last line');
    const ascii = await writeLines(['abc', 'de']);
    expect(await ascii.readText(0, 1, { maxChars: 6 })).toBe('abc\nde');
    await expect(ascii.readText(0, 1, { maxChars: 5 })).rejects.toThrow(RangeError);
  });

  it('discards: stops writing and deletes the file', async () => {
    const path = join(folder, `discard-${serial++}.txt`);
    const writer = createLineFileWriter(path);
    for (let i = 0; i < 100_000; i++) writer.line(`line ${i} ${'x'.repeat(20)}`);
    await writer.discard();
    expect(existsSync(path)).toBe(false);
    writer.line('ignored');
    await expect(writer.finish()).rejects.toThrow();
  });

  it('reports a file that cannot be created when finishing', async () => {
    const writer = createLineFileWriter(join(folder, 'missing-folder', 'x.txt'));
    writer.line('a');
    await expect(writer.finish()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('lets a producer wait while writes are queued', async () => {
    const writer = createLineFileWriter(join(folder, `drain-${serial++}.txt`));
    const line = 'y'.repeat(1000);
    for (let i = 0; i < 20_000; i++) writer.line(line);
    await writer.drain();
    const file = await writer.finish();
    opened.push(file);
    expect(file.lineCount).toBe(20_000);
    expect(file.bytes).toBe(20_000 * 1001 - 1);
  });
});

describe('createTextLineSplitter', () => {
  function splitAll(pieces: readonly string[]): string[] {
    const lines: string[] = [];
    const splitter = createTextLineSplitter({ line: (text) => lines.push(text) });
    for (const piece of pieces) splitter.write(piece);
    splitter.end();
    return lines;
  }

  const text = 'one\ntwo\r\nthree\rfour\r\r\n\n\rfive\r\n';
  const expected = ['one', 'two', 'three', 'four', '', '', '', 'five', ''];

  it('ends lines at \\n, \\r\\n and a lone \\r', () => {
    expect(splitAll([text])).toEqual(expected);
    expect(splitAll(['a\r', '\nb'])).toEqual(['a', 'b']);
    expect(splitAll(['a\r', '', '\nb'])).toEqual(['a', 'b']);
    expect(splitAll(['a\r', 'b'])).toEqual(['a', 'b']);
    expect(splitAll(['a\r'])).toEqual(['a', '']);
  });

  it('gives the same lines however the text is split', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2++) {
        expect(splitAll([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)]), `${cut} ${cut2}`).toEqual(
          expected,
        );
      }
    }
    expect(splitAll(Array.from(text))).toEqual(expected);
  });

  it('gives one empty line for an empty text', () => {
    expect(splitAll([])).toEqual(['']);
    expect(splitAll(['', ''])).toEqual(['']);
    expect(splitAll(['no line end'])).toEqual(['no line end']);
  });
});
