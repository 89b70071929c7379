import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile } from './app-files';

describe('resolveAppFile', () => {
  const root = join('/opt', 'app', 'renderer');

  it('maps paths inside the renderer folder', () => {
    expect(resolveAppFile(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, '/assets/index-1.js')).toBe(join(root, 'assets', 'index-1.js'));
  });

  it('refuses paths that leave it', () => {
    expect(resolveAppFile(root, '/../main/index.cjs')).toBeNull();
    expect(resolveAppFile(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveAppFile(root, '/%E0%A4%A')).toBeNull();
  });
});
