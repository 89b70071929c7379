import { describe, expect, it } from 'vitest';
import type { RunItem } from './collection-source';
import { dependencies } from './independence';

function item(name: string, url: string, captures: string[] = [], body = ''): RunItem {
  return {
    folders: [],
    authFolders: [],
    request: {
      name,
      method: 'GET',
      url,
      headers: [],
      body,
      auth: { mode: 'inherit' },
      captures: captures.map((variable) => ({ variable, path: '$.id' })),
      checks: [],
    },
  };
}

describe('independence', () => {
  it('makes a request wait for the earlier ones whose captures it uses, also through another variable', () => {
    const items = [
      item('publish', '{{baseUrl}}/advert', ['uuid']),
      item('categories', '{{baseUrl}}/taxonomy'),
      item('read', '{{advertPath}}'),
      item('token', '{{baseUrl}}/token', ['token']),
      item('update', '{{baseUrl}}/x', [], '{"t":"{{token}}"}'),
      item('publish again', '{{baseUrl}}/advert', ['uuid']),
    ];
    const definitions = new Map([
      ['baseUrl', 'https://api.example.com'],
      ['advertPath', '{{baseUrl}}/advert/{{uuid}}'],
    ]);
    expect(dependencies(items, definitions)).toEqual([[], [], [0], [], [3], [0]]);
  });
});
