#!/usr/bin/env node
// The app's icons, generated at build time from one source, build/icon.svg: PNGs of every size
// (16…1024, the Linux icon set), icon.ico (Windows: the installer, the uninstaller, the app) and
// icon.icns (macOS), written to build/generated/ for electron-builder.yml. No package draws or
// encodes them: the SVG is kept to rect, circle and polygon with solid fills, which the small
// rasterizer below draws (anti-aliased by coverage), and PNG, ICO and ICNS are written with
// node:zlib and Buffers, as their containers are simple.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
export const ICON_SOURCE = join(root, 'build', 'icon.svg');
export const ICON_OUTPUT = join(root, 'build', 'generated');

/** The Linux icon set's sizes (electron-builder reads the size from each file name). */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows takes up to 256 px in an .ico; the shell picks the size it shows. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS entry types and their sizes (PNG-encoded entries, macOS 10.7 and later). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** The source's drawing, as filled polygons in its viewBox's units, in paint order. */
export function parseIconSvg(svg) {
  const viewBox = /viewBox="([^"]+)"/
    .exec(svg)?.[1]
    ?.split(/[\s,]+/)
    .map(Number);
  if (!viewBox || viewBox.length !== 4 || viewBox.some((n) => !Number.isFinite(n)))
    throw new Error('The icon source needs a viewBox of four numbers.');
  const shapes = [];
  for (const [, tag, attributeText] of svg.matchAll(/<(\w+)\b([^>]*)\/?>/g)) {
    if (tag === 'svg' || tag === 'title') continue;
    const attributes = Object.fromEntries([...attributeText.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    shapes.push({ points: shapePoints(tag, attributes), fill: parseColor(attributes.fill) });
  }
  return { viewBox, shapes };
}

function number(attributes, name, fallback) {
  const value = attributes[name] === undefined ? fallback : Number(attributes[name]);
  if (value === undefined || !Number.isFinite(value))
    throw new Error(`The icon source has a shape without a number in ${name}.`);
  return value;
}

/** The outline of a rect (rounded by rx), a circle or a polygon, as [x, y] points. */
function shapePoints(tag, attributes) {
  if (tag === 'polygon') {
    const numbers = attributes.points
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    const points = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i], numbers[i + 1]]);
    return points;
  }
  if (tag === 'circle')
    return arc(number(attributes, 'cx'), number(attributes, 'cy'), number(attributes, 'r'), 0, 2 * Math.PI, 256);
  if (tag === 'rect') {
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((name) =>
      number(attributes, name, name.length === 1 ? 0 : undefined),
    );
    const r = Math.min(number(attributes, 'rx', 0), w / 2, h / 2);
    if (r === 0)
      return [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
      ];
    const q = Math.PI / 2;
    return [
      ...arc(x + w - r, y + r, r, -q, 0, 32),
      ...arc(x + w - r, y + h - r, r, 0, q, 32),
      ...arc(x + r, y + h - r, r, q, 2 * q, 32),
      ...arc(x + r, y + r, r, 2 * q, 3 * q, 32),
    ];
  }
  throw new Error(
    `The icon source uses <${tag}>; draw it with rect, circle or polygon (scripts/icons.mjs draws only those).`,
  );
}

function arc(cx, cy, r, from, to, steps) {
  const points = [];
  for (let i = 0; i <= steps; i++) {
    const angle = from + ((to - from) * i) / steps;
    points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  return points;
}

function parseColor(fill) {
  const hex = /^#([0-9a-f]{6})$/i.exec(fill ?? '')?.[1];
  if (!hex) throw new Error(`The icon source has a fill of ${fill ?? 'nothing'}; use a #rrggbb colour.`);
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** How much of each pixel the polygon covers (0…1), by nonzero winding, exact across and `rows` samples down. */
function coverage(points, size, scale, rows = 16) {
  const cover = new Float32Array(size * size);
  const edges = points
    .map((p, i) => [p, points[(i + 1) % points.length]])
    .map(([[x0, y0], [x1, y1]]) => [x0 * scale, y0 * scale, x1 * scale, y1 * scale]);
  for (let py = 0; py < size; py++) {
    for (let sub = 0; sub < rows; sub++) {
      const y = py + (sub + 0.5) / rows;
      const crossings = [];
      for (const [x0, y0, x1, y1] of edges) {
        if ((y0 <= y && y1 > y) || (y1 <= y && y0 > y))
          crossings.push([x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), y1 > y0 ? 1 : -1]);
      }
      crossings.sort((a, b) => a[0] - b[0]);
      let winding = 0;
      for (let i = 0; i < crossings.length - 1; i++) {
        winding += crossings[i][1];
        if (winding !== 0) addSpan(cover, py * size, size, crossings[i][0], crossings[i + 1][0], 1 / rows);
      }
    }
  }
  return cover;
}

/** Adds a horizontal span [from, to) of one sample row to the pixels it overlaps, by how much of each it covers. */
function addSpan(cover, rowStart, size, from, to, weight) {
  const start = Math.max(0, from);
  const end = Math.min(size, to);
  for (let px = Math.floor(start); px < end; px++) {
    const overlap = Math.min(end, px + 1) - Math.max(start, px);
    if (overlap > 0) cover[rowStart + px] += overlap * weight;
  }
}

/** The drawing at `size`×`size` pixels, RGBA, straight (not premultiplied) alpha. */
export function rasterize(drawing, size) {
  const [minX, minY, width] = drawing.viewBox;
  const scale = size / width;
  const rgba = new Float32Array(size * size * 4);
  for (const shape of drawing.shapes) {
    const cover = coverage(
      shape.points.map(([x, y]) => [x - minX, y - minY]),
      size,
      scale,
    );
    for (let i = 0; i < cover.length; i++) {
      const a = Math.min(1, cover[i]);
      if (a === 0) continue;
      // Source over, with straight alpha.
      const under = rgba[i * 4 + 3];
      const out = a + under * (1 - a);
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = (shape.fill[c] * a + rgba[i * 4 + c] * under * (1 - a)) / out;
      rgba[i * 4 + 3] = out;
    }
  }
  const pixels = Buffer.alloc(size * size * 4);
  for (let i = 0; i < rgba.length; i++) pixels[i] = Math.round(i % 4 === 3 ? rgba[i] * 255 : rgba[i]);
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG file of RGBA pixels: 8 bits a channel, no filter, deflated. */
export function encodePng(pixels, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, filter 0, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO file holding PNG images (Windows Vista and later read them), one entry per size. */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...pngs.map(({ png }) => png)]);
}

/** An ICNS file: 'icns', the file's length, then (type, length, PNG) entries, big-endian. */
export function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** Renders the source once per size and writes every file; returns the paths written. */
export function generateIcons(source = ICON_SOURCE, outDir = ICON_OUTPUT) {
  const drawing = parseIconSvg(readFileSync(source, 'utf8'));
  const sizes = [...new Set([...PNG_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)])];
  const pngs = new Map(sizes.map((size) => [size, encodePng(rasterize(drawing, size), size)]));
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  const written = [];
  const write = (path, data) => {
    writeFileSync(path, data);
    written.push(path);
  };
  for (const size of PNG_SIZES) write(join(outDir, 'icons', `${size}x${size}.png`), pngs.get(size));
  write(join(outDir, 'icon.png'), pngs.get(1024));
  write(join(outDir, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
  write(join(outDir, 'icon.icns'), encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: pngs.get(size) }))));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = generateIcons();
  console.log(`Wrote ${written.length} icon files from build/icon.svg into build/generated/.`);
}
