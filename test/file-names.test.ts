/**
 * File names follow one rule, so a module is found by its name: React component files are
 * PascalCase `.tsx`; every other module (hooks, helpers, tests, scripts) is kebab-case.
 */
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
/** Lower-case words joined by hyphens; a tool's config may add dotted parts (`vitest.mutation.config.ts`). */
const KEBAB = /^[a-z0-9]+([-.][a-z0-9]+)*$/;
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const SOURCE = /\.(ts|tsx|mts|cts|mjs|cjs|js)$/;

/** The name before its extensions (`page-cache.test.ts` → `page-cache`, `load.d.mts` → `load`). */
function stem(path: string): string {
  return basename(path).replace(/(\.(test|spec|d|config))?\.[a-z]+$/, '');
}

function badName(path: string): string | null {
  const name = stem(path);
  if (path.endsWith('.tsx') && PASCAL.test(name)) return null;
  return KEBAB.test(name) ? null : `${path}: use kebab-case (or PascalCase for a React component's .tsx)`;
}

describe('file names', () => {
  it('every source file in the repository follows the rule', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((path) => SOURCE.test(path) && !path.includes('/fixtures/'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.map(badName).filter(Boolean)).toEqual([]);
  });

  it('refuses camelCase modules and PascalCase outside components', () => {
    expect(badName('renderer/src/components/BodyViewer/pageCache.ts')).toMatch(/kebab-case/);
    expect(badName('renderer/src/hooks/useNotice.ts')).toMatch(/kebab-case/);
    expect(badName('electron/main/http/Client.ts')).toMatch(/kebab-case/);
    expect(badName('renderer/src/components/App/ConfirmClose.tsx')).toBeNull();
    expect(badName('renderer/src/components/BodyViewer/page-cache.test.ts')).toBeNull();
    expect(badName('e2e/support/bridge/load.d.mts')).toBeNull();
  });
});
