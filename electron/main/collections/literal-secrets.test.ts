/** Which header values are literal credentials, what stays in the row, and how variables are named. */
import { describe, expect, it } from 'vitest';
import type { SavedHeader } from '../../../shared/schemas/header';
import { liftedNotice, liftLiteralSecrets, type NameUse } from './literal-secrets';

const row = (name: string, value: string, enabled = true): SavedHeader => ({ name, value, enabled });
const allFree = (): NameUse => 'free';

describe('liftLiteralSecrets', () => {
  it('takes out literal keys and tokens, keeping the auth scheme, in enabled and disabled rows alike', () => {
    const { headers, lifted } = liftLiteralSecrets(
      [
        row('x-api-key', ' key-1 '),
        row('Authorization', 'Bearer  tok en', false),
        row('AUTHORIZATION', 'raw-token'),
        row('Accept', 'application/json'),
      ],
      allFree,
    );
    expect(headers.map((h) => h.value)).toEqual([
      '{{xApiKey}}',
      'Bearer {{authorization}}',
      '{{authorization2}}',
      'application/json',
    ]);
    expect(headers[1]!.enabled).toBe(false);
    expect(lifted).toEqual([
      { header: 'x-api-key', variable: 'xApiKey', value: 'key-1' },
      { header: 'Authorization', variable: 'authorization', value: 'tok en' },
      { header: 'AUTHORIZATION', variable: 'authorization2', value: 'raw-token' },
    ]);
  });

  it('leaves empty values and values made of variables alone, also behind a scheme', () => {
    const rows = [
      row('X-API-KEY', ''),
      row('X-API-KEY', '{{apiKey}}'),
      row('Authorization', 'Basic {{basic}}'),
      row('Authorization', ' {{a}} {{b}} '),
    ];
    expect(liftLiteralSecrets(rows, allFree)).toEqual({ headers: rows, lifted: [] });
  });

  it('reuses a name that holds the same secret, and skips names used for something else', () => {
    const use = (name: string, secret: string): NameUse => {
      if (name === 'xApiKey') return secret === 'same' ? 'same' : 'taken';
      return name === 'xApiKey2' ? 'taken' : 'free';
    };
    expect(liftLiteralSecrets([row('X-API-KEY', 'same')], use).headers[0]!.value).toBe('{{xApiKey}}');
    expect(liftLiteralSecrets([row('X-API-KEY', 'other')], use).headers[0]!.value).toBe('{{xApiKey3}}');
    // Within one request, the same secret twice is one variable.
    const twice = liftLiteralSecrets([row('X-API-KEY', 'k'), row('x-api-key', 'k')], allFree);
    expect(twice.lifted).toHaveLength(1);
    expect(twice.headers.map((h) => h.value)).toEqual(['{{xApiKey}}', '{{xApiKey}}']);
  });

  it('refuses a credential mixed with variables, naming the header', () => {
    expect(() => liftLiteralSecrets([row('Authorization', 'Bearer abc{{x}}')], allFree)).toThrow(
      /^The Authorization header mixes a literal credential with \{\{variables\}\}/,
    );
  });
});

describe('liftedNotice', () => {
  it('is one sentence, singular or plural', () => {
    expect(liftedNotice([{ header: 'X-API-KEY', variable: 'xApiKey', value: 'k' }])).toBe(
      'The credential in X-API-KEY is now the secret variable {{xApiKey}} (encrypted), not in the collection’s files.',
    );
    expect(
      liftedNotice([
        { header: 'X-API-KEY', variable: 'xApiKey', value: 'k' },
        { header: 'X-API-KEY', variable: 'xApiKey2', value: 'l' },
      ]),
    ).toBe(
      'The credentials in X-API-KEY are now the secret variables {{xApiKey}} and {{xApiKey2}} (encrypted), not in the collection’s files.',
    );
  });
});
