#!/usr/bin/env node
// `npm run dist`: the installers of this OS (Linux: AppImage and deb; macOS: dmg; Windows: nsis, as
// electron-builder.yml lists them) in release/. The Electron binary is found or fetched first, as
// `npm start` does, so that where it cannot be had the run ends at once with a sentence saying so,
// before the build; then the app is built, its icons generated, and electron-builder packages the
// binary on disk (electronDist), publishing nothing (the release workflow publishes).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronDistDir } from './electron-binary.mjs';
import { generateIcons } from './icons.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** electron-builder's flag for each OS it builds installers on. */
const PLATFORM_FLAGS = { linux: '--linux', darwin: '--mac', win32: '--win' };

function fail(lines) {
  console.error(lines.join('\n'));
  process.exit(1);
}

const platformFlag = PLATFORM_FLAGS[process.platform];
if (!platformFlag)
  fail([
    `Could not build the installers: electron-builder builds them on Linux, macOS and Windows, and this is ${process.platform}.`,
  ]);

const { binary, problem } = electronBinary({ doing: 'build the installers', command: 'npm run dist' });
if (!binary) fail(problem);

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const icons = generateIcons();
console.log(`Generated ${icons.length} icon files from build/icon.svg.`);

const builder = spawnSync(
  process.execPath,
  [
    require.resolve('electron-builder/cli.js', { paths: [root] }),
    platformFlag,
    '--publish',
    'never',
    `--config.electronDist=${electronDistDir()}`,
  ],
  { stdio: 'inherit', cwd: root },
);
if (builder.status !== 0)
  fail([
    '',
    `Could not build the installers: electron-builder stopped (exit ${builder.status ?? builder.signal}); its output above says where.`,
    'On first use it downloads its packaging tools (AppImage and fpm on Linux, NSIS on Windows) from GitHub;',
    'where GitHub cannot be reached, set ELECTRON_BUILDER_BINARIES_MIRROR to a mirror of electron-builder-binaries.',
  ]);
console.log('The installers are in release/.');
