import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor';

function run(secrets: string[], pieces: string[]): string {
  const redactor = createRedactor(secrets);
  if (!redactor) return pieces.join('');
  const out = pieces.map((p) => redactor.push(Buffer.from(p, 'utf8')));
  out.push(redactor.end());
  return Buffer.concat(out).toString('utf8');
}

describe('createRedactor', () => {
  it('masks every occurrence, however the stream is cut', () => {
    const text = 'token=s3cr3t-value; again s3cr3t-value and "s3cr3t-value"';
    const expected = 'token=••••; again •••• and "••••"';
    for (let size = 1; size <= text.length; size++) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      expect(run(['s3cr3t-value'], pieces)).toBe(expected);
    }
  });

  it('masks several secrets, multi-byte text around them intact', () => {
    expect(run(['alpha-key', 'beta'], ['żółć alpha-', 'key 🙂 be', 'ta!'])).toBe('żółć •••• 🙂 ••••!');
  });

  it('masks a secret that holds a shorter one whole, not only its inner part', () => {
    expect(run(['abcd', 'xxabcdyy'], ['id=xxab', 'cdyy and abcd'])).toBe('id=•••• and ••••');
  });

  it('passes bytes through when there is nothing to mask', () => {
    expect(createRedactor([])).toBeNull();
    expect(createRedactor(['abc'])).toBeNull();
    expect(run(['abcd'], ['no secret here'])).toBe('no secret here');
  });
});
