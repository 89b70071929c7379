/**
 * The folder says which process runs the code, and ESLint's zones (eslint.config.mjs) hold the
 * imports to it. `npm run lint` proves the tree is clean; this proves the zones fire: each file
 * below breaks one rule and must be refused, each allowed import must pass.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The rules that fire on `code` as if it were the file at `path` (relative to the root). */
async function firing(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((message) =>
    LAYERING_RULES.includes(message.ruleId ?? '') ? LAYERING : (message.ruleId ?? message.message),
  );
}

/** The rules that hold the layout; any of them refusing an import counts as the layering rule firing. */
const LAYERING_RULES = ['no-restricted-imports', 'import-x/no-restricted-paths', 'import-x/no-nodejs-modules'];
const LAYERING = 'layering';

const WINDOW_FILES = ['renderer/src/components/Example/index.tsx', 'shared/example.ts'];

describe('layering (ESLint zones)', () => {
  it.each(WINDOW_FILES)('%s may not import any Node built-in, bare or node:', async (path) => {
    const names = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '')))];
    for (const name of ['zlib', 'node:zlib', 'fs', 'node:fs/promises', 'worker_threads', 'node:test']) {
      expect(await firing(path, `import '${name}';\n`), name).toContain(LAYERING);
      expect(await firing(path, `export const m = await import('${name}');\n`), `import('${name}')`).toContain(
        LAYERING,
      );
    }
    const code = names.map((name) => `import '${name}';\nimport 'node:${name}';\n`).join('');
    const [result] = await eslint.lintText(code, { filePath: join(root, path) });
    const refused = new Set(
      (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line),
    );
    expect(refused.size).toBe(names.length * 2);
  });

  it.each(WINDOW_FILES)('%s may not import electron or anything from electron/', async (path) => {
    const depth = path.split('/').length - 1;
    const up = '../'.repeat(depth);
    expect(await firing(path, `import 'electron';\n`)).toContain(LAYERING);
    expect(await firing(path, `import { x } from '${up}electron/main/http/client';\nexport { x };\n`)).toContain(
      LAYERING,
    );
    expect(await firing(path, `export const x = await import('${up}electron/main/services');\n`)).toContain(LAYERING);
  });

  it('shared/ may not import from renderer/', async () => {
    expect(await firing('shared/example.ts', `import '../renderer/src/api';\n`)).toContain(LAYERING);
  });

  it('the main process may not import the renderer, nor electron outside the shell files', async () => {
    expect(await firing('electron/main/http/example.ts', `import '../../../renderer/src/api';\n`)).toContain(LAYERING);
    expect(await firing('electron/main/http/example.ts', `import 'electron';\n`)).toContain(LAYERING);
    expect(await firing('electron/main/window.ts', `import 'electron';\n`)).not.toContain(LAYERING);
  });

  it('production code may not import vitest, Playwright or the test helpers', async () => {
    for (const code of [
      `import 'vitest';\n`,
      `import '@playwright/test';\n`,
      `import '../../../test/support/main-world';\n`,
    ]) {
      expect(await firing('electron/main/http/example.ts', code), code).toContain(LAYERING);
    }
    expect(await firing('electron/main/http/example.test.ts', `import 'vitest';\n`)).not.toContain(LAYERING);
  });

  it('allows what each process may use', async () => {
    expect(await firing('shared/example.ts', `import { z } from 'zod';\nexport const s = z.string();\n`)).toEqual([]);
    expect(
      await firing('electron/main/http/example.ts', `import { join } from 'node:path';\nexport const p = join('a');\n`),
    ).toEqual([]);
    expect(
      await firing(
        'renderer/src/components/Example/index.tsx',
        `import type { Check } from '../../../../shared/schemas/check';\nexport type C = Check;\n`,
      ),
    ).toEqual([]);
  });
});
