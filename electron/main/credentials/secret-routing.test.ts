/** The one rule of where secrets may go, and how a secret is recognised in what a request carries. */
import { describe, expect, it } from 'vitest';
import {
  describeSecret,
  howToAllow,
  mayGoTo,
  misroutedSecret,
  refusedSendSentence,
  secretFinder,
  type BoundSecret,
} from './secret-routing';

const A = 'https://a.example';
const B = 'https://b.example:8443';
const secret = (patch: Partial<BoundSecret> = {}): BoundSecret => ({
  name: 'token',
  scope: { kind: 'collection', collectionId: 'c1' },
  where: 'the collection “Adverts”',
  value: 'tok/en+4711 ü',
  origins: [A],
  ...patch,
});

describe('mayGoTo', () => {
  it('lets a secret go to its listed origins only; an unbound one anywhere (its first send binds it)', () => {
    expect(mayGoTo(secret(), A)).toBe(true);
    expect(mayGoTo(secret(), B)).toBe(false);
    expect(mayGoTo(secret(), `${A}:443`)).toBe(false); // origins are compared as URL.origin writes them
    expect(mayGoTo(secret({ origins: [] }), A)).toBe(false);
    expect(mayGoTo(secret({ origins: null }), B)).toBe(true);
  });
});

describe('secretFinder', () => {
  it('finds a secret as typed, JSON-escaped, percent-encoded and inside a Basic header, and nothing else', () => {
    const value = 'tok/en+4711 ü';
    const finder = secretFinder([value]);
    for (const text of [
      `x ${value} y`,
      JSON.stringify({ v: value }),
      `q=${encodeURIComponent(value)}`,
      new URLSearchParams({ q: value }).toString(),
      `Basic ${Buffer.from(`ann:${value}`).toString('base64')}`,
      ` basic ${Buffer.from(`${value}:x`).toString('base64')} `,
    ]) {
      expect(finder.holdsSecret(text), text).toBe(true);
    }
    for (const text of [
      '',
      'tok/en+4711',
      `Bearer ${Buffer.from(value).toString('base64')}`,
      `Basic ${Buffer.from('ann:other').toString('base64')}`,
    ]) {
      expect(finder.holdsSecret(text), text).toBe(false);
    }
    expect(secretFinder([]).holdsSecret('anything')).toBe(false);
  });
});

describe('misroutedSecret', () => {
  it('names the first secret a request would carry where it may not go, reading the texts only then', () => {
    let reads = 0;
    const texts = (list: string[]) => () => (reads++, list);
    const held = secret();
    const other = secret({ name: 'other', value: 'other-secret-0815', origins: [B] });
    expect(misroutedSecret([held, other], A, texts([`${A}/?t=tok%2Fen%2B4711%20%C3%BC`]))).toBeNull();
    expect(reads).toBe(1); // `other` may not go to A, so the texts were read: it is not in them
    expect(misroutedSecret([held], A, texts(['never read']))).toBeNull();
    expect(reads).toBe(1);
    expect(misroutedSecret([held, other], B, texts(['{"t":"tok/en+4711 ü"}']))).toBe(held);
    expect(misroutedSecret([], B, texts(['x']))).toBeNull();
  });
});

describe('the sentences', () => {
  it('name the variable and its scope, never its value, and say how to allow the origin', () => {
    const sentence = refusedSendSentence(secret(), B);
    expect(sentence).toBe(
      `The secret variable {{token}} of the collection “Adverts” may go only to ${A}; this request would send it to ${B}, so nothing was sent. ` +
        `If ${B} should have it, add ${B} to the allowed origins of {{token}} in Variables (the collection “Adverts”); otherwise change the URL.`,
    );
    expect(sentence).not.toContain('tok/en');
    expect(refusedSendSentence(secret({ origins: [] }), B, 'nothing was copied')).toContain(
      'may go nowhere yet; this request would send it to',
    );
    expect(refusedSendSentence(secret({ origins: [] }), B, 'nothing was copied')).toContain('so nothing was copied.');
    const env = secret({ scope: { kind: 'environment', environmentId: 'e1' }, where: 'the environment “Home”' });
    expect(howToAllow(env, B)).toBe(
      `An environment’s secrets go only to its own address: pick the environment whose address is ${B} as the target, or change the URL.`,
    );
    const credentials = secret({
      name: 'Home',
      scope: { kind: 'credentials', environmentId: 'e1' },
      where: 'the environment “Home”',
    });
    expect(describeSecret(credentials)).toBe('the credentials of the environment “Home”');
    expect(howToAllow(credentials, B)).toBe(howToAllow(env, B));
  });
});
