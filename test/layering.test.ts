/**
 * The folder says which process runs the code, and the imports must agree:
 * shared/ runs anywhere (no Node, no Electron, nothing from the processes' folders);
 * renderer/ talks to the main process only through window.api (no Node, no Electron, no electron/);
 * electron/ never reaches into renderer/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
}

function badImports(folder: string, isBad: (specifier: string, file: string) => boolean, skip: (file: string) => boolean = () => false) {
  return sourceFiles(join(root, folder))
    .filter((file) => !skip(file))
    .flatMap((file) => imports(file).filter((s) => isBad(s, file)).map((s) => `${relative(root, file)} imports ${s}`));
}

const isNode = (s: string) => s.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'tls', 'child_process'].includes(s);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

describe('layering', () => {
  it('shared/ imports nothing from Node, Electron or the process folders', () => {
    const bad = badImports('shared', (s) => isNode(s) || s === 'electron' || /\.\.\/(electron|renderer)\//.test(s), isTest);
    expect(bad).toEqual([]);
  });

  it('renderer/ imports neither Node, Electron nor electron/', () => {
    const bad = badImports('renderer/src', (s) => isNode(s) || s === 'electron' || /\/electron\//.test(s), isTest);
    expect(bad).toEqual([]);
  });

  it('electron/ never imports from renderer/', () => {
    expect(badImports('electron', (s) => /\/renderer\//.test(s))).toEqual([]);
  });

  it('the workbench command (cli/) runs in plain Node: neither electron, the Electron shell files nor renderer/', () => {
    const shell = /\/electron\/main\/(index|window|protocol|auth-window)(\.ts)?$|\/renderer\//;
    expect(badImports('cli', (s) => s === 'electron' || shell.test(s))).toEqual([]);
  });

  it('only the Electron shell files import electron in the main process', () => {
    const allowed = ['electron/main/index.ts', 'electron/main/window.ts', 'electron/main/protocol.ts', 'electron/main/auth-window.ts', 'electron/preload/index.ts'];
    const bad = badImports('electron', (s, file) => s === 'electron' && !allowed.includes(relative(root, file)));
    expect(bad).toEqual([]);
  });
});
