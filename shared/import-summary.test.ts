import { describe, expect, it } from 'vitest';
import { describeGroup, groupNotImported } from './import-summary';

const script = (name: string) => `The test script of '${name}' was not imported: the app does not run scripts.`;
const formData = (name: string) =>
  `The form-data body of '${name}' was not imported: the app sends JSON and text bodies only.`;

describe('groupNotImported', () => {
  it('groups sentences that differ only in the names they quote, largest kind first, with counts and examples', () => {
    const scripts = ['Login', 'Get user', 'Logout', 'Delete user', 'Login'].map(script);
    const lines = [formData('Upload'), ...scripts, 'OpenAPI 3.2 is newer than this importer knows.'];
    const groups = groupNotImported(lines);
    expect(groups.map((g) => [g.count, describeGroup(g)])).toEqual([
      [
        5,
        "5 × The test script of … was not imported: the app does not run scripts. (e.g. 'Login', 'Get user', 'Logout' and 1 more)",
      ],
      [1, formData('Upload')],
      [1, 'OpenAPI 3.2 is newer than this importer knows.'],
    ]);
  });

  it('takes the last quoted name as the example, lists of names as one, and apostrophes in names and words', () => {
    const lines = [
      "The cookie parameter 'sid' of 'Get cart' was not imported: add a Cookie header.",
      "The cookie parameter 'token' of 'Bob's list' was not imported: add a Cookie header.",
      "The API key of 'a', 'b', 'c' is not imported.",
      "The API key of 'd' is not imported.",
      "The file body of 'Put' was not imported: paste the file's content as the body instead.",
      "The file body of 'Post' was not imported: paste the file's content as the body instead.",
    ];
    expect(groupNotImported(lines).map((g) => [g.text, g.count, g.examples])).toEqual([
      ['The cookie parameter … of … was not imported: add a Cookie header.', 2, ['Get cart', "Bob's list"]],
      ['The API key of … is not imported.', 2, ['c', 'd']],
      ["The file body of … was not imported: paste the file's content as the body instead.", 2, ['Put', 'Post']],
    ]);
  });

  it('never gives more than 20 lines: the last one counts the kinds left out, and every sentence is counted once', () => {
    const lines: string[] = [];
    for (let kind = 0; kind < 30; kind++)
      for (let n = 0; n <= kind; n++) lines.push(`Kind ${kind}: '${n}' was left out.`);
    const groups = groupNotImported(lines);
    expect(groups).toHaveLength(20);
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(lines.length);
    expect(groups[0]!.text).toBe('Kind 29: … was left out.');
    expect(describeGroup(groups.at(-1)!)).toBe(`${groups.at(-1)!.count} more, of 11 other kinds: see the full list.`);
    expect(groupNotImported(lines.slice(0, 3))).toHaveLength(2);
  });
});
