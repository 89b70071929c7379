/**
 * Packaging without the Electron binary: the icons generated from build/icon.svg parse as the PNG,
 * ICO and ICNS files each OS reads; electron-builder.yml passes electron-builder's own schema and
 * names the desktop entry, bundle and installer; `npm run dist` says in a sentence when the binary
 * cannot be had; the release workflow parses and builds on the three OSes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateIcons, ICNS_TYPES, ICO_SIZES, ICON_OUTPUT, PNG_SIZES, parseIconSvg } from './icons.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Png {
  width: number;
  height: number;
  /** RGBA of the pixel at (x, y). */
  pixel(x: number, y: number): number[];
}

/** Reads a PNG as a viewer would: signature, every chunk's CRC (by zlib's crc32), IHDR, the inflated rows. */
function readPng(data: Buffer): Png {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < data.length;) {
    const length = data.readUInt32BE(at);
    const type = data.toString('ascii', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    expect(data.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(data.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8, 13)], 'RGBA, 8 bits, no interlace').toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  expect(rows.length).toBe(height * (width * 4 + 1));
  return {
    width,
    height,
    pixel: (x, y) => [...rows.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)],
  };
}

function crc32(buffer: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buffer) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('the icons generated from build/icon.svg', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'icons-'));
    generateIcons(join(root, 'build', 'icon.svg'), dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are PNGs of every size of the Linux icon set, named by size, drawn from the source', () => {
    for (const size of PNG_SIZES) {
      const png = readPng(readFileSync(join(dir, 'icons', `${size}x${size}.png`)));
      expect([png.width, png.height], `${size}`).toEqual([size, size]);
      // Transparent in the corner (the rounded square's margin), opaque blue inside, the orange dot at the centre.
      expect(png.pixel(0, 0)[3], `${size} corner`).toBe(0);
      const inside = png.pixel(Math.floor(size * 0.2), Math.floor(size * 0.2));
      expect(inside[3], `${size} inside`).toBe(255);
      expect(inside[2]!, `${size} inside is blue`).toBeGreaterThan(inside[0]! + 100);
      if (size >= 32) expect(png.pixel(size / 2, size / 2).slice(0, 3), `${size} centre`).toEqual([0xff, 0xb0, 0x20]);
    }
  });

  it('are an ICO whose entries are PNGs of the sizes they claim', () => {
    const ico = readFileSync(join(dir, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    ICO_SIZES.forEach((size, index) => {
      const entry = 6 + index * 16;
      expect(ico.readUInt8(entry) || 256, `${size} width`).toBe(size);
      expect(ico.readUInt8(entry + 1) || 256, `${size} height`).toBe(size);
      expect(ico.readUInt16LE(entry + 6), 'bits per pixel').toBe(32);
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const png = readPng(ico.subarray(offset, offset + length));
      expect([png.width, png.height]).toEqual([size, size]);
    });
  });

  it('are an ICNS whose length adds up and whose entries are PNGs of their type’s size', () => {
    const icns = readFileSync(join(dir, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Array<[string, number]> = [];
    for (let at = 8; at < icns.length;) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      const png = readPng(icns.subarray(at + 8, at + length));
      expect(png.width, type).toBe(png.height);
      found.push([type, png.width]);
      at += length;
    }
    expect(found).toEqual(ICNS_TYPES);
  });

  it('refuses a source it cannot draw, with a sentence naming the element', () => {
    expect(() => parseIconSvg('<svg viewBox="0 0 10 10"><path d="M0 0L10 10" fill="#000000"/></svg>')).toThrow(
      /uses <path>; draw it with rect, circle or polygon/,
    );
    expect(() => parseIconSvg('<svg viewBox="0 0 10 10"><rect width="5" height="5" fill="red"/></svg>')).toThrow(
      /fill of red; use a #rrggbb colour/,
    );
  });
});

type BuilderConfig = Record<string, Record<string, unknown>>;

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
  // The schema marks function-valued options with its own `typeof` keyword, which strict mode would refuse.
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('passes electron-builder’s own schema, which refuses unknown keys', () => {
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, linux: { ...config.linux, desktopEntry: {} } })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, installerName: 'x' } })).toBe(false);
  });

  it('names and files the Linux desktop entry, the deb and the AppImage', () => {
    const linux = config.linux!;
    expect(linux.category).toBe('Development;Network');
    expect(linux.desktop).toMatchObject({
      entry: {
        Name: 'Partner API Workbench',
        Comment: expect.any(String),
        StartupWMClass: 'partner-api-workbench',
      },
    });
    // Electron takes the window's WM_CLASS from package.json's desktopName; the entry's must match it.
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { desktopName: string };
    expect(packageJson.desktopName).toBe('partner-api-workbench.desktop');
    expect(config.deb).toMatchObject({
      maintainer: expect.stringMatching(/^.+ <.+@.+>$/),
      synopsis: expect.any(String),
    });
    expect(config.appImage!.artifactName).toMatch(/\$\{version\}.*\.\$\{ext\}$/);
  });

  it('makes a developer-tools macOS bundle and a Windows installer with its names, shortcuts and icons', () => {
    expect(config.mac).toMatchObject({ category: 'public.app-category.developer-tools', icon: expect.any(String) });
    expect(config.nsis).toMatchObject({
      artifactName: expect.stringContaining('Setup'),
      uninstallDisplayName: expect.any(String),
      shortcutName: 'Partner API Workbench',
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
    });
  });

  it('takes every icon from where scripts/icons.mjs writes it', () => {
    const generated = (path: unknown) => join(root, String(path));
    expect(generated(config.linux!.icon)).toBe(join(ICON_OUTPUT, 'icons'));
    expect(generated(config.mac!.icon)).toBe(join(ICON_OUTPUT, 'icon.icns'));
    for (const icon of [config.win!.icon, config.nsis!.installerIcon, config.nsis!.uninstallerIcon])
      expect(generated(icon)).toBe(join(ICON_OUTPUT, 'icon.ico'));
  });
});

describe('npm run dist where the Electron binary cannot be had', () => {
  const dist = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [join(root, 'scripts/dist.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });

  it('says so in a sentence, with what to set, and builds nothing', () => {
    const run = dist({ ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-electron-here') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Could not build the installers: ELECTRON_OVERRIDE_DIST_PATH is set to');
    expect(run.stderr).toContain('but no Electron binary is there.');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('Built main');
  });

  const installed = existsSync(join(root, 'node_modules', 'electron', 'dist'));
  it.skipIf(installed)('when the download fails, names the reason and the two ways round it', () => {
    const cache = mkdtempSync(join(tmpdir(), 'electron-cache-'));
    try {
      // A mirror nothing listens on, and an empty download cache: the download must fail.
      const run = dist({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        'Could not build the installers: the Electron binary is not installed and could not be downloaded.',
      );
      expect(run.stderr).toContain('ELECTRON_MIRROR=https://<mirror>/electron/ npm run dist');
      expect(run.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron/dist npm run dist');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).not.toContain('Built main');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('the release workflow', () => {
  it('parses, and builds the installers on Linux, macOS and Windows after the Electron e2e on Linux', () => {
    const workflow = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as {
      on: { push: { tags: string[] } };
      jobs: Record<string, { needs?: string[]; steps: Array<{ run?: string }>; strategy?: unknown }>;
    };
    expect(workflow.on.push.tags).toEqual(['v*']);
    const installers = workflow.jobs.installers!;
    expect(installers.strategy).toMatchObject({
      matrix: {
        include: [
          { os: 'ubuntu-latest', flag: '--linux' },
          { os: 'macos-latest', flag: '--mac' },
          { os: 'windows-latest', flag: '--win' },
        ],
      },
    });
    expect(installers.needs).toContain('electron-e2e');
    expect(
      installers.steps.some((s) => s.run?.includes('electron-builder') && s.run.includes('--publish always')),
    ).toBe(true);
    expect(workflow.jobs['electron-e2e']!.steps.some((s) => /xvfb-run .*--project=electron/.test(s.run ?? ''))).toBe(
      true,
    );
  });
});
