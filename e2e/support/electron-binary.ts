/**
 * Finds the Electron binary the way the `electron` package does, without requiring that package
 * (requiring it downloads the binary when it is missing). Mirrors scripts/start.mjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

export type ElectronBinary = { path: string } | { path: null; reason: string };

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const packageDir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const binary = join(distDir, relative);
  if (existsSync(binary)) return { path: binary };
  const hint = env.ELECTRON_OVERRIDE_DIST_PATH
    ? 'ELECTRON_OVERRIDE_DIST_PATH names a folder without it'
    : 'it is downloaded on first use, which this machine cannot do; set ELECTRON_OVERRIDE_DIST_PATH to an Electron dist folder';
  return { path: null, reason: `no ${binary} (${hint})` };
}
