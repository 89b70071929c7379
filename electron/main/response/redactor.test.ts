import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor';

function run(secrets: string[], pieces: string[]): string {
  const redactor = createRedactor(secrets);
  if (!redactor) return pieces.join('');
  const out = pieces.flatMap((p) => redactor.push(Buffer.from(p, 'utf8')));
  out.push(...redactor.end());
  return Buffer.concat(out).toString('utf8');
}

/** Expects `text` masked as `expected` when it arrives in pieces of every size. */
function expectEveryCut(secrets: string[], text: string, expected: string): void {
  for (let size = 1; size <= text.length; size++) {
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
    expect(run(secrets, pieces), `pieces of ${size}`).toBe(expected);
  }
}

describe('createRedactor', () => {
  it('masks every occurrence, however the stream is cut', () => {
    expectEveryCut(
      ['s3cr3t-value'],
      'token=s3cr3t-value; again s3cr3t-value and "s3cr3t-value"',
      'token=••••; again •••• and "••••"',
    );
  });

  it('masks several secrets, multi-byte text around them intact', () => {
    expect(run(['alpha-key', 'beta'], ['żółć alpha-', 'key 🙂 be', 'ta!'])).toBe('żółć •••• 🙂 ••••!');
  });

  it('masks a secret that holds a shorter one whole, not only its inner part', () => {
    expect(run(['abcd', 'xxabcdyy'], ['id=xxab', 'cdyy and abcd'])).toBe('id=•••• and ••••');
  });

  it('does not break a longer secret when a shorter one is its prefix and the stream is cut between them', () => {
    expect(run(['abcd', 'abcdefgh'], ['id=abcd', 'efgh end abcd'])).toBe('id=•••• end ••••');
  });

  it('masks a secret echoed in a longer form (JSON \\/ and \\u escapes, lower-case percent), wherever the stream is cut', () => {
    const secret = 'tok/en+ü-12';
    const echoed = `{"a":"tok\\/en+\\u00fc-12","b":"tok%2fen%2b%c3%bc-12","c":"${secret}"}`;
    const expected = '{"a":"••••","b":"••••","c":"••••"}';
    for (let cut = 0; cut <= echoed.length; cut++) {
      const bytes = Buffer.from(echoed, 'utf8');
      const at = Buffer.byteLength(echoed.slice(0, cut));
      const redactor = createRedactor([secret])!;
      const out = Buffer.concat([
        ...redactor.push(bytes.subarray(0, at)),
        ...redactor.push(bytes.subarray(at)),
        ...redactor.end(),
      ]).toString('utf8');
      expect(out, `cut at ${cut}`).toBe(expected);
    }
  });

  it('masks each of several secrets that start alike, in each of their forms, and not a third that only starts alike', () => {
    const secrets = ['team-token/alpha+1', 'team-token/beta+2'];
    const text = 'a=team-token/alpha+1 b="team-token\\/beta+2" c=team-token%2Falpha%2B1 d=team-token/gamma+3';
    expectEveryCut(secrets, text, 'a=•••• b="••••" c=•••• d=team-token/gamma+3');
  });

  it('passes bytes through when there is nothing to mask', () => {
    expect(createRedactor([])).toBeNull();
    expect(run(['abcd'], ['no secret here'])).toBe('no secret here');
  });

  it('masks the secret in the body’s own charset, with the mask in that charset, wherever the stream is cut', () => {
    const secret = 'tok/én-12';
    for (const [charset, encode] of [
      ['utf-16le', (t: string) => Buffer.from(t, 'utf16le')],
      ['utf-16be', (t: string) => Buffer.from(t, 'utf16le').swap16()],
      ['iso-8859-1', (t: string) => Buffer.from(t, 'latin1')],
    ] as const) {
      const bytes = encode(`a ${secret} b "tok\\/\\u00e9n-12"`);
      const decoder = new TextDecoder(charset);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const redactor = createRedactor([secret], charset)!;
        const out = Buffer.concat([
          ...redactor.push(bytes.subarray(0, cut)),
          ...redactor.push(bytes.subarray(cut)),
          ...redactor.end(),
        ]);
        // A charset without "•" gets "****" (Node decodes ISO-8859-1 as Latin-1 proper, not Windows-1252).
        expect(decoder.decode(out), `${charset} cut at ${cut}`).toMatch(/^a (••••|\*{4}) b "\1"$/);
      }
    }
  });

  it('masks a secret under 4 characters only where no letter or digit touches it, wherever the stream is cut', () => {
    expectEveryCut(['x9'], 'pw: x9, not x9y or ax9; "x9"x9', 'pw: ••••, not x9y or ax9; "••••"••••');
  });

  it('counts every digit, letter and non-ASCII character as touching a short secret, and no punctuation', () => {
    // Ѐ ends in byte 0x80 and é starts with 0xc3 in UTF-8; 0, 9, z and Z are the ends of the digit and letter ranges.
    const text = 'Ѐx9 0x9 9x9 zx9 Zx9 x9é {x9} [x9] =x9: `x9@';
    expectEveryCut(['x9'], text, 'Ѐx9 0x9 9x9 zx9 Zx9 x9é {••••} [••••] =••••: `••••@');
  });

  it('keeps a short secret that a letter touches unmasked when an empty chunk comes between', () => {
    expect(run(['x9'], ['ax9', '', ' ok'])).toBe('ax9 ok');
    expect(run(['x9'], ['a: x9', '', ' ok'])).toBe('a: •••• ok');
  });

  it('masks a short secret’s percent-encoded echo whole when a longer secret is its start', () => {
    // "%C3%A9" (é) begins with the secret "%C3%": the longer match wins, so no "A9" is left showing.
    expect(run(['é', '%C3%'], ['q=%C3%A9&r=%C3%'])).toBe('q=••••&r=••••');
  });

  it('masks the \\u and percent forms of a secret the body’s charset cannot write', () => {
    const secret = 'key-日本-99';
    const body = Buffer.from('a key-\\u65e5\\u672c-99 b key-%E6%97%A5%E6%9C%AC-99 c', 'latin1');
    const redactor = createRedactor([secret], 'iso-8859-1')!;
    const out = Buffer.concat([...redactor.push(body), ...redactor.end()]);
    expect(new TextDecoder('iso-8859-1').decode(out)).toMatch(/^a (••••|\*{4}) b \1 c$/);
  });
});

describe('createRedactor at chunk boundaries', () => {
  /** The text pushed in two chunks cut at `cut` (a byte offset), then end(). */
  const cutAt = (secrets: string[], text: string, cut: number) => {
    const bytes = Buffer.from(text, 'utf8');
    const redactor = createRedactor(secrets)!;
    return Buffer.concat([
      ...redactor.push(bytes.subarray(0, cut)),
      ...redactor.push(bytes.subarray(cut)),
      ...redactor.end(),
    ]).toString('utf8');
  };

  it('masks a longer secret whole at every cut, when a shorter secret is its prefix', () => {
    const text = 'id=abcdefgh; short=abcd; again abcdefgh.';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(cutAt(['abcd', 'abcdefgh'], text, cut), `cut at ${cut}`).toBe('id=••••; short=••••; again ••••.');
    }
  });

  it('masks two different secrets that arrive in one chunk, whichever comes first', () => {
    expect(run(['long-secret-1', 'tiny'], ['tiny then long-secret-1 then tiny'])).toBe('•••• then •••• then ••••');
    expect(run(['aaaa', 'bbbb'], ['aaaa bbbb aaaa'])).toBe('•••• •••• ••••');
  });

  it('passes a large chunk with no secret on as a view of itself, not a copy', () => {
    const redactor = createRedactor(['abcd'])!;
    redactor.push(Buffer.from('first chunk ab'));
    const chunk = Buffer.from(`cd and ${'x'.repeat(64 * 1024)} end`);
    const pieces = redactor.push(chunk);
    expect(pieces.some((piece) => piece.buffer === chunk.buffer && piece.length > 60 * 1024)).toBe(true);
    expect(Buffer.concat([...pieces, ...redactor.end()]).toString()).toBe(` •••• and ${'x'.repeat(64 * 1024)} end`);
  });

  it('passes on at once everything but the last (longest secret − 1) bytes, which could start a secret', () => {
    const redactor = createRedactor(['abcd'])!;
    expect(Buffer.concat(redactor.push(Buffer.from('hello world'))).toString()).toBe('hello wo');
    expect(Buffer.concat(redactor.end()).toString()).toBe('rld');
  });
});
