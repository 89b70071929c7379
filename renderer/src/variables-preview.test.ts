/** The checks before sending: dynamic and nested variables as the main process will resolve them. */
import { describe, expect, it } from 'vitest';
import type { CollectionsView } from '../../shared/collections';
import { checkDraft, resolvedUrl, type VariableContext } from './variables-preview';
import { draftFromDoc } from './state';

const context = (globals: Array<{ name: string; value: string; secret?: boolean }> = []): VariableContext => ({
  collections: {
    collections: [],
    globals: globals.map((g) => ({ enabled: true, secret: false, ...g })),
  } as unknown as CollectionsView,
  credentials: null,
  captured: {},
  environmentId: null,
  collectionId: null,
});
const draft = (url: string, body = '') =>
  draftFromDoc({ method: body ? 'POST' : 'GET', url, headers: [], body, auth: { mode: 'none' }, captures: [] });

describe('checkDraft', () => {
  it('accepts supported dynamic variables, also in a JSON body where they stand for a number', () => {
    expect(
      checkDraft(
        draft(
          'https://api.example/orders/{{$guid}}?t={{$timestamp}}',
          '{"n": {{$randomInt}}, "id": "{{$randomUUID}}"}',
        ),
        context(),
      ),
    ).toEqual([]);
  });

  it('flags an unsupported {{$name}} with a sentence saying what is supported', () => {
    expect(checkDraft(draft('https://api.example/{{$nope}}'), context())).toEqual([
      {
        field: 'url',
        message: expect.stringMatching(
          /^Unknown dynamic variable \{\{\$nope\}\} in the URL: it is not one the app makes up values for \(\$guid, /,
        ),
      },
    ]);
  });

  it('sees through nesting: an unknown name and a cycle behind a variable are flagged', () => {
    const vars = context([
      { name: 'merchantId', value: '{{YOUR_MERCHANT_ACCOUNT}}' },
      { name: 'a', value: '{{b}}' },
      { name: 'b', value: '{{a}}' },
    ]);
    expect(checkDraft(draft('https://api.example/{{merchantId}}/{{a}}'), vars).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^Unknown variable \{\{YOUR_MERCHANT_ACCOUNT\}\} \(in the value of \{\{merchantId\}\}\) in the URL\./,
      ),
      expect.stringMatching(/^Variables in the URL refer to each other in a circle: \{\{a\}\} → \{\{b\}\} → \{\{a\}\}/),
    ]);
    const resolvable = context([
      { name: 'merchantId', value: '{{acct}}' },
      { name: 'acct', value: 'Acme' },
    ]);
    expect(checkDraft(draft('https://api.example/{{merchantId}}'), resolvable)).toEqual([]);
  });
});

describe('resolvedUrl', () => {
  it('shows dynamic variables as written, not as unknown (an unsupported one is), and nested values resolved', () => {
    const nested = context([
      { name: 'm', value: '{{n}}' },
      { name: 'n', value: 'Acme' },
    ]);
    expect(resolvedUrl(draft('https://api.example/{{m}}/{{$guid}}/{{$nope}}'), nested)).toEqual({
      text: 'https://api.example/Acme/{{$guid}}/{{$nope}}',
      unknown: ['$nope'],
    });
  });
});

describe('checkDraft and checks', () => {
  it('refuses a check row that cannot be sent, naming it by its place', () => {
    const checked = {
      ...draft('https://api.example/x'),
      checks: [
        { on: 'status' as const, target: '', op: 'equals' as const, expected: '200', enabled: true },
        { on: 'header' as const, target: '', op: 'exists' as const, expected: '', enabled: false },
      ],
    };
    expect(checkDraft(checked, context())).toEqual([
      { field: 'checks', row: 1, message: 'Check 2: A header check needs a header name.' },
    ]);
  });
});
